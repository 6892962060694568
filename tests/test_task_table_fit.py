"""The report's attachment tables sized on the document's XML text: as the element-tree fitter, untouched when drawn otherwise."""

from __future__ import annotations

import re

from lxml import etree

from reporter.document.draft.task_table_fit import fit_columns, fit_report_tables

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GRID = re.compile(r'<w:gridCol w:w="(\d+)"/>')


def _cell(text: str, width: int, extra: str = "") -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{extra}</w:tcPr><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'


def _table(rows: list[list[str]], widths: list[int], extra: str = "") -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = "".join("<w:tr>" + "".join(_cell(t, w, extra) for t, w in zip(row, widths, strict=True)) + "</w:tr>" for row in rows)
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"


def _document(*tables: str) -> str:
    return f'<w:document xmlns:w="{W}"><w:body><w:p/>{"".join(tables)}<w:p/></w:body></w:document>'


METRICS = [
    ["序号", "指标", "单位", "2024年", "2023年", "同比"],
    ["1", "公安机关办理行政执法案件中适用简易程序的案件数", "件", "100", "80", "增长25%"],
    ["2", "R&amp;D投入", "万元", "500", "400", "增长25%"],
]
TEMPLATE = [741, 3081, 798, 1027, 1027, 2170]


def test_the_text_fitter_gives_the_widths_the_element_fitter_gives() -> None:
    xml = _document(_table(METRICS, TEMPLATE))
    fitted = fit_report_tables(xml, 240)
    tree = etree.fromstring(xml)
    fit_columns(tree.find(f"{{{W}}}body/{{{W}}}tbl"), 240, ("指标",))
    expected = [int(c.get(f"{{{W}}}w")) for c in tree.iter(f"{{{W}}}gridCol")]
    assert [int(w) for w in GRID.findall(fitted)] == expected
    assert expected != TEMPLATE and expected[1] == max(expected) and sum(expected) == sum(TEMPLATE)
    # every cell takes its column's width; the rest of the document is as it was
    assert re.findall(r'<w:tcW w:w="(\d+)"', fitted) == [str(w) for w in expected] * 3
    assert fitted.startswith(xml[: xml.index("<w:tbl>")]) and fitted.endswith("<w:p/></w:body></w:document>")


def test_tables_drawn_otherwise_are_left_as_they_are() -> None:
    merged = _table(METRICS, TEMPLATE, extra='<w:gridSpan w:val="1"/>')
    other = _table([["序号", "名称"], ["1", "甲"]], [1000, 7844])
    short_row = _table(METRICS, TEMPLATE).replace(_cell("同比", 2170), "", 1)
    for table in (merged, other, short_row):
        assert fit_report_tables(_document(table), 240) == _document(table)
    assert fit_report_tables("<w:document/>", 240) == "<w:document/>"
