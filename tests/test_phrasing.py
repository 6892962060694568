"""Year-on-year phrases, numbers and dates."""

import datetime as dt

import pytest

from reporter.content.phrasing import cn_date, end_sentence, fmt_number, lead_sentence, metric_sentence, yoy_phrase


@pytest.mark.parametrize(
    ("value", "previous", "unit", "phrase"),
    [
        (742, 615, "件", "同比增长20.7%"),
        (9856, 10342, "件", "同比下降4.7%"),
        (6, 6, "次", "与上年持平"),
        (12.83, 11.2, "%", "提高1.6个百分点"),
        (4.1, 5.4, "%", "下降1.3个百分点"),
        (98.6, 98.6, "%", "与上年持平"),
        (5, 0, "个", "上年为0"),
        (10, None, "件", ""),
        # small bases give the absolute change, never a percentage of 4
        (6, 4, "次", "比上年增加2次"),
        (7, 9, "件", "比上年减少2件"),
        # never 下降100%
        (0, 2, "件", "比上年减少2件"),
        (0, 120, "件", "比上年减少120件"),
        (1, 2000, "件", "比上年减少1999件"),
        # no trailing .0, in percentages and in points
        (15, 10, "件", "同比增长50%"),
        (14.5, 12.5, "%", "提高2个百分点"),
        (1260, 1100, "件", "同比增长14.5%"),
        (1001, 1000, "件", "同比增长0.1%"),
        (10001, 10000, "件", "与上年基本持平"),
    ],
)
def test_yoy_phrase(value: float, previous: float | None, unit: str, phrase: str) -> None:
    assert yoy_phrase(value, previous, unit) == phrase


def test_metric_sentences() -> None:
    assert metric_sentence("行政执法案卷评查", 1260, "件", 1100) == "行政执法案卷评查1260件，同比增长14.5%。"
    assert metric_sentence("行政复议纠错率", 12.83, "%", 11.2) == "行政复议纠错率为12.83%，比上年提高1.6个百分点。"
    assert metric_sentence("新建阵地", 6, "个", None) == "新建阵地6个。"
    assert metric_sentence("按期答复率", 100, "%", 100) == "按期答复率为100%，与上年持平。"


def test_metric_sentences_read_as_a_drafter_writes_them() -> None:
    assert metric_sentence("行政诉讼败诉案件", 0, "件", 2) == "未发生行政诉讼败诉案件，上年为2件。"
    assert metric_sentence("行政诉讼败诉案件", 0, "件", 0) == "未发生行政诉讼败诉案件，上年也为0。"
    assert metric_sentence("专题学法", 0, "次", 4) == "专题学法0次，上年为4次。"
    assert metric_sentence("专题学法", 6, "次", 4) == "专题学法6次，比上年增加2次。"
    assert metric_sentence("新建阵地", 6, "个", 0) == "新建阵地6个，上年为0。"
    assert metric_sentence("行政复议纠错率", 14.5, "%", 12.5) == "行政复议纠错率为14.5%，比上年提高2个百分点。"
    assert metric_sentence("数据共享", 56000, "条", 48000, scale="万", previous_scale="万") == "数据共享5.6万条，同比增长16.7%。"
    assert metric_sentence("资金", 120000000, "元", None, scale="亿") == "资金1.2亿元。"
    assert metric_sentence("行政诉讼败诉案件", 0, "件", 40000, previous_scale="万") == "未发生行政诉讼败诉案件，上年为4万件。"


def test_change_cells_under_the_column_heading() -> None:
    from reporter.content.phrasing import change_cell

    assert change_cell(742, 615, "件") == "增长20.7%"
    assert change_cell(6, 4, "次") == "增加2次"
    assert change_cell(0, 2, "件") == "减少2件"
    assert change_cell(5, 0, "个") == "上年为0"
    assert change_cell(5, None, "个") == "—"
    assert change_cell(12.83, 11.2, "%") == "提高1.6个百分点"


def test_direction_words_are_one_definition_both_ways() -> None:
    from reporter.content.phrasing import DOWN_WORDS, UP_WORDS, direction

    assert (direction(6, 4), direction(4, 6), direction(4, 4.0)) == (1, -1, 0)
    for value, previous in ((742, 615), (6, 4), (9856, 10342), (0, 2), (12.83, 11.2)):
        phrase = yoy_phrase(value, previous, "%" if isinstance(value, float) else "件")
        words = UP_WORDS if direction(value, previous) > 0 else DOWN_WORDS
        assert any(w in phrase for w in words), phrase


def test_numbers_dates_sentences() -> None:
    assert (fmt_number(1260.0), fmt_number(12.830), fmt_number(31.5)) == ("1260", "12.83", "31.5")
    assert cn_date(dt.date(2025, 3, 8)) == "2025年3月8日"
    assert end_sentence("已完成") == "已完成。"
    assert end_sentence("已完成。") == "已完成。"
    assert end_sentence("称“完成。”") == "称“完成。”"
    assert lead_sentence("深化改革。") == "深化改革。"


def test_long_titles_break_as_a_trapezoid_at_word_boundaries() -> None:
    from reporter.content.phrasing import shape_title

    assert shape_title("示例市人民政府关于2024年法治政府建设情况的报告", 20.1) == "示例市人民政府关于\n2024年法治政府建设情况的报告"
    assert shape_title("丙市交通运输局2026年法治政府建设工作要点", 20.1) == "丙市交通运输局2026年\n法治政府建设工作要点"
    assert shape_title("示例市2025年法治政府建设工作要点", 20.1) == "示例市2025年法治政府建设工作要点"


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_COUNTS = st.one_of(st.integers(0, 10**7), st.decimals(0, 10**6, places=2).map(float))


@given(_COUNTS, _COUNTS, st.sampled_from(["件", "次", "万元", "人次", ""]))
def test_a_count_never_reads_as_machine_output(value: float, previous: float, unit: str) -> None:
    from reporter.content.phrasing import DOWN_WORDS, UP_WORDS, direction

    phrase = yoy_phrase(value, previous, unit)
    assert "100%" not in phrase or "下降" not in phrase
    assert ".0%" not in phrase and ".0个" not in phrase
    if previous == 0 and value != 0:
        assert phrase == "上年为0"
    elif direction(value, previous) > 0:
        assert any(w in phrase for w in UP_WORDS) or phrase == "与上年基本持平"
    elif direction(value, previous) < 0:
        assert any(w in phrase for w in DOWN_WORDS) or phrase == "与上年基本持平"
    sentence = metric_sentence("指标", value, unit, previous)
    assert sentence.endswith("。") and "下降100" not in sentence


@given(st.decimals(0, 100, places=2).map(float), st.decimals(0, 100, places=2).map(float))
def test_a_rate_changes_in_points_without_a_trailing_zero(value: float, previous: float) -> None:
    phrase = yoy_phrase(value, previous, "%")
    assert phrase == "与上年持平" or phrase.endswith("个百分点")
    assert ".0个" not in phrase
