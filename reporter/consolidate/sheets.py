"""Read a metrics sheet (.xlsx, .xls, .et, .ods) by its headers: 指标 | 单位 | 本年 | 上年 | 分子 | 分母 | 备注."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from reporter.consolidate.metric_entry import MetricEntry
from reporter.consolidate.sheetcells import COVERED, PercentCell, read_rows
from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import DataError
from reporter.core.text import DATE_PATTERN, fmt_number
from reporter.data.metric_columns import SUBTOTAL, column_roles, heading_role, is_no_duty, says_no_duty, total_kind
from reporter.data.quantities import parse_number, split_rate_sign

# What offices write under a table: who filled it in, how to reach them, when, the seal. Never indicators.
FOOTER_MARKS = (
    "填表人",
    "填报人",
    "制表人",
    "联系人",
    "联系电话",
    "审核人",
    "负责人",
    "填报日期",
    "填表日期",
    "填报时间",
    "填表时间",
    "报送日期",
    "单位（盖章）",
    "（盖章）",
    "注：",
)
_FILED = re.compile(r"(?:填报|填表|报送)(?:日期|时间)[：:]" + DATE_PATTERN)


@dataclass
class SheetRead:
    metrics: list[MetricEntry] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    date: dt.date | None = None  # the 填报日期 written under the table
    unreadable: str = ""  # why the file could not be read at all, in Chinese
    unreadable_fix: str = ""  # what to do about it, when the reader knows better than "send it again"


def _columns(row: list[Any], year: int) -> dict[str, int]:
    return column_roles(["" if cell is None else str(cell) for cell in row], year)


def _rows(path: Path, file: str) -> Sequence[list[Any]]:
    """The first worksheet's rows, read within bounds (sheetcells): percent cells as shown, merged headings marked."""
    return read_rows(path, file)


def cell_number(cell: Any) -> float | None:
    """A figure cell of a sheet: its number (typed, or text read as YAML reads it), None when it holds no number."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        return float(cell)
    number = parse_number(split_rate_sign(str(cell))[0])
    return None if number is None else float(number)


def _cell(row: list[Any], cols: dict[str, int], key: str) -> Any:
    i = cols.get(key)
    return row[i] if i is not None and i < len(row) else ""


def _is_blank(cell: Any) -> bool:
    return cell is None or str(cell).strip() == ""


def _metric(row: list[Any], cols: dict[str, int], number: int, file: str, problems: list[Diagnostic]) -> MetricEntry | None:
    name = str(_cell(row, cols, "name")).strip()
    raw = _cell(row, cols, "value")
    if not name or raw is COVERED:  # a heading merged across the sheet (一、行政执法) is not an indicator
        return None
    note = str(_cell(row, cols, "note")).strip()
    unit = str(_cell(row, cols, "unit")).strip() or ("%" if isinstance(raw, PercentCell) else "")
    metric = MetricEntry(file, number, name, unit, note=note)
    if is_no_duty(str(raw)) or says_no_duty(note):
        metric.na = True
        return metric
    for key in ("value", "previous", "numerator", "denominator"):
        cell = _cell(row, cols, key)
        value = cell_number(cell)
        if value is None and not _is_blank(cell):
            problems.append(
                Diagnostic(file, number, cols[key] + 1, f"指标“{name}”", f"“{cell}”不是数字", "数值不要带单位，无此职责请填“无此职责”")
            )
        setattr(metric, key, value)
    if metric.value is None and _is_blank(raw):
        problems.append(
            Diagnostic(file, number, cols["value"] + 1, f"指标“{name}”", "缺少本年数值", "无此职责请填“无此职责”，不要空着或填 0")
        )
        return None
    return metric if metric.value is not None else None


def _combined(upper: list[Any], lower: list[Any]) -> list[Any]:
    """A header over two rows with merged cells: the lower label where it names a column (数值 over 2024年 / 2023年,
    比率计算 over 分子 / 分母), else the upper one (2024年 over 数值 / 分子 / 分母)."""
    width = max(len(upper), len(lower))
    cells = [(upper[i] if i < len(upper) else None, lower[i] if i < len(lower) else None) for i in range(width)]
    return [low if not _is_blank(low) and heading_role(str(low)) else up if not _is_blank(up) else low for up, low in cells]


def _continues(lower: list[Any], cols: dict[str, int]) -> bool:
    """Whether the row under a header row is the header's second row: no indicator name, some label that is no figure."""
    name = cols["name"]
    if name < len(lower) and not _is_blank(lower[name]):
        return False
    return any(not _is_blank(c) and cell_number(c) is None for c in lower)


def _header(rows: Sequence[list[Any]], year: int) -> tuple[int, dict[str, int]] | None:
    """The first data row and the columns: the header is within the first 15 rows, below any title rows,
    on one row or on two (labels over 2024年 / 2023年 or 分子 / 分母, merged cells)."""
    for i, row in enumerate(rows[:15]):
        cols = _columns(row, year)
        if "name" not in cols:
            continue
        if i + 1 < len(rows) and _continues(rows[i + 1], cols):
            two = _columns(_combined(row, rows[i + 1]), year)
            if "value" in two:
                return i + 2, two
        if "value" in cols:
            return i + 1, cols
    return None


