"""A titled table as a GB/T 9704 .docx (summary tables of a merge): house styles, full-width table, repeated header."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from reporter.content.phrasing import shape_title
from reporter.core.text import CONTROL, display_width
from reporter.data.housestyle import HouseStyle
from reporter.document.draft.core_properties import with_properties
from reporter.document.draft.task_table_fit import fitted_widths
from reporter.document.template.body_xml import cell
from reporter.document.template.style_writer import apply_style
from reporter.document.template.word_styles import SPECS

_NAMES = {spec.style_id: spec.name for spec in SPECS}


def styled_document(style: HouseStyle) -> tuple[Any, float]:
    """An empty python-docx document in the house style, and how many title characters fit on a line."""
    document = Document()
    apply_style(document, style)
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # python-docx's blank starter paragraph
        body.remove(p)
    return document, style.title_chars_per_line


def column_widths(weights: list[float], count: int, total: int) -> list[int]:
    weights = weights if len(weights) == count else [1.0] * count
    out = [int(total * w / sum(weights)) for w in weights]
    out[-1] += total - sum(out)
    return out


def table_xml(header: list[str], rows: list[list[str]], widths: list[int]) -> str:
    """The table as the templates' tables are made (wordxml cells, fixed layout, header repeated), built as one string."""

    def row(values: list[str], style: str, head: bool) -> str:
        # centred vertically as the drafts' tables: a one-line cell beside a wrapped name sits in the middle
        cells = "".join(cell(w, CONTROL.sub("", v), style, valign="center") for w, v in zip(widths, values, strict=True))
        return f"<w:tr><w:trPr><w:cantSplit/>{'<w:tblHeader/>' if head else ''}</w:trPr>{cells}</w:tr>"

    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    # pct 5000 marks the table as full-width, as in the templates: apply_style rescales it when the margins change
    tblpr = '<w:tblPr><w:tblStyle w:val="GwTable"/><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr>'
    body = row(header, "GwTableHeader", True) + "".join(row(r, "GwTableText", False) for r in rows)
    return f"<w:tbl {nsdecls('w')}>{tblpr}<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"


def _keep_with_notes(table: Any, body: Any) -> None:
    """The table's last row and the notes under it keep together: no page holds a lone note line."""
    last = list(table.iterchildren(qn("w:tr")))[-1]
    notes = list(table.itersiblings(qn("w:p")))[:-1]  # every note but the last keeps with the next
    for p in [*last.iter(qn("w:p")), *notes]:
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = parse_xml(f"<w:pPr {nsdecls('w')}/>")
            p.insert(0, ppr)
        style = ppr.find(qn("w:pStyle"))
        keep = parse_xml(f"<w:keepNext {nsdecls('w')}/>")
        if style is not None:
            style.addnext(keep)
        else:
            ppr.insert(0, keep)


def table_docx(
    title: str, header: list[str], rows: list[list[str]], notes: list[str], style: HouseStyle, weights: list[float], author: str
) -> bytes:
    """Title, then the table (header repeated on every page), then the notes as body paragraphs.

    The document properties carry the title and `author` (the unit), nothing of python-docx's starter document.
    """
    document, per_line = styled_document(style)
    body = document.element.body
    document.add_paragraph(shape_title(title, per_line), style=_NAMES["GwTitle"])
    # widths from the content, reckoned on the texts before any XML is built: the longest texts' column may
    # wrap and gets the most room; names, figures and headers stay whole (a header breaks at most in two)
    longest = max(range(len(header)), key=lambda j: max((display_width(r[j]) for r in rows if j < len(r)), default=0.0))
    columns = [[CONTROL.sub("", r[j]) for r in rows] for j in range(len(header))]
    widths = fitted_widths(header, columns, style.text_width_twips, style.table_size * 20, (header[longest],), deadline="")
    table = parse_xml(table_xml(header, rows, widths))
    body.find(qn("w:sectPr")).addprevious(table)
    for note in notes:
        document.add_paragraph(note, style=_NAMES["GwBody"])
    if notes:
        _keep_with_notes(table, body)
    buf = io.BytesIO()
    document.save(buf)
    return with_properties(buf.getvalue(), title, author)
