"""The last body page laid out by LibreOffice as the last paragraph grows: the 署名 never alone, at most two body lines
travel with it, the 版记 at the foot (tests/signature_sweep.py runs the whole sweep)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .signature_sweep import Case, Measure, sweep

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="未安装 LibreOffice（soffice）或 poppler-utils（pdftotext），无法实际排版",
)

# The lengths where the closing block stopped fitting under the paragraph (before: the block alone, or the
# whole paragraph moved, or 特此报告 alone with the 署名), and a length where the paragraph crosses the page itself.
CASES = [
    Case("report", 2, "特此报告。", True, 5),  # the block misses the page by the most
    Case("report", 2, "特此报告。", True, 13),  # the page before just full
    Case("report", 2, "", True, 8),  # the whole paragraph used to move: nine lines short
    Case("report", 2, "", False, 15),  # the 署名 used to stand alone
    Case("report", 1, "", True, 16),
    Case("report", 0, "特此报告。", False, 11),
    Case("report", 2, "特此报告。", False, 17),  # the paragraph crosses the page break itself
]
PLAN_CASES = [
    Case("plan", 1, "", True, 8),  # the 附件说明 and 署名 used to stand alone
    Case("plan", 0, "", False, 3),
]


def _holds(m: Measure) -> None:
    name = m.case.name
    assert not m.alone and m.body_above >= 1, (name, m.above)
    if m.body_above <= 2:
        # the last lines moved: the page before ends on a full line of the paragraph, no gap in it
        assert len(m.before_last) >= 27, (name, m.before_last)
    else:
        # the paragraph crossed the page itself: the page before is full
        assert m.before_gap <= 1, (name, m.before_gap)


def test_the_signature_keeps_at_most_two_body_lines_with_it_and_the_imprint_ends_the_last_page(tmp_path: Path) -> None:
    measures = sweep(CASES, tmp_path / "report")
    for m in measures:
        _holds(m)
        # the 版记 is the last text of the last page: 抄送 then 印发机关 and date
        assert m.last_page[-2].startswith("抄送：") and m.last_page[-1].endswith("印发"), (m.case.name, m.last_page[-3:])
    moved = {m.case.name: m.body_above for m in measures}
    assert moved["report-a2-tcbg-sealed-05"] == 2 and moved["report-a2-none-unsealed-15"] == 2, moved
    for m in sweep(PLAN_CASES, tmp_path / "plan"):
        _holds(m)
        assert m.body_above == 2, (m.case.name, m.above)
