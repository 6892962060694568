"""Tests of the house-style model, its loading from unit.yaml and apply_style on a plain document."""

from __future__ import annotations

import re
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Length
from lxml import etree
from pydantic import ValidationError

from reporter.document.template.style_writer import SIZE_NAMES, STYLE_IDS, HouseStyle, apply_style

CJK = re.compile("[\u4e00-\u9fff]")


def test_defaults_are_gbt9704() -> None:
    s = HouseStyle()
    assert (s.title_font, s.body_font, s.h1_font, s.h2_font) == ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312")
    assert (s.latin_font, s.page_number_font) == ("Times New Roman", "宋体")
    assert (s.title_size, s.body_size, s.page_number_size) == (22, 16, 14)
    assert (s.margin_top_mm, s.margin_bottom_mm, s.margin_left_mm, s.margin_right_mm) == (37, 35, 28, 26)
    assert (s.text_width_mm, s.text_height_mm) == (156, 225)
    assert s.page_number_position == "outer" and s.page_number_format == "— {page} —"
    assert s.h3_bold and s.widow_control


def test_default_grid_is_22_lines_of_28_characters() -> None:
    s = HouseStyle()
    assert s.lines_per_page == 22
    assert s.chars_per_line == 28
    # the two pitfalls of §4: 29 pt fixed gives 21 lines; 16 pt without tightening gives 27 characters
    assert HouseStyle(line_spacing_pt=29).lines_per_page == 21
    assert HouseStyle(char_spacing_pt=0).chars_per_line == 27


def test_every_field_has_a_chinese_description() -> None:
    for name, field in HouseStyle.model_fields.items():
        assert field.description and CJK.search(field.description), name


def test_unknown_settings_are_refused() -> None:
    with pytest.raises(ValidationError):
        HouseStyle.model_validate({"body_fnot": "仿宋"})


@pytest.mark.parametrize(
    "given, points",
    [
        ("二号", 22),
        ("三号", 16),
        ("四号", 14),
        ("小四", 12),
        ("五号", 10.5),
        (15, 15),
        ("15.5", 15.5),
        ("16pt", 16),
        ("16磅", 16),
        (10.26, 10.5),
    ],
)
def test_sizes_accept_points_and_chinese_names(given: object, points: float) -> None:
    assert HouseStyle.model_validate({"body_size": given}).body_size == points


@pytest.mark.parametrize("bad", ["大号", "", 0, 200, True, "三號"])
def test_bad_sizes_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError):
        HouseStyle.model_validate({"body_size": bad})


def test_size_names_cover_the_common_ones() -> None:
    assert {"二号", "三号", "四号", "小四", "五号"} <= set(SIZE_NAMES)


