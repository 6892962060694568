"""Size the columns of a rendered 任务分工表 from its content, and drop columns no task fills."""

from __future__ import annotations

import re
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from reporter.core.text import display_width as text_width

# Left and right cell margins of GwTable (108 twips each) plus a little slack for the font's side bearings.
CELL_MARGIN = 230
# Writers put a quarter-character gap where digits meet Chinese (2025 年 10 月): count it.
SCRIPT_GAP = 0.25
# Unit names and deadlines break only between entries, never inside one ("2025年10 / 月底前").
_BREAKS = re.compile(r"[、，,；;\s]+")
# A portrait page holds about 37 characters of 小四: a name longer than this may wrap, and the
# 工作任务 column keeps at least this much so titles do not stand one character a line.
LONGEST_WHOLE = 8.0
# Where a deadline may go onto a second line: after its year.
_AFTER_YEAR = re.compile(r"(?<=\d年)")
TITLE_LEAST = 6.0


def _cells(row: Any) -> list[Any]:
    return list(row.iterchildren(qn("w:tc")))


def _text(tc: Any) -> str:
    # each unit name sits on a line of its own (a <w:br/> between the texts)
    return "\n".join(t.text or "" for t in tc.iter(qn("w:t")))


def _wide(text: str) -> float:
    switches = sum(1 for a, b in zip(text, text[1:], strict=False) if (ord(a) < 0x2E80) != (ord(b) < 0x2E80))
    return text_width(text) + SCRIPT_GAP * switches


def _atom(text: str) -> float:
    return max((_wide(part) for part in _BREAKS.split(text) if part), default=0.0)


def _needs(header: str, texts: list[str], breakable: bool, char: float, deadline: bool = False) -> tuple[float, float]:
    """(narrowest width that breaks no word, width that breaks no line) in twips.

    A deadline may go on two lines, the year on the first ("2025年 / 10月底前"), when the page is narrow.
    """
    natural = max([text_width(header)] + [_wide(line) for t in texts for line in t.split("\n")])
    if deadline:
        parts = [_wide(part) for t in texts for part in _AFTER_YEAR.split(t) if part]
        return max([text_width(header), *parts]) * char + CELL_MARGIN, natural * char + CELL_MARGIN
    if breakable:
        atom = min(natural, max(TITLE_LEAST, text_width(header)))
    else:
        atom = max([text_width(header)] + [min(_atom(t), LONGEST_WHOLE) for t in texts])
    return atom * char + CELL_MARGIN, natural * char + CELL_MARGIN


def allocate(needs: list[tuple[float, float]], total: int, main: int | None = None) -> list[int]:
    """Column widths: every column its unbreakable minimum; then, when `main` (the 工作任务 column) is
    given, the others grow toward their one-line width only as far as main stays the widest, and main
    takes the rest; without `main` the rest is shared by how much each still wants."""
    least = sum(n[0] for n in needs)
    if least >= total:
        return _whole([n[0] * total / least for n in needs], total)
    if main is not None:
        return _whole(_main_widest(needs, total, main), total)
    spare = total - least
    wants = [n[1] - n[0] for n in needs]
    wanted = sum(wants)
    if wanted <= spare:
        # everything fits on one line: the rest goes to the widest column
        widths = [n[1] for n in needs]
        widths[wants.index(max(wants))] += spare - wanted
        return _whole(widths, total)
    return _whole([n[0] + spare * w / wanted for n, w in zip(needs, wants, strict=True)], total)


def _main_widest(needs: list[tuple[float, float]], total: int, main: int) -> list[float]:
    """The widest cap on the other columns (each at least its minimum) that leaves main the widest column."""

    def widths(cap: float) -> list[float]:
        out = [max(n[0], min(n[1], cap)) for n in needs]
        out[main] = total - (sum(out) - out[main])
        return out

    low, high = 0.0, float(total)
    for _ in range(40):
        cap = (low + high) / 2
        trial = widths(cap)
        if trial[main] >= max(w for j, w in enumerate(trial) if j != main):
            low = cap
        else:
            high = cap
    out = widths(low)
    # a column that wraps anyway needs no more than its minimum: the room goes to main
    for j, n in enumerate(needs):
        if j != main and n[0] < out[j] < n[1]:
            out[main] += out[j] - n[0]
            out[j] = n[0]
    return out


def _whole(widths: list[float], total: int) -> list[int]:
    out = [int(w) for w in widths]
    out[-1] += total - sum(out)
    return out


def _drop_empty(tbl: Any, rows: list[Any]) -> None:
    body = rows[1:]
    empty = [j for j in range(len(_cells(rows[0]))) if body and all(not _text(_cells(r)[j]).strip() for r in body)]
    grid = list(tbl.find(qn("w:tblGrid")).iterchildren(qn("w:gridCol")))
    for j in reversed(empty):
        for r in rows:
            r.remove(_cells(r)[j])
        grid[j].getparent().remove(grid[j])


def _year_on_its_own_line(tc: Any) -> None:
    """ "2025年10月底前" as "2025年" and "10月底前" on two lines of the cell (a line break after the year)."""
    for t in list(tc.iter(qn("w:t"))):
        head, sep, rest = (t.text or "").partition("年")
        if not (sep and rest and head[-1:].isdigit()):
            continue
        t.text = head + sep
        run = t.getparent()
        br, second = parse_xml(f"<w:br {nsdecls('w')}/>"), parse_xml(f'<w:t {nsdecls("w")} xml:space="preserve"/>')
        second.text = rest
        t.addnext(br)
        br.addnext(second)
        assert run is not None


def fit_task_table(document: Any, headers: list[str], breakable: str, char_twips: float, deadline: str = "完成时限") -> None:
    """Find the table whose header row is `headers`; drop empty columns and size the rest from the content.

    breakable: the header of the one column (工作任务) whose text may wrap anywhere; it gets the most room
    the others leave it.  deadline: the column whose dates put the year on a line of its own when it
    is narrower than its one-line width.
    """
    for tbl in document.element.body.iter(qn("w:tbl")):
        rows = list(tbl.iterchildren(qn("w:tr")))
        if not rows or [_text(c) for c in _cells(rows[0])] != headers:
            continue
        _drop_empty(tbl, rows)
        grid = list(tbl.find(qn("w:tblGrid")).iterchildren(qn("w:gridCol")))
        total = sum(int(g.get(qn("w:w"))) for g in grid)
        heads = [_text(c) for c in _cells(rows[0])]
        columns = [[_text(_cells(r)[j]) for r in rows[1:]] for j in range(len(heads))]
        needs = [_needs(h, texts, h == breakable, char_twips, h == deadline) for h, texts in zip(heads, columns, strict=True)]
        widths = allocate(needs, total, heads.index(breakable) if breakable in heads else None)
        if deadline in heads and widths[heads.index(deadline)] < needs[heads.index(deadline)][1]:
            for r in rows[1:]:
                _year_on_its_own_line(_cells(r)[heads.index(deadline)])
        for g, w in zip(grid, widths, strict=True):
            g.set(qn("w:w"), str(w))
        for r in rows:
            for c, w in zip(_cells(r), widths, strict=True):
                c.find(qn("w:tcPr") + "/" + qn("w:tcW")).set(qn("w:w"), str(w))
