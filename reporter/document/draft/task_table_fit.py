"""Size the columns of the drafts' tables from their content (任务分工表, the report's attachments, summary tables)."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from lxml import etree

from reporter.core.text import display_width as text_width

# lxml only (no python-docx): a report build sizes its tables without loading python-docx.
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def qn(tag: str) -> str:
    """ "w:tbl" as lxml's {namespace}tbl."""
    return f"{{{_W}}}{tag.split(':', 1)[1]}"


def _w(tag: str) -> Any:
    return etree.Element(qn("w:" + tag), nsmap={"w": _W})


# Left and right cell margins of GwTable (85 twips each) plus a little slack for the font's side bearings.
CELL_MARGIN = 200
# Writers put a quarter-character gap where digits meet Chinese (2025 年 10 月): count it.
SCRIPT_GAP = 0.25
# Unit names and figures break only between entries, never inside one ("2025年10 / 月底前"); a phrase
# and the figure after it may go on two lines ("同比增长 / 11.9%").
_BREAKS = re.compile(r"[、，,；;\s]+|(?<=[\u4e00-\u9fff])(?=\d)")
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
    natural = max([_header_width(header)] + [_wide(line) for t in texts for line in t.split("\n")])
    if deadline:
        parts = [_wide(part) for t in texts for part in _AFTER_YEAR.split(t) if part]
        return max([text_width(header), *parts]) * char + CELL_MARGIN, natural * char + CELL_MARGIN
    head = _header_atom(header)
    if breakable:
        atom = min(natural, max(TITLE_LEAST, head))
    else:
        atom = max([head] + [min(_atom(t), LONGEST_WHOLE) for t in texts])
    return atom * char + CELL_MARGIN, natural * char + CELL_MARGIN


