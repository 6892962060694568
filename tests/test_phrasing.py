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
        (5, 0, "个", "上年为0，本年新增5个"),
        (10, None, "件", ""),
    ],
)
def test_yoy_phrase(value: float, previous: float | None, unit: str, phrase: str) -> None:
    assert yoy_phrase(value, previous, unit) == phrase


def test_metric_sentences() -> None:
    assert metric_sentence("行政执法案卷评查", 1260, "件", 1100) == "行政执法案卷评查1260件，同比增长14.5%。"
    assert metric_sentence("行政复议纠错率", 12.83, "%", 11.2) == "行政复议纠错率为12.83%，比上年提高1.6个百分点。"
    assert metric_sentence("新建阵地", 6, "个", None) == "新建阵地6个。"
    assert metric_sentence("按期答复率", 100, "%", 100) == "按期答复率为100%，与上年持平。"


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
