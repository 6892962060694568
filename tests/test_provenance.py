"""Provenance: every paragraph the data prints is found in the draft and split into its values and computed text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reporter.content import context as ctx
from reporter.content.annotation import annotation_note
from reporter.content.provenance import Piece, Printed, locate, plan_printed, read_units_note, report_printed
from reporter.data.model import Task
from reporter.data.setting import load_setting, load_year_plan, load_year_report


def _report(root: Path) -> tuple[list[Printed], dict[str, object]]:
    setting = load_setting(root)
    report = load_year_report(setting, 2024).model
    context = ctx.report_context(setting.unit.model, report, setting.catalogue, 20, plan=load_year_plan(setting, 2024).model)
    return report_printed(report, context), context


def test_every_printed_paragraph_of_the_example_is_split_exactly(example: Path) -> None:
    printed, _ = _report(example)
    for p in printed:
        assert "".join(piece.shown for piece in p.pieces) == p.text
    keys = {piece.key for p in printed for piece in p.pieces if piece.key is not None}
    # a value of every kind the issue names is found in print
    for key in [
        ("preface", 0),
        ("achievements", 0, "title"),
        ("achievements", 0, "items", 0, "title"),
        ("achievements", 0, "items", 0, "text"),
        ("achievements", 1, "items", 0, "metrics", 0),
        ("problems", 0, "text"),
        ("problems", 0, "cause"),
        ("intros", "problems"),
        ("headings", "leadership"),
        ("leadership", 0, "title"),
        ("next_year", 0, "text"),
        ("closing",),
    ]:
        assert key in keys, key


def test_a_value_is_found_with_the_full_stop_the_draft_added() -> None:
    pieces = locate("1.推进依法行政。做了很多工作。", [(("t",), "推进依法行政"), (("x",), "做了很多工作")], "编号")
    assert pieces == (
        Piece(None, "1.", "编号"),
        Piece(("t",), "推进依法行政。", value="推进依法行政"),
        Piece(("x",), "做了很多工作。", value="做了很多工作"),
    )


def test_plan_tasks_carry_their_units_note(example: Path) -> None:
    setting = load_setting(example)
    plan = load_year_plan(setting, 2025).model
    printed = plan_printed(plan, ctx.plan_context(setting.unit.model, plan, setting.catalogue))
    notes = [piece for p in printed for piece in p.pieces if piece.key is not None and piece.key[-1] == "units"]
    assert notes and all(piece.shown.startswith("〔") for piece in notes)


_NAME = st.sampled_from(["县司法局", "县公安局", "各乡镇人民政府", "各县（市、区）人民政府", "县财政局", "市委编办"])


@given(lead=st.lists(_NAME, max_size=3), responsible=st.lists(_NAME, max_size=3), due=st.sampled_from([None, "2025年6月底前", "年内"]))
def test_the_units_note_reads_back_what_it_wrote(lead: list[str], responsible: list[str], due: str | None) -> None:
    task = Task(id="1", title="任务", lead=lead, responsible=responsible, due=due)
    note = annotation_note(task.lead, task.responsible, task.due)
    if not note:
        return
    back = read_units_note(note)
    assert back is not None
    assert (back["lead"], back["responsible"], back["due"]) == (task.lead, task.responsible, task.due)
