"""How documents close: what a draft prints, the importer recognises."""

from __future__ import annotations

import pytest

from reporter.content.closings import CLOSING_HEADING, CLOSING_HEADINGS, PLAN_CLOSING_HEADING, is_report_closing
from reporter.content.numbering import level1, strip_marker
from reporter.data.model import Report


def test_the_plan_draft_closing_heading_reads_as_a_closing() -> None:
    printed = level1(5) + PLAN_CLOSING_HEADING
    assert CLOSING_HEADING.search(strip_marker(printed))


@pytest.mark.parametrize("heading", [*CLOSING_HEADINGS, "加强组织保障", "强化保障措施"])
def test_closing_headings(heading: str) -> None:
    assert CLOSING_HEADING.search(heading)


def test_the_report_default_closing_and_its_variants() -> None:
    assert is_report_closing(Report(year=2024).closing)
    assert all(is_report_closing(t) for t in ("特此报告。", "以上报告，请审阅。", "专此报告！"))
    assert not is_report_closing("特此报告如下：")
