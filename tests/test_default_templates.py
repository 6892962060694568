"""Tests of the generated Word templates: page setup, effective formatting, footers, docxtpl tags, regeneration."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docxtpl import DocxTemplate
from lxml import etree

from reporter.data.housestyle import style_digest
from reporter.document.template.default_templates import MANIFEST_NAME, Kind, build_template, ensure_templates, write_default_template
from reporter.document.template.style_writer import HouseStyle, apply_style

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
MM = 1440 / 25.4


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


class Package:
    """A .docx read the way Word resolves formatting: direct → character style → paragraph style chain → docDefaults."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.doc = etree.fromstring(self.zip.read("word/document.xml"))
        self.styles_root = etree.fromstring(self.zip.read("word/styles.xml"))
        self.settings = etree.fromstring(self.zip.read("word/settings.xml"))
        self.styles = {s.get(q("styleId")): s for s in self.styles_root.findall("w:style", NS)}
        self.by_name = {s.find("w:name", NS).get(q("val")): s.get(q("styleId")) for s in self.styles.values()}
        dd = self.styles_root.find("w:docDefaults", NS)
        self.dd_rpr = dd.find("w:rPrDefault/w:rPr", NS)
        self.dd_ppr = dd.find("w:pPrDefault/w:pPr", NS)
        self.default_pstyle = next(sid for sid, s in self.styles.items() if s.get(q("type")) == "paragraph" and s.get(q("default")) == "1")

    def chain(self, sid: str | None) -> list[etree._Element]:
        out = []
        while sid:
            st = self.styles[sid]  # a dangling style reference fails here, on purpose
            out.append(st)
            based = st.find("w:basedOn", NS)
            sid = based.get(q("val")) if based is not None else None
        return out

    def p_levels(self, p: etree._Element) -> tuple[list[Any], list[Any]]:
        ppr = p.find("w:pPr", NS)
        ps = ppr.find("w:pStyle", NS) if ppr is not None else None
        chain = self.chain(ps.get(q("val")) if ps is not None else self.default_pstyle)
        levels = ([ppr] if ppr is not None else []) + [s.find("w:pPr", NS) for s in chain]
        return [lv for lv in levels + [self.dd_ppr] if lv is not None], chain

    def r_levels(self, r: etree._Element, p: etree._Element) -> list[Any]:
        _, pchain = self.p_levels(p)
        rpr = r.find("w:rPr", NS)
        levels = [rpr] if rpr is not None else []
        rs = rpr.find("w:rStyle", NS) if rpr is not None else None
        if rs is not None:
            levels += [s.find("w:rPr", NS) for s in self.chain(rs.get(q("val")))]
        levels += [s.find("w:rPr", NS) for s in pchain]
        return [lv for lv in levels + [self.dd_rpr] if lv is not None]

    @staticmethod
    def attr(levels: list[Any], child: str, name: str) -> str | None:
        for lv in levels:
            el = lv.find("w:" + child, NS)
            if el is not None and el.get(q(name)) is not None:
                return str(el.get(q(name)))
        return None

    @staticmethod
    def font(levels: list[Any], slot: str) -> str | None:
        for lv in levels:
            el = lv.find("w:rFonts", NS)
            if el is None:
                continue
            theme = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme", "cs": "cstheme"}[slot]
            assert el.get(q(theme)) is None, "a theme font overrides " + slot
            if el.get(q(slot)) is not None:
                return str(el.get(q(slot)))
        return None

    @staticmethod
    def onoff(levels: list[Any], child: str) -> bool:
        for lv in levels:
            el = lv.find("w:" + child, NS)
            if el is not None:
                return el.get(q("val")) not in ("0", "false", "off")
        return False

    def run_format(self, p: etree._Element, r: etree._Element) -> dict[str, Any]:
        lv = self.r_levels(r, p)
        return {
            "eastAsia": self.font(lv, "eastAsia"),
            "ascii": self.font(lv, "ascii"),
            "hAnsi": self.font(lv, "hAnsi"),
            "cs": self.font(lv, "cs"),
            "sz": int(self.attr(lv, "sz", "val") or 0),
            "bold": self.onoff(lv, "b"),
        }

    def para_format(self, p: etree._Element) -> dict[str, Any]:
        lv, _ = self.p_levels(p)
        return {
            "jc": self.attr(lv, "jc", "val"),
            "line": self.attr(lv, "spacing", "line"),
            "lineRule": self.attr(lv, "spacing", "lineRule"),
            "firstLine": self.attr(lv, "ind", "firstLine"),
            "firstLineChars": self.attr(lv, "ind", "firstLineChars"),
            "right": self.attr(lv, "ind", "right"),
            "widow": self.onoff(lv, "widowControl"),
            "pageBreakBefore": self.onoff(lv, "pageBreakBefore"),
        }

    def paragraphs(self, style_name: str) -> list[etree._Element]:
        sid = self.by_name[style_name]
        return [
            p
            for p in self.doc.iter(q("p"))
            if p.find("w:pPr/w:pStyle", NS) is not None and p.find("w:pPr/w:pStyle", NS).get(q("val")) == sid
        ]

    def text(self, p: etree._Element) -> str:
        return "".join(t.text or "" for t in p.iter(q("t")))

    def part(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))


