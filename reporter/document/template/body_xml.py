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


def _entry_kinds(ppr: str = "") -> list[str]:
    return [
        tag('if entry.kind == "h2"'),
        para("GwHeading2", run("{{ entry.text }}"), ppr=ppr),
        tag('elif entry.kind == "item"'),
        para("GwBody", run("{{ entry.lead }}", "GwItemLead"), run("{{ entry.text }}"), ppr=ppr),
        tag('elif entry.kind == "task"'),
        para("GwBody", run("{{ entry.lead }}", "GwTaskLead"), run("{{ entry.text }}"), ppr=ppr),
        tag("else"),
        para("GwBody", run("{{ entry.lead }}"), run("{{ entry.text }}"), ppr=ppr),
        tag("endif"),
    ]


def report_sections() -> list[str]:
    """The report's parts: like sections(), but the entry marked `keep` (the body's last) keeps with the
    closing block below it."""
    return [
        tag("for section in sections"),
        text_para("GwHeading1", "{{ section.heading }}"),
        tag("for entry in section.blocks"),
        # the body's last paragraph keeps with 特此报告。 and the signature (the build cuts off its last two lines)
        tag("if entry.keep is defined and entry.keep"),
        *_entry_kinds("<w:keepNext/>"),
        tag("else"),
        *_entry_kinds(),
        tag("endif"),
        tag("endfor"),
        tag("endfor"),
    ]


def sections() -> list[str]:
    """A plan's sections; the body's last entry keeps with the 附件说明 and 署名 below it when the plan is signed,
    so the 署名 never stands alone on a page (Word moves the entry's last two lines, LibreOffice the entry)."""
    return [
        tag("for section in sections"),
        tag("set last_section = loop.last"),
        text_para("GwHeading1", "{{ section.heading }}"),
        tag("for entry in section.blocks"),
        # (a template's older `closing` paragraphs, when there are any, come last instead)
        tag("if last_section and loop.last and signature and not closing"),
        *_entry_kinds("<w:keepNext/>"),
        tag("else"),
        *_entry_kinds(),
        tag("endif"),
        tag("endfor"),
        tag("endfor"),
    ]


def paragraphs(var: str, keep_last: str = "") -> list[str]:
    """One body paragraph per item of `var`; the last keeps with what follows when the expression `keep_last` holds."""
    if not keep_last:
        return [tag(f"for para in {var}"), text_para("GwBody", "{{ para }}"), tag("endfor")]
    return [
        tag(f"for para in {var}"),
        tag(f"if loop.last and {keep_last}"),
        para("GwBody", run("{{ para }}"), ppr="<w:keepNext/>"),
        tag("else"),
        text_para("GwBody", "{{ para }}"),
        tag("endif"),
        tag("endfor"),
    ]


# Widths in characters: full-width characters count 1, ASCII (Times New Roman digits) 1/2.
WIDTH = '{0}|length - ({0}|select("le", "~")|list|length) / 2'


# The 成文日期 may carry word joiners (U+2060, see content.context.signature_date): they take no room.
_DATE = 'date|replace("\u2060", "")'
# Padding of `chars` characters: en spaces (half a character each) and a four-per-em space for a quarter.
_PAD = '{{ "\u2002" * ((%s) * 2)|int }}{{ "\u2005" if ((%s) * 2) %% 1 >= 0.5 else "" }}'


def _padding(chars: str) -> str:
    amount = f"[{chars}, 0]|max"
    return _PAD % (amount, amount)


def lines_before(style: HouseStyle, lines: int) -> str:
    """Spacing above a paragraph of `lines` body lines: the blank lines of GB/T 9704 as spacing, not as
    empty paragraphs, so the block they open has fewer paragraphs for a page break to fall between."""
    return f'<w:spacing w:before="{int(round(style.line_spacing_pt * 20 * lines))}"/>'


