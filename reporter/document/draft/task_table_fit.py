"""Size the columns of the drafts' tables from their content (任务分工表, the report's attachments, summary tables)."""

from __future__ import annotations

import functools
import html
import itertools
import re
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
# and the figure after it may go on two lines ("同比增长 / 11.9%").  The mark after a name stays with
# it (a line never starts with "、"): "各乡镇人民政府、" is the piece that must fit.
_BREAKS = re.compile(r"(?<=[、，,；;])|\s+|(?<=[\u4e00-\u9fff])(?=\d)")
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


# Runs of Latin and of CJK text: where they meet, writers put a quarter-character gap.
_SCRIPT_RUNS = re.compile(r"[\x00-\u2e7f]+|[^\x00-\u2e7f]+")


# Times New Roman's signs and capitals run wider than half a character ("%" 0.83 of it): "增长20%"
# sized as 3.75 characters broke before "20%" in LibreOffice.
_WIDER = {"%": 0.35, "‰": 0.5, "@": 0.45, **{c: 0.2 for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}}


@functools.lru_cache(maxsize=4096)
def _wide(text: str) -> float:
    # cached: unit names, statuses and figures' units repeat from row to row and from draft to draft
    switches = max(0, len(_SCRIPT_RUNS.findall(text)) - 1)
    return text_width(text) + SCRIPT_GAP * switches + sum(_WIDER.get(ch, 0.0) for ch in text if ch.isascii() or ch == "‰")


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
        atom = max([head] + [min(_atom(t), LONGEST_WHOLE) for t in set(texts)])
    return atom * char + CELL_MARGIN, natural * char + CELL_MARGIN