@pytest.fixture(scope="module")
def report() -> Package:
    return Package(build_template("report", HouseStyle()))


@pytest.fixture(scope="module")
def plan() -> Package:
    return Package(build_template("plan", HouseStyle()))


# ---------------------------------------------------------------- page setup


@pytest.mark.parametrize("kind", ["report", "plan"])
def test_page_is_a4_with_gbt9704_margins(kind: Kind) -> None:
    pkg = Package(build_template(kind, HouseStyle()))
    sects = list(pkg.doc.iter(q("sectPr")))
    assert len(sects) == 1
    sz, mar = sects[0].find("w:pgSz", NS), sects[0].find("w:pgMar", NS)
    assert abs(int(sz.get(q("w"))) / MM - 210) <= 0.5
    assert abs(int(sz.get(q("h"))) / MM - 297) <= 0.5
    assert sz.get(q("orient")) in (None, "portrait")
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(int(mar.get(q(side))) / MM - mm) <= 0.5, side
    # the number's top sits 7 mm under the text block: footer distance + one number line + 7 mm = 35 mm
    footer_mm = int(mar.get(q("footer"))) / MM
    assert 18 <= footer_mm <= 26


# ---------------------------------------------------------------- effective formatting


def _first_run(pkg: Package, style_name: str) -> tuple[etree._Element, etree._Element]:
    p = pkg.paragraphs(style_name)[0]
    return p, p.findall("w:r", NS)[0]


@pytest.mark.parametrize(
    "style_name, east, size",
    [
        ("公文标题", "方正小标宋简体", 44),
        ("主送机关", "仿宋_GB2312", 32),
        ("公文正文", "仿宋_GB2312", 32),
        ("一级标题", "黑体", 32),
        ("二级标题", "楷体_GB2312", 32),
        ("附件说明", "仿宋_GB2312", 32),
        ("署名", "仿宋_GB2312", 32),
        ("成文日期", "仿宋_GB2312", 32),
        ("附件标注", "黑体", 32),
        ("附件标题", "方正小标宋简体", 44),
    ],
)
def test_effective_fonts_and_sizes_through_the_style_chain(report: Package, style_name: str, east: str, size: int) -> None:
    p, r = _first_run(report, style_name)
    fmt = report.run_format(p, r)
    assert fmt["eastAsia"] == east
    assert fmt["ascii"] == fmt["hAnsi"] == fmt["cs"] == "Times New Roman"
    assert fmt["sz"] == size
    assert not fmt["bold"]


def test_item_and_task_leads(report: Package) -> None:
    body = report.paragraphs("公文正文")
    item = next(p for p in body if "item" in _preceding_tag(report, p))
    lead, text = item.findall("w:r", NS)[:2]
    lead_fmt, text_fmt = report.run_format(item, lead), report.run_format(item, text)
    assert lead_fmt["bold"] and lead_fmt["eastAsia"] == "仿宋_GB2312" and lead_fmt["ascii"] == "Times New Roman"
    assert not text_fmt["bold"] and text_fmt["eastAsia"] == "仿宋_GB2312"
    task = next(p for p in body if "task" in _preceding_tag(report, p))
    lead_fmt = report.run_format(task, task.findall("w:r", NS)[0])
    assert lead_fmt["eastAsia"] == "楷体_GB2312" and not lead_fmt["bold"] and lead_fmt["sz"] == 32