def signature(style: HouseStyle) -> list[str]:
    """署名 and 成文日期 (GB/T 9704 7.3.5), one block for every document that is signed.

    Context: `signature`, `date` and, optionally, `sealed` (absent or false: 7.3.5.2).
    Sealed (7.3.5.1): the date 右空四字 and the signature centred over it, two blank
    lines above for the seal.  Unsealed (7.3.5.2): the signature 右空二字 and the date
    starting two characters right of it.  Both lines are right-aligned two characters
    in (style); each is padded on the right with en spaces computed from the two
    texts, so the rule holds without code in the renderer.  En spaces, not 全角空格:
    LibreOffice drops trailing U+3000 from right-aligned lines.  The blank lines above
    are spacing of the signature's paragraph, which keeps with the date: the two never
    part, and the paragraphs above keep with the signature (see closing()).
    """
    sealed = "sealed is defined and sealed"
    keep = "<w:keepNext/>"
    return [
        tag("if signature"),
        tag("set signature_width = " + WIDTH.format("signature")),
        tag("set date_width = " + WIDTH.format(_DATE)),
        tag("if " + sealed),
        para(
            "GwSignature",
            run("{{ signature }}"),
            run(_padding("2 + (date_width - signature_width) / 2")),
            ppr=keep + lines_before(style, 2),
        ),
        tag("if date"),
        para("GwDate", run("{{ date }}"), run(_padding("2"))),
        tag("endif"),
        tag("else"),
        para("GwSignature", run("{{ signature }}"), run(_padding("date_width + 2 - signature_width")), ppr=keep + lines_before(style, 1)),
        tag("if date"),
        para("GwDate", run("{{ date }}"), run(_padding("signature_width - date_width - 2"))),
        tag("endif"),
        tag("endif"),
        tag("endif"),
    ]


