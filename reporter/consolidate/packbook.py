"""The 指标填报表 of a pack: written with its identity (unit, year, rows) kept in the workbook, and read back by it."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporter.consolidate.metric_entry import MetricEntry
from reporter.consolidate.roster import Roster
from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import ReporterError
from reporter.core.text import display_width, fmt_number
from reporter.data.indicators import definition_text
from reporter.data.metric_columns import is_no_duty
from reporter.data.model import Indicator
from reporter.data.quantities import rate_symbol

NA = "无此职责"
SHEET = "指标填报表"
GUIDE = "填报说明"
# The identity sheet: very hidden, protected; LibreOffice, WPS and Excel keep it on a re-save.
IDENTITY = "报送标识"
MAGIC = "reporter-pack"
VERSION = "1"
COLUMNS = ("序号", "指标", "单位", "{year}年", "{last}年", "分子", "分母", "口径说明", "备注")
VALUE, PREVIOUS, NUMERATOR, DENOMINATOR, NOTE = 4, 5, 6, 7, 9  # 1-based columns
WIDTHS = (6, 26, 8, 12, 12, 10, 10, 46, 18)


def header(year: int) -> list[str]:
    """The one header row: 序号 | 指标 | 单位 | YEAR年 | (YEAR-1)年 | 分子 | 分母 | 口径说明 | 备注."""
    return [c.format(year=year, last=year - 1) for c in COLUMNS]


@dataclass
class PackRow:
    """One indicator of a unit's pack: its registry entry and last year's figure of that unit (a number, NA or None)."""

    indicator: Indicator
    previous: float | str | None = None


@dataclass
class PackInfo:
    """What the workbook says about itself: whose pack, which year, which indicator on which row."""

    unit: str
    year: int
    rows: list[tuple[int, str, str, str]] = field(default_factory=list)  # (row, name, unit, kind)
    na: dict[str, bool] = field(default_factory=dict)  # whether 无此职责 is allowed, by name


# ------------------------------------------------------------------ writing


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    thin = Side(style="thin", color="000000")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "head_font": Font(name="黑体", bold=True, size=11),
        "font": Font(name="宋体", size=11),
        "head_fill": PatternFill("solid", fgColor="D9D9D9"),
        "input_fill": PatternFill("solid", fgColor="FFF2CC"),
        "off_fill": PatternFill("solid", fgColor="EDEDED"),
        "centre": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "open": Protection(locked=False),
    }


def _validation(formula: str, prompt: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="custom", formula1=formula, allow_blank=True, showErrorMessage=True, showInputMessage=True)
    dv.errorTitle, dv.error = "数值不符合要求", prompt
    dv.promptTitle, dv.prompt = "填写要求", prompt
    return dv


def _value_rule(ind: Indicator, cell: str) -> Any:
    """A number ≥ 0 (a rate ≤ 100 or 1000), or 无此职责 where the indicator allows it."""
    number = f"AND(ISNUMBER({cell}),{cell}>=0"
    sign = rate_symbol(ind.unit)
    number += f",{cell}<={1000 if sign == '‰' else 100})" if sign else ")"
    if ind.na:
        return _validation(f'OR({number},{cell}="{NA}")', f"填写不小于0的数字（不带单位）；本单位无此项职责请填“{NA}”")
    return _validation(number, "填写不小于0的数字（不带单位）；本项不能填“无此职责”")


def _part_rules(row: int) -> list[Any]:
    num, den = f"F{row}", f"G{row}"
    return [
        _validation(f"AND(ISNUMBER({num}),{num}>=0,OR(NOT(ISNUMBER({den})),{num}<={den}))", "填写分子（不小于0，不大于分母）"),
        _validation(f"AND(ISNUMBER({den}),{den}>0,OR(NOT(ISNUMBER({num})),{num}<={den}))", "填写分母（大于0，不小于分子）"),
    ]


def _write_row(sheet: Any, r: int, number: int, row: PackRow, st: dict[str, Any]) -> list[Any]:
    ind = row.indicator
    rate = ind.kind == "rate"
    values: list[Any] = [number, ind.name, ind.unit, None, row.previous, None, None, definition_text(ind), None]
    for c, value in enumerate(values, start=1):
        cell = sheet.cell(row=r, column=c, value=value)
        cell.border, cell.font = st["border"], st["font"]
        cell.alignment = st["left"] if c in (2, 8, NOTE) else st["centre"]
        if c in (VALUE, NOTE) or (rate and c in (NUMERATOR, DENOMINATOR)):
            cell.protection, cell.fill = st["open"], st["input_fill"]
        elif c in (NUMERATOR, DENOMINATOR):
            cell.fill = st["off_fill"]
    # spreadsheets do not grow a row for wrapped text written by a program: the height is set from the longest cell
    lines = max(math.ceil(display_width(str(v)) * 2 / (WIDTHS[c - 1] - 1)) for c, v in enumerate(values, start=1) if v is not None)
    sheet.row_dimensions[r].height = 15 * max(lines, 1) + 4
    rules = [_value_rule(ind, f"D{r}")] + (_part_rules(r) if rate else [])
    for rule, col in zip(rules, ("D", "F", "G"), strict=False):
        rule.add(f"{col}{r}")
    return rules


def _guide(book: Any, unit: str, year: int, lines: list[str]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(GUIDE)
    sheet.column_dimensions["A"].width = 100
    sheet.append([f"{unit}{year}年度法治政府建设主要指标填报说明"])
    sheet["A1"].font = Font(name="黑体", bold=True, size=14)
    for line in lines:
        sheet.append([line])
        sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.protection.sheet = True


def _identity(book: Any, info: PackInfo) -> None:
    sheet = book.create_sheet(IDENTITY)
    sheet.append([MAGIC, VERSION])
    sheet.append(["unit", info.unit])
    sheet.append(["year", info.year])
    for row, name, unit, kind in info.rows:
        sheet.append(["indicator", row, name, unit, kind, "na" if info.na.get(name, True) else "no-na"])
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def pack_workbook(unit: str, year: int, rows: list[PackRow], guide: list[str]) -> bytes:
    """The .xlsx: the sheet to fill (header frozen, structure protected, values editable and validated), a guide, the identity."""
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    st = _styles()
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(header(year))
    for c, width in enumerate(WIDTHS, start=1):
        cell = sheet.cell(row=1, column=c)
        cell.font, cell.fill, cell.border, cell.alignment = st["head_font"], st["head_fill"], st["border"], st["centre"]
        sheet.column_dimensions[cell.column_letter].width = width
    info = PackInfo(unit, year)
    for number, row in enumerate(rows, start=1):
        r = number + 1
        for rule in _write_row(sheet, r, number, row, st):
            sheet.add_data_validation(rule)
        info.rows.append((r, row.indicator.name, row.indicator.unit, row.indicator.kind))
        info.na[row.indicator.name] = row.indicator.na
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = f"{unit}{year}年度法治政府建设主要指标填报表"
    # values stay editable (unlocked cells); rows, columns and sheets cannot be added, deleted or renamed
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    _guide(book, unit, year, guide)
    _identity(book, info)
    book.security = WorkbookProtection(lockStructure=True)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ reading


def _int(value: Any) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def pack_info(path: Path, shown: str) -> tuple[PackInfo, Sequence[list[Any]]] | None:
    """(identity, rows of the sheet to fill) when `path` is a pack of ours, else None (a hand-made sheet, read as before).

    Read within the sheet reader's bounds (sheetcells): a pack is a file from outside like any other.
    """
    from reporter.consolidate.sheetcells import read_sheets

    def pick(names: list[str]) -> list[str]:
        return [IDENTITY, SHEET if SHEET in names else names[0]] if IDENTITY in names else []

    try:
        sheets = read_sheets(path, shown, pick)
    except ReporterError:  # unreadable, too large or encrypted: the sheet reader's to report
        return None
    if not sheets:
        return None
    ident = sheets[IDENTITY]
    if not ident or not ident[0] or str(ident[0][0]).strip() != MAGIC:
        return None
    fields = {str(r[0]).strip(): r[1] for r in ident if len(r) > 1}
    year = _int(fields.get("year"))
    info = PackInfo(str(fields.get("unit", "")).strip(), year or 0)
    for r in ident:
        row = _int(r[1]) if len(r) > 4 and str(r[0]).strip() == "indicator" else None
        if row is not None:
            info.rows.append((row, str(r[2]).strip(), str(r[3]).strip(), str(r[4]).strip()))
            info.na[str(r[2]).strip()] = not (len(r) > 5 and str(r[5]).strip() == "no-na")
    return info, sheets[SHEET if SHEET in sheets else next((k for k in sheets if k != IDENTITY), IDENTITY)]


@dataclass
class PackRead:
    figures: list[MetricEntry] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)


def _cell(rows: Sequence[list[Any]], row: int, col: int) -> Any:
    if 0 < row <= len(rows) and 0 < col <= len(rows[row - 1]):
        return rows[row - 1][col - 1]
    return None


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def _number(value: Any) -> float | None:
    from reporter.data.quantities import read_number

    if isinstance(value, bool) or _blank(value):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        number = read_number(str(value).strip())
    except (ValueError, TypeError):
        return None
    return float(number) if isinstance(number, (int, float)) else None


def _located(rows: Sequence[list[Any]], info: PackInfo) -> dict[str, int]:
    """Where each indicator of the identity stands now: its own row, else (rows moved) wherever column B names it."""
    names = {str(_cell(rows, r, 2) or "").strip(): r for r in range(2, len(rows) + 1)}
    out: dict[str, int] = {}
    for row, name, _, _ in info.rows:
        if str(_cell(rows, row, 2) or "").strip() == name:
            out[name] = row
        elif name in names:
            out[name] = names[name]
    return out


def read_figures(rows: Sequence[list[Any]], info: PackInfo, file: str) -> PackRead:
    """Every indicator of the identity by its row; each problem a finding at its row and column."""
    out = PackRead()
    at = _located(rows, info)
    names = {name for _, name, _, _ in info.rows}
    renamed: set[int] = set()
    for row, name, unit, kind in info.rows:
        where = at.get(name)
        if where is None:
            found = str(_cell(rows, row, 2) or "").strip()
            what = f"被改为“{found}”" if found and found not in names else "被删除"
            renamed |= {row} if found and found not in names else set()
            out.findings.append(
                Diagnostic(
                    file, row, 2, f"指标“{name}”", f"第 {row} 行的指标“{name}”{what}，未能读取", "请用原表重新填写，不要删除或改动指标行"
                )
            )
            continue
        figure = _figure(rows, where, name, unit, kind, file, out.findings, info.na.get(name, True))
        if figure is not None:
            out.figures.append(figure)
    out.findings += _strangers(rows, names, renamed, file)
    return out


def _strangers(rows: Sequence[list[Any]], names: set[str], renamed: set[int], file: str) -> list[Diagnostic]:
    """Rows naming an indicator the pack does not hold (renamed or added): not counted, said where."""
    out = []
    for r in range(2, len(rows) + 1):
        name = str(_cell(rows, r, 2) or "").strip()
        if name and name not in names and r not in renamed:
            out.append(
                Diagnostic(
                    file,
                    r,
                    2,
                    f"指标“{name}”",
                    f"第 {r} 行“{name}”不是本表的指标（被改名或新增），未计入汇总",
                    "其他情况请写在备注或报告中",
                    "warning",
                )
            )
    return out


def _figure(
    rows: Sequence[list[Any]], r: int, name: str, unit: str, kind: str, file: str, findings: list[Diagnostic], na_ok: bool
) -> MetricEntry | None:
    raw = _cell(rows, r, VALUE)
    path = f"指标“{name}”"
    figure = MetricEntry(file, r, name, unit, previous=_number(_cell(rows, r, PREVIOUS)))
    if not _blank(raw) and is_no_duty(str(raw)):
        if na_ok:
            figure.na = True
            return figure
        findings.append(Diagnostic(file, r, VALUE, path, f"第 {r} 行“{name}”不能填“{NA}”", "本项每个单位都须填数；确实没有请填 0"))
        return None
    if _blank(raw):
        findings.append(
            Diagnostic(
                file, r, VALUE, path, f"第 {r} 行“{name}”缺少{_header_year(rows)}数值", f"请填写数字；本单位无此项职责请填“{NA}”，不要空着"
            )
        )
        return None
    figure.value = _number(raw)
    if figure.value is None:
        findings.append(Diagnostic(file, r, VALUE, path, f"第 {r} 行“{name}”的“{raw}”不是数字", f"数值不要带单位；无此职责请填“{NA}”"))
        return None
    figure.numerator, figure.denominator = _number(_cell(rows, r, NUMERATOR)), _number(_cell(rows, r, DENOMINATOR))
    problems = against_definition(figure.value, unit, kind, figure.numerator, figure.denominator)
    for message, fix in problems:
        findings.append(Diagnostic(file, r, VALUE, path, f"第 {r} 行“{name}”{message}", fix))
    return None if problems else figure


def _header_year(rows: Sequence[list[Any]]) -> str:
    head = str(_cell(rows, 1, VALUE) or "").strip()
    return head or "本年"


def against_definition(value: float, unit: str, kind: str, numerator: float | None, denominator: float | None) -> list[tuple[str, str]]:
    """What a figure breaks of its indicator's 口径: negative, a fraction of a count, a rate over 100%, 分子 > 分母, rate ≠ 分子/分母."""
    if value < 0:
        return [(f"为负数（{fmt_number(value)}）", "请核对；数值不能小于0")]
    if kind == "count" and not float(value).is_integer():
        return [(f"为 {fmt_number(value)}，件数应为整数", "请核对口径说明")]
    if kind != "rate":
        return []
    return _rate_problems(value, unit, numerator, denominator)


