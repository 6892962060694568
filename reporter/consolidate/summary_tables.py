"""The three summary tables as plain rows (for .docx and .xlsx alike) and the .xlsx writer."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from reporter.consolidate.metrics import MetricTotal
from reporter.consolidate.status import StatusRow
from reporter.content.phrasing import cn_date


@dataclass
class SummaryTable:
    """A titled table with notes under it; every cell is already the text to print."""

    title: str
    header: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # relative column widths


def _day(day: dt.date | None, year: int) -> str:
    """2月20日 in the reporting season (the year after the report's), the full date otherwise: the table stays one line a row."""
    if day is None:
        return ""
    return f"{day.month}月{day.day}日" if day.year == year + 1 else cn_date(day)


def status_table(title: str, year: int, rows: list[StatusRow], notes: list[str]) -> SummaryTable:
    header = ["序号", "单位", "报送情况", "报送日期", "举措条数", "指标数", "错误", "警告"]
    body = [
        [
            str(i),
            r.unit,
            r.status,
            _day(r.date, year),
            *(str(n) if r.status != "未报送" else "" for n in (r.items, r.metrics, r.errors, r.warnings)),
        ]
        for i, r in enumerate(rows, start=1)
    ]
    return SummaryTable(title, header, body, notes, [3.5, 26, 9, 10, 5, 5, 4, 4])


def metrics_table(title: str, year: int, totals: list[MetricTotal], notes: list[str]) -> SummaryTable:
    header = ["序号", "指标", "单位", f"{year}年合计", f"{year - 1}年合计", "同比", "填报单位数", "无此职责单位数"]
    body = [[str(i), t.name, t.unit, t.shown, t.previous_shown, t.yoy, str(t.reporting), str(t.na)] for i, t in enumerate(totals, start=1)]
    extra = [f"{t.name}：{t.note}。" for t in totals if t.note]
    return SummaryTable(title, header, body, extra + notes, [1.7, 8.0, 2.7, 4.7, 4.7, 7.9, 3.2, 3.2])


def issues_table(title: str, issues: list[list[str]]) -> SummaryTable:
    return SummaryTable(title, ["单位", "文件:行", "级别", "问题", "建议"], issues, [], [14, 20, 5, 40, 24])


def xlsx_bytes(table: SummaryTable) -> bytes:
    """The table as an .xlsx sheet: title row, header, rows, notes; numbers stay text as printed."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = table.title[:31].replace("/", "／") or "Sheet1"
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(table.header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in table.rows:
        sheet.append([_cell(v) for v in row])
    for note in table.notes:
        sheet.append([note])
    for i, width in enumerate(table.widths or [12] * len(table.header)):
        sheet.column_dimensions[chr(ord("A") + i)].width = width * 1.6
    sheet.freeze_panes = "A3"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _cell(text: str) -> str | int | float:
    """Counts become numbers a spreadsheet can add up; everything else stays the printed text."""
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number
