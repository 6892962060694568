"""The example's report draft read back from its XML: order of parts, 版头, 版记, 附件说明, numbering levels, properties."""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from reporter.content.context import report_context
from reporter.content.textclean import clean
from reporter.data.areas import Catalogue
from reporter.data.housestyle import HouseStyle
from reporter.data.model import Report, Unit
from reporter.document.draft.render import render
from reporter.document.template.default_templates import build_template

from .conftest import CliResult
from .test_default_templates import NS, Package, q

# Printable text with something left after clean-up (blank values mean "absent" for these keys).
PRINTABLE = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: clean(s.strip()).strip() != "" and s.strip() == s
)

DRAFT = Path("drafts/2024/示例市2024年法治政府建设情况报告.docx")
ONE = 320  # one 三号 character in twips


@pytest.fixture
def draft(cli: Callable[..., CliResult], example: Path) -> Package:
    result = cli("build", "report", "2024", "--root", example)
    assert result.code == 0, result.err
    return Package((example / DRAFT).read_bytes())


def _style(pkg: Package, el: etree._Element) -> str:
    ps = el.find("w:pPr/w:pStyle", NS)
    return pkg.styles[ps.get(q("val"))].find("w:name", NS).get(q("val")) if ps is not None else ""


def _parts(pkg: Package) -> list[tuple[str, str]]:
    """(style name or "table", text) of every body element, in order."""
    out = []
    for el in pkg.doc.find("w:body", NS):
        if el.tag == q("p"):
            out.append((_style(pkg, el), pkg.text(el).replace("\u2060", "")))
        elif el.tag == q("tbl"):
            out.append(("table", ""))
    return out


def test_order_of_the_parts(draft: Package) -> None:
    parts = [(n, t) for n, t in _parts(draft) if t or n in ("table", "")]
    names = [n for n, _ in parts]
    assert parts[:7] == [
        ("发文机关标志", "示例市人民政府"),
        ("", ""),
        ("", ""),
        ("发文字号", "示政报〔2025〕5号签发人：李明"),
        ("", ""),
        ("", ""),
        ("公文标题", "示例市人民政府关于2024年法治政府建设情况的报告"),
    ]
    end = parts.index(("公文正文", "特此报告。"))
    tail = [(n, t) for n, t in parts[end:] if t or n == "table"]
    assert [n for n, _ in tail] == [
        "公文正文",
        "附件说明",
        "附件说明",
        "署名",
        "成文日期",
        "附件标注",
        "附件标题",
        "table",
        "表注",
        "附件标注",
        "附件标题",
        "table",
        "公文正文",  # the body paragraph anchoring the 版记's text box
    ]
    assert [t for n, t in tail if n == "附件标注"] == ["附件1", "附件2"]
    # the 版记 stands in a text box at the foot of the last page's 版心 (GB/T 9704 7.4.1)
    assert tail[-1][1].startswith("抄送：")
    box = pkg_last_paragraph(draft)
    assert box.xpath(".//wp:positionV[@relativeFrom='margin']/wp:align/text()", namespaces=WP) == ["bottom"]
    assert box.xpath(".//wp:wrapTopAndBottom", namespaces=WP)
    assert names.count("一级标题") == 4


WP = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}


def pkg_last_paragraph(pkg: Package) -> etree._Element:
    """The body's last paragraph holding text (the one anchoring the 版记's text box)."""
    return [el for el in pkg.doc.find("w:body", NS) if el.tag == q("p") and pkg.text(el)][-1]


def test_masthead_red_xiaobiaosong_centred(draft: Package) -> None:
    (p,) = draft.paragraphs("发文机关标志")
    r = p.findall("w:r", NS)[0]
    levels = draft.r_levels(r, p)
    assert draft.attr(levels, "color", "val") == "FF0000"
    assert draft.run_format(p, r)["eastAsia"] == "方正小标宋简体"
    assert draft.para_format(p)["jc"] == "center"


