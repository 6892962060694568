"""A titled table as a GB/T 9704 .docx (summary tables of a merge): house styles, full-width table, repeated header."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from reporter.content.phrasing import shape_title
from reporter.data.housestyle import HouseStyle
from reporter.document.docstyle import apply_style
from reporter.document.stylespecs import SPECS

_NAMES = {spec.style_id: spec.name for spec in SPECS}


def _widths(weights: list[float], count: int, total: int) -> list[int]:
    weights = weights if len(weights) == count else [1.0] * count
    out = [int(total * w / sum(weights)) for w in weights]
    out[-1] += total - sum(out)
    return out


def _cell_paragraph(cell: object, text: str, style: str) -> None:
    para = cell.paragraphs[0]  # type: ignore[attr-defined]
    para._p.style = style  # by id: python-docx's lookup by name scans every style for each cell
    para.add_run(text)


def table_docx(title: str, header: list[str], rows: list[list[str]], notes: list[str], style: HouseStyle, weights: list[float]) -> bytes:
    """Title, then the table (header repeated on every page), then the notes as body paragraphs."""
    document = Document()
    apply_style(document, style)
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # python-docx's blank starter paragraph
        body.remove(p)
    per_line = style.text_width_mm * 72 / 25.4 / style.title_size
    document.add_paragraph(shape_title(title, per_line), style=_NAMES["GwTitle"])
    table = document.add_table(rows=0, cols=len(header))
    table.style = document.styles[_NAMES["GwTable"]]
    widths = _widths(weights, len(header), style.text_width_twips)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    # pct 5000 marks the table full-width, as the templates' tables: apply_style rescales it when margins change
    tblw = table._tbl.tblPr.find(qn("w:tblW"))
    tblw.set(qn("w:w"), "5000")
    tblw.set(qn("w:type"), "pct")
    table._tbl.tblPr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    for i, values in enumerate([header, *rows]):
        cells = table.add_row().cells
        for cell, text, width in zip(cells, values, widths, strict=True):
            tcw = cell._tc.get_or_add_tcPr().get_or_add_tcW()
            tcw.set(qn("w:w"), str(width))
            tcw.set(qn("w:type"), "dxa")
            _cell_paragraph(cell, text, "GwTableHeader" if i == 0 else "GwTableText")
        if i == 0:
            table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    for note in notes:
        document.add_paragraph(note, style=_NAMES["GwBody"])
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