def _header_atom(header: str) -> float:
    """The narrowest a header may be: whole up to four characters, else on two lines, never one a line."""
    width = _header_width(header)
    return width if width <= 4.5 else max(2.0, float(-(-width // 2)))


def _header_width(header: str) -> float:
    # 黑体 digits run wider than half a character: a header's digits get an eighth more each
    return _wide(header) + 0.125 * sum(ch.isdigit() for ch in header)


def allocate(needs: list[tuple[float, float]], total: int, main: int | None = None, free: frozenset[int] = frozenset()) -> list[int]:
    """Column widths: every column its unbreakable minimum; then, when `main` (the 工作任务 column) is
    given, the others grow toward their one-line width only as far as main stays the widest, and main
    takes the rest (what it cannot use going to the columns still wrapping); without `main` the rest is
    shared by how much each still wants.  `free`: the columns whose text wraps anywhere (说明)."""
    least = sum(n[0] for n in needs)
    if least >= total:
        return _whole([n[0] * total / least for n in needs], total)
    if main is not None:
        return _whole(_main_widest(needs, total, main, free), total)
    spare = total - least
    wants = [n[1] - n[0] for n in needs]
    wanted = sum(wants)
    if wanted <= spare:
        # everything fits on one line: the rest goes to the widest column
        widths = [n[1] for n in needs]
        widths[wants.index(max(wants))] += spare - wanted
        return _whole(widths, total)
    return _whole([n[0] + spare * w / wanted for n, w in zip(needs, wants, strict=True)], total)


def _main_widest(needs: list[tuple[float, float]], total: int, main: int, free: frozenset[int]) -> list[float]:
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
    # a name or a date that wraps anyway needs no more than its minimum: the room goes to main
    for j, n in enumerate(needs):
        if j != main and j not in free and n[0] < out[j] < n[1]:
            out[main] += out[j] - n[0]
            out[j] = n[0]
    # what main cannot use (its texts all on one line) goes to the columns still wrapping
    excess = out[main] - max(needs[main][1], max(w for j, w in enumerate(out) if j != main))
    for j in sorted(free, key=lambda j: needs[j][1] - out[j], reverse=True):
        if excess <= 0 or j == main:
            continue
        more = min(excess, needs[j][1] - out[j])
        if more > 0:
            out[j] += more
            out[main] -= more
            excess -= more
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
        br, second = _w("br"), _w("t")
        second.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        second.text = rest
        t.addnext(br)
        br.addnext(second)
        assert run is not None


def fitted_widths(
    heads: list[str], columns: list[list[str]], total: int, char_twips: float, breakable: tuple[str, ...], deadline: str = "完成时限"
) -> list[int]:
    """The column widths (twips, adding up to `total`) fit_columns gives a table of these headers and
    column texts (a cell's lines joined by newlines); for writers that build the table's XML themselves."""
    needs = [_needs(h, texts, h in breakable, char_twips, h == deadline) for h, texts in zip(heads, columns, strict=True)]
    main = next((heads.index(h) for h in breakable if h in heads), None)
    return allocate(needs, total, main, frozenset(j for j, h in enumerate(heads) if h in breakable))


def fit_columns(tbl: Any, char_twips: float, breakable: tuple[str, ...], deadline: str = "完成时限") -> None:
    """Size the columns of one table (its first row the header) from its content.

    breakable: the headers of the columns whose text may wrap anywhere, the first of them the main
    one, given the most room the others leave (工作任务, 指标, 任务).  Names and figures of the other
    columns stay whole up to eight characters; headers break at most in two.  deadline: the column
    whose dates put the year on a line of its own when it is narrower than its one-line width.
    """
    rows = list(tbl.iterchildren(qn("w:tr")))
    grid = list(tbl.find(qn("w:tblGrid")).iterchildren(qn("w:gridCol")))
    heads = [_text(c) for c in _cells(rows[0])]
    if len(heads) != len(grid) or any(len(_cells(r)) != len(grid) for r in rows):
        return  # merged cells: left as drawn
    total = sum(int(g.get(qn("w:w"))) for g in grid)
    columns = [[_text(_cells(r)[j]) for r in rows[1:]] for j in range(len(heads))]
    widths = fitted_widths(heads, columns, total, char_twips, breakable, deadline)
    day = heads.index(deadline) if deadline in heads else None
    if day is not None and widths[day] < _needs(deadline, columns[day], deadline in breakable, char_twips, True)[1]:
        for r in rows[1:]:
            _year_on_its_own_line(_cells(r)[day])
    for g, w in zip(grid, widths, strict=True):
        g.set(qn("w:w"), str(w))
    for r in rows:
        for c, w in zip(_cells(r), widths, strict=True):
            c.find(qn("w:tcPr") + "/" + qn("w:tcW")).set(qn("w:w"), str(w))


def fit_task_table(document: Any, headers: list[str], breakable: str, char_twips: float, deadline: str = "完成时限") -> None:
    """Find the table whose header row is `headers`; drop empty columns and size the rest from the content."""
    for tbl in document.element.body.iter(qn("w:tbl")):
        rows = list(tbl.iterchildren(qn("w:tr")))
        if not rows or [_text(c) for c in _cells(rows[0])] != headers:
            continue
        _drop_empty(tbl, rows)
        fit_columns(tbl, char_twips, (breakable,), deadline)


# The report's attachments, known by their first headers: (main column, other columns that may wrap).
REPORT_TABLES: dict[tuple[str, str], tuple[str, ...]] = {("序号", "指标"): ("指标",), ("序号", "任务"): ("任务", "说明")}


def fit_report_tables(data: bytes, char_twips: float) -> bytes:
    """A rendered report (DATA) with the columns of its attachment tables (主要指标统计表, 任务完成情况表)
    sized from their content; the package is rewritten only when it has one."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
        if not _fit_report_tables(root, char_twips):
            return data
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for item in z.infolist():
                w.writestr(item, xml if item.filename == "word/document.xml" else z.read(item.filename))
    return out.getvalue()


def _fit_report_tables(root: Any, char_twips: float) -> bool:
    fitted = False
    for tbl in root.iter(qn("w:tbl")):
        rows = list(tbl.iterchildren(qn("w:tr")))
        heads = tuple(_text(c) for c in _cells(rows[0]))[:2] if rows else ()
        if heads in REPORT_TABLES:
            fit_columns(tbl, char_twips, REPORT_TABLES[heads])
            fitted = True
    return fitted