def test_doc_number_left_and_signer_right_one_character_in_above_a_red_line(draft: Package) -> None:
    (p,) = draft.paragraphs("发文字号")
    runs = p.findall("w:r", NS)
    assert ["tab" if r.find("w:tab", NS) is not None else draft.text(r) for r in runs] == [
        "tab",
        "示政报〔2025〕5号",
        "tab",
        "签发人：",
        "李明",
    ]
    stops = [(t.get(q("val")), int(t.get(q("pos")))) for t in p.findall("w:pPr/w:tabs/w:tab", NS)]
    width = round((210 - 28 - 26) * 1440 / 25.4)
    assert stops == [("left", ONE), ("right", width - ONE)]
    assert draft.run_format(p, runs[3])["eastAsia"] == "仿宋_GB2312"
    assert draft.run_format(p, runs[4])["eastAsia"] == "楷体_GB2312"
    levels, _ = draft.p_levels(p)
    border = next(lv.find("w:pBdr/w:bottom", NS) for lv in levels if lv.find("w:pBdr/w:bottom", NS) is not None)
    assert border.get(q("color")) == "FF0000" and border.get(q("space")) == "11"  # 4 mm under the line
    assert draft.attr(levels, "ind", "left") == "0" and draft.attr(levels, "ind", "right") == "0"


def test_imprint_lines_and_texts(draft: Package) -> None:
    imprint = list(draft.doc.iter(q("tbl")))[-1]
    borders = imprint.find("w:tblPr/w:tblBorders", NS)
    sizes = {b.tag.split("}")[1]: (b.get(q("val")), b.get(q("sz"))) for b in borders}
    assert sizes == {
        "top": ("single", "8"),
        "bottom": ("single", "8"),
        "insideH": ("single", "6"),
        "left": ("nil", None),
        "right": ("nil", None),
        "insideV": ("nil", None),
    }
    rows = imprint.findall("w:tr", NS)
    assert [[draft.text(tc) for tc in tr.findall("w:tc", NS)] for tr in rows] == [
        ["抄送：中共示例市委依法治市办，示例市司法局。"],
        ["示例市人民政府办公室", "2025年3月19日印发"],
    ]
    cc = rows[0].find(".//w:p", NS)
    ind = cc.find("w:pPr/w:ind", NS)
    # wrapped lines start after "抄送：", one character in from the line
    assert (int(ind.get(q("left"))), int(ind.get(q("hanging")))) == (4 * ONE, 3 * ONE)
    date = rows[1].findall(".//w:p", NS)[1]
    assert draft.para_format(date)["jc"] == "right" and draft.para_format(date)["right"] == str(ONE)
    assert draft.run_format(date, date.find("w:r", NS))["sz"] == 28  # 四号
    assert draft.run_format(date, date.find("w:r", NS))["eastAsia"] == "仿宋_GB2312"


def test_attachment_notes_numbered_and_aligned(draft: Package) -> None:
    first, second = draft.paragraphs("附件说明")
    assert draft.text(first) == "附件：1.示例市2024年法治政府建设主要指标统计表"
    assert draft.text(second) == "2.示例市2024年法治政府建设工作要点任务完成情况表"
    for p, hanging in ((first, 4), (second, 1)):
        ind = p.find("w:pPr/w:ind", NS)
        assert int(ind.get(q("left"))) == 6 * ONE and int(ind.get(q("hanging"))) == hanging * ONE
        # the name starts at a tab on the hanging indent: long names wrap under their first character
        assert [int(t.get(q("pos"))) for t in p.findall("w:pPr/w:tabs/w:tab", NS)] == [6 * ONE]
        assert p.find("w:r/w:tab", NS) is not None


def test_levels_and_leads(draft: Package) -> None:
    body = draft.paragraphs("公文正文")
    leadership = [p for p in body if draft.text(p).startswith("（一）带头尊法学法守法用法。")]
    assert leadership, "三 numbers its entries （一）"
    lead = leadership[0].findall("w:r", NS)[0]
    assert draft.run_format(leadership[0], lead)["eastAsia"] == "楷体_GB2312"
    item = next(p for p in body if draft.text(p).startswith("1.推动习近平法治思想"))
    assert draft.run_format(item, item.findall("w:r", NS)[0])["bold"]
    texts = [draft.text(p) for p in body]
    assert not any(re.match(r"\d+\.(带头|研究部署|做好“八五”)", t) for t in texts)