def _preceding_tag(pkg: Package, p: etree._Element) -> str:
    prev = p.getprevious()
    return pkg.text(prev) if prev is not None else ""


def test_no_theme_fonts_anywhere(report: Package, plan: Package) -> None:
    for pkg in (report, plan):
        for name in pkg.zip.namelist():
            if name.startswith("word/") and name.endswith(".xml") and "theme" not in name:
                data = pkg.zip.read(name).decode("utf-8")
                assert not re.search(r'w:(ascii|hAnsi|eastAsia|cs)theme="', data, re.I), name
        assert "word/stylesWithEffects.xml" not in pkg.zip.namelist()
        for el in pkg.styles_root.iter(q("rFonts")):
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                assert el.get(q(slot)), f"rFonts without {slot}"


def test_body_line_spacing_indent_and_widow_control(report: Package) -> None:
    for name in ("公文正文", "一级标题", "二级标题"):
        fmt = report.para_format(report.paragraphs(name)[0])
        assert fmt["lineRule"] == "exact" and fmt["line"] == "578", name  # 28.9 pt
        assert fmt["firstLineChars"] == "200" and fmt["firstLine"] == "640", name
        assert fmt["widow"], name  # no page holds a single line of a paragraph
        assert fmt["jc"] == "both"
    title = report.para_format(report.paragraphs("公文标题")[0])
    assert title["jc"] == "center" and title["firstLine"] == "0"
    recipients = report.para_format(report.paragraphs("主送机关")[0])
    assert recipients["jc"] == "left" and recipients["firstLine"] == "0"
    for name in ("署名", "成文日期"):
        fmt = report.para_format(report.paragraphs(name)[0])
        assert fmt["jc"] == "right" and fmt["right"] == "640"
    assert report.para_format(report.paragraphs("附件标注")[0])["pageBreakBefore"]
    assert report.para_format(report.paragraphs("附件标题")[0])["jc"] == "center"


def test_table_text_has_a_pitch_of_its_own(report: Package, plan: Package) -> None:
    # 小四 on 20 pt lines: a wrapped cell stays compact (on the body's 28.9 pt its rows gaped)
    for pkg in (report, plan):
        tbl = pkg.doc.find(".//w:tbl", NS)
        for p in tbl.iter(q("p")):
            fmt = pkg.para_format(p)
            assert fmt["lineRule"] == "exact" and fmt["line"] == "400"
            assert fmt["firstLine"] == "0"
            r = p.find("w:r", NS)
            if r is not None:
                f = pkg.run_format(p, r)
                assert f["eastAsia"] in ("仿宋_GB2312", "黑体") and f["sz"] == 24


