"""The 〔牵头单位：…；责任单位：…；完成时限：…〕 note: what a draft prints, the importer reads back unchanged."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reporter.content.annotation import annotation_note, parse_keyed
from reporter.importer.annotations import strip_annotations

_NAME = st.builds(
    lambda place, body, end: place + body + end,
    st.sampled_from(["市", "县", "区", "示例市", "各县（市、区）"]),
    st.text(alphabet="公安司法财政交通运输教育生态环境人力资源社会保障", min_size=1, max_size=8),
    st.sampled_from(["局", "委", "办", "人民政府", "管委会", "中心"]),
)
_NAMES = st.lists(_NAME, max_size=4, unique=True)
_DUE = st.sampled_from(["", "2025年6月底前", "年内", "每季度", "2025年年底前", "长期坚持"])


@given(_NAMES, _NAMES, _DUE)
def test_the_note_a_draft_prints_reads_back(lead: list[str], responsible: list[str], due: str) -> None:
    note = annotation_note(lead, responsible, due)
    if not (lead or responsible or due):
        assert note == ""
        return
    assert note.startswith("〔") and note.endswith("〕")
    read = parse_keyed(note[1:-1])
    assert (read.lead, read.responsible, read.due, read.extra) == (lead, responsible, due, [])


@given(_NAMES, _NAMES, _DUE)
def test_a_task_text_with_the_note_gives_back_text_and_units(lead: list[str], responsible: list[str], due: str) -> None:
    if not (lead or responsible or due):
        return
    text = "严格落实重大行政决策程序，编制年度决策事项目录。"
    rest, units, ended = strip_annotations(text + annotation_note(lead, responsible, due))
    assert (rest, units.lead, units.responsible, units.due, ended) == (text, lead, responsible, due, True)


def test_the_printed_form() -> None:
    assert annotation_note(["市司法局"], ["市政府各部门", "各县（市、区）人民政府"], "2025年6月底前") == (
        "〔牵头单位：市司法局；责任单位：市政府各部门、各县（市、区）人民政府；完成时限：2025年6月底前〕"
    )
    assert annotation_note([], [], "年内") == "〔完成时限：年内〕"