@pytest.mark.parametrize(
    "settings",
    [
        {"page_number_format": "第页"},
        {"page_number_format": "{page}/{page}"},
        {"page_number_format": "{pages}"},
        {"margin_left_mm": 90, "margin_right_mm": 80},
        {"margin_bottom_mm": 10, "page_number_offset_mm": 7},
        {"line_spacing_pt": 0},
        {"title_font": "  "},
        {"page_number_position": "left"},
    ],
)
def test_impossible_styles_are_refused(settings: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        HouseStyle.model_validate(settings)


# ---------------------------------------------------------------- apply_style


def _style(document: docx.document.Document, name: str) -> Any:
    return document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{STYLE_IDS[name]}']")


def _attr(el: Any, path: str, attr: str) -> str | None:
    found = el.find(path.replace("w:", "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"))
    return None if found is None else found.get(qn("w:" + attr))


def _mm(length: Length | None) -> float:
    assert length is not None
    return float(length.mm)


def test_apply_style_to_a_plain_document_replaces_theme_fonts() -> None:
    document = docx.Document()
    apply_style(document, HouseStyle())
    styles = document.styles.element
    dd_fonts = styles.find(qn("w:docDefaults")).find(f".//{qn('w:rFonts')}")
    assert dd_fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and dd_fonts.get(qn("w:ascii")) == "Times New Roman"
    assert "Theme=" not in etree.tostring(styles.find(qn("w:docDefaults")), encoding="unicode")
    normal = _style(document, "Normal")
    assert _attr(normal, "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert _attr(normal, "w:rPr/w:sz", "val") == "32"
    assert _attr(normal, "w:rPr/w:spacing", "val") == "-5"
    assert _attr(normal, "w:pPr/w:spacing", "line") == "578" and _attr(normal, "w:pPr/w:spacing", "lineRule") == "exact"
    assert _attr(normal, "w:pPr/w:widowControl", "val") == "1"
    for name, east in (("公文标题", "方正小标宋简体"), ("一级标题", "黑体"), ("二级标题", "楷体_GB2312"), ("二级标题引导", "楷体_GB2312")):
        assert _attr(_style(document, name), "w:rPr/w:rFonts", "eastAsia") == east, name
    assert _attr(_style(document, "三级标题引导"), "w:rPr/w:b", "val") == "1"
    sect = document.sections[0]
    assert sect.page_width is not None and sect.page_height is not None and sect.top_margin is not None and sect.left_margin is not None
    assert abs(sect.page_width.mm - 210) < 0.5 and abs(sect.page_height.mm - 297) < 0.5
    assert abs(sect.top_margin.mm - 37) < 0.5 and abs(sect.left_margin.mm - 28) < 0.5
    assert document.settings.odd_and_even_pages_header_footer
    assert "PAGE" in sect.footer._element.xml and "PAGE" in sect.even_page_footer._element.xml


def test_apply_style_only_touches_the_selected_settings() -> None:
    document = docx.Document()
    apply_style(document, HouseStyle())
    title = _style(document, "公文标题")
    title.find(f".//{qn('w:rFonts')}").set(qn("w:eastAsia"), "华文中宋")  # the user's own choice
    style = HouseStyle(body_size=15, title_font="方正小标宋_GBK", margin_top_mm=30)
    apply_style(document, style, {"body_size"})
    assert _attr(title, "w:rPr/w:rFonts", "eastAsia") == "华文中宋"
    assert _attr(_style(document, "Normal"), "w:rPr/w:sz", "val") == "30"
    assert _attr(_style(document, "公文正文"), "w:pPr/w:ind", "firstLine") == "600"
    assert _mm(document.sections[0].top_margin) == pytest.approx(37, abs=0.5)  # margins were not selected
    apply_style(document, style, style.model_fields_set)
    assert _attr(title, "w:rPr/w:rFonts", "eastAsia") == "方正小标宋_GBK"
    assert _mm(document.sections[0].top_margin) == pytest.approx(30, abs=0.5)


def test_apply_style_recreates_missing_styles_in_full() -> None:
    document = docx.Document()
    apply_style(document, HouseStyle())
    styles = document.styles.element
    styles.remove(_style(document, "一级标题"))
    apply_style(document, HouseStyle(h1_font="方正黑体_GBK"), {"body_size"})
    h1 = _style(document, "一级标题")
    # recreated with the whole style, not just the selected body size
    assert _attr(h1, "w:rPr/w:rFonts", "eastAsia") == "方正黑体_GBK"
    assert _attr(h1, "w:pPr/w:outlineLvl", "val") == "0"


def test_apply_style_accepts_unknown_field_names_only_as_an_error() -> None:
    with pytest.raises(ValueError):
        apply_style(docx.Document(), HouseStyle(), {"body_sizes"})


def test_footer_distance_puts_the_number_seven_mm_under_the_text() -> None:
    s = HouseStyle()
    line_mm = s.page_number_line_pt * 25.4 / 72
    assert abs(s.footer_distance_mm + line_mm + s.page_number_offset_mm - s.margin_bottom_mm) < 1e-9


def test_styles_renumbered_by_word_or_wps_are_found_by_name() -> None:
    from io import BytesIO

    from reporter.document.template.default_templates import build_template

    document = docx.Document(BytesIO(build_template("report", HouseStyle())))
    # Chinese Word calls Normal "a"; WPS renumbers the others on saving
    renamed = {"Normal": "a", "GwBody": "3", "GwPageNumber": "7"}
    body = document.element.body
    for st in document.styles.element.findall(qn("w:style")):
        old = st.get(qn("w:styleId"))
        if old in renamed:
            st.set(qn("w:styleId"), renamed[old])
        for ref in ("w:basedOn", "w:next"):
            el = st.find(qn(ref))
            if el is not None and el.get(qn("w:val")) in renamed:
                el.set(qn("w:val"), renamed[el.get(qn("w:val"))])
    for ps in body.iter(qn("w:pStyle")):
        if ps.get(qn("w:val")) in renamed:
            ps.set(qn("w:val"), renamed[ps.get(qn("w:val"))])
    count = len(document.styles.element.findall(qn("w:style")))

    apply_style(document, HouseStyle(body_size=15, page_number_size=12), {"body_size", "page_number_size"})

    styles = document.styles.element.findall(qn("w:style"))
    assert len(styles) == count, "no style added twice"
    defaults = [st for st in styles if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) == "1"]
    assert [st.get(qn("w:styleId")) for st in defaults] == ["a"]
    by_id = {st.get(qn("w:styleId")): st for st in styles}
    assert _attr(by_id["a"], "w:rPr/w:sz", "val") == "30"
    assert _attr(by_id["3"], "w:pPr/w:ind", "firstLine") == "600"
    assert _attr(by_id["7"], "w:rPr/w:sz", "val") == "24"
    footer = document.sections[0].footer._element
    assert footer.find(f".//{qn('w:pStyle')}").get(qn("w:val")) == "7"
