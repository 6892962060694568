"""How a house style is written into a .docx: styles, page setup and odd/even footers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from reporter.data.housestyle import A4_TWIPS, HEADER_DISTANCE_MM, SIZE_NAMES, HouseStyle, mm_to_twips, pt20
from reporter.document.template.word_styles import SPECS, STYLE_IDS, StyleSpec

__all__ = [
    "SIZE_NAMES",
    "STYLE_IDS",
    "HouseStyle",
    "apply_style",
]


# Child order of the OOXML schema: Word rejects some files whose children are out of order.
_PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
_RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl "
    "cs em lang eastAsianLayout specVanish oMath"
).split()
_STYLE_ORDER = (
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat locked "
    "personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
).split()
_SECT_ORDER = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
    "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings "
    "sectPrChange"
).split()
_DOCDEFAULTS_ORDER = ["rPrDefault", "pPrDefault"]


def _child(parent: etree._Element, tag: str, order: list[str]) -> etree._Element:
    """The child `w:tag` of parent, created at its schema position when missing."""
    found = parent.find(qn("w:" + tag))
    if found is not None:
        return found
    el = parse_xml(f"<w:{tag} {nsdecls('w')}/>")
    rank = order.index(tag)
    for i, sibling in enumerate(parent):
        local = etree.QName(sibling).localname
        if local in order and order.index(local) > rank:
            parent.insert(i, el)
            return el
    parent.append(el)
    return el


def _set(el: etree._Element, **attrs: Any) -> etree._Element:
    for key, value in attrs.items():
        name = qn("w:" + key)
        if value is None:
            el.attrib.pop(name, None)
        else:
            el.set(name, str(value))
    return el


def _fonts(
    rpr: etree._Element,
    east: str,
    latin: str,
    set_east: bool = True,
    set_latin: bool = True,
    hint: bool = True,
) -> None:
    """Set the East Asian and Latin fonts (those selected, and any slot still empty) and drop theme fonts."""
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        if not (set_east or set_latin):
            return
        rf = _child(rpr, "rFonts", _RPR_ORDER)
    # A theme font wins over an explicit one in Word, so none may stay.
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rf.attrib.pop(qn("w:" + theme), None)
    for slot in ("ascii", "hAnsi", "cs"):
        if set_latin or rf.get(qn("w:" + slot)) is None:
            rf.set(qn("w:" + slot), latin)
    if set_east or rf.get(qn("w:eastAsia")) is None:
        rf.set(qn("w:eastAsia"), east)
        # Quotes and dashes are "ambiguous" characters; the hint makes Word draw them full-width.
        _set(rf, hint="eastAsia" if hint else None)


def _size_el(rpr: etree._Element, pt: float | None) -> None:
    if pt is None:
        return
    half = str(int(round(pt * 2)))
    _set(_child(rpr, "sz", _RPR_ORDER), val=half)
    _set(_child(rpr, "szCs", _RPR_ORDER), val=half)


def _onoff(parent: etree._Element, tag: str, order: list[str], value: bool | None) -> None:
    if value is None:
        return
    _set(_child(parent, tag, order), val="1" if value else "0")


def _char_spacing(rpr: etree._Element, pt: float | None) -> None:
    if pt is None:
        return
    _set(_child(rpr, "spacing", _RPR_ORDER), val=pt20(pt))


def _line(ppr: etree._Element, exact_pt: float | None = None, single: bool = False) -> None:
    sp = _child(ppr, "spacing", _PPR_ORDER)
    _set(sp, before=0, after=0, beforeLines=None, afterLines=None, beforeAutospacing=None, afterAutospacing=None)
    if single:
        _set(sp, line=240, lineRule="auto")
    elif exact_pt is not None:
        _set(sp, line=pt20(exact_pt), lineRule="exact")


def _indent(
    ppr: etree._Element,
    size_pt: float,
    first: float | None = None,
    left: float | None = None,
    hanging: float | None = None,
    right: float | None = None,
) -> None:
    """Indents in characters, written both as *Chars (Word, WPS) and in twips (LibreOffice reads those)."""
    ind = _child(ppr, "ind", _PPR_ORDER)
    one = size_pt * 20

    def pair(key: str, chars: float | None) -> None:
        if chars is None:
            return
        _set(ind, **{key: int(round(chars * one)), key + "Chars": int(round(chars * 100))})

    if hanging is not None:
        _set(ind, firstLine=None, firstLineChars=None)
        pair("hanging", hanging)
    elif first is not None:
        _set(ind, hanging=None, hangingChars=None)
        pair("firstLine", first)
    pair("left", left)
    pair("right", right)
    # Word 2010+ writes start/end; drop them so they cannot contradict left/right.
    for key in ("start", "end", "startChars", "endChars"):
        ind.attrib.pop(qn("w:" + key), None)


def _find_style(styles: etree._Element, spec: StyleSpec) -> etree._Element | None:
    """The document's style for spec: by id, else by name, else the default style of that type.

    Chinese Word and WPS give built-in styles other ids ("a" for Normal) and may
    renumber styles on saving, so the id alone would miss them and a second
    default style would be added.
    """
    candidates = [st for st in styles.findall(qn("w:style")) if st.get(qn("w:type")) == spec.kind]
    for st in candidates:
        if st.get(qn("w:styleId")) == spec.style_id:
            return st
    for st in candidates:
        name = st.find(qn("w:name"))
        if name is not None and (name.get(qn("w:val")) or "").lower() == spec.name.lower():
            return st
    if spec.default:
        for st in candidates:
            if st.get(qn("w:default")) in ("1", "true", "on"):
                return st
    return None


def _new_style(spec: StyleSpec, ids: Mapping[str, str]) -> etree._Element:
    attrs = f'w:type="{spec.kind}" w:styleId="{spec.style_id}"'
    if spec.default:
        attrs += ' w:default="1"'
    parts = [f'<w:name w:val="{spec.name}"/>']
    if spec.based_on:
        parts.append(f'<w:basedOn w:val="{ids.get(spec.based_on, spec.based_on)}"/>')
    if spec.next:
        parts.append(f'<w:next w:val="{ids.get(spec.next, spec.next)}"/>')
    if spec.ui_priority is not None:
        parts.append(f'<w:uiPriority w:val="{spec.ui_priority}"/>')
    if spec.hidden:
        parts.append("<w:semiHidden/><w:unhideWhenUsed/>")
    else:
        parts.append("<w:qFormat/>")
    if spec.ppr:
        parts.append(f"<w:pPr>{spec.ppr}</w:pPr>")
    if spec.rpr:
        parts.append(f"<w:rPr>{spec.rpr}</w:rPr>")
    parts.append(spec.extra)
    return parse_xml(f"<w:style {nsdecls('w')} {attrs}>{''.join(parts)}</w:style>")


def _ensure_styles(styles: etree._Element) -> tuple[dict[str, etree._Element], set[str]]:
    """Our styles in the document, spec id → element, adding the missing ones; and the ids of those added."""
    found = {spec.style_id: _find_style(styles, spec) for spec in SPECS}
    ids = {sid: el.get(qn("w:styleId")) for sid, el in found.items() if el is not None}
    added = set()
    for spec in SPECS:
        if found[spec.style_id] is None:
            el = _new_style(spec, ids)
            styles.append(el)
            found[spec.style_id] = el
            added.add(spec.style_id)
    return {sid: el for sid, el in found.items() if el is not None}, added


def _ppr(style: etree._Element) -> etree._Element:
    return _child(style, "pPr", _STYLE_ORDER)


def _rpr(style: etree._Element) -> etree._Element:
    return _child(style, "rPr", _STYLE_ORDER)


def _styles_element(document: Any) -> etree._Element:
    return document.styles.element


def _write_doc_defaults(styles: etree._Element, s: HouseStyle, selected: set[str]) -> None:
    """docDefaults: runs and paragraphs outside any of our styles must not fall back to theme fonts."""
    f = selected
    dd = styles.find(qn("w:docDefaults"))
    if dd is None:
        dd = parse_xml(f"<w:docDefaults {nsdecls('w')}/>")
        styles.insert(0, dd)
        f = set(HouseStyle.model_fields)
    rpr_default = _child(_child(dd, "rPrDefault", _DOCDEFAULTS_ORDER), "rPr", ["rPr"])
    ppr_default = _child(_child(dd, "pPrDefault", _DOCDEFAULTS_ORDER), "pPr", ["pPr"])
    _fonts(rpr_default, s.body_font, s.latin_font, "body_font" in f, "latin_font" in f)
    if "body_size" in f:
        _size_el(rpr_default, s.body_size)
    lang = _child(rpr_default, "lang", _RPR_ORDER)
    if lang.get(qn("w:eastAsia")) != "zh-CN":
        # zh-CN tells Word to use Chinese line breaking and the East Asian font for shared characters.
        _set(lang, val=lang.get(qn("w:val")) or "en-US", eastAsia="zh-CN", bidi=lang.get(qn("w:bidi")) or "ar-SA")
    if "widow_control" in f:
        _onoff(ppr_default, "widowControl", _PPR_ORDER, s.widow_control)
    if "line_spacing_pt" in f:
        _line(ppr_default, s.line_spacing_pt)


# One step of writing a style: (rPr, pPr, house style, the settings to write).
_Step = Callable[[etree._Element, etree._Element, HouseStyle, set[str]], None]


def _font(field: str) -> _Step:
    def step(rpr: etree._Element, _ppr: etree._Element, s: HouseStyle, f: set[str]) -> None:
        _fonts(rpr, getattr(s, field), s.latin_font, field in f, "latin_font" in f)

    return step


def _size(field: str) -> _Step:
    def step(rpr: etree._Element, _ppr: etree._Element, s: HouseStyle, f: set[str]) -> None:
        if field in f:
            _size_el(rpr, getattr(s, field))

    return step


def _bold(field: str) -> _Step:
    def step(rpr: etree._Element, _ppr: etree._Element, s: HouseStyle, f: set[str]) -> None:
        if field in f:
            _onoff(rpr, "b", _RPR_ORDER, getattr(s, field))
            _onoff(rpr, "bCs", _RPR_ORDER, getattr(s, field))

    return step


def _spacing(rpr: etree._Element, _ppr: etree._Element, s: HouseStyle, f: set[str]) -> None:
    if "char_spacing_pt" in f:
        _char_spacing(rpr, s.char_spacing_pt)


def _no_hanging(_rpr: etree._Element, ppr: etree._Element, _s: HouseStyle, f: set[str]) -> None:
    """No punctuation hanging into the margin in LibreOffice's layout, so its PDF loses none.

    With the character spacing that puts 28 characters on a line, a 。，、；： after the
    28th character hangs in LibreOffice; on a justified line its justification then
    overshoots the right edge by a rounding twip and the hanging mark is never painted:
    the PDF silently lacks it.  LibreOffice 7 reads w:overflowPunct inverted, so "1" (what
    Word assumes anyway) makes it break before the mark instead, as Word does without
    hanging; Word's own layout is unchanged.
    """
    if "char_spacing_pt" in f:
        _set(_child(ppr, "overflowPunct", _PPR_ORDER), val="1")


def _widows(_rpr: etree._Element, ppr: etree._Element, s: HouseStyle, f: set[str]) -> None:
    if "widow_control" in f:
        _onoff(ppr, "widowControl", _PPR_ORDER, s.widow_control)


def _line_pitch(_rpr: etree._Element, ppr: etree._Element, s: HouseStyle, f: set[str]) -> None:
    if "line_spacing_pt" in f:
        _line(ppr, s.line_spacing_pt)


def _table_pitch(_rpr: etree._Element, ppr: etree._Element, s: HouseStyle, f: set[str]) -> None:
    if "table_line_spacing_pt" in f:
        _line(ppr, s.table_line_spacing_pt)


def _keep_next(_rpr: etree._Element, ppr: etree._Element, s: HouseStyle, f: set[str]) -> None:
    if "keep_headings_with_next" in f:
        _onoff(ppr, "keepNext", _PPR_ORDER, s.keep_headings_with_next)


def _body_indent(_rpr: etree._Element, ppr: etree._Element, s: HouseStyle, f: set[str]) -> None:
    if f & {"body_size", "first_line_indent_chars"}:
        _indent(ppr, s.body_size, first=s.first_line_indent_chars, left=0, right=0)


def _hanging_after_label(_rpr: etree._Element, ppr: etree._Element, s: HouseStyle, f: set[str]) -> None:
    # A long attachment name wraps under its own first character, after "附件：".
    if f & {"body_size", "first_line_indent_chars"}:
        _indent(ppr, s.body_size, hanging=3, left=s.first_line_indent_chars + 3, right=0)


def _right_two(_rpr: etree._Element, ppr: etree._Element, s: HouseStyle, f: set[str]) -> None:
    # 右空二字 (GB/T 9704 7.3.5.2); the template pads the shorter line with full-width spaces.
    if "body_size" in f:
        _indent(ppr, s.body_size, first=0, left=0, right=2)


def _page_number(rpr: etree._Element, ppr: etree._Element, s: HouseStyle, f: set[str]) -> None:
    # The page number is 宋体 throughout, digits included (GB/T 9704 7.5).
    chosen = "page_number_font" in f
    _fonts(rpr, s.page_number_font, s.page_number_font, chosen, chosen, hint=False)
    if "page_number_size" in f:
        _size_el(rpr, s.page_number_size)
        _line(ppr, s.page_number_line_pt)


# What the house style sets in each of our styles, in order; styles not listed keep what they have.
# Table text has a pitch of its own (20 pt for 小四): a wrapped cell stays compact; rows are "at least"
# eight millimetres high, so nothing is clipped.
_STYLE_STEPS: dict[str, tuple[_Step, ...]] = {
    "Normal": (_font("body_font"), _size("body_size"), _spacing, _no_hanging, _widows, _line_pitch),
    "GwTitle": (_font("title_font"), _size("title_size")),
    "GwBody": (_body_indent,),
    "GwHeading1": (_font("h1_font"), _keep_next),
    "GwHeading2": (_font("h2_font"), _keep_next),
    "GwItemLead": (_font("body_font"), _bold("h3_bold")),
    "GwTaskLead": (_font("h2_font"),),
    "GwAttachNote": (_hanging_after_label,),
    "GwSignature": (_right_two,),
    "GwDate": (_right_two,),
    "GwAttachLabel": (_font("h1_font"),),
    "GwTableText": (_font("body_font"), _size("table_size"), _table_pitch),
    "GwTableHeader": (_font("h1_font"),),
    "GwPageNumber": (_page_number,),
}


def _write_styles(document: Any, s: HouseStyle, selected: set[str]) -> dict[str, str]:
    """Write the house style into styles.xml; returns spec id → the id the document uses."""
    styles = _styles_element(document)
    _write_doc_defaults(styles, s, selected)
    elements, added = _ensure_styles(styles)
    for spec in SPECS:
        if spec.kind in ("table", "numbering") or spec.style_id == "DefaultParagraphFont":
            continue
        st = elements[spec.style_id]
        # A style the template lacked gets the whole house style, not just the selected part.
        f = set(HouseStyle.model_fields) if spec.style_id in added else selected
        rpr, ppr = _rpr(st), _ppr(st)
        for step in _STYLE_STEPS.get(spec.style_id, ()):
            step(rpr, ppr, s, f)
        # Drop empty containers so an untouched style stays as the user left it.
        for el in (rpr, ppr):
            if len(el) == 0 and not el.attrib:
                st.remove(el)
    return {sid: el.get(qn("w:styleId")) for sid, el in elements.items()}


def _page_setup(document: Any, s: HouseStyle, f: set[str]) -> None:
    body = document.element.body
    sects = list(body.iter(qn("w:sectPr")))
    margins = {"margin_top_mm", "margin_bottom_mm", "margin_left_mm", "margin_right_mm"}
    footer_fields = {"margin_bottom_mm", "page_number_offset_mm", "page_number_size"}
    for sp in sects:
        sz = _child(sp, "pgSz", _SECT_ORDER)
        _set(sz, w=A4_TWIPS[0], h=A4_TWIPS[1], orient=None)
        mar = _child(sp, "pgMar", _SECT_ORDER)
        fresh = mar.get(qn("w:top")) is None
        if fresh or f & margins:
            _set(
                mar,
                top=mm_to_twips(s.margin_top_mm),
                bottom=mm_to_twips(s.margin_bottom_mm),
                left=mm_to_twips(s.margin_left_mm),
                right=mm_to_twips(s.margin_right_mm),
            )
        if fresh or f & footer_fields:
            _set(mar, footer=mm_to_twips(s.footer_distance_mm))
        for key, default in (("header", mm_to_twips(HEADER_DISTANCE_MM)), ("footer", mm_to_twips(s.footer_distance_mm)), ("gutter", 0)):
            if mar.get(qn("w:" + key)) is None:
                mar.set(qn("w:" + key), str(default))
        if fresh or "line_spacing_pt" in f:
            grid = _child(sp, "docGrid", _SECT_ORDER)
            # No grid type: a line grid would override the exact spacing in LibreOffice.
            _set(grid, type=None, linePitch=pt20(s.line_spacing_pt), charSpace=None)
    if f & ({"margin_left_mm", "margin_right_mm"}):
        _fit_tables(body, s.text_width_twips)


def _fit_tables(body: etree._Element, width: int) -> None:
    """Scale full-width tables (tblW 100%) to a new text width; other tables are the user's business."""
    for tbl in body.findall(qn("w:tbl")):
        tblw = tbl.find(qn("w:tblPr") + "/" + qn("w:tblW"))
        if tblw is None or tblw.get(qn("w:type")) != "pct" or tblw.get(qn("w:w")) not in ("5000", "100%"):
            continue
        cols = tbl.findall(qn("w:tblGrid") + "/" + qn("w:gridCol"))
        old = sum(int(c.get(qn("w:w"), "0")) for c in cols)
        if not old or old == width:
            continue
        new = [int(int(c.get(qn("w:w"))) * width / old) for c in cols]
        new[-1] += width - sum(new)
        for c, w in zip(cols, new, strict=True):
            c.set(qn("w:w"), str(w))
        for tr in tbl.findall(qn("w:tr")):
            i = 0
            for tc in tr.findall(qn("w:tc")):
                span_el = tc.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
                span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
                tcw = tc.find(qn("w:tcPr") + "/" + qn("w:tcW"))
                if tcw is not None and tcw.get(qn("w:type")) == "dxa":
                    tcw.set(qn("w:w"), str(sum(new[i : i + span])))
                i += span


