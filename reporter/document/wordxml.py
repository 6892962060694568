"""Pieces of template body XML: paragraphs, docxtpl tags, tables, signature and attachment blocks."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reporter.data.housestyle import HouseStyle, mm_to_twips

# Every docxtpl tag sits alone in one run, so the renderer sees it whole.


def run(text: str, rstyle: str | None = None) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{rstyle}"/></w:rPr>' if rstyle else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(style: str | None, *runs: str, ppr: str = "") -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    props = f"<w:pPr>{pstyle}{ppr}</w:pPr>" if (pstyle or ppr) else ""
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def text_para(style: str, text: str) -> str:
    return para(style, run(text))


def tag(statement: str) -> str:
    """A paragraph holding one docxtpl {%p %} statement; docxtpl removes the paragraph when rendering."""
    return para(None, run("{%p " + statement + " %}"))


def blank(keep_next: bool = False) -> str:
    return para(None, ppr="<w:keepNext/>" if keep_next else "")


def blocks(var: str) -> list[str]:
    """The level-2 headings and body paragraphs of one section."""
    return [
        tag(f"for entry in {var}.blocks"),
        tag('if entry.kind == "h2"'),
        text_para("GwHeading2", "{{ entry.text }}"),
        tag('elif entry.kind == "item"'),
        para("GwBody", run("{{ entry.lead }}", "GwItemLead"), run("{{ entry.text }}")),
        tag('elif entry.kind == "task"'),
        para("GwBody", run("{{ entry.lead }}", "GwTaskLead"), run("{{ entry.text }}")),
        tag("else"),
        para("GwBody", run("{{ entry.lead }}"), run("{{ entry.text }}")),
        tag("endif"),
        tag("endfor"),
    ]


def sections() -> list[str]:
    return [
        tag("for section in sections"),
        text_para("GwHeading1", "{{ section.heading }}"),
        *blocks("section"),
        tag("endfor"),
    ]


def paragraphs(var: str) -> list[str]:
    return [tag(f"for para in {var}"), text_para("GwBody", "{{ para }}"), tag("endfor")]


# Widths in characters: full-width characters count 1, ASCII (Times New Roman digits) 1/2.
WIDTH = '{0}|length - ({0}|select("le", "~")|list|length) / 2'


def signature() -> list[str]:
    """署名 and 成文日期 (GB/T 9704 7.3.5.2): signature 右空二字, date starting two characters right of it.

    Both lines are right-aligned two characters in; the shorter one is padded on the
    right with en spaces (half a character each), computed here from the two texts,
    so the rule holds without code in the renderer.  En spaces, not 全角空格:
    LibreOffice drops trailing U+3000 from right-aligned lines.
    """
    pad = '{{ "\u2002" * ((%s) * 2)|round|int }}'
    return [
        tag("if signature"),
        tag("set signature_width = " + WIDTH.format("signature")),
        tag("set date_width = " + WIDTH.format("date")),
        blank(keep_next=True),
        para("GwSignature", run("{{ signature }}"), run(pad % "date_width + 2 - signature_width")),
        tag("if date"),
        para("GwDate", run("{{ date }}"), run(pad % "signature_width - date_width - 2")),
        tag("endif"),
        tag("endif"),
    ]


def attachment_note() -> list[str]:
    return [
        tag("if attachment_note"),
        blank(),
        text_para("GwAttachNote", "{{ attachment_note }}"),
        tag("endif"),
    ]


def cell(width: int, text: str, style: str = "GwTableText", align: str | None = None, valign: str = "top") -> str:
    ppr = f'<w:jc w:val="{align}"/>' if align else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="{valign}"/></w:tcPr>'
        f"{para(style, run(text) if text else '', ppr=ppr)}</w:tc>"
    )


def table(style: HouseStyle, columns: list[tuple[str, float, str, str | None]], loop: str, valign: str = "top") -> str:
    """A full-width table: a header row repeated on every page and one {%tr for %} row per item.

    columns: (header, share of the width, cell expression, alignment of the cells); valign: of every cell.
    """
    total = style.text_width_twips
    shares = sum(c[1] for c in columns)
    widths = [int(total * c[1] / shares) for c in columns]
    widths[-1] += total - sum(widths)
    # Rows at least one line of body text high, so short tables do not look cramped.
    height = mm_to_twips(8)

    def row(cells: list[str], header: bool = False) -> str:
        trpr = f'<w:cantSplit/><w:trHeight w:val="{height}"/>' + ("<w:tblHeader/>" if header else "")
        return f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>"

    def tag_row(statement: str) -> str:
        first = cell(widths[0], "{%tr " + statement + " %}")
        return row([first] + [cell(w, "") for w in widths[1:]])

    header = row([cell(w, c[0], "GwTableHeader", valign=valign) for w, c in zip(widths, columns, strict=True)], header=True)
    body = row([cell(w, c[2], align=c[3], valign=valign) for w, c in zip(widths, columns, strict=True)])
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    # pct 5000 marks the table as full-width; apply_style rescales it when the margins change.
    tblpr = (
        '<w:tblPr><w:tblStyle w:val="GwTable"/><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"'
        ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
    )
    return f"<w:tbl>{tblpr}<w:tblGrid>{grid}</w:tblGrid>{header}{tag_row('for row in ' + loop)}{body}{tag_row('endfor')}</w:tbl>"


def attachment(style: HouseStyle, table: str) -> list[str]:
    """附件 on a new page (GB/T 9704 8): 附件 top left in 黑体, the title centred on the third line, the table."""
    return [
        tag("if attachment_note"),
        text_para("GwAttachLabel", "{{ attachment_label }}"),
        blank(keep_next=True),
        text_para("GwAttachTitle", "{{ attachment_title }}"),
        blank(keep_next=True),
        table,
        # Word needs a paragraph after a table; a hairline one cannot spill onto a new page.
        para(None, ppr='<w:spacing w:line="20" w:lineRule="exact"/>'),
        tag("endif"),
    ]
