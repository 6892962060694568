"""The paragraph, character and table styles of the drafts (names, ids, skeleton properties)."""

from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------------------
# Styles written into word/styles.xml.  The skeleton (alignment, basedOn,
# outline level, page break) is written only when a style is missing, so a
# user's edits to it survive; the house-style properties are (re)written by
# `apply_style`.


@dataclass(frozen=True)
class StyleSpec:
    kind: str
    style_id: str
    name: str
    based_on: str | None = None
    next: str | None = None
    ppr: str = ""
    rpr: str = ""
    extra: str = ""
    ui_priority: int | None = None
    default: bool = False
    hidden: bool = False


_NO_INDENT = '<w:ind w:left="0" w:right="0" w:firstLine="0" w:firstLineChars="0"/>'
_SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
_NO_CHAR_SPACING = '<w:spacing w:val="0"/>'
# LibreOffice (7.x) reads w:overflowPunct inverted: "1", Word's own default (punctuation may hang), is
# what turns LibreOffice's hanging punctuation off.  See style_writer._no_hanging.
NO_HANGING = '<w:overflowPunct w:val="1"/>'

SPECS: tuple[StyleSpec, ...] = (
    # Word adds a quarter space between Chinese and digits by default; a 公文 keeps its 28-character grid.
    # overflowPunct: see style_writer._no_hanging (LibreOffice would drop punctuation hanging at line ends).
    StyleSpec(
        "paragraph",
        "Normal",
        "Normal",
        ppr=NO_HANGING + '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:jc w:val="both"/>',
        ui_priority=0,
        default=True,
    ),
    StyleSpec("character", "DefaultParagraphFont", "Default Paragraph Font", ui_priority=1, default=True, hidden=True),
    StyleSpec(
        "table",
        "TableNormal",
        "Normal Table",
        ui_priority=99,
        default=True,
        hidden=True,
        extra='<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>",
    ),
    StyleSpec("numbering", "NoList", "No List", ui_priority=99, default=True, hidden=True),
    StyleSpec(
        "paragraph",
        "GwTitle",
        "公文标题",
        "Normal",
        "Normal",
        ppr=_NO_INDENT + '<w:jc w:val="center"/>',
        rpr=_NO_CHAR_SPACING,
    ),
    StyleSpec("paragraph", "GwRecipients", "主送机关", "Normal", "GwBody", ppr=_NO_INDENT + '<w:jc w:val="left"/>'),
    StyleSpec("paragraph", "GwBody", "公文正文", "Normal", "GwBody", ppr='<w:jc w:val="both"/>'),
    StyleSpec("paragraph", "GwHeading1", "一级标题", "GwBody", "GwBody", ppr='<w:outlineLvl w:val="0"/>'),
    StyleSpec("paragraph", "GwHeading2", "二级标题", "GwBody", "GwBody", ppr='<w:outlineLvl w:val="1"/>'),
    StyleSpec("character", "GwItemLead", "三级标题引导", "DefaultParagraphFont"),
    StyleSpec("character", "GwTaskLead", "二级标题引导", "DefaultParagraphFont"),
    StyleSpec("paragraph", "GwAttachNote", "附件说明", "GwBody", "GwBody"),
    StyleSpec("paragraph", "GwSignature", "署名", "Normal", "GwDate", ppr='<w:keepNext/><w:jc w:val="right"/>'),
    StyleSpec("paragraph", "GwDate", "成文日期", "Normal", "Normal", ppr='<w:jc w:val="right"/>'),
    StyleSpec(
        "paragraph",
        "GwAttachLabel",
        "附件标注",
        "Normal",
        "Normal",
        ppr="<w:keepNext/><w:pageBreakBefore/>" + _NO_INDENT + '<w:jc w:val="left"/>',
    ),
    StyleSpec("paragraph", "GwAttachTitle", "附件标题", "GwTitle", "Normal", ppr='<w:keepNext/><w:jc w:val="center"/>'),
    StyleSpec(
        "paragraph",
        "GwTableText",
        "表格文字",
        "Normal",
        "GwTableText",
        ppr=_SINGLE + _NO_INDENT + '<w:jc w:val="center"/>',
        rpr=_NO_CHAR_SPACING,
    ),
    StyleSpec("paragraph", "GwTableHeader", "表头文字", "GwTableText", "GwTableText", ppr='<w:keepNext/><w:jc w:val="center"/>'),
    StyleSpec(
        "table",
        "GwTable",
        "公文表格",
        "TableNormal",
        extra='<w:tblPr><w:jc w:val="center"/><w:tblBorders>'
        + "".join(
            f'<w:{side} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>",
    ),
    # Chinese Word's built-in 页眉 has a rule under it; a 公文 has none, so both are defined here.
    StyleSpec(
        "paragraph",
        "Header",
        "header",
        "Normal",
        ppr=_SINGLE + _NO_INDENT + '<w:jc w:val="center"/>',
        rpr=_NO_CHAR_SPACING,
        ui_priority=99,
    ),
    StyleSpec("paragraph", "Footer", "footer", "Normal", ppr=_SINGLE + _NO_INDENT, rpr=_NO_CHAR_SPACING, ui_priority=99),
    StyleSpec("paragraph", "GwPageNumber", "页码", "Footer", rpr=_NO_CHAR_SPACING),
    # 版头 (GB/T 9704 7.2): the 发文机关标志 red 小标宋 (the title's face), single-spaced so its size is not clipped.
    StyleSpec(
        "paragraph",
        "GwMasthead",
        "发文机关标志",
        "GwTitle",
        "GwDocNumber",
        # its top edge 35 mm below the top of the 版心 (GB/T 9704 7.2.4)
        ppr='<w:spacing w:before="1984" w:after="0" w:line="240" w:lineRule="auto"/>' + _NO_INDENT + '<w:jc w:val="center"/>',
        rpr='<w:color w:val="FF0000"/><w:spacing w:val="0"/><w:sz w:val="72"/><w:szCs w:val="72"/>',
    ),
    # The red 分隔线 4 mm under the 发文字号, as wide as the 版心 (the paragraph has no indents).
    StyleSpec(
        "paragraph",
        "GwDocNumber",
        "发文字号",
        "Normal",
        "GwTitle",
        ppr='<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="11" w:color="FF0000"/></w:pBdr>' + _NO_INDENT + '<w:jc w:val="left"/>',
    ),
    # 签发人姓名 in 楷体, like the leads of level-2 headings.
    StyleSpec("character", "GwSignerName", "签发人姓名", "GwTaskLead"),
    # 版记 (GB/T 9704 7.4) in 四号仿宋.
    StyleSpec(
        "paragraph",
        "GwImprint",
        "版记",
        "Normal",
        "GwImprint",
        ppr=_NO_INDENT + '<w:jc w:val="left"/>',
        rpr='<w:sz w:val="28"/><w:szCs w:val="28"/>',
    ),
    StyleSpec("paragraph", "GwTableNote", "表注", "GwTableText", "GwTableNote", ppr='<w:jc w:val="left"/>'),
)

STYLE_IDS: dict[str, str] = {s.name: s.style_id for s in SPECS}
