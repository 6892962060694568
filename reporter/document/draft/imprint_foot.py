"""Move a rendered draft's 版记 to the foot of its last page's 版心 (GB/T 9704 7.4.1), in a text box anchored there."""

from __future__ import annotations

import re

from reporter.core.text import display_width
from reporter.data.housestyle import HouseStyle
from reporter.document.template.body_xml import IMPRINT_CAPTION

# The 版记 table, marked by its caption; it holds no nested table.
_TABLE = re.compile(rf'<w:tbl>(?:(?!<w:tbl>).)*?<w:tblCaption w:val="{IMPRINT_CAPTION}"/>.*?</w:tbl>', re.S)
_DOC_PR_ID = re.compile(r'<wp:docPr [^>]*\bid="(\d+)"')
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_ROW = re.compile(r"<w:tr[ >]")
EMU_PER_TWIP = 635
IMPRINT_SIZE_PT = 14  # 四号


_CC_RUN = re.compile(r"(<w:t(?: [^>]*)?>)(抄送：[^<]*)</w:t>")
_NAME = re.compile(r"[^，。]+[，。]?")


def cc_lines(text: str, style: HouseStyle) -> list[str]:
    """The 抄送 line as it should wrap: only between organs' names (an office program breaks 县法/院).

    The first line has the width less the one-character margins, the rest four characters less (they
    hang under the first name); one character is kept in hand for the office program's own measure.
    """
    one = IMPRINT_SIZE_PT * 20
    room = [(style.text_width_twips - 2 * one) // one - 1, (style.text_width_twips - 5 * one) // one - 1]
    head, names = text[:3], _NAME.findall(text[3:])
    lines = [head]
    for name in names:
        if lines[-1] != head and display_width(lines[-1] + name) > room[len(lines) > 1]:
            lines.append("")
        lines[-1] += name
    return lines


def _wrap_cc(table: str, style: HouseStyle) -> str:
    """The 版记 table with its 抄送 broken into lines between names (explicit line breaks)."""
    found = _CC_RUN.search(table)
    if found is None:
        return table
    opening = found.group(1)
    broken = f"</w:t><w:br/>{opening}".join(cc_lines(found.group(2), style))
    return table[: found.start()] + f"{opening}{broken}</w:t>" + table[found.end() :]


def _height(table: str, style: HouseStyle) -> int:
    """The table's height in twips: a body line per row, more for an 抄送 that wraps (a first guess the
    office program corrects: the box grows with its text)."""
    line = int(round(style.line_spacing_pt * 20))
    one = IMPRINT_SIZE_PT * 20
    per_line = max(1, (style.text_width_twips - 2 * one) // one)
    lines = 0
    for row in re.split(r"</w:tr>", table)[:-1]:
        text = "".join(_TEXT.findall(row))
        if text.startswith("抄送"):
            lines += row.count("<w:br/>") + 1 if "<w:br/>" in row else max(1, -(-int(display_width(text)) // per_line))
        else:
            lines += 1
    return lines * line + 40


def _box(table: str, style: HouseStyle, box_id: int) -> str:
    """A paragraph anchoring a text box as wide as the 版心, bottom-aligned to it, text above and below only."""
    width = style.text_width_twips * EMU_PER_TWIP
    height = _height(table, style) * EMU_PER_TWIP
    return (
        # the anchor is a body paragraph (a line of the 版心 grid): read back, it measures as the body does
        '<w:p><w:pPr><w:pStyle w:val="GwBody"/></w:pPr><w:r><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0"'
        ' layoutInCell="1" allowOverlap="0"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        f'<wp:docPr id="{box_id}" name="{IMPRINT_CAPTION}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{width}" cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        "<a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>"
        f'<wps:txbx><w:txbxContent>{table}<w:p><w:pPr><w:spacing w:line="20" w:lineRule="exact"/></w:pPr></w:p></w:txbxContent></wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" anchorCtr="0">'
        "<a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>"
    )


_NAMESPACES = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}


def _declare(xml: str) -> str:
    """The namespaces of the text box, declared on the root element when the template lacks them."""
    head = xml[: xml.index(">", xml.index("<w:document")) + 1]
    missing = "".join(f' xmlns:{p}="{uri}"' for p, uri in _NAMESPACES.items() if f"xmlns:{p}=" not in head)
    return xml.replace(head, head[:-1] + missing + ">", 1) if missing else xml


def imprint_at_foot(xml: str, style: HouseStyle) -> str:
    """XML (a rendered word/document.xml) with its 版记 table in a text box at the foot of the 版心; unchanged without one."""
    if IMPRINT_CAPTION not in xml:
        return xml
    found = _TABLE.search(xml)
    if found is None:
        return xml
    box_id = max([int(i) for i in _DOC_PR_ID.findall(xml)] + [0]) + 1
    return _declare(xml[: found.start()] + _box(_wrap_cc(found.group(0), style), style, box_id) + xml[found.end() :])