def _grid_widths(pkg: Package) -> list[int]:
    """The total width of each table's grid."""
    return [sum(int(c.get(q("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)) for tbl in pkg.doc.iter(q("tbl"))]


def test_tables_fit_the_text_width_and_repeat_their_header(report: Package, plan: Package) -> None:
    width = round((210 - 28 - 26) * MM)
    report_tables = list(report.doc.iter(q("tbl")))
    assert len(report_tables) == 3  # 主要指标统计表, 任务完成情况表, 版记
    for pkg, tbl, headers in (
        (report, report_tables[0], ["序号", "指标", "单位", "{{ year }}年", "{{ year - 1 }}年", "同比"]),
        (report, report_tables[1], ["序号", "任务", "牵头单位", "完成情况", "说明"]),
        (plan, next(plan.doc.iter(q("tbl"))), ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]),
    ):
        cols = [int(c.get(q("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
        assert abs(sum(cols) - width) <= 1
        rows = tbl.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert [pkg.text(tc) for tc in rows[0].findall("w:tc", NS)] == headers
        assert pkg.text(rows[1]).startswith("{%tr for row in ")
        assert pkg.text(rows[-1]) == "{%tr endfor %}"
        for row in rows:
            assert sum(int(tc.find("w:tcPr/w:tcW", NS).get(q("w"))) for tc in row.findall("w:tc", NS)) == sum(cols)
    # both attachment tables centre their cells vertically (a one-line 完成情况 beside a long 说明)
    assert {v.get(q("val")) for v in report_tables[0].iter(q("vAlign"))} == {"center"}
    assert {v.get(q("val")) for v in report_tables[1].iter(q("vAlign"))} == {"center"}
    assert abs(_grid_widths(report)[2] - width) <= 1


# ---------------------------------------------------------------- footers


def _footers(pkg: Package) -> dict[str, etree._Element]:
    rels = etree.fromstring(pkg.zip.read("word/_rels/document.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    sect = pkg.doc.find(".//w:sectPr", NS)
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {ref.get(q("type")): pkg.part("word/" + target[ref.get(rid)]) for ref in sect.findall("w:footerReference", NS)}


def _footer_text_and_field(footer: etree._Element) -> str:
    out = []
    for r in footer.iter(q("r")):
        instr = r.find("w:instrText", NS)
        if instr is not None:
            out.append("{" + instr.text.strip() + "}")
        for t in r.findall("w:t", NS):
            out.append(t.text)
    text = "".join(out)
    return re.sub(r"\{PAGE\}\d*", "{PAGE}", text)


@pytest.mark.parametrize("kind", ["report", "plan"])
def test_odd_and_even_footers_with_page_field_between_em_dashes(kind: Kind) -> None:
    pkg = Package(build_template(kind, HouseStyle()))
    assert pkg.settings.find("w:evenAndOddHeaders", NS) is not None
    feet = _footers(pkg)
    assert set(feet) == {"default", "even"}
    for kind_, side, ind_attr in (("default", "right", "right"), ("even", "left", "left")):
        footer = feet[kind_]
        p = footer.find("w:p", NS)
        assert _footer_text_and_field(footer) == "— {PAGE} —"
        assert p.find("w:pPr/w:jc", NS).get(q("val")) == side
        ind = p.find("w:pPr/w:ind", NS)
        assert ind.get(q(ind_attr)) == "280" and ind.get(q(ind_attr + "Chars")) == "100"  # one 四号 character in
        levels, _ = pkg.p_levels(p)
        rpr = [lv for lv in [pkg.styles[pkg.by_name["页码"]].find("w:rPr", NS), pkg.dd_rpr] if lv is not None]
        assert Package.font(rpr, "eastAsia") == Package.font(rpr, "ascii") == "宋体"
        assert Package.attr(rpr, "sz", "val") == "28"


def test_centred_page_numbers_and_custom_format() -> None:
    pkg = Package(build_template("report", HouseStyle(page_number_position="center", page_number_format="-{page}-")))
    for footer in _footers(pkg).values():
        assert footer.find(".//w:jc", NS).get(q("val")) == "center"
        assert _footer_text_and_field(footer) == "-{PAGE}-"


# ---------------------------------------------------------------- docxtpl tags


@pytest.mark.parametrize("kind", ["report", "plan"])
def test_every_tag_sits_whole_in_one_run(kind: Kind) -> None:
    pkg = Package(build_template(kind, HouseStyle()))
    for p in pkg.doc.iter(q("p")):
        runs = [("".join(t.text or "" for t in r.iter(q("t")))) for r in p.findall("w:r", NS)]
        for text in runs:
            assert text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}"), text
        if any(t.startswith("{%p") for t in runs):
            assert len(runs) == 1, "a {%p %} paragraph holds nothing else"


def _section(heading: str, blocks: list[tuple[str, str, str]]) -> dict[str, Any]:
    return {"heading": heading, "blocks": [{"kind": k, "lead": lead, "text": t} for k, lead, t in blocks]}


REPORT_CONTEXT = {
    "title": "示例市人民政府关于2024年法治政府建设情况的报告",
    "recipients": "中共示例市委、示例市人大常委会、示例省人民政府：",
    "preface": ["2024年，示例市人民政府深入学习贯彻习近平法治思想。现将有关情况报告如下："],
    "sections": [
        _section(
            "一、2024年推进法治政府建设的主要举措和成效",
            [
                ("h2", "", "（一）依法全面履行政府职能"),
                ("item", "1.深化行政审批制度改革。", "取消和下放行政许可事项23项，“一网通办”办件量同比增长17.1%。"),
                ("para", "", "全市行政复议纠错率达12.83%。"),
            ],
        ),
        _section("二、存在的不足和原因", [("para", "", "一是推进不够平衡。二是执法规范化水平有待提高。")]),
        _section("三、党政主要负责人履行推进法治建设第一责任人职责情况", [("para", "", "主要负责同志带头出庭应诉。")]),
    ],
    "closing": "特此报告。",
    "attachment_notes": [{"first": True, "number": "", "name": "示例市2024年法治政府建设主要指标统计表"}],
    "signature": "示例市人民政府",
    "date": "2025年3月18日",
    "sealed": False,
    "year": 2024,
    "attachments": [
        {
            "kind": "metrics",
            "label": "附件",
            "title": "示例市2024年法治政府建设主要指标统计表",
            "note": "",
            "rows": [
                {"number": "1", "name": "新收行政复议案件", "unit": "件", "value": "1287", "previous": "972", "change": "增长32.4%"},
                {"number": "2", "name": "行政复议纠错率", "unit": "%", "value": "12.83", "previous": "10.10", "change": "提高2.73个百分点"},
            ],
        }
    ],
    "masthead": "",
    "doc_number": "",
    "signer": "",
    "cc": "抄送：中共示例市委依法治市办。",
    "printed_by": "",
    "printed_date": "",
}

PLAN_CONTEXT = {
    "title": "示例市2025年法治政府建设工作要点",
    "preface": ["为深入贯彻习近平法治思想，结合我市实际，制定本工作要点。"],
    "sections": [
        _section(
            "一、健全政府机构职能体系",
            [
                (
                    "task",
                    "（一）推进政府机构职能优化协同高效。",
                    "全面实行清单管理。〔牵头单位：市委编办；责任单位：市政府各部门；完成时限：年内〕",
                )
            ],
        )
    ],
    "closing_heading": "八、保障措施",
    "closing": ["各单位要加强组织领导。"],
    "signature": "示例市人民政府办公室",
    "date": "2025年4月8日",
    "attachment_note": "附件：任务分工表",
    "attachment_label": "附件",
    "attachment_title": "示例市2025年法治政府建设工作要点任务分工表",
    "tasks_table": [
        {"number": "1", "title": "推进政府机构职能优化协同高效", "lead": "市委编办", "responsible": "市政府各部门", "due": "年内"}
    ],
}


def render(kind: Kind, context: dict[str, Any], style: HouseStyle | None = None, tmp: Path | None = None) -> Package:
    tpl = DocxTemplate(io.BytesIO(build_template(kind, style or HouseStyle())))
    tpl.render(context, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return Package(buf.getvalue())


def _body_texts(pkg: Package) -> list[tuple[str, str]]:
    body = pkg.doc.find("w:body", NS)
    out = []
    for el in body:
        if el.tag == q("p"):
            ps = el.find("w:pPr/w:pStyle", NS)
            sid = ps.get(q("val")) if ps is not None else "Normal"
            name = pkg.styles[sid].find("w:name", NS).get(q("val"))
            out.append((name, pkg.text(el)))
        elif el.tag == q("tbl"):
            out.append(("table", ""))
    return out


def test_rendered_report_order_and_styles() -> None:
    pkg = render("report", REPORT_CONTEXT)
    seq = [(n, t) for n, t in _body_texts(pkg) if t or n == "table"]
    names = [n for n, _ in seq]
    assert seq[0] == ("公文标题", REPORT_CONTEXT["title"])
    assert seq[1] == ("主送机关", REPORT_CONTEXT["recipients"])
    assert names[2] == "公文正文"
    assert names.count("一级标题") == 3 and names.count("二级标题") == 1
    # the last table is the 版记 (抄送)
    assert names[-8:] == ["公文正文", "附件说明", "署名", "成文日期", "附件标注", "附件标题", "table", "table"]
    assert seq[-8][1] == "特此报告。"
    assert not any("{{" in t or "{%" in t for _, t in seq)
    # 署名右空二字 with the date starting two characters right of it: the date (6.5 wide) binds,
    # so the signature (7 wide) carries 1.5 characters of en spaces (3 × U+2002).
    sig = dict(seq)["署名"]
    assert sig == "示例市人民政府" + "\u2002" * 3
    assert dict(seq)["成文日期"] == "2025年3月18日"
    rows = next(pkg.doc.iter(q("tbl"))).findall("w:tr", NS)
    assert len(rows) == 3 and pkg.text(rows[0]) == "序号指标单位2024年2023年同比"
    assert pkg.text(rows[2]) == "2行政复议纠错率%12.8310.10提高2.73个百分点"
    # the "1." lead keeps its bold character style after rendering
    item = next(p for p in pkg.paragraphs("公文正文") if pkg.text(p).startswith("1."))
    assert pkg.run_format(item, item.findall("w:r", NS)[0])["bold"]


def test_rendered_plan_pads_the_date_when_the_signature_is_longer() -> None:
    pkg = render("plan", PLAN_CONTEXT)
    seq = dict((n, t) for n, t in _body_texts(pkg) if t)
    assert seq["署名"] == "示例市人民政府办公室"
    # signature 10 wide, date 6 wide: the date starts two characters in, so 2 characters (4 en spaces) follow it
    assert seq["成文日期"] == "2025年4月8日" + "\u2002" * 4
    assert seq["一级标题"] == "八、保障措施"
    task = next(p for p in pkg.paragraphs("公文正文") if pkg.text(p).startswith("（一）"))
    assert pkg.run_format(task, task.findall("w:r", NS)[0])["eastAsia"] == "楷体_GB2312"


def test_optional_parts_disappear_when_empty() -> None:
    ctx = dict(REPORT_CONTEXT, recipients="", attachment_notes=[], attachments=[], signature="", date="", closing="", cc="")
    names = [n for n, t in _body_texts(render("report", ctx)) if t or n == "table"]
    assert "特此报告。" not in [t for _, t in _body_texts(render("report", ctx))]
    for gone in ("主送机关", "附件说明", "署名", "成文日期", "附件标注", "附件标题", "table", "发文机关标志", "发文字号"):
        assert gone not in names
    plan = dict(PLAN_CONTEXT, closing_heading="", closing=[], signature="", date="", attachment_note="")
    texts = [t for _, t in _body_texts(render("plan", plan))]
    assert "八、保障措施" not in texts and "附件" not in texts


def test_a_title_line_break_from_the_renderer_survives() -> None:
    pkg = render("report", dict(REPORT_CONTEXT, title="示例市人民政府关于2024年\n法治政府建设情况的报告"))
    title = pkg.paragraphs("公文标题")[0]
    assert title.find(".//w:br", NS) is not None


# ---------------------------------------------------------------- house style reaches the template


def test_house_style_changes_the_generated_template() -> None:
    style = HouseStyle.model_validate(
        {
            "body_font": "仿宋",
            "body_size": "小三",  # a size name, as unit.yaml may write it
            "title_size": 20,
            "margin_left_mm": 30,
            "margin_right_mm": 30,
            "line_spacing_pt": 28,
            "h3_bold": False,
        }
    )
    pkg = Package(build_template("report", style))
    p, r = _first_run(pkg, "公文正文")
    assert pkg.run_format(p, r)["eastAsia"] == "仿宋" and pkg.run_format(p, r)["sz"] == 30
    assert pkg.para_format(p)["line"] == "560" and pkg.para_format(p)["firstLine"] == "600"
    p, r = _first_run(pkg, "公文标题")
    assert pkg.run_format(p, r)["sz"] == 40
    mar = pkg.doc.find(".//w:pgMar", NS)
    assert abs(int(mar.get(q("left"))) / MM - 30) <= 0.5
    assert all(abs(w - 150 * MM) <= 1 for w in _grid_widths(pkg))
    item = next(p for p in pkg.paragraphs("公文正文") if "item" in _preceding_tag(pkg, p))
    assert not pkg.run_format(item, item.findall("w:r", NS)[0])["bold"]


def test_build_time_style_reaches_a_user_template_without_touching_its_text(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    write_default_template("report", path, HouseStyle())
    # the user edits the template in Word: adds a sentence and makes the title 黑体
    user = docx.Document(str(path))
    user.paragraphs[0].insert_paragraph_before("（内部资料）")
    title_style = user.styles["公文标题"].element
    title_style.find(".//" + q("rFonts")).set(q("eastAsia"), "黑体")
    user.save(str(path))

    style = HouseStyle.model_validate({"body_size": "小三", "margin_left_mm": 30, "margin_right_mm": 30})
    tpl = DocxTemplate(str(path))
    apply_style(tpl, style, style.model_fields_set)
    tpl.render(REPORT_CONTEXT, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    pkg = Package(buf.getvalue())

    texts = [t for _, t in _body_texts(pkg)]
    assert texts[0] == "（内部资料）"
    p, r = _first_run(pkg, "公文标题")
    assert pkg.run_format(p, r)["eastAsia"] == "黑体"  # the user's choice, not in unit.yaml
    p, r = _first_run(pkg, "公文正文")
    assert pkg.run_format(p, r)["sz"] == 30
    assert pkg.para_format(p)["firstLine"] == "600"
    mar = pkg.doc.find(".//w:pgMar", NS)
    assert abs(int(mar.get(q("left"))) / MM - 30) <= 0.5 and abs(int(mar.get(q("top"))) / MM - 37) <= 0.5
    assert len(_grid_widths(pkg)) == 2 and all(abs(w - 150 * MM) <= 1 for w in _grid_widths(pkg))
    assert _footer_text_and_field(_footers(pkg)["default"]) == "— {PAGE} —"


# ---------------------------------------------------------------- files and regeneration


def test_generation_is_deterministic() -> None:
    assert build_template("report", HouseStyle()) == build_template("report", HouseStyle())
    assert build_template("plan", HouseStyle()) != build_template("report", HouseStyle())


def test_template_is_an_ordinary_docx(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    write_default_template("plan", path, HouseStyle())
    document = docx.Document(str(path))
    names = {s.name for s in document.styles}
    assert {"公文标题", "公文正文", "一级标题", "二级标题", "附件标注", "附件标题", "署名", "成文日期", "表格文字"} <= names
    assert {"三级标题引导", "二级标题引导"} <= names
    assert document.core_properties.author == "reporter"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ensure_templates_writes_missing_templates_and_records_them(tmp_path: Path) -> None:
    written = ensure_templates(tmp_path, HouseStyle())
    folder = tmp_path / "templates"
    assert written == [folder / "report.docx", folder / "plan.docx"]
    record = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    assert record["report.docx"]["sha256"] == _sha(folder / "report.docx")
    assert record["plan.docx"]["sha256"] == _sha(folder / "plan.docx")
    umask = os.umask(0)
    os.umask(umask)
    assert (folder / "report.docx").stat().st_mode & 0o777 == 0o666 & ~umask  # an ordinary file, not a private temp file
    assert ensure_templates(tmp_path, HouseStyle()) == []


def test_untouched_templates_follow_a_new_style(tmp_path: Path) -> None:
    ensure_templates(tmp_path, HouseStyle())
    folder = tmp_path / "templates"
    before = _sha(folder / "report.docx")
    written = ensure_templates(tmp_path, HouseStyle(margin_left_mm=30))
    assert folder / "report.docx" in written and _sha(folder / "report.docx") != before
    record = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    assert record["report.docx"]["sha256"] == _sha(folder / "report.docx")


def test_a_template_the_user_changed_is_never_overwritten(tmp_path: Path) -> None:
    ensure_templates(tmp_path, HouseStyle())
    folder = tmp_path / "templates"
    user = docx.Document(str(folder / "report.docx"))
    user.add_paragraph("用户自己加的段落")
    user.save(str(folder / "report.docx"))
    changed = (folder / "report.docx").read_bytes()
    written = ensure_templates(tmp_path, HouseStyle(margin_left_mm=30))
    assert folder / "report.docx" not in written
    assert (folder / "report.docx").read_bytes() == changed
    assert folder / "plan.docx" in written  # still untouched, so it follows the style


def test_a_template_without_a_record_is_the_users(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.docx").write_bytes(b"not ours")
    assert ensure_templates(tmp_path, HouseStyle()) == [folder / "plan.docx"]
    assert (folder / "report.docx").read_bytes() == b"not ours"
    (folder / MANIFEST_NAME).write_text("{broken", encoding="utf-8")
    (folder / "plan.docx").write_bytes(b"edited")
    assert ensure_templates(tmp_path, HouseStyle(margin_left_mm=30)) == []
    assert (folder / "plan.docx").read_bytes() == b"edited"


def test_a_deleted_template_is_written_again(tmp_path: Path) -> None:
    ensure_templates(tmp_path, HouseStyle())
    (tmp_path / "templates" / "plan.docx").unlink()
    assert ensure_templates(tmp_path, HouseStyle()) == [tmp_path / "templates" / "plan.docx"]


def test_committed_manifest_records_this_code() -> None:
    """templates/.generated.json names the code that wrote the templates: a demo leaves the repository unchanged."""
    from reporter.document.template.default_templates import generator_stamp

    folder = Path(__file__).resolve().parents[1] / "templates"
    files = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    assert {name: entry["generator"] for name, entry in files.items()} == dict.fromkeys(("plan.docx", "report.docx"), generator_stamp()), (
        "run `make generated` after changing reporter/document/template/"
    )


def test_committed_templates_are_what_the_code_builds() -> None:
    """templates/ in the repository is reproducible: `make generated` rewrites it byte for byte."""
    from reporter.document.template.default_templates import build_template
    from reporter.document.template.style_writer import HouseStyle

    folder = Path(__file__).resolve().parents[1] / "templates"
    for kind in ("report", "plan"):
        assert (folder / f"{kind}.docx").read_bytes() == build_template(kind, HouseStyle()), kind


def test_up_to_date_templates_are_not_rebuilt_to_compare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Generator version and style digest are recorded: a build with both unchanged builds nothing."""
    from reporter.document.template import default_templates as templategen

    ensure_templates(tmp_path, HouseStyle())
    record = json.loads((tmp_path / "templates" / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    assert record["report.docx"]["generator"] == templategen.generator_stamp()
    assert record["report.docx"]["style"] == style_digest(HouseStyle())

    def refuse(*_args: object) -> bytes:
        raise AssertionError("built although up to date")

    monkeypatch.setattr(templategen, "build_template", refuse)
    assert ensure_templates(tmp_path, HouseStyle()) == []


def test_a_record_from_another_generator_is_refreshed_without_rewriting_equal_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reporter.document.template import default_templates as templategen

    ensure_templates(tmp_path, HouseStyle())
    manifest = tmp_path / "templates" / MANIFEST_NAME
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["files"].values():
        entry["generator"] = 0
        del entry["style"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert ensure_templates(tmp_path, HouseStyle()) == []  # rebuilt to compare: same bytes, nothing written
    record = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    assert record["plan.docx"]["generator"] == templategen.generator_stamp()
    assert record["plan.docx"]["style"] == style_digest(HouseStyle())
    monkeypatch.setattr(templategen, "GENERATOR_VERSION", templategen.GENERATOR_VERSION + 1)
    monkeypatch.setattr(templategen, "build_template", lambda kind, style: b"new layout " + kind.encode())
    assert ensure_templates(tmp_path, HouseStyle()) == [tmp_path / "templates" / "report.docx", tmp_path / "templates" / "plan.docx"]


def test_a_template_from_older_code_is_refreshed_although_nobody_bumped_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stamp carries a digest of the template code: an untouched template written by older code is rebuilt."""
    from reporter.document.template import default_templates as templategen

    ensure_templates(tmp_path, HouseStyle())
    manifest = tmp_path / "templates" / MANIFEST_NAME
    stamp = templategen.generator_stamp()
    assert stamp.startswith(f"{templategen.GENERATOR_VERSION}-") and len(stamp) > len(f"{templategen.GENERATOR_VERSION}-") + 8
    monkeypatch.setattr(templategen, "_CODE_DIGEST", ["older-code"])
    monkeypatch.setattr(templategen, "build_template", lambda kind, style: b"new layout " + kind.encode())
    assert ensure_templates(tmp_path, HouseStyle()) == [tmp_path / "templates" / "report.docx", tmp_path / "templates" / "plan.docx"]
    record = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    assert record["report.docx"]["generator"] == f"{templategen.GENERATOR_VERSION}-older-code"
