"""Edit a draft the way a reviewer does in Word: tracked insertions, deletions, moves and comments (raw w:ins/w:del)."""

from __future__ import annotations

import copy
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

AUTHOR = "审稿人"
DATE = "2025-03-20T09:00:00Z"
_ids = iter(range(9000, 99999))


def _mark(tag: str) -> Any:
    el = etree.Element(qn(tag))
    el.set(qn("w:id"), str(next(_ids)))
    el.set(qn("w:author"), AUTHOR)
    el.set(qn("w:date"), DATE)
    return el


def _run(text: str, rpr: Any, deleted: bool = False) -> Any:
    r = etree.Element(qn("w:r"))
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    t = etree.SubElement(r, qn("w:delText" if deleted else "w:t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _first_rpr(p: Any) -> Any:
    return p._p.find(f"{qn('w:r')}/{qn('w:rPr')}")


def _clear_runs(p: Any) -> None:
    for child in list(p._p):
        if child.tag != qn("w:pPr"):
            p._p.remove(child)


def _chars(p: Any) -> list[tuple[Any, str]]:
    """(run properties, character) of every character of a paragraph's plain runs: formatting kept per character."""
    out = []
    for r in p._p.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        out += [(rpr, ch) for t in r.iter(qn("w:t")) for ch in t.text or ""]
    return out


def _runs_of(chars: list[tuple[Any, str]], deleted: bool = False) -> list[Any]:
    runs: list[Any] = []
    last: Any = object()
    for rpr, ch in chars:
        if rpr is not last:
            runs.append(_run("", rpr, deleted))
            last = rpr
        t = runs[-1][-1]
        t.text += ch
    return runs


def _rebuild(p: Any, parts: list[tuple[str, list[tuple[Any, str]]]]) -> None:
    """The paragraph's runs replaced by plain, deleted ("del") and inserted ("ins") stretches of characters."""
    _clear_runs(p)
    for kind, chars in parts:
        if not chars:
            continue
        runs = _runs_of(chars, deleted=kind == "del")
        if kind == "plain":
            for r in runs:
                p._p.append(r)
        else:
            wrapper = _mark(f"w:{kind}")
            for r in runs:
                wrapper.append(r)
            p._p.append(wrapper)


def track_replace(p: Any, old: str, new: str) -> None:
    """Replace `old` by `new` inside paragraph `p` as a tracked change (w:del + w:ins), every run's formatting kept."""
    chars = _chars(p)
    at = "".join(ch for _, ch in chars).index(old)
    rpr = chars[at][0] if at < len(chars) else None
    end = at + len(old)
    _rebuild(p, [("plain", chars[:at]), ("del", chars[at:end]), ("ins", [(rpr, ch) for ch in new]), ("plain", chars[end:])])


def _mark_paragraph(p: Any, tag: str) -> None:
    ppr = p._p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p._p.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = etree.SubElement(ppr, qn("w:rPr"))
    rpr.append(_mark(tag))


def track_delete(p: Any) -> None:
    """Delete a whole paragraph as a tracked change: its text and its paragraph mark."""
    text, rpr = p.text, _first_rpr(p)
    _clear_runs(p)
    d = _mark("w:del")
    d.append(_run(text, rpr, deleted=True))
    p._p.append(d)
    _mark_paragraph(p, "w:del")


def track_insert_after(p: Any, text: str) -> Any:
    """A new paragraph after `p` (same paragraph properties), inserted as a tracked change."""
    new = etree.Element(qn("w:p"))
    ppr = p._p.find(qn("w:pPr"))
    if ppr is not None:
        new.append(copy.deepcopy(ppr))
        for old in new.findall(f"{qn('w:pPr')}/{qn('w:rPr')}"):
            old.getparent().remove(old)
    p._p.addnext(new)
    i = _mark("w:ins")
    i.append(_run(text, _first_rpr(p)))
    new.append(i)
    from docx.text.paragraph import Paragraph

    para = Paragraph(new, p._parent)
    _mark_paragraph(para, "w:ins")
    return para


def track_move(source: Any, target: Any, text: str) -> None:
    """Move `text` out of paragraph `source` to the end of paragraph `target` (w:moveFrom / w:moveTo)."""
    whole, rpr = source.text, _first_rpr(source)
    at = whole.index(text)
    _clear_runs(source)
    if whole[:at]:
        source._p.append(_run(whole[:at], rpr))
    mf = _mark("w:moveFrom")
    mf.append(_run(text, rpr, deleted=False))
    source._p.append(mf)
    if whole[at + len(text) :]:
        source._p.append(_run(whole[at + len(text) :], rpr))
    mt = _mark("w:moveTo")
    mt.append(_run(text, _first_rpr(target)))
    target._p.append(mt)


def find(doc: Any, start: str) -> Any:
    """The first body paragraph whose text starts with `start`."""
    for p in doc.paragraphs:
        if p.text.startswith(start):
            return p
    raise AssertionError(f"no paragraph starts with {start!r}")


def plain_replace(p: Any, old: str, new: str) -> None:
    """Edit a paragraph directly (修订 off), every run's formatting kept."""
    chars = _chars(p)
    text = "".join(ch for _, ch in chars)
    assert old in text, (old, text)
    at = text.index(old)
    rpr = chars[at][0] if at < len(chars) else (chars[-1][0] if chars else None)
    _rebuild(p, [("plain", chars[:at] + [(rpr, ch) for ch in new] + chars[at + len(old) :])])
