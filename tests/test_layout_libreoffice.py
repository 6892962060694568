"""Lays rendered drafts out with LibreOffice and checks pages against GB/T 9704 (22 lines, title first, footers)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from docxtpl import DocxTemplate

from reporter.document.template.default_templates import Kind, build_template
from reporter.document.template.style_writer import HouseStyle

# CI installs LibreOffice (make test): there a missing soffice is a failure, not a skip.
_IN_CI = bool(os.environ.get("CI"))
pytestmark = [
    pytest.mark.skipif(not _IN_CI and shutil.which("soffice") is None, reason="未安装 LibreOffice（soffice），无法实际排版"),
    pytest.mark.skipif(
        not _IN_CI and (shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None),
        reason="未安装 poppler-utils（pdftotext/pdfinfo），无法读取排版结果",
    ),
]

CJK = re.compile("[\u4e00-\u9fff]")
PT_PER_MM = 72 / 25.4


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Layout:
    """What LibreOffice made of a .docx: per page, the text and where its words sit (PDF points)."""

    pages: int
    width: float
    height: float
    texts: list[str] = field(default_factory=list)
    words: list[list[Word]] = field(default_factory=list)

    def text_lines(self, page: int, bottom_margin_mm: float = 35) -> int:
        """Lines of text inside the text block of a 1-based page (the page number is below it).

        Counted from word boxes, not from pdftotext's lines holding a Chinese
        character: a line reading "26.9%。" holds none and is a line all the same.
        """
        limit = self.height - bottom_margin_mm * PT_PER_MM
        centres = sorted((w.y0 + w.y1) / 2 for w in self.words[page - 1] if w.y1 <= limit + 1)
        lines = 0
        last = None
        for c in centres:
            if last is None or c - last > 8:  # half a line of 28.9 pt apart at least
                lines += 1
            last = c
        return lines

    def first_text(self, page: int) -> str:
        return "".join(self.texts[page - 1].split())

    def footer_words(self, page: int, bottom_margin_mm: float = 35) -> list[Word]:
        limit = self.height - bottom_margin_mm * PT_PER_MM
        return [w for w in self.words[page - 1] if w.y0 > limit]


def convert_to_pdf(docx_path: Path, outdir: Path) -> Path:
    """Convert with a throw-away LibreOffice profile, so no user settings or running instance interfere."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=outdir))
    cmd = [
        "soffice",
        "--headless",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(docx_path),
    ]
    subprocess.run(cmd, capture_output=True, timeout=240, check=False)
    pdf = outdir / (docx_path.stem + ".pdf")
    assert pdf.exists(), "LibreOffice could not convert " + docx_path.name
    return pdf