def _footer_xml(s: HouseStyle, even: bool, style_id: str) -> str:
    before, after = s.page_number_format.split("{page}")
    one = pt20(s.page_number_size)
    if s.page_number_position == "center":
        ppr = '<w:jc w:val="center"/>'
    elif even:
        ppr = f'<w:ind w:left="{one}" w:leftChars="100" w:right="0" w:firstLine="0"/><w:jc w:val="left"/>'
    else:
        ppr = f'<w:ind w:left="0" w:right="{one}" w:rightChars="100" w:firstLine="0"/><w:jc w:val="right"/>'

    def text_run(text: str) -> str:
        if not text:
            return ""
        esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<w:r><w:t xml:space="preserve">{esc}</w:t></w:r>'

    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{2 if even else 1}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style_id}"/>{ppr}</w:pPr>{text_run(before)}{field}{text_run(after)}</w:p>'


def _footers(document: Any, s: HouseStyle, style_id: str) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    for i, section in enumerate(document.sections):
        for footer, even in ((section.footer, False), (section.even_page_footer, True)):
            if i == 0:
                footer.is_linked_to_previous = False
            elif footer.is_linked_to_previous:
                continue
            el = footer._element
            for child in list(el):
                el.remove(child)
            el.append(parse_xml(_footer_xml(s, even, style_id)))