def _texts(row: list[Any]) -> list[str]:
    return [str(c).strip() for c in row if not _is_blank(c)]


def _footer(row: list[Any]) -> bool:
    """A line under the table: 填表人：张三 联系电话：… 审核人：…, 填报日期：…, 单位（盖章）, 注：…."""
    texts = _texts(row)
    # the line opens with the mark; a figure row's 备注 that mentions 盖章 is still a figure row
    return bool(texts) and (texts[0].startswith(FOOTER_MARKS) or "盖章" in texts[0])


def _filed_date(row: list[Any]) -> dt.date | None:
    for text in _texts(row):
        m = _FILED.search(text)
        if m:
            month, day = (m[2], m[3]) if m[2] else (m[4], m[5])
            try:
                return dt.date(int(m[1]), int(month), int(day))
            except ValueError:
                return None
    return None


@dataclass
class _TotalRow:
    name: str
    kind: str
    row: int
    unit: str
    cells: dict[str, Any]


@dataclass
class _Block:
    """The indicator rows since the last 小计 and the 小计 rows since the last 合计: what the next total closes."""

    rows: list[MetricEntry] = field(default_factory=list)
    subtotals: list[MetricEntry] = field(default_factory=list)


def _sum_of(closed: list[MetricEntry], key: str, unit: str) -> Decimal | None:
    """The sum of the closed rows in the total's unit; None when there is nothing to add or, for a total without a
    unit over rows of several units, nothing that can be added."""
    if not unit and len({m.measure for m in closed if not m.na}) > 1:
        return None
    values = [getattr(m, key) for m in closed if not m.na and (not unit or m.measure == unit)]
    values = [v for v in values if v is not None]
    return sum((Decimal(str(v)) for v in values), Decimal(0)) if values else None


def _check_total(total: _TotalRow, closed: list[MetricEntry], cols: dict[str, int], file: str, problems: list[Diagnostic]) -> None:
    """A 合计 / 小计 row must equal the sum of the rows it closes (same unit), column by column."""
    for key in ("value", "previous"):
        stated = cell_number(total.cells.get(key))
        summed = _sum_of(closed, key, total.unit)
        if stated is None or summed is None or Decimal(str(stated)) == summed:
            continue
        shown = [fmt_number(getattr(m, key)) for m in closed if getattr(m, key) is not None and not m.na]
        problems.append(
            Diagnostic(
                file,
                total.row,
                cols[key] + 1,
                f"“{total.name}”行",
                f"“{total.name}”为 {fmt_number(stated)}，而它合计的 {len(shown)} 行之和为 {fmt_number(summed)}（{'+'.join(shown)}）",
                "请核对各行数值和合计行；合计行不计入汇总，汇总按各行相加",
            )
        )


def _close(total: _TotalRow, block: _Block, cols: dict[str, int], file: str, problems: list[Diagnostic]) -> None:
    if total.kind == SUBTOTAL:
        closed, block.rows = block.rows, []
    else:
        # a 合计 after 小计 rows adds up the 小计 (and any rows after the last one)
        closed = block.subtotals + block.rows if block.subtotals else block.rows
        block.rows, block.subtotals = [], []
    _check_total(total, closed, cols, file, problems)
    if total.kind == SUBTOTAL:
        value, previous = (_sum_of(closed, k, total.unit) for k in ("value", "previous"))
        subtotal = MetricEntry(file, total.row, total.name, total.unit)
        subtotal.value = float(value) if value is not None else None
        subtotal.previous = float(previous) if previous is not None else None
        block.subtotals.append(subtotal)


def read_sheet(path: Path, file: str, year: int) -> SheetRead:
    """Every metric row of the first sheet; problems are located at file:row:column.

    Title rows above the header, 合计 / 小计 / 总计 rows (checked, never indicators) and the footer lines under
    the table are not indicators; the footer's 填报日期 dates the sheet.
    """
    out = SheetRead()
    try:
        rows = _rows(path, file)
    except DataError as exc:  # too large, encrypted, broken (sheetcells says which): 未能读取, the others still merged
        out.unreadable, out.unreadable_fix = exc.problems[0].message, exc.problems[0].fix
        return out
    found = _header(rows, year)
    if found is None:
        out.problems.append(
            Diagnostic(
                file,
                1,
                1,
                "",
                f"找不到表头；第一张工作表应有“指标”列和“{year}年”（或“本年”）列，可选 单位、{year - 1}年（上年）、分子、分母、备注",
            )
        )
        return out
    start, cols = found
    block = _Block()
    for number, row in enumerate(rows[start:], start=start + 1):
        if _footer(row):
            out.date = out.date or _filed_date(row)
            continue
        name = str(_cell(row, cols, "name")).strip()
        kind = total_kind(name) if name else ""
        if kind:
            cells = {k: _cell(row, cols, k) for k in ("value", "previous")}
            _close(_TotalRow(name, kind, number, str(_cell(row, cols, "unit")).strip(), cells), block, cols, file, out.problems)
            continue
        metric = _metric(row, cols, number, file, out.problems)
        if metric is not None:
            out.metrics.append(metric)
            block.rows.append(metric)
    return out