def attachment_note(style: HouseStyle) -> list[str]:
    """附件说明 of a plan: a line under the text, kept with the signature when there is one."""
    return [
        tag("if attachment_note"),
        para("GwAttachNote", run("{{ attachment_note }}"), ppr="<w:keepNext/>" + lines_before(style, 1)),
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

    columns: (header, share of the width, cell expression, alignment of the cells);
    valign: vertical alignment of every cell ("center" for a statistics table).
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
        first = cell(widths[0], "{%tr " + statement + " %}", valign=valign)
        return row([first] + [cell(w, "", valign=valign) for w in widths[1:]])

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


# ------------------------------------------------------------------ 版头, 附件说明, attachments, 版记


def _chars(style: HouseStyle, chars: float) -> int:
    """A width of `chars` body characters in twips."""
    return int(round(chars * style.body_size * 20))


def _tab_run() -> str:
    return "<w:r><w:tab/></w:r>"


def _tabs(*stops: tuple[str, int]) -> str:
    return "<w:tabs>" + "".join(f'<w:tab w:val="{kind}" w:pos="{pos}"/>' for kind, pos in stops) + "</w:tabs>"


def masthead(style: HouseStyle) -> list[str]:
    """版头 (GB/T 9704 7.2): 发文机关标志 in red, 发文字号 two lines below with 签发人 (上行文), the red line.

    The 发文字号 line has no indents, so its bottom border (the red 分隔线) spans the
    whole 版心; tab stops one character in from either side place 发文字号 and 签发人.
    """
    width = style.text_width_twips
    one = _chars(style, 1)
    tabs = _tabs(("left", one), ("right", width - one))
    return [
        tag("if masthead or doc_number"),
        # 36 pt fits twelve characters on the 版心; a longer 发文机关标志 takes 26 pt (seventeen characters)
        tag("if masthead|length > 12"),
        para(
            "GwMasthead", '<w:r><w:rPr><w:sz w:val="52"/><w:szCs w:val="52"/></w:rPr><w:t xml:space="preserve">{{ masthead }}</w:t></w:r>'
        ),
        tag("elif masthead"),
        text_para("GwMasthead", "{{ masthead }}"),
        blank(),
        blank(),
        tag("endif"),
        tag("if doc_number and signer"),
        para(
            "GwDocNumber",
            _tab_run(),
            run("{{ doc_number }}"),
            _tab_run(),
            run("签发人："),
            run("{{ signer }}", "GwSignerName"),
            ppr=tabs,
        ),
        tag("else"),
        para("GwDocNumber", run("{{ doc_number }}"), ppr='<w:jc w:val="center"/>'),
        tag("endif"),
        blank(),
        blank(),
        tag("endif"),
    ]


def closing() -> list[str]:
    """特此报告。: the last paragraph of the body, kept with the signature below it."""
    return [tag("if closing"), para("GwBody", run("{{ closing }}"), ppr="<w:keepNext/>"), tag("endif")]


def attachment_notes(style: HouseStyle) -> list[str]:
    """附件说明 (GB/T 9704 7.3.3): "附件：名称", or "附件：1.名称" with the next numbers under the "1.".

    A left tab at the hanging indent starts every name at the same place, so a long
    name wraps under its own first character whatever the width of "1." is.
    """
    lead = style.first_line_indent_chars
    left = _chars(style, lead + 4)
    stop = _tabs(("left", left))

    def ind(hanging: float) -> str:
        return f'<w:ind w:left="{left}" w:leftChars="{int((lead + 4) * 100)}" w:hanging="{_chars(style, hanging)}" w:hangingChars="{int(hanging * 100)}"/>'

    keep = "<w:keepNext/>"
    first = keep + stop + lines_before(style, 1)
    return [
        tag("if attachment_notes"),
        tag("for note in attachment_notes"),
        tag("if not note.number"),
        para("GwAttachNote", run("附件："), run("{{ note.name }}"), ppr=keep + lines_before(style, 1)),
        tag("elif note.first"),
        para("GwAttachNote", run("附件："), run("{{ note.number }}"), _tab_run(), run("{{ note.name }}"), ppr=first + ind(4)),
        tag("else"),
        para("GwAttachNote", run("{{ note.number }}"), _tab_run(), run("{{ note.name }}"), ppr=keep + stop + ind(1)),
        tag("endif"),
        tag("endfor"),
        tag("endif"),
    ]


def attachments(tables: dict[str, str]) -> list[str]:
    """Each attachment on a new page: its label (附件, 附件1 …), the title, the table of its kind, a note."""
    choose: list[str] = []
    for i, (kind, grid) in enumerate(tables.items()):
        choose += [tag(("if" if i == 0 else "elif") + f' att.kind == "{kind}"'), grid]
    return [
        tag("for att in attachments"),
        text_para("GwAttachLabel", "{{ att.label }}"),
        blank(keep_next=True),
        text_para("GwAttachTitle", "{{ att.title }}"),
        blank(keep_next=True),
        *choose,
        tag("endif"),
        # Word needs a paragraph after a table; a hairline one cannot spill onto a new page.
        para(None, ppr='<w:spacing w:line="20" w:lineRule="exact"/>'),
        tag("if att.note"),
        text_para("GwTableNote", "{{ att.note }}"),
        tag("endif"),
        tag("endfor"),
    ]


def _border(side: str, size: int) -> str:
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'


# The caption that marks the 版记 table (read by document.draft.imprint_foot).
IMPRINT_CAPTION = "版记"


def imprint(style: HouseStyle) -> list[str]:
    """版记 (GB/T 9704 7.4): 抄送 and 印发机关/印发日期 between 版记线, first and last thick, middle thin.

    One table: its top and bottom borders are the thick lines (0.35 mm), the border
    between rows the thin one (0.25 mm); the text stands one character in from both sides.
    Its caption 版记 lets draft.imprint_foot move it to the foot of the last page's 版心.
    """
    width = style.text_width_twips
    half = width // 2
    one = _chars(style, 1)
    # schema order: top, left, bottom, right, insideH, insideV; no vertical lines in a 版记
    borders = (
        f'<w:tblBorders>{_border("top", 8)}<w:left w:val="nil"/>{_border("bottom", 8)}<w:right w:val="nil"/>'
        f'{_border("insideH", 6)}<w:insideV w:val="nil"/></w:tblBorders>'
    )
    tblpr = (
        # pct 5000: full width, rescaled by apply_style when the margins change
        f'<w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/>{borders}'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000"/><w:tblCaption w:val="{IMPRINT_CAPTION}"/></w:tblPr>'
    )

    def tc(w: int, content: str, span: int = 1) -> str:
        grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        return f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>{grid_span}<w:vAlign w:val="center"/></w:tcPr>{content}</w:tc>'

    def tr(*cells: str) -> str:
        return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>"

    def tag_row(statement: str) -> str:
        return tr(tc(width, para(None, run("{%tr " + statement + " %}")), span=2))

    # 抄送：wraps under the first name, three characters (抄送：) in from the one-character margin
    cc = para("GwImprint", run("{{ cc }}"), ppr=f'<w:ind w:left="{one * 4}" w:right="{one}" w:hanging="{one * 3}"/>')
    printed_by = para("GwImprint", run("{{ printed_by }}"), ppr=f'<w:ind w:left="{one}" w:right="0" w:firstLine="0"/>')
    printed_date = para(
        "GwImprint", run("{{ printed_date }}"), ppr=f'<w:ind w:left="0" w:right="{one}" w:firstLine="0"/><w:jc w:val="right"/>'
    )
    rows = [
        tag_row("if cc"),
        tr(tc(width, cc, span=2)),
        tag_row("endif"),
        tag_row("if printed_by"),
        tr(tc(half, printed_by), tc(width - half, printed_date)),
        tag_row("endif"),
    ]
    grid = f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{width - half}"/></w:tblGrid>'
    return [
        tag("if cc or printed_by"),
        f"<w:tbl>{tblpr}{grid}{''.join(rows)}</w:tbl>",
        para(None, ppr='<w:spacing w:line="20" w:lineRule="exact"/>'),
        tag("endif"),
    ]
