"""The three summary tables as rows of cells (printed text for .docx, typed values for .xlsx) and the .xlsx writer."""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass, field
from typing import Any

from reporter.consolidate.metrics import MetricTotal
from reporter.consolidate.status import StatusRow
from reporter.content.context import table_notes
from reporter.content.phrasing import cn_date
from reporter.core.text import display_width
from reporter.data.quantities import rate_symbol


@dataclass(frozen=True)
class Figure:
    """A cell that is a number or a date in a spreadsheet and `text` on paper."""

    value: int | float | dt.date
    text: str
    number_format: str = "General"


Cell = str | Figure


def text(cell: Cell) -> str:
    return cell.text if isinstance(cell, Figure) else cell


@dataclass
class SummaryTable:
    """A titled table with notes under it; a cell is the text to print, or a Figure (number, date) with its text."""

    title: str
    header: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # relative column widths
    row_notes: list[tuple[int, str]] = field(default_factory=list)  # (row index, note on that row), printed before `notes`

    def notes_under(self, rows: int) -> list[str]:
        """The notes under the table's first `rows` rows: those on these rows (注：1.…), then the table's own."""
        return table_notes([note for i, note in self.row_notes if i < rows]) + self.notes

    def text_rows(self) -> list[list[str]]:
        """Every cell as printed (the .docx)."""
        return [[text(c) for c in row] for row in self.rows]


def count(n: int) -> Figure:
    return Figure(n, str(n), "0")


def number(value: float | None, shown: str, unit: str = "") -> Cell:
    """A total as a number a spreadsheet can add up (a rate keeps its sign in the format); text when there is none."""
    if value is None:
        return shown
    plain = round(value, 4)
    figure: int | float = int(plain) if float(plain).is_integer() else plain
    sign = rate_symbol(unit)
    return Figure(figure, shown, f'General"{sign}"' if sign and shown.endswith(sign) else "General")


def _day(day: dt.date | None, year: int) -> Cell:
    """2月20日 in the reporting season (the year after the report's), the full date otherwise: the table stays one line a row.

    In a spreadsheet it is a date, shown the same way.
    """
    if day is None:
        return ""
    if day.year == year + 1:
        return Figure(day, f"{day.month}月{day.day}日", 'm"月"d"日"')
    return Figure(day, cn_date(day), 'yyyy"年"m"月"d"日"')


def status_table(title: str, year: int, rows: list[StatusRow], notes: list[str]) -> SummaryTable:
    """One row a unit; a 任务反馈 column (plan tasks its report covers, 5/6) when the year's plan gives units tasks."""
    tasks = any(r.tasks for r in rows)
    header = ["序号", "单位", "报送情况", "报送日期", "举措条数", *(["任务反馈"] if tasks else []), "指标数", "错误", "警告"]
    body = [
        [
            count(i),
            r.unit,
            r.status,
            _day(r.date, year),
            count(r.items) if r.status != "未报送" else "",
            *([r.tasks] if tasks else []),
            *(count(n) if r.status != "未报送" else "" for n in (r.metrics, r.errors, r.warnings)),
        ]
        for i, r in enumerate(rows, start=1)
    ]
    widths = [3.5, 24, 9, 10, 5, 5, 5, 4, 4] if tasks else [3.5, 26, 9, 10, 5, 5, 4, 4]
    return SummaryTable(title, header, body, notes, widths)


def metrics_table(title: str, year: int, totals: list[MetricTotal], notes: list[str]) -> SummaryTable:
    header = ["序号", "指标", "单位", f"{year}年合计", f"{year - 1}年合计", "同比", "填报单位数", "无此职责单位数"]
    body: list[list[Cell]] = [
        [
            count(i),
            t.name,
            t.unit,
            number(t.total, t.shown, t.unit),
            number(t.previous, t.previous_shown, t.unit) if t.previous_shown else "",
            t.yoy,
            count(t.reporting),
            count(t.na),
        ]
        for i, t in enumerate(totals, start=1)
    ]
    extra = [(i, f"{t.name}：{t.note}。") for i, t in enumerate(totals) if t.note]
    return SummaryTable(title, header, body, notes, [1.7, 8.0, 2.7, 4.7, 4.7, 7.9, 3.2, 3.2], extra)


def issues_table(title: str, issues: list[list[str]]) -> SummaryTable:
    rows: list[list[Cell]] = [list(row) for row in issues]
    return SummaryTable(title, ["单位", "文件:行", "级别", "问题", "建议"], rows, [], [14, 20, 5, 40, 24])