def apply_style(document: Any, style: HouseStyle, fields: Iterable[str] | None = None) -> None:
    """Write a house style into a python-docx Document (or a docxtpl DocxTemplate): styles, page setup, footers.

    `fields` limits the rewrite to those settings (default: all).  A build on a
    template the user edited in Word passes `style.model_fields_set`, so only
    what unit.yaml sets overrides the template; the text and structure of the
    template are never touched.  Styles the template lacks are added.
    """
    if hasattr(document, "get_docx"):
        document = document.get_docx()
    selected = set(HouseStyle.model_fields) if fields is None else set(fields)
    unknown = selected - set(HouseStyle.model_fields)
    if unknown:
        raise ValueError(f"unknown house-style fields: {sorted(unknown)}")
    ids = _write_styles(document, style, selected)
    _page_setup(document, style, selected)
    footer_fields = {"page_number_font", "page_number_size", "page_number_position", "page_number_format"}
    if selected & footer_fields or not _has_page_footers(document):
        _footers(document, style, ids["GwPageNumber"])


def _has_page_footers(document: Any) -> bool:
    """Whether the first section already has odd and even footers (then a partial style leaves them be)."""
    sect = document.sections[0]._sectPr
    kinds = {ref.get(qn("w:type")) for ref in sect.findall(qn("w:footerReference"))}
    return {"default", "even"} <= kinds and bool(document.settings.odd_and_even_pages_header_footer)
