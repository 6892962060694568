"""Write a new version of a document with its differences from an old one as Word tracked changes."""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from reporter.core.errors import ImportFormatError
from reporter.core.textdiff import align, phrase_ops, squeeze
from reporter.document.draft.reviewed import W, body_paragraphs, paragraph_text, parse_part

_W = f"{{{W}}}"
AUTHOR = "reporter"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Formatting-change records: accepted, they leave the formatting as it now is.
_CHANGE_RECORDS = ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tcPrChange", "trPrChange", "tblGridChange", "numberingChange")
_RUN_CONTENT = {_W + "rPr", _W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen", _W + "lastRenderedPageBreak"}
_PARA_SIMPLE = {_W + "pPr", _W + "r", _W + "bookmarkStart", _W + "bookmarkEnd", _W + "proofErr", _W + "permStart", _W + "permEnd"}


@dataclass
class Compared:
    """The marked-up document and what changed, paragraph by paragraph."""

    data: bytes
    changed: int = 0
    added: int = 0
    removed: int = 0


class _Marks:
    """Tracked-change elements with unique ids, one author and one date."""

    def __init__(self, date: str) -> None:
        self.date = date
        self.next_id = 880000

    def element(self, tag: str) -> Any:
        from lxml import etree

        el = etree.Element(_W + tag)
        el.set(_W + "id", str(self.next_id))
        el.set(_W + "author", AUTHOR)
        el.set(_W + "date", self.date)
        self.next_id += 1
        return el


# ------------------------------------------------------------------ the new document with its own changes accepted


def _unwrap(el: Any) -> None:
    parent = el.getparent()
    at = parent.index(el)
    for child in list(el):
        parent.insert(at, child)
        at += 1
    parent.remove(el)


def _join_next(p: Any) -> None:
    """A paragraph whose mark was deleted takes the next paragraph's content (as Word does on accepting)."""
    nxt = p.getnext()
    while nxt is not None and nxt.tag != _W + "p":
        nxt = nxt.getnext()
    if nxt is None:
        return
    for child in list(nxt):
        if child.tag != _W + "pPr":
            p.append(child)
    nxt.getparent().remove(nxt)


def _drop_removed(root: Any) -> None:
    for tag in ("del", "moveFrom"):
        for el in list(root.iter(_W + tag)):
            parent = el.getparent()
            if parent is None or parent.tag == _W + "rPr" and parent.getparent() is not None and parent.getparent().tag == _W + "pPr":
                continue  # a deleted paragraph mark: joined by _join_marked
            parent.remove(el)


def _join_marked(root: Any) -> None:
    for p in list(root.iter(_W + "p")):
        rpr = p.find(f"{_W}pPr/{_W}rPr")
        marks = [] if rpr is None else [m for m in rpr if m.tag in (_W + "del", _W + "moveFrom")]
        for m in marks:
            rpr.remove(m)
        if marks and p.getparent() is not None:
            _join_next(p)


def _keep_added(root: Any) -> None:
    for tag in ("ins", "moveTo"):
        for el in list(root.iter(_W + tag)):
            parent = el.getparent()
            if parent is not None and parent.tag == _W + "rPr":
                parent.remove(el)
            elif parent is not None:
                _unwrap(el)


def accept_all(root: Any) -> None:
    """Accept every tracked change of a document.xml tree in place."""
    _drop_removed(root)
    _join_marked(root)
    _keep_added(root)
    for tag in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", *_CHANGE_RECORDS):
        for el in list(root.iter(_W + tag)):
            el.getparent().remove(el)


# ------------------------------------------------------------------ runs cut into characters and put back together


def _atoms(p: Any) -> list[tuple[Any, Any]] | None:
    """(rPr, content element) per character of a simple paragraph; None when it holds more than plain runs."""
    out: list[tuple[Any, Any]] = []
    for child in p:
        if child.tag not in _PARA_SIMPLE:
            return None
        if child.tag != _W + "r":
            continue
        rpr = child.find(_W + "rPr")
        for part in child:
            if part.tag not in _RUN_CONTENT:
                return None
            if part.tag == _W + "t":
                out += [(rpr, ("t", ch)) for ch in part.text or ""]
            elif part.tag in (_W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen"):
                out.append((rpr, ("el", part)))
    return out


def _runs(atoms: list[tuple[Any, Any]], deleted: bool = False) -> list[Any]:
    """Runs for consecutive atoms of one formatting; deleted text is w:delText."""
    from lxml import etree

    runs: list[Any] = []
    last_rpr: Any = object()
    for rpr, (kind, value) in atoms:
        if rpr is not last_rpr or kind == "el" or runs and runs[-1][-1].tag != _W + ("delText" if deleted else "t"):
            run = etree.Element(_W + "r")
            if rpr is not None:
                run.append(copy.deepcopy(rpr))
            runs.append(run)
            last_rpr = rpr
        run = runs[-1]
        if kind == "el":
            run.append(copy.deepcopy(value))
            last_rpr = object()
            continue
        t = run[-1] if len(run) and run[-1].tag == _W + ("delText" if deleted else "t") else None
        if t is None:
            t = etree.SubElement(run, _W + ("delText" if deleted else "t"))
            t.set(_XML_SPACE, "preserve")
            t.text = ""
        t.text += value
    return runs


def _text_atoms(text: str, rpr: Any) -> list[tuple[Any, Any]]:
    return [(rpr, ("t", ch)) for ch in text]


def _mark_paragraph(p: Any, tag: str, marks: _Marks) -> None:
    from lxml import etree

    ppr = p.find(_W + "pPr")
    if ppr is None:
        ppr = etree.Element(_W + "pPr")
        p.insert(0, ppr)
    rpr = ppr.find(_W + "rPr")
    if rpr is None:
        rpr = etree.SubElement(ppr, _W + "rPr")
    rpr.insert(0, marks.element(tag))


def _wrapped(tag: str, runs: list[Any], marks: _Marks) -> Any:
    el = marks.element(tag)
    for r in runs:
        el.append(r)
    return el


def _rewrite(p: Any, old: str, new: str, marks: _Marks) -> None:
    """Paragraph `p` (showing `new`) marked up with the phrase-level changes from `old`."""
    atoms = _atoms(p)
    if atoms is None or len(atoms) != len(new):
        _replace_whole(p, old, marks)
        return
    keep = [c for c in p if c.tag == _W + "pPr"]
    for child in list(p):
        if child.tag not in (_W + "pPr", _W + "bookmarkStart", _W + "bookmarkEnd"):
            p.remove(child)
    del keep
    for op, i1, i2, j1, j2 in phrase_ops(old, new):
        near = atoms[min(j1, len(atoms) - 1)][0] if atoms else None
        if op in ("delete", "replace"):
            p.append(_wrapped("del", _runs(_text_atoms(old[i1:i2], near), deleted=True), marks))
        if op in ("insert", "replace"):
            p.append(_wrapped("ins", _runs(atoms[j1:j2]), marks))
        if op == "equal":
            for r in _runs(atoms[j1:j2]):
                p.append(r)


def _replace_whole(p: Any, old: str, marks: _Marks) -> None:
    """A paragraph too rich to cut (fields, drawings): the old text deleted before it, all of its content inserted."""
    rpr = p.find(f"{_W}r/{_W}rPr")
    for child in list(p):
        if child.tag != _W + "pPr":
            p.remove(child)
            p.append(_wrapped("ins", [child], marks) if child.tag == _W + "r" else child)
    ppr = p.find(_W + "pPr")
    p.insert(0 if ppr is None else 1, _wrapped("del", _runs(_text_atoms(old, rpr), deleted=True), marks))


def _inserted(p: Any, marks: _Marks) -> None:
    for child in list(p):
        if child.tag == _W + "r":
            at = p.index(child)
            p.remove(child)
            p.insert(at, _wrapped("ins", [child], marks))
    _mark_paragraph(p, "ins", marks)


def _deleted(old_p: Any, text: str, marks: _Marks) -> Any:
    """The old paragraph (its own formatting) with all of its text as a tracked deletion."""
    from lxml import etree

    p = etree.Element(_W + "p")
    ppr = old_p.find(_W + "pPr") if old_p is not None else None
    if ppr is not None:
        p.append(copy.deepcopy(ppr))
        for sect in p.iter(_W + "sectPr"):
            sect.getparent().remove(sect)
    atoms = _atoms(old_p) if old_p is not None else None
    rpr = old_p.find(f"{_W}r/{_W}rPr") if old_p is not None else None
    runs = _runs(atoms if atoms is not None and len(atoms) == len(text) else _text_atoms(text, rpr), deleted=True)
    if runs:
        p.append(_wrapped("del", runs, marks))
    _mark_paragraph(p, "del", marks)
    return p


# ------------------------------------------------------------------ the whole document


def _document(data: bytes, name: str) -> tuple[Any, zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise ImportFormatError(f"{name} 不是 Word（.docx）文件；.doc、.wps 请先在 Word/WPS 中另存为 .docx") from None
    return parse_part(xml, name), archive


def compare(old: bytes, new: bytes, old_name: str, new_name: str, date: str) -> Compared:
    """NEW's document with every difference from OLD as a tracked change (paragraphs, and phrases inside them)."""
    old_root, _ = _document(old, old_name)
    new_root, archive = _document(new, new_name)
    accept_all(old_root)
    accept_all(new_root)
    old_ps = [p for p, _ in body_paragraphs(old_root)]
    new_ps = [p for p, _ in body_paragraphs(new_root)]
    old_texts, new_texts = _texts(old_ps), _texts(new_ps)
    marks = _Marks(date)
    result = Compared(b"")
    pending: list[tuple[Any, str]] = []
    for i, j in align(old_texts, new_texts):
        if j is None:
            assert i is not None
            pending.append((old_ps[i], old_texts[i]))
            continue
        target = new_ps[j]
        for old_p, text in pending:
            target.addprevious(_deleted(old_p, text, marks))
            result.removed += 1 if text.strip() else 0
        pending = []
        if i is None:
            _inserted(target, marks)
            result.added += 1 if new_texts[j].strip() else 0
        elif squeeze(old_texts[i]) != squeeze(new_texts[j]) or old_texts[i] != new_texts[j]:
            _rewrite(target, old_texts[i], new_texts[j], marks)
            result.changed += 1
    _append_pending(new_root, new_ps, pending, marks, result)
    result.data = _package(archive, new_root)
    return result


def _append_pending(root: Any, new_ps: list[Any], pending: list[tuple[Any, str]], marks: _Marks, result: Compared) -> None:
    if not pending:
        return
    anchor = new_ps[-1] if new_ps else None
    for old_p, text in pending:
        p = _deleted(old_p, text, marks)
        if anchor is not None:
            anchor.addnext(p)
        else:
            body = root.find(_W + "body")
            body.insert(0, p)
        anchor = p
        result.removed += 1 if text.strip() else 0


def _texts(paragraphs: list[Any]) -> list[str]:
    return [paragraph_text(p) for p in paragraphs]


def _package(archive: zipfile.ZipFile, root: Any) -> bytes:
    from lxml import etree

    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in archive.infolist():
            dst.writestr(info, body if info.filename == "word/document.xml" else archive.read(info))
    return out.getvalue()