_WIDEST = 60  # characters (a Chinese character counts two): wider text wraps
# Excel's last row (1,048,576) less the title, the header, the notes and the line saying what was left out
EXCEL_ROWS = 1_048_576


def _column_widths(table: SummaryTable) -> list[float]:
    """Each column as wide as its longest cell (header included, a header may wrap on two lines), in Excel's units."""
    widths = []
    for i, head in enumerate(table.header):
        cells = [display_width(text(row[i])) for row in table.rows if i < len(row)]
        widest = max([display_width(head) / 2, *cells]) if cells else display_width(head)
        widths.append(min(_WIDEST, widest * 2 + 2))
    return widths


def xlsx_rows(table: SummaryTable) -> int:
    """How many of the table's rows a sheet holds (all of them, up to Excel's last row)."""
    return min(len(table.rows), EXCEL_ROWS - 3 - len(table.notes_under(len(table.rows))))


def xlsx_bytes(table: SummaryTable, author: str) -> bytes:
    """The table as an .xlsx sheet: title row, header, rows (numbers as numbers, dates as dates), notes;
    its document properties carry the title and `author` (the unit), nothing else.

    Written row by row (openpyxl's write-only mode): memory stays that of the rows, not of a cell object each.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from reporter.document.draft.core_properties import with_properties

    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.title[:31].replace("/", "／") or "Sheet1")
    widths = _column_widths(table)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A3"
    _print_setup(sheet)
    title = WriteOnlyCell(sheet, table.title)
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.row_dimensions[2].height = 30  # two lines: a header such as 无此职责单位数 wraps
    head_font, head_align = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.append([_styled(WriteOnlyCell(sheet, h), font=head_font, alignment=head_align) for h in table.header])
    wrap = Alignment(wrap_text=True, vertical="top")
    shown = xlsx_rows(table)
    for r, row in enumerate(table.rows[:shown], start=3):
        lines = max((math.ceil(display_width(text(c)) * 2 / (w - 2)) for c, w in zip(row, widths, strict=False)), default=1)
        cells = [_value_cell(sheet, value) for value in row]
        if lines > 1:  # long text wraps inside its column instead of being cut off; the row grows to show it
            cells += [WriteOnlyCell(sheet) for _ in range(len(table.header) - len(cells))]
            for c in cells:
                c.alignment = wrap
            sheet.row_dimensions[r].height = 15 * lines
        sheet.append(cells)
        sheet.row_dimensions.pop(r, None)  # written: the row's height is no longer needed in memory
    if shown < len(table.rows):
        sheet.append([f"本表共 {len(table.rows)} 行，超过 Excel 一张工作表的行数，只列出前 {shown} 行。"])
    for note in table.notes_under(shown):
        sheet.append([note])
    buf = io.BytesIO()
    book.save(buf)
    return with_properties(buf.getvalue(), table.title, author)


def _value_cell(sheet: Any, value: Cell) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Figure):
        cell = WriteOnlyCell(sheet, value.value)
        cell.number_format = value.number_format
        return cell
    return WriteOnlyCell(sheet, value)


def _styled(cell: Any, **styles: Any) -> Any:
    for key, style in styles.items():
        setattr(cell, key, style)
    return cell


def _print_setup(sheet: Any) -> None:
    """Printed as an office prints it: landscape A4, every column on the page, the header on every page."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "2:2"


# About 40 pages of 小四 rows: a realistic summary (a roster of units, a city's indicators) prints whole;
# a longer table is not read on paper, so its .docx prints the first rows and says where all of them are.
PRINTED_ROWS = 1000


@dataclass(frozen=True)
class Printed:
    """What the .docx of a table prints: its text rows, the notes under it, and what was left out (0: nothing)."""

    rows: list[list[str]]
    notes: list[str]
    left_out: int


def printed(table: SummaryTable, xlsx_name: str) -> Printed:
    """Every row as printed, up to PRINTED_ROWS; past that the first PRINTED_ROWS and, first under the table,
    a note giving the table's length and the .xlsx (`xlsx_name`) that holds every row (notes on rows left
    out are left out with them)."""
    if len(table.rows) <= PRINTED_ROWS:
        return Printed(table.text_rows(), table.notes_under(len(table.rows)), 0)
    rows = [[text(c) for c in row] for row in table.rows[:PRINTED_ROWS]]
    note = f"本表共 {len(table.rows)} 行，篇幅所限只列出前 {PRINTED_ROWS} 行；全部 {len(table.rows)} 行见 {xlsx_name}。"
    return Printed(rows, [note, *table.notes_under(PRINTED_ROWS)], len(table.rows) - PRINTED_ROWS)
