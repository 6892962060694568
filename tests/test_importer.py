"""Importing existing plan documents (issue 5): every style of §3, errors, no lost sentence, round trip."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from reporter.core.errors import ImportFormatError
from reporter.data.model import Plan
from reporter.data.yamlwrite import dump_plan
from reporter.importer.normalize import normalize_text
from reporter.importer.plan import PlanImport, import_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
LIAOCHENG = FIXTURES / "plan-liaocheng-2021.txt"


def tasks(result: PlanImport) -> list[dict[str, Any]]:
    return [t for s in result.data()["sections"] for t in s["tasks"]]


def fields_text(plan: dict[str, Any]) -> str:
    """Every piece of text the plan holds, one per line."""
    preface = plan.get("preface", [])
    out = [preface] if isinstance(preface, str) else list(preface)
    for s in plan["sections"]:
        out.append(s["title"])
        out += s.get("text", [])
        for t in s["tasks"]:
            out += [t["title"], t["text"], "、".join(t["lead"]), "、".join(t["responsible"]), t.get("due", "")]
    out += plan["closing"]
    return "\n".join(out)


_MARKER = re.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|(?<![\d.])\d{1,2}[.、](?!\d)|（\d{1,2}）")


def unit_notes(body: str) -> list[tuple[int, int]]:
    """Spans of the bracketed unit notes, by counting brackets (names hold brackets of their own)."""
    spans: list[tuple[int, int]] = []
    for start, ch in enumerate(body):
        if ch not in "〔【[（" or spans and start < spans[-1][1]:
            continue
        depth = 0
        for i in range(start, len(body)):
            depth += body[i] in "〔【[（"
            depth -= body[i] in "〕】]）"
            if depth == 0:
                content = body[start + 1 : i]
                if re.match(r"(?:牵头单位|责任单位|配合单位)[:：]", content) or re.search(r"牵头[，）]|牵头$", content):
                    spans.append((start, i + 1))
                break
    return spans


def lost_sentences(body: str, plan: dict[str, Any]) -> list[str]:
    """Sentences of `body` that appear in no field of `plan` (unit notes are checked by their names)."""
    body = normalize_text(body)
    held = re.sub(r"\s+", "", fields_text(plan))
    lost = []
    for a, b in reversed(unit_notes(body)):
        for name in re.split(r"[；，、]|牵头单位：|责任单位：|配合单位：|完成时限：", body[a + 1 : b - 1]):
            name = re.sub(r"(?:牵头|负责|配合)$", "", name)
            if name and name not in held:
                lost.append(name)
        body = body[:a] + "。" + body[b:]
    for sentence in re.split(r"[。；！？]|" + _MARKER.pattern, body):
        sentence = sentence.strip(" ，：、")
        if len(sentence) >= 2 and sentence not in held:
            lost.append(sentence)
    return lost


# ------------------------------------------------------------------ the real PDF copy


@pytest.fixture(scope="module")
def liaocheng() -> PlanImport:
    return import_plan(LIAOCHENG, 2021)


def test_liaocheng_counts(liaocheng: PlanImport) -> None:
    assert (liaocheng.sections, liaocheng.tasks, liaocheng.tasks_with_units) == (7, 31, 31)
    assert liaocheng.unknown_lines == []
    assert liaocheng.encoding == "utf-8"
    assert [t["id"] for t in tasks(liaocheng)] == [str(i) for i in range(1, 32)]
    assert liaocheng.summary_text().splitlines()[1] == "已导入：7 个部分，31 项任务，其中 31 项注明了责任单位。"


def test_liaocheng_header_fields(liaocheng: PlanImport) -> None:
    plan = liaocheng.data()
    assert list(plan) == ["year", "kind", "notice", "issuer", "preface", "numbering", "sections", "closing"]
    assert plan["notice"] == {
        "issuer": "聊城市人民政府办公室",
        "recipients": ["各县（市、区）人民政府", "市属开发区管委会", "市政府各部门", "直属机构"],
        "text": "《聊城市2021年法治政府建设工作计划》已经市政府同意，现印发给你们，请结合实际认真贯彻执行。",
        "date": dt.date(2021, 5, 21),
        "publish": "此件公开发布",
    }
    assert plan["year"] == 2021
    assert plan["kind"] == "工作计划"
    assert plan["issuer"] == "聊城市人民政府办公室"
    assert plan["numbering"] == "continuous"
    assert plan["preface"].startswith("为深入学习贯彻习近平法治思想，全面落实中央全面依法治国工作会议")
    assert plan["preface"].endswith("结合我市实际，制定本年度法治政府建设工作计划。")
    assert "印发" not in plan["preface"] and "此件公开发布" not in fields_text({k: v for k, v in plan.items() if k != "notice"})
    assert plan["closing"] == []
    assert [s["title"] for s in plan["sections"]] == [
        "深入学习宣传贯彻习近平法治思想",
        "压实法治建设第一责任人职责",
        "依法全面履行政府职能",
        "完善依法行政制度体系",
        "加快推进法治政府建设",
        "优化法治营商环境",
        "推动基层社会治理效能提升",
    ]
    assert [len(s["tasks"]) for s in plan["sections"]] == [1, 5, 6, 3, 7, 6, 3]
    # headings that name a 纲要 area get it; the others keep only their title
    assert [s.get("area") for s in plan["sections"]][2:4] == ["依法全面履行政府职能", "完善依法行政制度体系"]
    assert "area" not in plan["sections"][1]


def test_liaocheng_tasks(liaocheng: PlanImport) -> None:
    all_tasks = tasks(liaocheng)
    first, last = all_tasks[0], all_tasks[-1]
    assert first["title"] == "加强对习近平法治思想的学习宣传和贯彻落实"
    assert (
        first["text"]
        == "将习近平法治思想纳入党委（党组）理论学习中心组学习内容，纳入法治队伍教育培训内容。结合庆祝建党100周年组织开展系列法治宣传教育活动。"
    )
    assert first["lead"] == ["市政府办公室", "市司法局"]
    assert first["responsible"] == ["市政府各部门", "各县（市、区）人民政府", "市属开发区管委会"]
    assert last["title"] == "加强法治乡村建设"
    assert last["text"].startswith("落实《聊城市法治乡村建设实施方案》，实施农村“法治带头人”培育工程。")
    assert last["lead"] == ["市司法局", "市民政局"]
    assert last["responsible"] == ["市直有关部门", "各县（市、区）人民政府", "市属开发区管委会"]
    by_id = {t["id"]: t for t in all_tasks}
    assert by_id["4"]["title"] == "抓好《落实〈党政主要负责人履行推进法治建设第一责任人职责规定〉市级层面工作责任清单》贯彻落实"
    assert by_id["8"]["title"] == "加强权责清单管理，实行动态调整"
    assert by_id["8"]["lead"] == ["市委编办"]
    assert by_id["15"]["responsible"] == ["市政府有关部门", "各县（市、区）人民政府"]
    assert by_id["14"]["responsible"] == ["市政府有关部门"]
    assert by_id["18"]["lead"] == ["市委编办", "市财政局", "市应急局"]
    assert by_id["21"]["title"].endswith("若干措施的通知》（鲁法委发〔2020〕7号）")
    assert by_id["23"]["lead"] == ["市政府办公室", "市行政审批局", "市发展改革委", "市司法局"]
    assert by_id["25"]["lead"] == ["市发展改革委", "市行政审批局", "市自然资源和规划局", "市生态环境局", "市市场监管局"]
    assert by_id["27"]["text"].startswith("持续抓好“12348”公共法律服务热线与“110”接警热线、12345市民热线联动工作。")
    assert by_id["5"]["due"] == "年内" and by_id["19"]["due"] == "年内"
    assert "due" not in by_id["1"]
    for task in all_tasks:
        assert task["title"] and "〔" not in task["text"] and "牵头单位" not in task["text"]
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff\d]|[\u4e00-\u9fff][,;:(]", task["title"] + task["text"])


def test_liaocheng_no_lost_sentence(liaocheng: PlanImport) -> None:
    text = LIAOCHENG.read_text(encoding="utf-8")
    body = text[text.index("(此件公开发布)") + len("(此件公开发布)") :]
    body = body[body.index("为深入学习") :]
    assert lost_sentences(body, liaocheng.data()) == []


def test_liaocheng_yaml_is_valid_plan(liaocheng: PlanImport) -> None:
    text = dump_plan(liaocheng.data())
    assert yaml.safe_load(text) == liaocheng.data()
    assert len(Plan.model_validate(yaml.safe_load(text)).tasks()) == 31


# ------------------------------------------------------------------ the styles of §3

EXPECTED: dict[str, dict[str, Any]] = {
    "tasks-numbered-restart.md": {
        "counts": (3, 5, 5),
        "numbering": "per_section",
        "titles": ["指导思想", "健全政府机构职能体系", "健全依法行政制度体系"],
        "task1": ("深化“放管服”改革", ["县委编办", "县政务服务中心"], ["县政府各部门"], "6月底前"),
        "closing": [
            "加强组织领导。各乡镇、各部门要把法治政府建设摆在全局工作的重要位置。",
            "强化督促检查。县依法治县办要加强督察，确保各项任务落到实处。",
        ],
    },
    "units-square-brackets.txt": {
        "counts": (3, 6, 6),
        "numbering": "continuous",
        "titles": ["健全行政决策制度体系", "健全行政执法工作体系", "健全行政权力制约和监督体系"],
        "task1": ("严格落实重大行政决策程序", ["市政府办公室", "市司法局"], ["市政府各部门"], "2025年6月底前"),
        "closing": [],
    },
    "gb18030-encoded.txt": {
        "counts": (2, 3, 3),
        "encoding": "gb18030",
        "titles": ["深入学习贯彻习近平法治思想", "健全突发事件应对体系"],
        "task1": ("把习近平法治思想作为区政府常务会议会前学法的重要内容", ["区政府办公室"], ["区司法局"], "年内"),
    },
    "web-copy-bom.txt": {
        "counts": (2, 3, 3),
        "encoding": "utf-8-sig",
        "issuer": "示例市司法局",
        "titles": ["推进严格规范公正文明执法", "加强行政复议和应诉工作"],
        "task1": ("开展行政执法质量提升行动", ["市司法局执法监督科"], ["市直各执法部门"], "上半年"),
        "preface": "2024年是实现“八五”普法规划目标任务的关键之年。为做好全年工作，制定本要点。",
        "closing": [],
    },
    "pdf-wrapped-lines.txt": {
        "counts": (2, 4, 4),
        "kind": "工作计划",
        "issuer": "示例市人民政府办公室",
        "titles": ["健全政府机构职能体系", "健全依法行政制度体系"],
        "task1": ("深化行政审批制度改革", ["市政务服务管理局"], ["市政府有关部门", "各区人民政府"], None),
        "preface": "为深入学习贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021-2025年）》，推动我市法治政府建设迈上新台阶，结合我市实际，制定本计划。",
        "closing": [
            "加强组织领导。各区、各部门要切实加强对法治政府建设工作的领导，主要负责同志要认真履行推进法治建设第一责任人职责。",
            "强化督促落实。市依法治市办要加强统筹协调和督促检查，确保各项任务按时完成。",
        ],
    },
    "three-levels-groups.txt": {
        "counts": (4, 4, 4),
        "titles": ["指导思想", "基本原则", "健全政府机构职能体系", "健全行政决策制度体系"],
        "task1": ("推进政府机构职能优化协同高效", ["厅行政审批处"], ["各市（州）司法局"], "6月底前"),
        "closing": ["各地各部门要按照本要点要求，结合实际抓好贯彻落实，重要情况及时报告。"],
    },
    "split-runs.docx": {
        "counts": (3, 3, 3),
        "issuer": "示例市人民政府办公室",
        "titles": ["指导思想", "健全政府机构职能体系", "健全依法行政制度体系"],
        "task1": ("推进政府机构职能优化协同高效", ["市委编办"], ["市政府各部门"], "2025年6月底前"),
        "preface": "为深入贯彻习近平法治思想，全面落实《法治政府建设实施纲要（2021—2025年）》，结合我市实际，制定本工作要点。",
        "closing": [
            "加强组织领导。各级各部门要把法治政府建设摆在全局工作的突出位置。",
            "强化考核评价。将法治政府建设成效纳入年度绩效考核。",
        ],
    },
    "task-table.docx": {
        "counts": (3, 4, 4),
        "titles": ["总体要求", "健全行政执法工作体系", "健全行政权力制约和监督体系"],
        "task1": ("深化综合行政执法体制改革", ["县委编办", "县司法局"], ["各乡（镇）人民政府"], "2025年9月底前"),
        "closing": ["各乡镇、各部门要加强组织领导，确保各项任务按期完成。"],
    },
    "tasks-unnumbered-paragraphs.txt": {
        "counts": (2, 3, 3),
        "titles": ["健全行政执法工作体系", "健全行政权力制约和监督体系"],
        "task1": ("深化综合行政执法改革", ["市委编办"], ["各区政府"], None),
    },
    "tasks-top-level-only.txt": {
        "counts": (1, 3, 3),
        "titles": ["主要任务"],
        "task1": ("加强党对法治政府建设的领导", ["市司法局"], [], None),
        "preface": "为深入贯彻落实党的二十大精神，制定本要点。",
    },
    "no-units-numbered-closing.txt": {
        "counts": (2, 3, 0),
        "kind": "工作计划",
        "titles": ["总体目标", "重点任务"],
        "task1": ("深化行政执法体制改革", [], [], None),
        "closing": ["加强组织领导。", "强化督查考核。"],
    },
    "flattened-one-line.txt": {
        "counts": (2, 3, 3),
        "issuer": "XX县人民政府办公室",
        "titles": ["健全政府机构职能体系", "健全依法行政制度体系"],
        "task1": ("推进政府职能转变", ["县委编办"], ["县直各部门"], "6月底前"),
        "closing": ["各部门要加强组织领导，确保任务落实。"],
    },
    "units-bare-lines.txt": {
        "counts": (2, 3, 3),
        "titles": ["依法全面履行政府职能", "完善依法行政制度体系"],
        "task1": ("深化行政审批制度改革", ["县行政审批局"], ["县直各部门"], None),
        "closing": ["各部门要高度重视，确保各项工作落到实处。"],
    },
    "auto-numbering.docx": {
        "counts": (2, 3, 3),
        "numbering": "per_section",
        "titles": ["健全行政决策制度体系", "健全突发事件应对体系"],
        "task1": ("严格落实重大行政决策程序", ["区政府办公室"], ["区司法局"], None),
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_style_fixture(name: str) -> None:
    expected = EXPECTED[name]
    result = import_plan(FIXTURES / name, 2025)
    plan = result.data()
    assert (result.sections, result.tasks, result.tasks_with_units) == expected["counts"]
    assert result.unknown_lines == []
    assert [s["title"] for s in plan["sections"]] == expected["titles"]
    first = tasks(result)[0]
    title, lead, responsible, due = expected["task1"]
    assert (first["title"], first["lead"], first["responsible"], first.get("due")) == (title, lead, responsible, due)
    for key in ("numbering", "kind", "issuer", "preface", "closing", "encoding"):
        if key in expected:
            actual = result.encoding if key == "encoding" else plan.get(key)
            assert actual == expected[key], key
    Plan.model_validate(yaml.safe_load(dump_plan(plan)))


def test_square_and_lenticular_brackets() -> None:
    result = import_plan(FIXTURES / "units-square-brackets.txt", 2025)
    by_id = {t["id"]: t for t in tasks(result)}
    assert by_id["2"]["lead"] == [] and by_id["2"]["responsible"] == ["市司法局", "市政府有关部门按职责分工分别负责"]
    # the annotation under a task's numbered sub-items still belongs to the task
    assert by_id["3"]["lead"] == ["市委编办", "市司法局"] and by_id["3"]["responsible"] == ["各县（市、区）人民政府"]
    assert (
        by_id["3"]["text"]
        == "主要做好以下工作：1.推进执法力量下沉，2025年年底前完成乡镇综合执法队伍建设；2.开展行政执法案卷评查，每半年通报一次评查结果。"
    )
    assert by_id["3"]["due"] == "2025年年底前"
    # half-width (牵头单位:…;…) with a half-width name inside is normalised and split
    assert by_id["6"]["responsible"] == ["市政府各部门", "各县（市、区）人民政府"]


def test_verb_units_and_groups() -> None:
    result = import_plan(FIXTURES / "three-levels-groups.txt", 2025)
    sections = result.data()["sections"]
    assert sections[0]["text"] == ["以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平法治思想。"]
    assert sections[1]["text"] == ["1.坚持党的领导。把党的领导贯穿法治政府建设全过程。", "2.坚持以人民为中心。切实保障人民群众合法权益。"]
    assert sections[0]["tasks"] == [] and sections[1]["tasks"] == []
    by_id = {t["id"]: t for t in tasks(result)}
    assert (by_id["2"]["lead"], by_id["2"]["responsible"]) == (["厅信息中心"], ["厅有关处室"])
    assert (by_id["4"]["lead"], by_id["4"]["responsible"], by_id["4"]["due"]) == (["厅规范性文件审查处"], ["各市（州）司法局"], "年底前")


def test_pdf_copy_is_cleaned() -> None:
    result = import_plan(FIXTURES / "pdf-wrapped-lines.txt", 2025)
    by_id = {t["id"]: t for t in tasks(result)}
    assert by_id["2"]["title"] == "推进法治政府建设示范创建"
    assert by_id["2"]["text"] == "组织开展第二批示范创建活动，6月底前完成申报工作。"
    assert by_id["2"]["lead"] == ["市司法局"] and by_id["2"]["due"] == "6月底前"
    assert by_id["3"]["text"] == "落实“有件必备、有备必审、有错必纠”要求，每季度开展一次备案审查情况通报。"
    assert by_id["4"]["due"] == "2023年年底前"
    skipped = dict(result.skipped)
    assert skipped[1] == "首页>政务公开>规划计划" and skipped[38] == "（此件公开发布）"
    assert any("相关链接" in text for _, text in result.skipped)
    assert "第 1—8、22、36—41 行" in result.summary_text()  # 22: the page number


def test_task_table_docx_units_and_sections() -> None:
    result = import_plan(FIXTURES / "task-table.docx", 2025)
    by_id = {t["id"]: t for t in tasks(result)}
    assert by_id["3"]["responsible"] == [] and by_id["3"]["due"] == "长期坚持"
    assert by_id["4"]["responsible"] == ["县直有关部门", "各乡（镇）人民政府"]
    assert result.data()["sections"][0]["text"] == ["坚持以习近平法治思想为指导，全面推进严格规范公正文明执法。"]
    assert [s.get("area") for s in result.data()["sections"]] == [None, "健全行政执法工作体系", "健全行政权力制约和监督体系"]


def test_split_runs_docx_line_break_and_paragraph_numbers() -> None:
    result = import_plan(FIXTURES / "split-runs.docx", 2025)
    second = tasks(result)[1]
    assert second["text"] == "推进政务服务“一网通办”，实现高频事项“最多跑一次”。"
    assert second["responsible"] == ["各县（市、区）人民政府"]
    assert sorted({n for n, _ in result.skipped}) == [14, 15]  # the signature and date paragraphs
    assert result.encoding == "utf-8"


@pytest.mark.parametrize(
    "name", ["tasks-numbered-restart.md", "units-square-brackets.txt", "pdf-wrapped-lines.txt", "three-levels-groups.txt"]
)
def test_style_fixture_loses_no_sentence(name: str) -> None:
    result = import_plan(FIXTURES / name, 2025)
    text = (FIXTURES / name).read_text(encoding="utf-8")
    lines = text.splitlines()
    if name == "pdf-wrapped-lines.txt":
        lines = lines[10:34]  # between the title and the signature
    else:
        lines = [ln for ln in lines[1:] if not ln.startswith("#") or "、" in ln]
    skip = ("一、总体要求", "二、主要任务", "三、工作要求", "— 2 —")
    body = "\n".join(re.sub(r"^#+\s*|\*\*", "", ln) for ln in lines if "保障措施" not in ln and ln.strip() not in skip)
    assert lost_sentences(body.replace("\n", ""), result.data()) == []


# ------------------------------------------------------------------ summary and errors


def test_summary_lists_unknown_lines() -> None:
    result = PlanImport(plan=Plan(year=2024), sections=2, tasks=5, tasks_with_units=4, unknown_lines=[(12, "※※※※")], encoding="utf-8")
    assert result.summary_text() == "已导入：2 个部分，5 项任务，其中 4 项注明了责任单位。"
    (line,) = result.diagnostics("plan.txt")
    assert (line.file, line.line, line.message, line.severity) == ("plan.txt", 12, "第 12 行未能识别：※※※※", "warning")


def test_unknown_lines_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(
        "示例市2025年法治政府建设工作要点\n为加快建设法治政府，制定本要点。\n一、健全行政执法工作体系\n"
        "1.推进严格执法。开展执法检查。〔牵头单位：市司法局；牵头领导：张三〕\n※※※※\n2.规范执法行为。加强监督。\n",
        encoding="utf-8",
    )
    result = import_plan(path, 2025)
    assert result.unknown_lines == [(4, "未能识别的标注：牵头领导：张三"), (5, "※※※※")]
    assert tasks(result)[0]["text"] == "开展执法检查（牵头领导：张三）。"
    assert "第 5 行未能识别：※※※※" in [d.message for d in result.diagnostics("plan.txt")]


def test_numbering_gap_is_noted(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(
        "示例市2025年法治政府建设工作要点\n一、部分\n1.任务一。〔牵头单位：市司法局〕\n3.任务三。〔牵头单位：市司法局〕\n", encoding="utf-8"
    )
    result = import_plan(path, 2025)
    assert result.tasks == 2
    assert result.warnings == ["第 4 行：编号从 1 跳到了 3：3.任务三。〔牵头单位：市司法局〕"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", b"%PDF-1.4", "不支持 .pdf 文件"),
        ("plan.docx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是真正的 Word 文档"),
        ("plan.docx", b"", "是空文件"),
        ("plan.txt", b"", "是空文件"),
        ("plan.txt", b"  \n\r\n ", "是空文件"),
        ("plan.txt", "一、部分\n".encode() + b"\xff\xfe\xfd\x80\x80", "第 13 字节"),
        ("plan.txt", "示例市2025年工作要点\n为做好工作，制定本要点。\n".encode(), "没有找到任务"),
    ],
)
def test_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFormatError) as err:
        import_plan(path, 2025)
    assert message in str(err.value)
    assert name in str(err.value)


def test_broken_docx_zip(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not word")
    with pytest.raises(ImportFormatError, match="无法作为 Word 文档"):
        import_plan(path, 2025)


# ------------------------------------------------------------------ round trip through the printed form


def render_plan_docx(plan_data: dict[str, Any], path: Path) -> None:
    """Print a plan the way `reporter build plan` lays it out (same context), into a plain .docx."""
    from reporter.content.context import plan_context
    from reporter.data.areas import Catalogue
    from reporter.data.model import Unit

    plan = Plan.model_validate(plan_data)
    context = plan_context(Unit(name="示例市人民政府", short_name="示例市"), plan, Catalogue.named("gangyao-2021"))
    d = docx.Document()
    # the leads in the draft's own character style: the only task of a section prints without its number
    from docx.enum.style import WD_STYLE_TYPE

    lead_style = d.styles.add_style("二级标题引导", WD_STYLE_TYPE.CHARACTER)
    d.add_paragraph(context["title"])
    for p in context["preface"]:
        d.add_paragraph(p)
    for section in context["sections"]:
        d.add_paragraph(section["heading"])
        for block in section["blocks"]:
            p = d.add_paragraph()
            p.add_run(block["lead"], style=lead_style if block["lead"] else None).bold = True
            p.add_run(block["text"])
    if context["closing_heading"]:
        d.add_paragraph(context["closing_heading"])
        for p in context["closing"]:
            d.add_paragraph(p)
    d.add_paragraph(context["attachment_note"])
    d.add_paragraph("示例市人民政府办公室")
    d.add_paragraph("2025年3月8日")
    d.add_paragraph(context["attachment_label"])
    d.add_paragraph(context["attachment_title"])
    table = d.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"], strict=True):
        cell.text = text
    for row in context["tasks_table"]:
        cells = table.add_row().cells
        for cell, key in zip(cells, ["number", "title", "lead", "responsible", "due"], strict=True):
            cell.text = row[key]
    d.save(str(path))


def task_fields(plan: dict[str, Any]) -> list[tuple[str, str, list[str], list[str], str | None]]:
    return [(t["title"], t["text"], t["lead"], t["responsible"], t.get("due")) for s in plan["sections"] for t in s["tasks"]]


@pytest.mark.parametrize("source", [LIAOCHENG, *(FIXTURES / n for n in sorted(EXPECTED))], ids=lambda p: p.name)
def test_round_trip(tmp_path: Path, source: Path) -> None:
    first = import_plan(source, 2025).data()
    printed = tmp_path / "printed.docx"
    render_plan_docx(yaml.safe_load(dump_plan(first)), printed)
    second = import_plan(printed, 2025).data()
    assert task_fields(second) == task_fields(first)
    assert [s["title"] for s in second["sections"]] == [s["title"] for s in first["sections"]]
    assert second["closing"] == first["closing"]
    assert second["numbering"] == first["numbering"]


@pytest.mark.parametrize(
    "source",
    [LIAOCHENG, FIXTURES / "tasks-numbered-restart.md", FIXTURES / "task-table.docx", FIXTURES / "pdf-wrapped-lines.txt"],
    ids=lambda p: p.name,
)
def test_round_trip_through_reporter_build(tmp_path: Path, source: Path) -> None:
    """`reporter build plan` on the imported file, imported again, gives back every task's title, text and units."""
    from reporter import api

    first = import_plan(source, 2025).data()
    (tmp_path / "data" / "2025").mkdir(parents=True)
    (tmp_path / "data" / "unit.yaml").write_text("name: 示例市人民政府\nshort_name: 示例市\nareas: gangyao-2021\n", encoding="utf-8")
    (tmp_path / "data" / "2025" / "plan.yaml").write_text(dump_plan(first), encoding="utf-8")
    built = api.build_plan(tmp_path, 2025)
    second = import_plan(built.drafts[0].path, 2025).data()
    assert task_fields(second) == task_fields(first)
    assert [s["title"] for s in second["sections"]] == [s["title"] for s in first["sections"]]
    assert second["numbering"] == first["numbering"]
    assert second["closing"] == first["closing"]
    assert second.get("preface") == first.get("preface")


def test_circled_numbers_are_tasks_not_a_crash() -> None:
    """① … ⑳ pass str.isdigit(); read as heading numbers they are tasks 1, 2."""
    plan = import_plan(FIXTURES / "tasks-circled-numbers.txt", 2025).data()
    assert [(t["id"], t["title"]) for s in plan["sections"] for t in s["tasks"]] == [("1", "加强学习"), ("2", "完善制度")]
