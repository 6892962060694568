"""A 通知 as a GB/T 9704 .docx (报送通知, 补正通知, 催报通知): title, 主送, body, 附件说明, signature, attachment tables."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Twips

from reporter.content.phrasing import shape_title
from reporter.core.text import display_width
from reporter.data.housestyle import HouseStyle
from reporter.document.draft.summary_docx import column_widths, styled_document, table_xml
from reporter.document.template.word_styles import SPECS

_NAMES = {spec.style_id: spec.name for spec in SPECS}
_JOINER = "\u2060"


@dataclass
class Block:
    """One paragraph of the body: `h1` 一、 (黑体), `h2` （一） (楷体), `lead` a 楷体 lead-in then text, `para` plain."""

    kind: str
    text: str
    lead: str = ""


def lead_block(lead: str, text: str) -> Block:
    """A paragraph opened by a 楷体 lead-in such as “（一）按时报送。”."""
    return Block("lead", text, lead)


@dataclass
class AttachmentTable:
    title: str
    header: list[str]
    rows: list[list[str]]
    weights: list[float] = field(default_factory=list)


@dataclass
class NoticeDoc:
    """Everything a notice prints, already worded; `date` as content.context.signature_date writes it."""

    title: str
    recipients: str
    body: list[Block]
    signature: str
    date: str
    sealed: bool = True
    attachments: list[AttachmentTable] = field(default_factory=list)


def _para(document: Any, style: str, text: str = "", keep: bool = False) -> Any:
    p = document.add_paragraph(text, style=_NAMES[style])
    if keep:
        p.paragraph_format.keep_with_next = True
    return p


def _block(document: Any, block: Block) -> None:
    if block.kind == "h1":
        _para(document, "GwHeading1", block.text, keep=True)
    elif block.kind == "h2":
        _para(document, "GwHeading2", block.text, keep=True)
    elif block.kind == "lead":
        p = _para(document, "GwBody")
        p.add_run(block.lead, style=_NAMES["GwTaskLead"])
        p.add_run(block.text)
    else:
        _para(document, "GwBody", block.text)


def _chars(style: HouseStyle, n: float) -> int:
    return int(round(n * style.body_size * 20))


def _attachment_notes(document: Any, style: HouseStyle, titles: list[str]) -> None:
    """附件说明 (GB/T 9704 7.3.3): "附件：名称", or "附件：1.名称" with the next numbers under the "1."."""
    _para(document, "GwBody", keep=True)
    if len(titles) == 1:
        _para(document, "GwAttachNote", f"附件：{titles[0]}", keep=True)
        return
    lead = style.first_line_indent_chars
    left = _chars(style, lead + 4)
    for i, title in enumerate(titles, 1):
        p = _para(document, "GwAttachNote", ("附件：" if i == 1 else "") + f"{i}.\t{title}", keep=True)
        fmt = p.paragraph_format
        fmt.left_indent = Twips(left)
        fmt.first_line_indent = Twips(-_chars(style, 4 if i == 1 else 1))
        fmt.tab_stops.add_tab_stop(Twips(left))


def _pad(chars: float) -> str:
    """Padding of `chars` characters: en spaces (half a character each) and a four-per-em space for a quarter."""
    halves = max(chars, 0) * 2
    return "\u2002" * int(halves) + ("\u2005" if halves % 1 >= 0.5 else "")


def _signature(document: Any, doc: NoticeDoc) -> None:
    """署名 and 成文日期 as the templates place them (wordxml.signature): sealed 7.3.5.1, else 7.3.5.2."""
    sig = display_width(doc.signature)
    day = display_width(doc.date.replace(_JOINER, ""))
    _para(document, "GwBody", keep=True)
    if doc.sealed:
        _para(document, "GwBody", keep=True)
        _para(document, "GwSignature", doc.signature + _pad(2 + (day - sig) / 2), keep=True)
        _para(document, "GwDate", doc.date + _pad(2))
    else:
        _para(document, "GwSignature", doc.signature + _pad(day + 2 - sig), keep=True)
        _para(document, "GwDate", doc.date + _pad(sig - day - 2))


def _attachment(document: Any, style: HouseStyle, label: str, table: AttachmentTable, per_line: float) -> None:
    _para(document, "GwAttachLabel", label)
    _para(document, "GwBody", keep=True)
    _para(document, "GwAttachTitle", shape_title(table.title, per_line))
    _para(document, "GwBody", keep=True)
    widths = column_widths(table.weights, len(table.header), style.text_width_twips)
    body = document.element.body
    body.find(qn("w:sectPr")).addprevious(parse_xml(table_xml(table.header, table.rows, widths)))
    _para(document, "GwTableText")


def notice_docx(doc: NoticeDoc, style: HouseStyle) -> bytes:
    """The notice as .docx bytes in the house style (page, fonts, odd/even page numbers)."""
    document, per_line = styled_document(style)
    _para(document, "GwTitle", shape_title(doc.title, per_line))
    _para(document, "GwBody")
    _para(document, "GwRecipients", doc.recipients)
    for block in doc.body:
        _block(document, block)
    if doc.attachments:
        _attachment_notes(document, style, [a.title for a in doc.attachments])
    _signature(document, doc)
    several = len(doc.attachments) > 1
    for i, table in enumerate(doc.attachments, 1):
        _attachment(document, style, f"附件{i}" if several else "附件", table, per_line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
