"""A reviewed .docx read as leadership sees it: tracked changes accepted, comments with their paragraphs."""

from __future__ import annotations

import io

import docx
import pytest

from reporter.core.errors import ImportFormatError
from reporter.document.draft.draft_id import read_id, stamp
from reporter.document.draft.reviewed import read_reviewed
from tests.reviewing import find, track_delete, track_insert_after, track_move, track_replace


def _doc() -> docx.document.Document:
    doc = docx.Document()
    for text in ("第一段：原来的文字。", "第二段要删除。", "第三段。", "第四段，末尾。"):
        doc.add_paragraph(text)
    return doc


def _bytes(doc: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_tracked_changes_read_as_accepted() -> None:
    doc = _doc()
    track_replace(find(doc, "第一段"), "原来的", "修改后的")
    track_delete(find(doc, "第二段"))
    track_insert_after(find(doc, "第三段"), "新增的一段。")
    track_move(find(doc, "第四段"), find(doc, "第一段"), "末尾")
    reviewed = read_reviewed(_bytes(doc), "审阅稿.docx")
    assert [t for t in reviewed.texts() if t] == ["第一段：修改后的文字。末尾", "第三段。", "新增的一段。", "第四段，。"]
    assert reviewed.revisions >= 6


def test_a_deleted_paragraph_mark_joins_the_paragraph_to_the_next() -> None:
    doc = _doc()
    p = find(doc, "第三段")
    from tests.reviewing import _mark_paragraph

    _mark_paragraph(p, "w:del")  # the reviewer joined 第三段 and 第四段
    assert [t for t in read_reviewed(_bytes(doc), "x").texts() if t] == ["第一段：原来的文字。", "第二段要删除。", "第三段。第四段，末尾。"]


def test_comments_are_read_with_their_paragraph_and_anchor() -> None:
    doc = _doc()
    p = find(doc, "第三段")
    doc.add_comment(p.runs, text="这一段再充实一些", author="王局长")
    reviewed = read_reviewed(_bytes(doc), "x")
    [comment] = reviewed.comments
    assert (comment.author, comment.text, reviewed.paragraphs[comment.paragraph].text, comment.anchor) == (
        "王局长",
        "这一段再充实一些",
        "第三段。",
        "第三段。",
    )


def test_not_a_docx_is_one_clear_message() -> None:
    with pytest.raises(ImportFormatError, match="不是 Word（.docx）文件"):
        read_reviewed(b"not a zip", "旧稿.doc")


def test_the_draft_id_survives_and_replaces_a_templates_own() -> None:
    data = stamp(_bytes(_doc()), "0123456789abcdef0123456789abcdef")
    assert read_id(data) == "0123456789abcdef0123456789abcdef"
    again = stamp(data, "fedcba9876543210fedcba9876543210")
    assert read_id(again) == "fedcba9876543210fedcba9876543210"
    assert docx.Document(io.BytesIO(again)).paragraphs[0].text == "第一段：原来的文字。"
    assert read_id(_bytes(_doc())) is None
