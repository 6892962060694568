"""Summary tables: typed .xlsx cells written row by row, and a table too long for paper printed in part, said twice."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from reporter.consolidate import summary_tables
from reporter.consolidate.summary_tables import Figure, SummaryTable, printed, xlsx_bytes

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "consolidate"
LONG = "基层执法力量薄弱，案件办理周期偏长，部分执法人员对新修订的行政处罚法掌握不够，需要加强培训和考核"


def _table(rows: int) -> SummaryTable:
    body: list[list[Any]] = [
        [
            Figure(i, str(i), "0"),
            f"指标{i}",
            "件",
            Figure(1.5 * i, f"{1.5 * i:g}"),
            Figure(dt.date(2025, 2, i % 28 + 1), "2月1日", 'm"月"d"日"'),
        ]
        for i in range(1, rows + 1)
    ]
    return SummaryTable(
        "示例市2024年度汇总表", ["序号", "指标", "单位", "合计", "报送日期"], body, ["应报 3 家，已报 3 家。"], [1, 4, 1, 2, 2]
    )


def test_the_sheet_keeps_types_formats_widths_and_print_setup() -> None:
    table = _table(3)
    table.rows[1][1] = LONG  # wraps in its column; the row grows to show it
    book = load_workbook(io.BytesIO(xlsx_bytes(table, "示例市")))
    sheet = book.active
    assert sheet.title == "示例市2024年度汇总表"
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=5)] == [
        [1, "指标1", "件", 1.5, dt.datetime(2025, 2, 2)],
        [2, LONG, "件", 3, dt.datetime(2025, 2, 3)],
        [3, "指标3", "件", 4.5, dt.datetime(2025, 2, 4)],
    ]
    assert [sheet.cell(3, c).number_format for c in (1, 4, 5)] == ["0", "General", 'm"月"d"日"']
    assert sheet["A6"].value == "应报 3 家，已报 3 家。"
    assert sheet["A1"].font.b and sheet["A1"].font.sz == 14 and sheet["B2"].font.b and sheet["B2"].alignment.wrap_text
    assert sheet.column_dimensions["B"].width == 60  # the long text's column at its widest; the text wraps
    assert all(sheet.cell(4, c).alignment.wrap_text for c in range(1, 6)) and not sheet.cell(3, 2).alignment.wrap_text
    assert sheet.row_dimensions[4].height == 30 and sheet.row_dimensions[3].height is None
    assert sheet.row_dimensions[2].height == 30
    assert (sheet.freeze_panes, sheet.print_title_rows, sheet.page_setup.orientation, sheet.page_setup.paperSize) == (
        "A3",
        "$2:$2",
        "landscape",
        9,
    )
    assert book.properties.title == "示例市2024年度汇总表" and book.properties.creator == "示例市"


def test_a_sheet_past_excels_last_row_keeps_the_first_rows_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_tables, "EXCEL_ROWS", 8)
    sheet = load_workbook(io.BytesIO(xlsx_bytes(_table(10), "示例市"))).active
    values = [r[0] for r in sheet.iter_rows(values_only=True)]
    assert values[2:] == [1, 2, 3, 4, "本表共 10 行，超过 Excel 一张工作表的行数，只列出前 4 行。", "应报 3 家，已报 3 家。"]


def test_a_table_fit_for_paper_prints_whole() -> None:
    paper = printed(_table(3), "汇总表.xlsx")
    assert (len(paper.rows), paper.notes, paper.left_out) == (3, ["应报 3 家，已报 3 家。"], 0)
    assert paper.rows[0] == ["1", "指标1", "件", "1.5", "2月1日"]


def test_a_table_too_long_for_paper_prints_its_first_rows_and_names_the_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_tables, "PRINTED_ROWS", 2)
    paper = printed(_table(5), "汇总表.xlsx")
    assert [r[0] for r in paper.rows] == ["1", "2"]
    assert paper.notes == ["本表共 5 行，篇幅所限只列出前 2 行；全部 5 行见 汇总表.xlsx。", "应报 3 家，已报 3 家。"]
    assert paper.left_out == 3


def test_merge_prints_part_of_a_long_table_says_so_and_keeps_every_row_in_the_sheet(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "ws", ws)
    monkeypatch.setattr(summary_tables, "PRINTED_ROWS", 3)
    result = cli("merge", "2024", "--root", ws)
    folder = ws / "drafts/2024/汇总"
    sheet_rows = [
        r for r in load_workbook(folder / "主要指标汇总表.xlsx").active.iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)
    ]
    total = len(sheet_rows)
    assert total > 3 and [r[0] for r in sheet_rows] == list(range(1, total + 1))
    assert (
        f"注意 主要指标汇总表共 {total} 行，打印篇幅过长：主要指标汇总表.docx 只列出前 3 行并在表下注明，全部见 主要指标汇总表.xlsx"
        in result.err
    )
    doc = Document(str(folder / "主要指标汇总表.docx"))
    assert [row.cells[0].text for row in doc.tables[0].rows] == ["序号", "1", "2", "3"]
    assert [row.cells[1].text for row in doc.tables[0].rows[1:]] == ["行政执法案件", "罚没金额", "行政复议纠错率"]
    # under the table: what was left out, then the notes on the printed rows only (not 行政诉讼败诉率's range, row 4)
    assert [p.text for p in doc.paragraphs[1:]] == [
        f"本表共 {total} 行，篇幅所限只列出前 3 行；全部 {total} 行见 主要指标汇总表.xlsx。",
        "注：行政复议纠错率：按各单位分子、分母合计计算（18/120）。",
    ]
    sheet_notes = [r[0] for r in load_workbook(folder / "主要指标汇总表.xlsx").active.iter_rows(values_only=True)][2 + total :]
    assert sheet_notes[0] == "注：1.行政复议纠错率：按各单位分子、分母合计计算（18/120）。" and sheet_notes[1].startswith(
        "2.行政诉讼败诉率"
    )
    assert len(sheet_notes) == 2
    # the 报送情况一览表 (6 units) is longer than 3 rows too: the same in its own words
    status = Document(str(folder / "报送情况一览表.docx"))
    assert len(status.tables[0].rows) == 4
    assert status.paragraphs[1].text == "本表共 6 行，篇幅所限只列出前 3 行；全部 6 行见 报送情况一览表.xlsx。"
