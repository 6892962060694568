"""The body's last two lines travel with the closing block: the paragraph before a 署名 is cut where its last two lines start.

GB/T 9704 wants the 署名 on a page with body text (no page of a signature alone). Word keeps only the last lines
of a keep-with-next paragraph with the next one; LibreOffice never splits a keep-with-next paragraph (sw
widorp.cxx: keep counts as "do not split"), so it moves the whole paragraph, leaving the page before short,
or, when paragraph and block exceed a page, leaves the block alone. Both lay out the same when the lines that
travel are a paragraph of their own: the template marks the body's last paragraph keep-with-next, and here it
becomes a head (no keep; its last line justified to the full width, `distribute`, so a line Word breaks a
character earlier still fills it) and a tail of two lines (no first-line indent, keep-with-next). Readers
join the tail back (TAIL_BOOKMARK): `edits` and `import` see one paragraph.
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

from reporter.content.closings import TAIL_BOOKMARK, is_report_closing
from reporter.core.text import display_width
from reporter.data.housestyle import HouseStyle

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# what stands between the body and the 署名: 特此报告。, the 附件说明, the empty paragraphs docxtpl leaves
_BLOCK_STYLES = {"GwAttachNote"}
_SIGNATURE = "GwSignature"
_BODY = "GwBody"
# lines a paragraph needs before it is cut: a head of two at least (no lone first line at a page foot)
_TAIL_LINES = 2
_MIN_LINES = _TAIL_LINES + 2
# the first line of a body paragraph, in characters: closing words no longer than it stand on one line
_ONE_LINE = 26

# Chinese line-breaking rules as LibreOffice applies them (its zh-CN forbidden characters).
NOT_AT_LINE_START = set('!%),.:;?]}¢°·’"†‡›℃∶、。〃〆〕〗〞﹚﹜！＂％＇），．：；？］｝～」』】〉》”…—')
NOT_AT_LINE_END = set("$(£¥·‘“〈《「『【〔〖〝﹙﹛＄（［｛￡￥")
# Advance widths of Times New Roman (Liberation Serif) in 1/1000 em, for the ASCII the body sets in it.
_TNR = dict(
    zip(
        " !\"#$%&'()*+,-./0123456789:;<=>?@",
        [250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278] + [500] * 10 + [278, 278, 564, 564, 564, 444, 921],
        strict=True,
    )
)
_TNR.update(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611],
        strict=True,
    )
)
_TNR.update(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        [444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444],
        strict=True,
    )
)


def _advance(ch: str, size: float, spacing: float) -> float:
    """A character's advance in points as LibreOffice sets it (measured): full width in the Chinese font with the
    character spacing, ASCII in Times New Roman without it (wider when unknown)."""
    if ch in _TNR:
        return _TNR[ch] * size / 1000
    if unicodedata.category(ch) == "Cf":  # word joiners and other invisible marks
        return 0.0
    if unicodedata.east_asian_width(ch) in "FWA" or ord(ch) > 0x2000:
        return size + spacing
    return 0.6 * size


def _units(text: str) -> list[tuple[int, int]]:
    """Unbreakable pieces as (start, end): a run of ASCII without spaces starting with a letter or digit
    (2024, 12.8%, 1,286, 3+N, ISO9001) is one word."""
    units: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        j = i + 1
        if text[i].isascii() and text[i].isalnum():
            while j < len(text) and text[j].isascii() and text[j].isprintable() and not text[j].isspace():
                j += 1
        units.append((i, j))
        i = j
    return units


_GAP = 0.206  # of the font size


def _ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _gap(text: str, at: int, size: float) -> float:
    """LibreOffice's space between an ideograph and an ASCII letter or digit (measured: a fifth of the font size
    and a little, even where the document turns it off with autoSpaceDE/DN 0); none at a line's start."""
    if at == 0:
        return 0.0
    a, b = text[at - 1], text[at]
    latin = (a.isascii() and a.isalnum(), b.isascii() and b.isalnum())
    return _GAP * size if (latin[0] and _ideograph(b)) or (latin[1] and _ideograph(a)) else 0.0


def _legal_break(text: str, at: int) -> bool:
    before, after = text[at - 1], text[at]
    # —— and …… hold together
    return after not in NOT_AT_LINE_START and before not in NOT_AT_LINE_END and not (before == after and before in "—…")


def line_starts(text: str, first: float, rest: float, size: float, spacing: float) -> list[int]:
    """Where each line of a paragraph starts, as LibreOffice breaks it (hanging punctuation off): widths
    `first` and `rest` in points, characters of `size` points with `spacing` added to each."""
    starts = [0]
    width, room = 0.0, first
    units = _units(text)
    boundaries = {start for start, _ in units}
    for start, end in units:
        piece = sum(_advance(ch, size, spacing) for ch in text[start:end])
        if width + _gap(text, start, size) + piece <= room + 0.01 or start == starts[-1]:
            width += (_gap(text, start, size) if start != starts[-1] else 0.0) + piece
            continue
        at = start
        # a mark that may not begin a line takes the character before it down with it (no hanging)
        while at > starts[-1] + 1 and (at not in boundaries or not _legal_break(text, at)):
            at -= 1
        starts.append(at)
        width = sum(_advance(ch, size, spacing) + (_gap(text, i, size) if i > at else 0.0) for i, ch in enumerate(text[at:end], at))
        room = rest
    return starts


def _style(p: Any) -> str:
    ps = p.find(f"{_W}pPr/{_W}pStyle")
    return str(ps.get(_W + "val")) if ps is not None else ""


def _text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(_W + "t"))