def test_signature_block_keeps_with_the_body(draft: Package) -> None:
    parts = list(draft.doc.find("w:body", NS))
    closing = next(i for i, el in enumerate(parts) if el.tag == q("p") and draft.text(el) == "特此报告。")
    signature = next(i for i, el in enumerate(parts) if el.tag == q("p") and _style(draft, el) == "署名")
    for el in parts[closing : signature + 1]:
        levels, _ = draft.p_levels(el)
        assert any(lv.find("w:keepNext", NS) is not None for lv in levels), draft.text(el)


def test_properties_name_the_report_and_the_unit_only(draft: Package, example: Path) -> None:
    core = draft.part("docProps/core.xml")
    dc = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert core.find("dc:title", dc).text == "示例市人民政府关于2024年法治政府建设情况的报告"
    assert core.find("dc:creator", dc).text == "示例市人民政府"
    with zipfile.ZipFile(example / DRAFT) as z:
        props = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("docProps/"))
    assert "reporter" not in props.lower() and "模板" not in props


def test_a_long_masthead_takes_a_smaller_size() -> None:
    from .test_default_templates import render

    for name, size in (("示例市人民政府", 72), ("中共示例市委全面依法治市委员会办公室", 52)):
        pkg = render("report", {"masthead": name, "doc_number": "", "title": "标题", "sections": [], "attachments": []})
        (p,) = pkg.paragraphs("发文机关标志")
        assert pkg.text(p) == name
        assert pkg.run_format(p, p.find("w:r", NS))["sz"] == size


def test_doc_number_without_signer_is_centred_and_nothing_without_keys() -> None:
    from .test_default_templates import render

    base = {"title": "标题", "sections": [], "attachments": [], "masthead": "", "cc": "", "printed_by": ""}
    pkg = render("report", dict(base, doc_number="示政发〔2025〕1号", signer=""))
    (p,) = pkg.paragraphs("发文字号")
    assert pkg.text(p) == "示政发〔2025〕1号" and pkg.para_format(p)["jc"] == "center"
    assert pkg.paragraphs("发文机关标志") == []
    bare = render("report", dict(base, doc_number=""))
    assert bare.paragraphs("发文字号") == [] and bare.paragraphs("发文机关标志") == []
    assert bare.paragraphs("版记") == [] and len(list(bare.doc.iter(q("tbl")))) == 0


@settings(max_examples=25, deadline=None)
@given(values=st.fixed_dictionaries({k: PRINTABLE for k in ("masthead", "doc_number", "signer", "cc", "printed_by", "closing", "intro")}))
def test_any_text_of_the_new_keys_prints_as_written(values: dict[str, str]) -> None:
    unit = Unit.model_validate({"name": "示例市人民政府", "short_name": "示例市", "masthead": values["masthead"], "cc": [values["cc"]]})
    report = Report.model_validate(
        {
            "year": 2024,
            "date": "2025-03-18",
            "doc_number": values["doc_number"],
            "signer": values["signer"],
            "printed_by": values["printed_by"],
            "printed_date": "2025-03-19",
            "closing": values["closing"],
            "intros": {"problems": values["intro"]},
            "problems": ["不足"],
        }
    )
    context = report_context(unit, report, Catalogue.named("gangyao-2021"))
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "report.docx"
        template.write_bytes(build_template("report", HouseStyle()))
        pkg = Package(render(template, context, "report.docx"))
    texts = [pkg.text(p) for p in pkg.doc.iter(q("p"))]
    for key in ("masthead", "doc_number", "signer", "printed_by", "closing"):
        assert any(clean(values[key]) in t for t in texts), key
    # the whole line is cleaned at once: punctuation beside 抄送： may turn full-width
    assert any(context["cc"] in t for t in texts)
    assert any(clean(values["intro"]) in t for t in texts)
