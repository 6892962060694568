"""Rate units (one definition) and numbers as drafters write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporter.content.phrasing import metric_sentence, yoy_phrase
from reporter.data.quantities import is_change_measure, is_rate, points, rate_symbol, read_number


@pytest.mark.parametrize(
    ("unit", "symbol"), [("%", "%"), ("％", "%"), ("百分比", "%"), (" % ", "%"), ("‰", "‰"), ("件", None), ("个百分点", None), ("", None)]
)
def test_rate_units(unit: str, symbol: str | None) -> None:
    assert rate_symbol(unit) == symbol
    assert is_rate(unit) == (symbol is not None)


def test_points_are_a_change_not_a_unit() -> None:
    assert is_change_measure("个百分点") and is_change_measure("百分点") and not is_change_measure("%")
    assert points("%") == "个百分点" and points("百分比") == "个百分点" and points("‰") == "个千分点"


@pytest.mark.parametrize("unit", ["%", "％", "百分比"])
def test_phrasing_uses_the_one_definition(unit: str) -> None:
    assert metric_sentence("行政复议纠错率", 12.5, unit, 10) == "行政复议纠错率为12.5%，比上年提高2.5个百分点。"


def test_permille_is_a_rate_in_its_own_points() -> None:
    assert yoy_phrase(3.2, 2.0, "‰") == "提高1.2个千分点"
    assert metric_sentence("万人投诉率", 3.2, "‰", 2.0) == "万人投诉率为3.2‰，比上年提高1.2个千分点。"


@pytest.mark.parametrize(
    ("text", "number"),
    [("1,412", 1412), ("１４１２", 1412), ("1.2万", 12000), ("1.5亿", 150_000_000), ("-3.5", -3.5), ("12,345.5", 12345.5), (" 42 ", 42)],
)
def test_numbers_as_written(text: str, number: float) -> None:
    assert read_number(text) == number


@pytest.mark.parametrize("text", ["12件", "1,41", "一千", "", "1.2.3", "万"])
def test_not_numbers_are_left_for_the_validator(text: str) -> None:
    assert read_number(text) == text


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_and_fullwidth_digits_read_back(n: int) -> None:
    assert read_number(f"{n:,}") == n
    assert read_number(str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == n


@given(st.text(max_size=12))
def test_any_text_is_a_number_or_left_as_it_is(text: str) -> None:
    value = read_number(text)
    assert value == text or isinstance(value, (int, float))


@given(st.text(alphabet="0123456789０１２３４５６７８９,，.．-+万亿件 a", max_size=10))
def test_the_editor_schema_accepts_exactly_what_is_read_as_a_number(text: str) -> None:
    import re

    from reporter.data.quantities import NUMBER_PATTERN

    assert bool(re.match(NUMBER_PATTERN, text)) == (not isinstance(read_number(text), str))


def _yaml_verdict(text: str) -> float | int | None:
    """What report.yaml makes of `text` written as a metric's value."""
    from pydantic import ValidationError

    from reporter.data.model import Metric

    try:
        return Metric.model_validate({"name": "指标", "value": text, "unit": "件"}).value
    except ValidationError:
        return None


def _word_verdict(text: str) -> float | int | None:
    from reporter.importer.word_tables import parse_number

    return parse_number(text)


def _sheet_verdict(text: str) -> float | None:
    from reporter.consolidate.sheets import cell_number

    return cell_number(text)


_FIGURES = st.text(alphabet="0123456789０１２,，.．万亿-+ 件约%", max_size=10)


@given(_FIGURES)
def test_one_verdict_for_a_figure_in_yaml_a_word_table_cell_and_a_sheet_cell(text: str) -> None:
    word, sheet = _word_verdict(text), _sheet_verdict(text)
    assert word == sheet and (word is None) == (sheet is None)
    if "%" not in text:  # a table cell may carry the rate sign its column stands for; YAML puts it in `unit`
        assert _yaml_verdict(text) == word


@pytest.mark.parametrize(
    ("text", "number"), [("1.2万", 12000), ("1,412", 1412), ("１４１２", 1412), ("3亿", 300_000_000), ("1,2,3", None), ("12件", None)]
)
def test_the_verdicts_named_by_the_issue(text: str, number: int | None) -> None:
    assert _yaml_verdict(text) == _word_verdict(text) == _sheet_verdict(text) == number
