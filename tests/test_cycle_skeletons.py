"""Skeletons of the yearly cycle: merged duplicates, moved deadlines, recurring work, every area, first years."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from reporter.checks.plan_rules import past_years
from reporter.content.cycle import UNIT_MATERIAL_KEYS, move_due, similar_titles
from reporter.data.areas import Catalogue
from reporter.data.model import Plan, Report

from .conftest import FIXTURES, CliResult

QINGHE = FIXTURES / "cycle" / "qinghe"
AREAS = Catalogue.named("gangyao-2021").titles


@pytest.fixture
def qinghe(tmp_path: Path) -> Path:
    """青禾县 after its 2023 report: a 规范性文件 task done, a recurring one done, two unfinished."""
    shutil.copytree(QINGHE / "data", tmp_path / "data")
    return tmp_path


def _plan(root: Path, year: int) -> tuple[str, dict[str, Any]]:
    text = (root / f"data/{year}/plan.yaml").read_text(encoding="utf-8")
    Plan.model_validate(yaml.safe_load(text))
    return text, yaml.safe_load(text)


def _tasks(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["title"]: t for s in plan["sections"] for t in s["tasks"]}


def test_next_year_entry_and_unfinished_task_become_one(cli: Callable[..., CliResult], qinghe: Path) -> None:
    result = cli("init", "plan", "2024", "--root", qinghe)
    assert result.code == 0, result.err
    assert (
        "下一年度安排“深入推进乡镇综合行政执法改革”与2023年任务 3“推进乡镇综合行政执法改革”合并为一项，采用下一年度安排的表述" in result.err
    )
    _, plan = _plan(qinghe, 2024)
    tasks = _tasks(plan)
    assert "推进乡镇综合行政执法改革" not in tasks
    merged = tasks["深入推进乡镇综合行政执法改革"]
    assert (merged["text"], merged["lead"], merged["carried_over"]) == ("完成事项下放评估。", ["县委编办", "县司法局"], True)


def test_carried_deadlines_move_into_the_new_year_with_a_comment(cli: Callable[..., CliResult], qinghe: Path) -> None:
    assert cli("init", "plan", "2024", "--root", qinghe).code == 0
    text, plan = _plan(qinghe, 2024)
    tasks = _tasks(plan)
    assert tasks["开展行政执法案卷评查"]["due"] == "2024年10月底前"
    assert "        # 完成时限原为“2023年10月底前”，已顺延到2024年，请核对\n        due: 2024年10月底前\n" in text
    # the merged entry has no deadline of its own: the task's, moved
    assert tasks["深入推进乡镇综合行政执法改革"]["due"] == "2024年11月底前"


def test_recurring_task_is_carried_even_when_done(cli: Callable[..., CliResult], qinghe: Path) -> None:
    assert cli("init", "plan", "2024", "--root", qinghe).code == 0
    _, plan = _plan(qinghe, 2024)
    tasks = _tasks(plan)
    routine = tasks["严格规范性文件合法性审核"]
    assert routine["recurring"] is True and "carried_over" not in routine and routine["due"] == "每季度"
    assert "科学编制年度规范性文件制定计划" not in tasks  # done and not routine


def test_sections_keep_titles_catalogue_order_and_list_every_area(cli: Callable[..., CliResult], qinghe: Path) -> None:
    assert cli("init", "plan", "2024", "--root", qinghe).code == 0
    text, plan = _plan(qinghe, 2024)
    assert [(s.get("area"), s.get("title")) for s in plan["sections"]] == [
        ("健全依法行政制度体系", "提高制度建设质量"),
        ("健全行政执法工作体系", "推进严格规范公正文明执法"),
        (None, "营商环境"),  # not in the catalogue: last
    ]
    lines = text.splitlines()
    shown = [
        ln.strip().removeprefix("# - area: ").split()[0] if ln.strip().startswith("# - area:") else ln.strip().removeprefix("- area: ")
        for ln in lines
        if "- area:" in ln
    ]
    assert shown == AREAS[:5] + AREAS[5:] and len(shown) == 10  # every area, in catalogue order
    assert "  # - area: 健全突发事件应对体系    （本年暂无任务；需要时取消注释，并在其下写 tasks）" in lines
    assert lines.index("  - title: 营商环境") > lines.index(
        "  # - area: 加强党的领导，完善法治政府建设推进机制    （本年暂无任务；需要时取消注释，并在其下写 tasks）"
    )
    assert plan["preface"] == ["为深入贯彻落实习近平法治思想，扎实推进2024年法治政府建设，结合工作实际，制定本工作要点。"]
    assert plan["notice"] == {"issuer": "青禾县人民政府办公室", "recipients": ["各乡镇人民政府", "县政府各部门"], "publish": "此件公开发布"}
    assert plan["closing"] == [{"title": "加强组织领导", "text": "各乡镇、各部门要加强领导。"}]


def test_first_year_plan_without_a_report_is_blank_with_every_area(cli: Callable[..., CliResult], qinghe: Path) -> None:
    result = cli("init", "plan", "2023", "--root", qinghe, "--force")
    assert result.code == 0, result.err
    text, plan = _plan(qinghe, 2023)
    assert [s["area"] for s in plan["sections"]] == AREAS
    assert all(s["tasks"] == [] for s in plan["sections"])
    assert "  #       lead: [县司法局]" in text.splitlines()  # examples at the unit's level


def test_first_year_report_without_a_plan_is_blank_with_all_five_parts(cli: Callable[..., CliResult], qinghe: Path) -> None:
    result = cli("init", "report", "2022", "--root", qinghe)
    assert result.code == 0, result.err
    text = (qinghe / "data/2022/report.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data == {"year": 2022, "date": None, "preface": "", "achievements": [], "problems": [], "leadership": [], "next_year": []}
    for part in (
        "# 一、主要举措和成效",
        "# 二、存在的不足和原因",
        "# 三、党政主要负责人",
        "# 四、下一年度推进法治政府建设的主要安排",
        "# 即2023年的主要安排",
        "# 五、其他需要报告的情况",
    ):
        assert any(ln.startswith(part) for ln in text.splitlines()), part
    assert "#     lead: [县司法局]" in text.splitlines() and "市司法局" not in text
    assert "# other:" in text.splitlines()


def test_report_skeleton_carries_metrics_and_task_titles(cli: Callable[..., CliResult], qinghe: Path) -> None:
    assert cli("init", "plan", "2024", "--root", qinghe).code == 0
    assert cli("init", "report", "2024", "--root", qinghe).code == 0
    text = (qinghe / "data/2024/report.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    items = [i for g in data["achievements"] for i in g["items"]]
    assert [(i.get("task"), i["title"]) for i in items] == [
        ("1", "严格规范性文件合法性审核"),
        ("2", "深入推进乡镇综合行政执法改革"),
        ("3", "开展行政执法案卷评查"),
        ("4", "优化法治化营商环境"),
    ]
    metrics = [m for i in items for m in i.get("metrics", [])]
    assert metrics == [
        {"name": "审核规范性文件", "value": None, "unit": "件", "previous": 42},
        {"name": "评查行政执法案卷", "value": None, "unit": "件", "previous": 260},
        {"name": "罚没金额", "value": None, "unit": "万元"},  # na last year: nothing to compare with
    ]
    assert "# 五、其他需要报告的情况（可省略）：本年度其他需要说明的情况\n# 如：\n# other:" in text and "\nother:" not in text
    # filled in, it loads
    for m in metrics:
        m["value"] = 1
    Report.model_validate(data)


def test_report_skeleton_documents_every_key_from_the_model(cli: Callable[..., CliResult], qinghe: Path) -> None:
    """The keys the skeleton leaves out are listed in its header from the model's documentation, none by hand."""
    assert cli("init", "report", "2022", "--root", qinghe).code == 0
    lines = (qinghe / "data/2022/report.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index("# 以下各键可省略，需要时加在文件中（键: 值）：") + 1
    listed = lines[start : lines.index("", start)]
    optional = ["doc_number", "signer", "closing", "attachments", "metrics_note", "metrics_definitions", "cc", "printed_by", "printed_date"]
    assert [line.removeprefix("#   ").split("（")[0] for line in listed] == optional
    assert listed[2] == '#   closing（结束语）：正文最后一段，默认“特此报告。”；写 "" 则不印'
    assert listed[3] == "#   attachments（附件）：metrics（主要指标统计表，默认）、tasks（工作要点任务完成情况表）；写 [] 则无附件"
    # every other key of the model is written, or shown by example where it stands (headings, intros at the 县's level)
    shown = {line.split(":")[0] for line in lines if line[:1].isalpha()} | {"other", "headings", "intros"}
    assert set(Report.model_fields) == shown | set(optional) | set(UNIT_MATERIAL_KEYS)
    assert "# 如 headings: {leadership: 县政府主要负责同志履行推进法治建设第一责任人职责情况}" in lines
    assert "# 如 intros: {problems: 经过梳理，我县法治政府建设还存在一些短板：}" in lines
    assert not any(f"{key}（" in line or line.startswith(f"# {key}:") for key in UNIT_MATERIAL_KEYS for line in lines)


@pytest.mark.parametrize(
    ("due", "moved"),
    [
        ("2023年11月底前", "2024年11月底前"),
        ("2023年年底前", "2024年年底前"),
        ("年内", "年内"),
        ("每季度", "每季度"),
        ("2024年6月底前", "2024年6月底前"),
    ],
)
def test_move_due(due: str, moved: str) -> None:
    assert move_due(due, 2024)[0] == moved
    assert (move_due(due, 2024)[1] is None) == (due == moved)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("推进乡镇综合行政执法改革", "深入推进乡镇综合行政执法改革", True),
        ("修订行政规范性文件管理办法", "完成行政规范性文件管理办法修订", True),
        ("全面落实行政执法“三项制度”", "全面落实行政执法三项制度", True),
        ("开展行政执法案卷评查", "优化法治化营商环境", False),
        ("加强执法", "加强普法", False),
    ],
)
def test_similar_titles(a: str, b: str, same: bool) -> None:
    assert similar_titles(a, b) is same


@given(st.text(max_size=30), st.text(max_size=30))
def test_similar_titles_is_symmetric_and_reflexive(a: str, b: str) -> None:
    assert similar_titles(a, b) == similar_titles(b, a)
    if any(ch.isalnum() for ch in a):
        assert similar_titles(a, a)


@given(st.text(max_size=40), st.integers(min_value=1950, max_value=2099))
def test_move_due_never_leaves_a_past_year(due: str, year: int) -> None:
    moved, note = move_due(due, year)
    assert (note is None) == (moved == due)
    assert not [y for y in past_years(moved or "", year) if y < year]


@given(st.text(max_size=40), st.text(max_size=40))
def test_report_skeleton_text_loads_back(title: str, text: str) -> None:
    from reporter.data.yamlwrite import dump_report_skeleton

    report = {
        "year": 2024,
        "date": None,
        "preface": text,
        "achievements": [{"area": "行政执法", "items": [{"title": title, "task": title, "status": None, "text": text}]}],
    }
    assert yaml.safe_load(dump_report_skeleton(report, ["头注释"], {"year": ["年度"], "other": ["other:", "  - 示例"]})) == report