def _rate_problems(value: float, unit: str, numerator: float | None, denominator: float | None) -> list[tuple[str, str]]:
    scale = 1000 if rate_symbol(unit) == "‰" else 100
    if value > scale:
        return [(f"为 {fmt_number(value)}{unit}，超过 {scale}{unit}", "比率不能超过100%；请按口径说明核对分子、分母")]
    if numerator is None or denominator is None:
        return [("是比率，但没有填分子、分母", "请填写分子、分母，汇总时按 Σ分子/Σ分母 计算")]
    if denominator <= 0 or numerator < 0:
        return [("的分子、分母应为不小于0的数，分母大于0", "请按口径说明核对")]
    if numerator > denominator:
        return [
            (f"的分子 {fmt_number(numerator)} 大于分母 {fmt_number(denominator)}", "分子是分母的一部分，不能大于分母；请按口径说明核对")
        ]
    computed = numerator / denominator * scale
    if abs(computed - value) > 0.05 + 1e-9:
        shown = fmt_number(round(computed, 2))
        return [(f"为 {fmt_number(value)}{unit}，按分子/分母应为 {shown}{unit}", "请核对数值与分子、分母")]
    return []


# ------------------------------------------------------------------ a returned pack in merge


@dataclass
class ReturnedPack:
    """A pack found in units/: whose it is, its figures (only when it is this unit's pack of this year) and findings."""

    unit: str
    in_roster: bool
    figures: list[MetricEntry] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)


def read_pack(path: Path, file: str, year: int, roster: Roster) -> ReturnedPack | None:
    """A returned pack read by its identity (None: not a pack); another unit's or year's pack is an error, not counted."""
    found = pack_info(path, file)
    if found is None:
        return None
    info, rows = found
    sender, named = roster.unit_of(path)
    owner = roster.match(info.unit) or info.unit
    if not named:  # a file renamed beyond recognition: the pack says whose it is
        sender, named = owner, roster.match(info.unit) is not None
    out = ReturnedPack(sender, named)
    if owner != sender:
        out.findings.append(
            Diagnostic(
                file, 1, 2, "", f"这是“{info.unit}”的填报表，文件名却是“{sender}”的，未计入汇总", f"请{sender}用本单位的填报表重新填写"
            )
        )
    if info.year != year:
        out.findings.append(
            Diagnostic(file, 1, VALUE, "", f"这是 {info.year} 年的填报表，不是 {year} 年的，未计入汇总", f"请用 {year} 年的填报表重新填写")
        )
    if out.findings:
        return out
    read = read_figures(rows, info, file)
    out.figures, out.findings = read.figures, read.findings
    return out