def _tight(header: str, texts: list[str], breakable: bool, char: float, least: float) -> float:
    """The narrowest width (twips) when the columns do not fit whole: a header or a Chinese word of
    three or more characters breaks in two ("报送/情况", "松溪县城关/镇人民政府"); figures, dates and
    two-character words stay whole, so nothing stands one character a line."""
    if breakable:
        return least
    head = _header_atom(header)
    head = max(2.0, float(-(-head // 2))) if head > 2 and _header_width(header) <= 4.5 else head
    atom = max([head] + [min(_half(t), LONGEST_WHOLE) for t in set(texts)])
    return min(least, atom * char + CELL_MARGIN)


def _half(text: str) -> float:
    """The widest piece of TEXT when its Chinese words of three or more characters break in two."""
    return max((_half_word(part) for part in _BREAKS.split(text) if part), default=0.0)


def _half_word(word: str) -> float:
    width = _wide(word)
    if width <= 2 or any(ch.isascii() for ch in word):
        return width  # figures, dates, Latin names and two-character words stay whole
    return float(-(-width // 2))


def _header_atom(header: str) -> float:
    """The narrowest a header may be: whole up to four characters, else on two lines, never one a line."""
    width = _header_width(header)
    return width if width <= 4.5 else max(2.0, float(-(-width // 2)))


def _header_width(header: str) -> float:
    # 黑体 digits run wider than half a character: a header's digits get an eighth more each
    return _wide(header) + 0.125 * sum(ch.isdigit() for ch in header)


def allocate(
    needs: list[tuple[float, float]],
    total: int,
    main: int | None = None,
    free: frozenset[int] = frozenset(),
    headed: frozenset[int] = frozenset(),
) -> list[int]:
    """Column widths: every column its unbreakable minimum; then, when `main` (the 工作任务 column) is
    given, the others grow toward their one-line width only as far as main stays the widest, and main
    takes the rest (what it cannot use going to the columns still wrapping); without `main` the rest is
    shared by how much each still wants.  `free`: the columns whose text wraps anywhere (说明); `headed`:
    those only whose header would wrap (填报单位数), widened last: a header on two lines costs one row,
    a cell on two lines ("增长 / 16.7%") every row."""
    least = sum(n[0] for n in needs)
    if least >= total:
        return _whole([n[0] * total / least for n in needs], total)
    if main is not None:
        return _whole(_main_widest(needs, total, main, free, headed), total)
    spare = total - least
    wants = [n[1] - n[0] for n in needs]
    wanted = sum(wants)
    if wanted <= spare:
        # everything fits on one line: the rest goes to the widest column
        widths = [n[1] for n in needs]
        widths[wants.index(max(wants))] += spare - wanted
        return _whole(widths, total)
    return _whole([n[0] + spare * w / wanted for n, w in zip(needs, wants, strict=True)], total)


def _main_widest(
    needs: list[tuple[float, float]], total: int, main: int, free: frozenset[int], headed: frozenset[int] = frozenset()
) -> list[float]:
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
    # then to a column it puts on one line whole ("增长16.7%"), the cheapest first: never half-way
    for j in sorted((j for j in range(len(needs)) if j != main and j not in free), key=lambda j: (j in headed, needs[j][1] - out[j])):
        more = needs[j][1] - out[j]
        if 0 < more <= excess:
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
    """The widths (twips, summing to `total`) of a table's columns from their headers and texts.

    breakable: the headers of the columns whose text may wrap anywhere, the first of them the main
    one, given the most room the others leave (工作任务, 指标, 任务).  Names and figures of the other
    columns stay whole up to eight characters; headers break at most in two.  deadline: the column
    whose dates may put the year on a line of its own (see `year_apart`).
    """
    needs = [_needs(h, texts, h in breakable, char_twips, h == deadline) for h, texts in zip(heads, columns, strict=True)]
    main = next((heads.index(h) for h in breakable if h in heads), None)
    if sum(n[0] for n in needs) < total:
        # a column as wide as its header on one line: only the header would wrap
        headed = frozenset(
            j for j, (h, n) in enumerate(zip(heads, needs, strict=True)) if _header_width(h) * char_twips + CELL_MARGIN >= n[1]
        )
        return allocate(needs, total, main, frozenset(j for j, h in enumerate(heads) if h in breakable), headed)
    # too many columns to keep every header and name whole (a nine-column summary table on a portrait
    # page): each starts at its tight width, and as many as the page allows get their whole width
    tight = [_tight(h, texts, h in breakable, char_twips, n[0]) for h, texts, n in zip(heads, columns, needs, strict=True)]
    return _whole(_upgraded(needs, tight, total, main), total)


def _upgraded(needs: list[tuple[float, float]], tight: list[float], total: int, main: int | None) -> list[float]:
    """Tight widths, the cheapest columns widened to their whole width while room is left; the rest of
    the room to the main column (else to the column wanting most).  Never a width between the two, where
    a header of four would stand three and one."""
    spare = total - sum(tight)
    if spare <= 0:
        return [t * total / sum(tight) for t in tight]
    widths = list(tight)
    for j in sorted((j for j in range(len(needs)) if j != main), key=lambda j: needs[j][0] - tight[j]):
        if needs[j][0] - tight[j] <= spare:
            spare -= needs[j][0] - tight[j]
            widths[j] = needs[j][0]
    rest = main if main is not None else max(range(len(needs)), key=lambda j: needs[j][1] - widths[j])
    widths[rest] += spare
    return widths


def year_apart(heads: list[str], columns: list[list[str]], widths: list[int], char_twips: float, deadline: str) -> bool:
    """Whether the deadline column is narrower than its one-line width: its dates then put the year on a line of its own."""
    if deadline not in heads:
        return False
    j = heads.index(deadline)
    return widths[j] < _needs(deadline, columns[j], False, char_twips, True)[1]


def fit_columns(tbl: Any, char_twips: float, breakable: tuple[str, ...], deadline: str = "完成时限") -> None:
    """Size the columns of one table element (its first row the header) from its content (see fitted_widths)."""
    rows = list(tbl.iterchildren(qn("w:tr")))
    grid = list(tbl.find(qn("w:tblGrid")).iterchildren(qn("w:gridCol")))
    cells = [_cells(r) for r in rows]
    heads = [_text(c) for c in cells[0]]
    if len(heads) != len(grid) or any(len(row) != len(grid) for row in cells):
        return  # merged cells: left as drawn
    total = sum(int(g.get(qn("w:w"))) for g in grid)
    texts = [[_text(c) for c in row] for row in cells[1:]]
    columns = [[row[j] for row in texts] for j in range(len(heads))]
    widths = fitted_widths(heads, columns, total, char_twips, breakable, deadline)
    if year_apart(heads, columns, widths, char_twips, deadline):
        for row in cells[1:]:
            _year_on_its_own_line(row[heads.index(deadline)])
    for g, w in zip(grid, widths, strict=True):
        g.set(qn("w:w"), str(w))
    width_path = qn("w:tcPr") + "/" + qn("w:tcW")
    for row in cells:
        for c, w in zip(row, widths, strict=True):
            c.find(width_path).set(qn("w:w"), str(w))


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


# The report's tables as text (they hold no table inside them): the grid, the cells' widths and texts.
_GRID_COL = re.compile(r'(<w:gridCol w:w=")(\d+)(")')
_CELL_WIDTH = re.compile(r'(<w:tcW w:w=")(\d+)(")')
_TOKEN = re.compile(r"<w:tc>|</w:tr>|<w:t(?: [^>]*)?>([^<]*)</w:t>")


def fit_report_tables(xml: str, char_twips: float) -> str:
    """XML (a rendered word/document.xml) with the columns of its attachment tables (主要指标统计表,
    任务完成情况表) sized from their content.  Read and rewritten as text, the way the default
    templates draw them (a grid, one <w:tcW> per cell): a unit's report costs well under a
    millisecond more (benchmarks/bench_units.py); a table drawn otherwise is left as it is."""
    out: list[str] = []
    pos = 0
    # found by their header's first cell (str.find: a regex over the whole body costs more than the fitting)
    while (found := xml.find(">序号<", pos)) != -1:
        start, end = xml.rfind("<w:tbl>", pos, found), xml.find("</w:tbl>", found)
        if start == -1 or end == -1:
            break
        end += len("</w:tbl>")
        out += [xml[pos:start], _fit_table_xml(xml[start:end], char_twips)]
        pos = end
    return "".join(out) + xml[pos:] if out else xml


def _rows_text(rows_xml: str) -> list[list[str]]:
    """The text of each cell, row by row; as _text, each text of a cell on a line of its own."""
    rows: list[list[str]] = []
    row: list[list[str]] = []
    for m in _TOKEN.finditer(rows_xml):
        token = m.group(0)
        if token == "<w:tc>":
            row.append([])
        elif token == "</w:tr>":
            rows.append(["\n".join(cell) for cell in row])
            row = []
        elif row:
            row[-1].append(html.unescape(m.group(1)) if "&" in m.group(1) else m.group(1))
    return rows


def _fit_table_xml(table: str, char_twips: float) -> str:
    if ">序号<" not in table or table.count("<w:tbl>") > 1 or "<w:gridSpan" in table or "<w:vMerge" in table:
        return table
    head, _, rest = table.partition("</w:tblGrid>")
    grid = _GRID_COL.findall(head)
    rows = _rows_text(rest)
    if not rows or any(len(cells) != len(grid) for cells in rows) or rest.count("<w:tcW ") != len(rows) * len(grid):
        return table
    heads = rows[0]
    breakable = REPORT_TABLES.get((heads[0], heads[1])) if len(heads) > 1 else None
    if breakable is None:
        return table
    columns = [[cells[j] for cells in rows[1:]] for j in range(len(heads))]
    widths = fitted_widths(heads, columns, sum(int(g[1]) for g in grid), char_twips, breakable, deadline="")
    sized = iter(widths)
    head = _GRID_COL.sub(lambda m: f"{m[1]}{next(sized)}{m[3]}", head)
    # one width per cell and a cell per column in every row (checked above): the widths in turn, row after row
    cells = itertools.cycle(widths)
    return head + "</w:tblGrid>" + _CELL_WIDTH.sub(lambda m: f"{m[1]}{next(cells)}{m[3]}", rest)
