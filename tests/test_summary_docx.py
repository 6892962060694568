"""Summary tables as .docx: widths from the content, headers never one character a line, notes kept with the table."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from reporter.data.housestyle import HouseStyle
from reporter.document.draft.summary_docx import table_docx

HEADER = ["序号", "指标", "单位", "2024年合计", "2023年合计", "同比", "填报单位数", "无此职责单位数"]
ROWS = [
    ["1", "办理行政执法案件", "件", "24730", "23247", "同比增长6.4%", "7", "0"],
    ["2", "为劳动者追讨工资", "万元", "2350", "2100", "同比增长11.9%", "1", "1"],
]


def _built(notes: list[str]) -> DocumentObject:
    data = table_docx("示例市2024年度法治政府建设主要指标汇总表", HEADER, ROWS, notes, HouseStyle(), [1.0] * 8, "示例市")
    return Document(io.BytesIO(data))


def test_widths_leave_every_header_whole_or_in_two_and_the_longest_column_the_most_room() -> None:
    table = _built([]).tables[0]
    widths = [int(g.get(qn("w:w"))) for g in table._tbl.iter(qn("w:gridCol"))]
    assert sum(widths) == HouseStyle().text_width_twips
    # 小四 (240 twips a character) and 200 twips of cell margins: 序号 and 单位 whole, 无此职责单位数 in two lines
    assert widths[0] >= 2 * 240 + 200 and widths[2] >= 2 * 240 + 200 and widths[7] >= 4 * 240 + 200
    assert widths[1] == max(widths)  # 指标, the longest texts


def test_the_last_row_and_the_notes_keep_together() -> None:
    doc = _built(["应报 11 家，已报 10 家。", "未报送（1 家）：示例市审计局。"])
    last = doc.tables[0].rows[-1]._tr
    assert all(p.find(qn("w:pPr") + "/" + qn("w:keepNext")) is not None for p in last.iter(qn("w:p")))
    notes = [p for p in doc.paragraphs if p.text.startswith(("应报", "未报送"))]
    assert [p._p.find(qn("w:pPr") + "/" + qn("w:keepNext")) is not None for p in notes] == [True, False]
