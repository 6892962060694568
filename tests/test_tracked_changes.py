"""`compare`: NEW written with its differences from OLD as tracked changes; accepted they give NEW, rejected OLD."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from reporter.core.textdiff import phrase_ops
from reporter.document.draft.reviewed import W, read_reviewed
from reporter.document.draft.tracked_changes import compare
from tests.reviewing import find, plain_replace, track_replace

_W = f"{{{W}}}"


def _doc(*paragraphs: str) -> Any:
    doc = docx.Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    return doc


def _bytes(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


OLD = ("一、总体情况", "全年开展专题学习4次，举办讲座2场。", "这一段将被删除。", "二、下一步打算", "做好2025年的工作。")


def _new() -> Any:
    doc = _doc(*OLD)
    plain_replace(find(doc, "全年开展"), "专题学习4次", "专题学习5次")
    p = find(doc, "这一段将被删除")
    p._p.getparent().remove(p._p)
    find(doc, "二、下一步打算").insert_paragraph_before("新增的一段：加强执法监督。")
    plain_replace(find(doc, "做好"), "2025年", "2026年")
    return doc


def rejected(data: bytes) -> list[str]:
    """The text with every tracked change rejected: insertions dropped, deletions kept."""
    root = etree.fromstring(__import__("zipfile").ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out = []
    for p in root.iter(_W + "p"):
        rpr = p.find(f"{_W}pPr/{_W}rPr")
        if rpr is not None and rpr.find(_W + "ins") is not None:
            continue
        text = ""
        for el in p.iter(_W + "t", _W + "delText"):
            if any(a.tag == _W + "ins" for a in el.iterancestors()):
                continue
            text += el.text or ""
        out.append(text)
    return out


def test_accepted_gives_new_rejected_gives_old() -> None:
    old, new = _bytes(_doc(*OLD)), _bytes(_new())
    result = compare(old, new, "旧稿.docx", "新稿.docx", "2025-03-20T00:00:00Z")
    assert (result.changed, result.added, result.removed) == (2, 1, 1)
    assert read_reviewed(result.data, "x").texts() == read_reviewed(new, "n").texts()
    assert rejected(result.data) == list(OLD)


def test_changes_inside_a_paragraph_are_phrases() -> None:
    result = compare(_bytes(_doc(*OLD)), _bytes(_new()), "a", "b", "2025-03-20T00:00:00Z")
    root = etree.fromstring(__import__("zipfile").ZipFile(io.BytesIO(result.data)).read("word/document.xml"))
    deleted = ["".join(t.text or "" for t in d.iter(_W + "delText")) for d in root.iter(_W + "del") if d.getparent().tag == _W + "p"]
    inserted = ["".join(t.text or "" for t in i.iter(_W + "t")) for i in root.iter(_W + "ins") if i.getparent().tag == _W + "p"]
    assert "4" in deleted and "5" in inserted
    assert "2025" in deleted and "2026" in inserted  # a number changes as a whole
    assert "这一段将被删除。" in deleted


def test_phrases_are_whole_numbers_and_words() -> None:
    old, new = "市政府开展专题学习4次，举办讲座2场。", "市政府开展专题学习5次，举办专题讲座2场。"
    changed = [(old[a:b], new[c:d]) for kind, a, b, c, d in phrase_ops(old, new) if kind != "equal"]
    assert changed == [("4", "5"), ("", "专题")]


def test_a_new_draft_with_its_own_tracked_changes_is_compared_as_accepted() -> None:
    new = _new()
    track_replace(find(new, "新增的一段"), "加强执法监督", "加强行政执法监督")
    result = compare(_bytes(_doc(*OLD)), _bytes(new), "a", "b", "2025-03-20T00:00:00Z")
    assert "新增的一段：加强行政执法监督。" in read_reviewed(result.data, "x").texts()
    assert rejected(result.data) == list(OLD)


# CI installs LibreOffice (make test): there a missing soffice is a failure, not a skip.
@pytest.mark.skipif(not os.environ.get("CI") and shutil.which("soffice") is None, reason="未安装 LibreOffice（soffice）")
def test_libreoffice_opens_it_and_keeps_the_changes(tmp_path: Path) -> None:
    result = compare(_bytes(_doc(*OLD)), _bytes(_new()), "a", "b", "2025-03-20T00:00:00Z")
    (tmp_path / "in").mkdir()
    src = tmp_path / "in" / "对照.docx"
    src.write_bytes(result.data)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "out"), str(src)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    saved = (tmp_path / "out" / "对照.docx").read_bytes()
    assert read_reviewed(saved, "lo").texts() == read_reviewed(_bytes(_new()), "n").texts()
    assert read_reviewed(saved, "lo").revisions >= 4
    assert rejected(saved) == list(OLD)


def test_the_compare_command_prints_a_summary_and_never_overwrites(tmp_path: Path, cli: Any) -> None:
    old, new = tmp_path / "初稿.docx", tmp_path / "讨论稿.docx"
    old.write_bytes(_bytes(_doc(*OLD)))
    new.write_bytes(_bytes(_new()))
    result = cli("compare", old, new)
    assert result.code == 0, result.err
    out = tmp_path / "讨论稿-修订对照.docx"
    assert result.out.splitlines() == ["改动 2 段，新增 1 段，删除 1 段。", f"已生成：{out}"]
    assert read_reviewed(out.read_bytes(), "x").texts() == read_reviewed(new.read_bytes(), "n").texts()
    again = cli("compare", old, new)
    assert again.code == 1 and "已存在，未覆盖" in again.err
    assert cli("compare", old, new, "--out", tmp_path / "对照.txt").code == 2
    assert cli("compare", old, tmp_path / "没有.docx", "--out", tmp_path / "x.docx").code == 1
    doc_file = tmp_path / "旧稿.doc"
    doc_file.write_bytes(b"\xd0\xcf\x11\xe0")
    refused = cli("compare", doc_file, new, "--out", tmp_path / "y.docx")
    assert refused.code == 1 and "旧稿.doc 不是 .docx 文件" in refused.err


def test_the_draft_id_is_found_among_other_custom_properties() -> None:
    """WPS keeps its own custom property (KSOProductBuildVer) beside ours."""
    import zipfile as zf

    from reporter.document.draft.draft_id import read_id, stamp

    data = stamp(_bytes(_doc("一段。")), "0123456789abcdef0123456789abcdef")
    src = zf.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zf.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/custom.xml":
                body = body.replace(
                    b"<property ",
                    b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer"><vt:lpwstr>2052-12.1.0</vt:lpwstr></property><property ',
                    1,
                ).replace(b'pid="2" name="DraftID"', b'pid="3" name="DraftID"')
            dst.writestr(info, body)
    assert read_id(buf.getvalue()) == "0123456789abcdef0123456789abcdef"