def measure_layout(docx_path: Path) -> Layout:
    """Lay out a rendered draft and read its pages back; point this at any built .docx."""
    docx_path = Path(docx_path)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = convert_to_pdf(docx_path, Path(tmp))
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages_found = re.search(r"Pages:\s+(\d+)", info)
        size_found = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
        assert pages_found is not None and size_found is not None, info
        pages = int(pages_found.group(1))
        w, h = (float(v) for v in size_found.groups())
        layout = Layout(pages, w, h)
        for page in range(1, pages + 1):
            rng = ["-f", str(page), "-l", str(page)]
            layout.texts.append(
                subprocess.run(["pdftotext", "-layout", *rng, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            )
            bbox = subprocess.run(["pdftotext", "-bbox", *rng, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            layout.words.append(
                [
                    Word(m.group(5), *(float(m.group(i)) for i in range(1, 5)))
                    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', bbox)
                ]
            )
    return layout


# ---------------------------------------------------------------- the example drafts
# Hand-made until the renderer exists; then render_example_report should build the example project.

ITEMS = [
    (
        "深化行政审批制度改革。",
        "全面推行政务服务事项清单管理，取消和下放行政许可事项23项，“一网通办”办件量达到356.2万件，同比增长17.1%，企业开办时间压缩至1个工作日以内，群众和企业办事满意度持续提升。",
    ),
    (
        "持续优化法治化营商环境。",
        "制定出台《示例市优化营商环境若干措施》，清理涉及市场主体的规章和规范性文件48件，修改12件、废止7件，全面落实公平竞争审查制度，审查新出台政策措施136件。",
    ),
    (
        "加强重点领域立法。",
        "围绕城市管理、生态环境保护等重点领域，提请市人大常委会审议地方性法规草案3件，制定政府规章2件，立法项目全部按期完成，立法质量和效率进一步提高。",
    ),
    (
        "严格规范性文件合法性审核。",
        "全年审核市政府及市政府办公室规范性文件31件，提出修改意见127条，备案审查区县政府和市政府部门规范性文件86件，纠正问题文件4件，纠错率达4.65%。",
    ),
    (
        "落实重大行政决策程序。",
        "编制并公布年度重大行政决策事项目录，对11项重大行政决策事项全部履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序，决策后评估工作有序开展。",
    ),
    (
        "发挥法律顾问作用。",
        "市政府法律顾问参与审查重大合同、协议178件，出具法律意见书216份，为政府重大项目和重点工作提供法律支撑，有效防范法律风险。",
    ),
    (
        "深化综合行政执法体制改革。",
        "在市场监管、生态环境、文化市场、交通运输、农业农村等领域全面推行综合行政执法，整合执法队伍，减少执法层级，推动执法重心下移，基层执法力量明显增强。",
    ),
    (
        "全面推行行政执法“三项制度”。",
        "全市行政执法机关公示执法信息12.6万条，执法全过程记录覆盖率达到100%，重大执法决定法制审核2316件，行政执法行为进一步规范。",
    ),
    (
        "推行包容审慎监管。",
        "制定不予处罚、从轻处罚、减轻处罚和不予实施行政强制措施“四张清单”，对轻微违法行为依法免罚1203件，涉及金额386.5万元，实现执法效果与社会效果相统一。",
    ),
    (
        "强化行政执法监督。",
        "开展行政执法案卷评查，抽查案卷526卷，评出优秀案卷58卷，发现并督促整改问题213个，组织行政执法人员培训12期，培训人员4860人次。",
    ),
    (
        "自觉接受人大监督和政协民主监督。",
        "办理市人大代表建议268件、市政协委员提案312件，办复率均为100%，满意和基本满意率达98.6%，认真执行人大及其常委会的决议决定。",
    ),
    (
        "加强审计监督和统计监督。",
        "完成审计项目62个，查出违规金额1.36亿元，推动建立健全制度76项；严肃查处统计造假、弄虚作假行为，统计数据质量进一步提升。",
    ),
    (
        "全面推进政务公开。",
        "主动公开政府信息2.8万条，办理政府信息公开申请356件，依法按时答复率100%，政府网站和政务新媒体规范化建设持续加强。",
    ),
    (
        "发挥行政复议化解行政争议主渠道作用。",
        "全市新收行政复议案件1287件，同比增长32.4%，审结1196件，纠错率达12.83%，行政复议调解和解结案312件，行政复议公信力明显增强。",
    ),
    (
        "做好行政应诉工作。",
        "全市各级行政机关负责人出庭应诉率达到98.2%，比上年提高2.3个百分点，一审行政诉讼案件败诉率为6.1%，比上年下降1.4个百分点。",
    ),
    (
        "完善矛盾纠纷多元化解机制。",
        "全市人民调解组织调解矛盾纠纷3.6万件，调解成功率达98.7%，推进诉调对接、访调对接，一批矛盾纠纷在基层得到有效化解。",
    ),
]
AREAS = [
    "依法全面履行政府职能",
    "完善依法行政制度体系",
    "推进行政决策科学化民主化法治化",
    "坚持严格规范公正文明执法",
    "强化对行政权力的制约和监督",
]
PROBLEMS = [
    "一是法治政府建设推进不够平衡，部分区县和部门对法治政府建设重视程度不够，工作推进存在上热下冷现象，基层法治工作力量较为薄弱。",
    "二是行政执法规范化水平有待提高，个别执法人员执法理念、执法能力与新形势新要求还不相适应，执法不规范、不文明的问题仍有发生。",
    "三是运用法治思维和法治方式解决问题的能力仍需提升，一些领导干部学法用法的主动性不强，依法决策、依法办事的意识有待增强。",
]
METRICS = [
    ("政务服务“一网通办”办件量", "万件", "356.2", "304.2", "增长17.1%"),
    ("取消和下放行政许可事项", "项", "23", "18", "增加5项"),
    ("审核规范性文件", "件", "31", "28", "增长10.7%"),
    ("规范性文件备案审查纠错率", "%", "4.65", "3.20", "提高1.45个百分点"),
    ("重大行政决策事项", "项", "11", "9", "增加2项"),
    ("行政执法信息公示", "万条", "12.6", "10.9", "增长15.6%"),
    ("轻微违法行为依法免罚", "件", "1203", "856", "增长40.5%"),
    ("新收行政复议案件", "件", "1287", "972", "增长32.4%"),
    ("行政复议纠错率", "%", "12.83", "10.10", "提高2.73个百分点"),
    ("行政机关负责人出庭应诉率", "%", "98.2", "95.9", "提高2.3个百分点"),
    ("行政诉讼一审败诉率", "%", "6.1", "7.5", "下降1.4个百分点"),
    ("办理政府信息公开申请", "件", "356", "356", "与上年持平"),
]


def report_context() -> dict[str, Any]:
    blocks, n = [], 0
    for i, area in enumerate(AREAS):
        blocks.append({"kind": "h2", "lead": "", "text": f"（{'一二三四五'[i]}）{area}"})
        for lead, text in ITEMS[i * 3 : i * 3 + 3] + (ITEMS[15:] if i == 4 else []):
            n += 1
            blocks.append({"kind": "item", "lead": f"{n}.{lead}", "text": text})

    def paras(texts: list[str]) -> list[dict[str, str]]:
        return [{"kind": "para", "lead": "", "text": t} for t in texts]

    return {
        "title": "示例市人民政府关于2024年法治政府建设情况的报告",
        "recipients": "中共示例市委、示例市人大常委会、示例省人民政府：",
        "preface": [
            "2024年，示例市人民政府坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，认真落实《法治政府建设实施纲要（2021—2025年）》，扎实推进法治政府建设各项工作，取得了积极成效。现将有关情况报告如下："
        ],
        "sections": [
            {"heading": "一、2024年推进法治政府建设的主要举措和成效", "blocks": blocks},
            {"heading": "二、存在的不足和原因", "blocks": paras(PROBLEMS)},
            {
                "heading": "三、党政主要负责人履行推进法治建设第一责任人职责情况",
                "blocks": paras(
                    [
                        "市政府主要负责同志认真履行推进法治建设第一责任人职责，全年主持召开市政府常务会议专题研究法治政府建设工作4次，带头开展学法活动，带头出庭应诉行政案件2件。",
                        "各区县政府和市政府各部门主要负责人切实履行第一责任人职责，将法治政府建设纳入本地区本部门发展总体规划和年度工作计划，同部署、同推进、同督促、同考核、同奖惩。",
                    ]
                ),
            },
            {
                "heading": "四、2025年推进法治政府建设的主要安排",
                "blocks": paras(
                    [
                        "一是深入推进依法行政，加强重点领域、新兴领域立法，严格落实重大行政决策程序制度。二是全面提升行政执法质量，持续开展行政执法突出问题专项整治。三是强化对行政权力的制约和监督，充分发挥行政复议化解行政争议主渠道作用。四是加强法治政府建设督察考核，压紧压实各级各部门法治建设责任。"
                    ]
                ),
            },
        ],
        "attachment_notes": [{"first": True, "number": "", "name": "2024年主要指标统计表"}],
        "signature": "示例市人民政府",
        "date": "2025年3月18日",
        "year": 2024,
        "attachments": [
            {
                "kind": "metrics",
                "label": "附件",
                "title": "示例市2024年法治政府建设主要指标统计表",
                "note": "",
                "rows": [
                    dict(zip(("number", "name", "unit", "value", "previous", "change"), (str(i), *m), strict=True))
                    for i, m in enumerate(METRICS, 1)
                ],
            }
        ],
    }


def plan_context() -> dict[str, Any]:
    cn = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    numerals = cn + ["十" + c for c in cn[:9]] + ["二十"] + ["二十" + c for c in cn[:5]]
    heads = [
        "健全政府机构职能体系",
        "健全依法行政制度体系",
        "健全行政决策制度体系",
        "健全行政执法工作体系",
        "健全行政权力制约和监督体系",
        "健全社会矛盾纠纷行政预防调处化解体系",
        "健全法治政府建设科技保障体系",
    ]
    sections, table, n = [], [], 0
    for i, head in enumerate(heads):
        blocks = []
        for _ in range(4 if i < 4 else 3):
            lead, text = ITEMS[n % len(ITEMS)]
            blocks.append(
                {
                    "kind": "task",
                    "lead": f"（{numerals[n]}）{lead}",
                    "text": text + "〔牵头单位：市司法局；责任单位：市政府各部门；完成时限：年内〕",
                }
            )
            table.append(
                {"number": str(n + 1), "title": lead.rstrip("。"), "lead": "市司法局", "responsible": "市政府各部门", "due": "年内"}
            )
            n += 1
        sections.append({"heading": f"{cn[i]}、{head}", "blocks": blocks})
    return {
        "title": "示例市2025年法治政府建设工作要点",
        "preface": [
            "为深入贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》，持续推进法治政府建设，结合我市实际，制定本工作要点。"
        ],
        "sections": sections,
        "closing_heading": "八、保障措施",
        "closing": [
            "各区县政府、市政府各部门要切实加强组织领导，将本工作要点确定的各项任务纳入年度工作计划，细化措施，明确责任，确保各项任务落到实处。"
        ],
        "signature": "示例市人民政府办公室",
        "date": "2025年4月8日",
        "attachment_note": "附件：任务分工表",
        "attachment_label": "附件",
        "attachment_title": "示例市2025年法治政府建设工作要点任务分工表",
        "tasks_table": table,
    }


def render_with_default_template(kind: Kind, context: dict[str, Any], out: Path) -> Path:
    """Rendered as the build renders: the body's last lines cut off to keep with the signature (closing_keep)."""
    from reporter.document.draft.closing_keep import keep_last_lines
    from reporter.document.draft.prepared import with_document

    tpl = DocxTemplate(io.BytesIO(build_template(kind, HouseStyle())))
    tpl.render(context, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    out.write_bytes(with_document(buf.getvalue(), lambda xml: keep_last_lines(xml, HouseStyle())))
    return out


def render_example_report(tmp: Path) -> Path:
    """The hand-made example report (fixed content, so its page count is known)."""
    return render_with_default_template("report", report_context(), tmp / "example_report.docx")


def build_repository_example(tmp: Path, kind: str) -> Path:
    """Build the example project of the repository (data/) with the real pipeline, in a copy."""
    from reporter import api

    data = Path(__file__).resolve().parents[1] / "data"
    shutil.copytree(data, tmp / "data")
    result = api.build_report(tmp) if kind == "report" else api.build_plan(tmp)
    return result.drafts[0].path


# ---------------------------------------------------------------- reusable checks


def attachment_page(layout: Layout) -> int:
    """1-based page where the 附件 starts (the last page when there is none)."""
    for page in range(1, layout.pages + 1):
        if re.match(r"附件 ?\d*\n", layout.texts[page - 1].lstrip()):
            return page
    return layout.pages + 1


def check_title_first(layout: Layout, title: str) -> None:
    assert abs(layout.width - 595.3) < 1.5 and abs(layout.height - 841.9) < 1.5, "not A4"
    assert layout.first_text(1).startswith("".join(title.split())), layout.first_text(1)[:40]


def check_full_pages(layout: Layout, first: int = 2) -> dict[int, int]:
    """Every body page between the first and the last holds 22 lines, or up to two fewer where no
    paragraph may leave a single line behind or ahead (widow control) or a heading moved on with its text."""
    last_body = attachment_page(layout) - 1
    counts = {p: layout.text_lines(p) for p in range(first, last_body)}
    assert counts, "too short to have a full page"
    assert max(counts.values()) == 22, counts
    assert all(20 <= n <= 22 for n in counts.values()), counts
    return counts


def check_footers(layout: Layout) -> None:
    """ "— n —" in 四号, 7 mm under the text, odd pages one character in from the right, even from the left."""
    left = 28 * PT_PER_MM
    right = layout.width - 26 * PT_PER_MM
    one = 14
    for page in range(1, layout.pages + 1):
        words = layout.footer_words(page)
        assert "".join(w.text for w in words) == f"—{page}—", page
        top = min(w.y0 for w in words)
        assert 5 * PT_PER_MM < top - (layout.height - 35 * PT_PER_MM) < 9 * PT_PER_MM, page
        if page % 2:
            assert abs(max(w.x1 for w in words) - (right - one)) < 2, page
        else:
            assert abs(min(w.x0 for w in words) - (left + one)) < 2, page


def check_attachment(layout: Layout, title: str | None, header: str) -> None:
    """附件 top left, then its title (one or more lines), then the table, whose header repeats on every page."""
    first = attachment_page(layout)
    assert first <= layout.pages, "no attachment page"
    lines = [re.sub(r"\s+", "|", ln.strip()) for ln in layout.texts[first - 1].splitlines() if ln.strip()]
    assert re.fullmatch(r"附件(\|?\d+)?", lines[0])
    # compared without the gaps pdftotext reads between words: column widths come from the content
    head = next(i for i, ln in enumerate(lines) if ln.replace("|", "") == header.replace("|", ""))
    if title is not None:
        assert "".join(lines[1:head]).replace("|", "") == "".join(title.split())
    for page in range(first + 1, layout.pages + 1):
        if re.match(r"附件 ?\d+\n", layout.texts[page - 1].lstrip()):
            break  # the next attachment has a table of its own
        row = next(ln for ln in layout.texts[page - 1].splitlines() if ln.strip())
        assert re.sub(r"\s+", "", row) == header.replace("|", ""), page


@pytest.fixture(scope="module")
def report_layout(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    return measure_layout(render_example_report(tmp_path_factory.mktemp("report")))


@pytest.fixture(scope="module")
def plan_layout(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    tmp = tmp_path_factory.mktemp("plan")
    return measure_layout(render_with_default_template("plan", plan_context(), tmp / "example_plan.docx"))


# ---------------------------------------------------------------- the hand-made example


def test_report_page_count_and_title_first(report_layout: Layout) -> None:
    # 1 title page + 2 full pages + 1 page closing with a heading kept with its text + the last body page, then the attachment
    assert report_layout.pages == 6, [report_layout.text_lines(p) for p in range(1, report_layout.pages + 1)]
    check_title_first(report_layout, "示例市人民政府关于2024年法治政府建设情况的报告")


def test_a_full_report_page_holds_22_lines(report_layout: Layout) -> None:
    check_full_pages(report_layout)


def test_body_lines_sit_on_the_grid(report_layout: Layout) -> None:
    words = [w for w in report_layout.words[1] if CJK.search(w.text)]
    tops = sorted({round(w.y0, 1) for w in words})
    pitches = {round(b - a, 1) for a, b in zip(tops, tops[1:], strict=False)}
    assert pitches == {28.9}, pitches
    top_margin = 37 * PT_PER_MM
    assert top_margin < tops[0] < top_margin + 28.9
    assert tops[-1] + 20 <= report_layout.height - 35 * PT_PER_MM + 1


def test_attachment_on_its_own_page(report_layout: Layout) -> None:
    check_attachment(report_layout, "示例市2024年法治政府建设主要指标统计表", "序号|指标|单位|2024|年|2023|年|同比")
    last_body = attachment_page(report_layout) - 1
    assert "附件：2024年主要指标统计表" in report_layout.first_text(last_body)
    assert "示例市人民政府" in report_layout.texts[last_body - 1] and "2025年3月18日" in report_layout.first_text(last_body)


def test_page_numbers_odd_right_even_left(report_layout: Layout) -> None:
    check_footers(report_layout)


def test_plan_layout(plan_layout: Layout) -> None:
    check_title_first(plan_layout, "示例市2025年法治政府建设工作要点")
    check_full_pages(plan_layout)
    check_attachment(plan_layout, "示例市2025年法治政府建设工作要点任务分工表", "序号|工作任务|牵头单位|责任单位|完成时限")
    assert plan_layout.pages - attachment_page(plan_layout) >= 1, "the task table should run over two pages here"
    check_footers(plan_layout)


# ---------------------------------------------------------------- the repository's example, built for real


def test_built_example_report(tmp_path: Path) -> None:
    layout = measure_layout(build_repository_example(tmp_path, "report"))
    assert layout.pages >= 4
    assert re.match(r".+关于\d{4}年法治政府建设情况的报告", layout.first_text(1))
    check_full_pages(layout)
    check_footers(layout)
    check_attachment(layout, None, "序号|指标|单位|2024|年|2023|年|同比")


def test_built_example_plan(tmp_path: Path) -> None:
    layout = measure_layout(build_repository_example(tmp_path, "plan"))
    # the example's plan is issued by its 印发通知: one page, then the plan under its own title
    assert re.match(r".+关于印发.+\d{4}年法治政府建设工作要点的通知", layout.first_text(1))
    assert re.match(r".+\d{4}年法治政府建设工作要点", layout.first_text(2))
    check_full_pages(layout, first=3)
    check_footers(layout)
    check_attachment(layout, None, "序号|工作任务|牵头单位|责任单位|完成时限")


if __name__ == "__main__":  # measure a built draft by hand: python tests/test_layout_libreoffice.py DRAFT.docx
    layout = measure_layout(Path(sys.argv[1]))
    print(f"{layout.pages} pages; text lines per page: {[layout.text_lines(p) for p in range(1, layout.pages + 1)]}")
