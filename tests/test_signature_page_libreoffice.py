"""The last body page laid out by LibreOffice as the last paragraph grows: the 署名 never alone, at most two body lines
travel with it, the 版记 at the foot (tests/signature_sweep.py runs the whole sweep)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from .signature_sweep import Case, Measure, sweep

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="未安装 LibreOffice（soffice）或 poppler-utils（pdftotext），无法实际排版",
)

# Where the block stopped fitting under the paragraph, these used to fail: the 署名 alone (closing "" and the
# plan), the whole paragraph moved (closing ""), 特此报告 alone with the 署名 and the block's height short.
REPORTS = [Case("report", 2, "特此报告。", True, 0), Case("report", 2, "", False, 0), Case("report", 1, "", True, 0)]
PLANS = [Case("plan", 1, "", True, 0)]


def _holds(m: Measure) -> None:
    name = m.case.name
    assert not m.alone and m.body_above >= 1, (name, m.above)
    if m.body_above <= 2:
        # the last lines moved: the page before ends on a full line of the paragraph, no gap in it
        assert len(m.before_last) >= 27, (name, m.before_last)
    else:
        # the paragraph crossed the page itself: the page before is full
        assert m.before_gap <= 1, (name, m.before_gap)


def _critical(cases: list[Case], tmp: Path) -> list[Measure]:
    """Each case grown to the first length where its closing block no longer fits under the paragraph (measured
    from the case as it is), and eleven lines more, where the paragraph crosses the page itself."""
    grown = []
    for m in sweep(cases, tmp / "as-is"):
        first_miss = m.room + 1
        grown += [dataclasses.replace(m.case, grow=first_miss), dataclasses.replace(m.case, grow=first_miss + 11)]
    return sweep(grown, tmp / "grown")


def test_the_signature_keeps_two_body_lines_with_it_where_the_block_stops_fitting(tmp_path: Path) -> None:
    measures = _critical(REPORTS, tmp_path / "report") + _critical(PLANS, tmp_path / "plan")
    for m in measures:
        _holds(m)
    # at the first length that does not fit, exactly the paragraph's last two lines travel with the block
    assert [m.body_above for m in measures[::2]] == [2, 2, 2, 2], [(m.case.name, m.above) for m in measures[::2]]
    for m in measures:
        if m.case.kind == "report":  # the 版记 is the last text of the last page: 抄送 then 印发机关 and date
            assert m.last_page[-2].startswith("抄送：") and m.last_page[-1].endswith("印发"), (m.case.name, m.last_page[-3:])
