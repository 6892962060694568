"""The last steps on a rendered draft's word/document.xml: the report's tables sized from content, pages filled, the body's last lines kept with the 署名, the 版记 at the foot."""

from __future__ import annotations

import re
from collections.abc import Callable

from reporter.data.housestyle import HouseStyle
from reporter.document.draft.closing_keep import keep_last_lines
from reporter.document.draft.imprint_foot import imprint_at_foot
from reporter.document.draft.task_table_fit import fit_report_tables


def draft_finish(style: HouseStyle, kind: str) -> Callable[[str], str]:
    """What a report or plan draft gets after rendering, on the XML text itself (no python-docx, no second zip pass)."""
    char_twips = style.table_size * 20

    def finish(xml: str) -> str:
        if kind == "report":
            xml = fit_report_tables(xml, char_twips)
        if style.widow_control:
            xml = fill_pages(xml)
        # after fill_pages: the paragraph cut keeps its widow control, as the last before the closing block
        xml = keep_last_lines(xml, style)
        return imprint_at_foot(xml, style)

    return finish


# A paragraph's start and its style; what may follow the style in pPr before widowControl (schema order).
_PARAGRAPH = re.compile(
    r'<w:p(?: [^>]*)?>(?:<w:pPr><w:pStyle w:val="([^"]*)"/>(<w:(?:keepNext|keepLines|pageBreakBefore|framePr|widowControl)\b)?)?'
)
_BODY = "GwBody"
# What a body paragraph may be followed by on the same page and in the same flow: text, a heading.
_FLOW = frozenset({"GwBody", "GwHeading1", "GwHeading2", "GwHeading3"})
_BREAK_BEFORE = "<w:pageBreakBefore"


def fill_pages(xml: str) -> str:
    """Body paragraphs in the middle of the text without widow control, so every page holds its 22 lines
    (GB/T 9704 5.2.2: 撑满版心): a line of one standing alone on a page is followed there by more text.

    The style's widow control stays on where a lone line could be all a page holds: the last paragraph
    before whatever is not body text or is kept with what follows (特此报告, 附件说明, the signature, a
    table, a new page), and any paragraph kept with the next (the closing block's own arrangement)."""
    found = list(_PARAGRAPH.finditer(xml))
    out: list[str] = []
    pos = 0
    for this, after in zip(found, found[1:], strict=False):
        if this[1] != _BODY or this[2] is not None or after[1] not in _FLOW:
            continue
        if _BREAK_BEFORE in xml[after.start() : xml.find("</w:pPr>", after.start())] or after[2] == "<w:keepNext":
            continue  # the next paragraph starts a page, or is kept with what follows (特此报告。): this one ends its flow
        out += [xml[pos : this.end()], '<w:widowControl w:val="0"/>']
        pos = this.end()
    return "".join(out) + xml[pos:] if out else xml
