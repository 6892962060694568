"""Read a metrics sheet (.xlsx, .xls, .et, .ods) by its headers: 指标 | 单位 | 本年 | 上年 | 分子 | 分母 | 备注."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporter.consolidate.sheetcells import COVERED, PercentCell, read_rows
from reporter.core.errors import DataError, Problem
from reporter.data.metric_columns import column_roles, is_no_duty, says_no_duty
from reporter.data.quantities import parse_number, split_rate_sign

SHEET_SUFFIXES = (".xlsx", ".xls", ".et", ".ods", ".xlsm")


@dataclass
class SheetMetric:
    """One row of a metrics sheet, `row` counted from 1 as the spreadsheet shows it."""

    name: str
    unit: str
    row: int
    value: float | None = None
    previous: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    na: bool = False
    note: str = ""


@dataclass
class SheetRead:
    metrics: list[SheetMetric] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


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


def _metric(row: list[Any], cols: dict[str, int], number: int, file: str, problems: list[Problem]) -> SheetMetric | None:
    name = str(_cell(row, cols, "name")).strip()
    raw = _cell(row, cols, "value")
    if not name or raw is COVERED:  # a heading merged across the sheet (一、行政执法) is not an indicator
        return None
    note = str(_cell(row, cols, "note")).strip()
    unit = str(_cell(row, cols, "unit")).strip() or ("%" if isinstance(raw, PercentCell) else "")
    metric = SheetMetric(name, unit, number, note=note)
    if is_no_duty(str(raw)) or says_no_duty(note):
        metric.na = True
        return metric
    for key in ("value", "previous", "numerator", "denominator"):
        cell = _cell(row, cols, key)
        value = cell_number(cell)
        if value is None and not _is_blank(cell):
            problems.append(
                Problem(file, number, cols[key] + 1, f"指标“{name}”", f"“{cell}”不是数字", "数值不要带单位，无此职责请填“无此职责”")
            )
        setattr(metric, key, value)
    if metric.value is None and _is_blank(raw):
        problems.append(Problem(file, number, cols["value"] + 1, f"指标“{name}”", "缺少本年数值", "无此职责请填“无此职责”，不要空着或填 0"))
        return None
    return metric if metric.value is not None else None


def _header(rows: Sequence[list[Any]], year: int) -> tuple[int, dict[str, int]] | None:
    """The header row (within the first 15, below any title rows) and its columns."""
    for i, row in enumerate(rows[:15]):
        cols = _columns(row, year)
        if "name" in cols and "value" in cols:
            return i, cols
    return None


def read_sheet(path: Path, file: str, year: int) -> SheetRead:
    """Every metric row of the first sheet; problems are located at file:row:column."""
    out = SheetRead()
    try:
        rows = _rows(path, file)
    except DataError as exc:  # too large, encrypted, broken: said per file, the other units are still merged
        out.problems += exc.problems
        return out
    found = _header(rows, year)
    if found is None:
        out.problems.append(
            Problem(
                file,
                1,
                1,
                "",
                f"找不到表头；第一张工作表应有“指标”列和“{year}年”（或“本年”）列，可选 单位、{year - 1}年（上年）、分子、分母、备注",
            )
        )
        return out
    i, cols = found
    for number, row in enumerate(rows[i + 1 :], start=i + 2):
        metric = _metric(row, cols, number, file, out.problems)
        if metric is not None:
            out.metrics.append(metric)
    return out