def _plain_runs(p: Any) -> list[Any] | None:
    """The paragraph's runs when it holds nothing but runs of text (no fields, breaks, drawings): else None."""
    runs = []
    for child in p:
        if child.tag == _W + "pPr":
            continue
        if child.tag != _W + "r" or any(c.tag not in (_W + "rPr", _W + "t") for c in child):
            return None
        runs.append(child)
    return runs


def _closing_line(p: Any, text: str) -> bool:
    """特此报告。 or any one-line closing words the template keeps with the 署名 (妥否，请批示。)."""
    return is_report_closing(text) or (p.find(f"{_W}pPr/{_W}keepNext") is not None and display_width(text) <= _ONE_LINE)


def _body_before(signature: Any) -> Any | None:
    """The body paragraph above a 署名, over the closing words, the 附件说明 and empty paragraphs."""
    p = signature.getprevious()
    while p is not None and p.tag == _W + "p":
        text = _text(p).strip()
        if text and _style(p) not in _BLOCK_STYLES and not _closing_line(p, text):
            return p
        p = p.getprevious()
    return None


def _cut_runs(runs: list[Any], cut: int) -> tuple[list[Any], list[Any]]:
    """The runs before and after character `cut`, a run straddling it split in two."""
    head: list[Any] = []
    tail: list[Any] = []
    at = 0
    for r in runs:
        t = r.find(_W + "t")
        text = (t.text or "") if t is not None else ""
        if at + len(text) <= cut:
            head.append(r)
        elif at >= cut:
            tail.append(r)
        else:
            second = copy.deepcopy(r)
            t.text = text[: cut - at]
            second.find(_W + "t").text = text[cut - at :]
            head.append(r)
            tail.append(second)
        at += len(text)
    return head, tail


def _ppr_child(ppr: Any, tag: str) -> Any | None:
    return ppr.find(_W + tag)


def _set_head(ppr: Any) -> None:
    keep = _ppr_child(ppr, "keepNext")
    if keep is not None:
        ppr.remove(keep)
    jc = _ppr_child(ppr, "jc")
    if jc is None:
        jc = ppr.makeelement(_W + "jc", {})
        # schema order: jc comes after ind and before textDirection/outlineLvl/rPr
        anchor = next(
            (c for c in ppr if c.tag in {_W + t for t in ("textDirection", "textAlignment", "outlineLvl", "rPr", "sectPr")}), None
        )
        if anchor is not None:
            anchor.addprevious(jc)
        else:
            ppr.append(jc)
    jc.set(_W + "val", "distribute")


def _set_tail(ppr: Any) -> None:
    """No first-line indent: the tail continues its head's line grid."""
    ind = _ppr_child(ppr, "ind")
    if ind is None:
        ind = ppr.makeelement(_W + "ind", {})
        anchor = next(
            (
                c
                for c in ppr
                if c.tag in {_W + t for t in ("contextualSpacing", "mirrorIndents", "jc", "textDirection", "outlineLvl", "rPr", "sectPr")}
            ),
            None,
        )
        if anchor is not None:
            anchor.addprevious(ind)
        else:
            ppr.append(ind)
    for key in ("hanging", "hangingChars"):
        ind.attrib.pop(_W + key, None)
    ind.set(_W + "firstLine", "0")
    ind.set(_W + "firstLineChars", "0")


def split_tail(p: Any, style: HouseStyle, bookmark: int) -> bool:
    """Cut paragraph `p` before its last two lines (see the module's docstring); False when it is left whole."""
    runs = _plain_runs(p)
    ppr = p.find(_W + "pPr")
    if not runs or ppr is None or _ppr_child(ppr, "keepNext") is None:
        return False
    text = "".join(r.find(_W + "t").text or "" for r in runs if r.find(_W + "t") is not None)
    size, spacing = style.body_size, style.char_spacing_pt
    width = style.text_width_mm * 72 / 25.4
    starts = line_starts(text, width - style.first_line_indent_chars * size, width, size, spacing)
    if len(starts) < _MIN_LINES:
        return False  # short: the whole paragraph keeps with the block, as Word's widow control would have it
    cut = starts[-_TAIL_LINES]
    tail = p.makeelement(_W + "p", {})
    tail_ppr = copy.deepcopy(ppr)
    tail.append(tail_ppr)
    _set_tail(tail_ppr)
    mark = {_W + "id": str(bookmark), _W + "name": f"{TAIL_BOOKMARK}{bookmark}"}
    tail.append(tail.makeelement(_W + "bookmarkStart", mark))
    tail.append(tail.makeelement(_W + "bookmarkEnd", {_W + "id": str(bookmark)}))
    _, moved = _cut_runs(runs, cut)
    for r in moved:
        if r.getparent() is p:
            p.remove(r)
        tail.append(r)
    _set_head(ppr)
    p.addnext(tail)
    return True


def keep_last_lines(xml: str, style: HouseStyle) -> str:
    """A rendered draft's word/document.xml with the body paragraph above each 署名 cut for its last lines to
    travel with it; unchanged when there is nothing to cut."""
    if _SIGNATURE not in xml:
        return xml
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    ids = [int(b.get(_W + "id")) for b in root.iter(_W + "bookmarkStart") if (b.get(_W + "id") or "").isdigit()]
    bookmark = max(ids, default=0) + 1
    changed = False
    for signature in [p for p in root.iter(_W + "p") if _style(p) == _SIGNATURE]:
        body = _body_before(signature)
        if body is not None and _style(body) == _BODY and split_tail(body, style, bookmark):
            bookmark += 1
            changed = True
    if not changed:
        return xml
    # the declaration as it was, then the document
    declaration = xml[: xml.index("<w:document")] if "<w:document" in xml else ""
    return declaration + str(etree.tostring(root, encoding="unicode"))
