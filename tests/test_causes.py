"""A problem's cause: what a draft prints before it and what the importer takes for it are one list, and they invert."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporter.content.causes import ADDED_OPENER, OPENERS, bare_cause, cause_sentence, opens_cause, split_cause
from reporter.content.context import report_context
from reporter.data.areas import Catalogue
from reporter.data.model import Report, Unit
from reporter.importer.report import import_report

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import_report"
_WORDS = st.text(alphabet="编制经费不足培训受原因主要是一方面深层次其在于，", min_size=1, max_size=12)


@pytest.mark.parametrize("opener", OPENERS)
@given(cause=_WORDS)
def test_a_cause_read_from_a_sentence_prints_as_written(opener: str, cause: str) -> None:
    source = "执法力量薄弱。" + opener + cause
    problem, found = split_cause(source)
    assert found is not None
    assert problem + cause_sentence(found) == source


@given(cause=_WORDS)
def test_a_bare_cause_printed_then_read_is_the_same_cause(cause: str) -> None:
    printed = cause_sentence(cause)
    assert opens_cause(printed) or not printed.startswith(ADDED_OPENER)
    assert cause_sentence(bare_cause(printed)) == printed


def test_the_opener_the_draft_adds_is_dropped_on_import_and_only_that_one() -> None:
    assert bare_cause("主要原因是编制不足") == "编制不足"
    assert bare_cause("深层次原因是编制不足") == "深层次原因是编制不足"
    assert bare_cause("主要原因是受经费限制") == "主要原因是受经费限制"  # "受经费限制" would print without it
    assert cause_sentence("深层次原因是编制不足") == "深层次原因是编制不足"
    assert cause_sentence("编制不足") == "主要原因是编制不足"


def test_an_imported_report_prints_its_causes_as_in_the_source() -> None:
    result = import_report(FIXTURES / "report-cause-openers.txt", 2024)
    report = Report.model_validate(result.report)
    assert [(p.text, p.cause) for p in report.problems] == [
        ("基层执法力量薄弱。", "深层次原因是编制不足。"),
        ("复议能力不足。", "培训不够。"),
        ("执法信息化水平不高。", "主要原因是受经费限制。"),
        ("普法针对性不强。", "究其原因，普法方式单一。"),
    ]
    unit = Unit(name="示例县人民政府", short_name="示例县", recipients=["示例市人民政府"])
    context = report_context(unit, report, Catalogue.named("gangyao-2021"), 22.0)
    texts = [b["text"] for section in context["sections"] for b in section["blocks"]]
    problems = [t for t in texts if t.startswith(("一是", "二是", "三是", "四是"))]
    assert problems == [
        "一是基层执法力量薄弱。深层次原因是编制不足。",
        "二是复议能力不足。主要原因是培训不够。",
        "三是执法信息化水平不高。主要原因是受经费限制。",
        "四是普法针对性不强。究其原因，普法方式单一。",
    ]
