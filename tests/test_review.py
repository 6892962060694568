"""The review mapping as a property: any edit inside a value's text, written back, prints the edited paragraph again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reporter.consolidate.review import DataFile, read_review
from reporter.content import context as ctx
from reporter.content.provenance import Printed, Snapshot, report_printed
from reporter.core.textdiff import squeeze
from reporter.data.areas import Catalogue
from reporter.data.model import Report, Unit
from reporter.data.yamledit import apply
from reporter.document.draft.build_record import Record
from reporter.document.draft.reviewed import Paragraph, Reviewed

REPO = Path(__file__).resolve().parents[1]
TEXT = (REPO / "data/2024/report.yaml").read_text(encoding="utf-8")
UNIT = Unit.model_validate(yaml.safe_load((REPO / "data/unit.yaml").read_text(encoding="utf-8")))
CATALOGUE = Catalogue.named(UNIT.areas)


def printed(text: str) -> list[Printed]:
    report = Report.model_validate(yaml.safe_load(text))
    return report_printed(report, ctx.report_context(UNIT, report, CATALOGUE))


BASE = printed(TEXT)
# (paragraph, piece) of every text value the draft prints; a pending item's line among the problems is left out:
# there the draft adds 任务未按期完成 unless the title itself says 未… (a title edited to drop 未 reads differently)
EDITABLE = [
    (n, k)
    for n, p in enumerate(BASE)
    if p.kind != "unfinished"
    for k, piece in enumerate(p.pieces)
    if piece.key is not None and not piece.hint and len(piece.shown) > 3
]


def _touches_figure(text: str, start: int, end: int) -> bool:
    """An edit at text[start:end] that removes or splits a figure (91.2%, 1,286)."""
    around = text[max(start - 1, 0) : end + 1]
    return any(ch.isdigit() or ch in ".%‰,，" for ch in around) and any(ch.isdigit() for ch in around)


def _review(edited: list[str]) -> Any:
    record = Record("0" * 32, "report", 2024, "data/2024/report.yaml", TEXT, Snapshot([p.text for p in BASE], list(BASE)))
    reviewed = Reviewed([Paragraph(t) for t in edited])
    return read_review(record, reviewed, DataFile(REPO / "data/2024/report.yaml", "data/2024/report.yaml", TEXT, "utf-8"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    where=st.sampled_from(EDITABLE),
    at=st.floats(0, 1),
    cut=st.integers(0, 3),
    # words only: a comma typed against the full stop a draft adds is tidied away by design (lead_sentence)
    added=st.text(st.sampled_from(list("依法行政推进落实全面深化改革")), max_size=6),
)
@example(where=(29, 2), at=0.6875, cut=1, added="")  # would cut 化解率91.2% to 912%: a figure, not words
def test_an_edit_inside_a_value_comes_back_in_the_next_build(where: tuple[int, int], at: float, cut: int, added: str) -> None:
    n, k = where
    paragraph = BASE[n]
    start = sum(len(p.shown) for p in paragraph.pieces[:k])
    piece = paragraph.pieces[k].shown
    # inside the value, never its last character (a generated 。 may follow it)
    pos = start + int(at * (len(piece) - 2)) + 1
    end = min(pos + cut, start + len(piece) - 1)
    new_text = paragraph.text[:pos] + added + paragraph.text[end:]
    if _touches_figure(paragraph.text, pos, end):
        return  # an edited figure no longer states its metric, so the draft adds the metric's sentence by design
    if squeeze(new_text) == squeeze(paragraph.text):
        return
    edited = [p.text for p in BASE]
    edited[n] = new_text
    review, changes = _review(edited)
    assert review.conflicts == [] and review.unwritten == [], (review.conflicts, review.unwritten)
    written = apply(TEXT, changes)
    again = [squeeze(p.text) for p in printed(written)]
    assert squeeze(new_text) in again
