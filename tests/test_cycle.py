"""The yearly cycle: plan 2024 → init report → fill in → build → init plan 2025 → build."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from docx import Document

from .conftest import CliResult, docx_text

UNIT = "name: 乙区人民政府\nshort_name: 乙区\nrecipients: [中共乙区委]\nplan_issuer: 乙区人民政府办公室\nareas: gangyao-2021\n"

PLAN_2024 = """\
year: 2024
kind: 工作计划
preface: 为推进法治政府建设，制定本计划。
numbering: per_section
sections:
  - area: 健全行政执法工作体系
    tasks:
      - {id: A1, title: 推行执法三项制度, text: 全面落实。, lead: [区司法局], responsible: [区政府各部门], due: 2024年6月底前}
      - {id: A2, title: 开展案卷评查, lead: [区司法局], due: 每季度}
  - area: 健全政府机构职能体系
    title: 优化政府职能
    tasks:
      - {id: B1, title: 调整权责清单, lead: [区委编办], responsible: 区政府有关部门、各街道办事处}
      - {id: B2, title: 推进一件事改革, lead: [区政务服务中心]}
  - area: 健全行政决策制度体系
    tasks:
      - {id: C1, title: 公布决策目录, lead: [区政府办公室], due: 2024年年底前}
closing: [加强组织领导。]
"""


def fill_report(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    status = {"A1": "done", "A2": "done", "B1": "done", "B2": "ongoing", "C1": "pending"}
    for group in data["achievements"]:
        for item in group["items"]:
            item["status"] = status[item["task"]]
            item["text"] = f"{item['title']}工作有序推进。"
    data["date"] = "2025-03-01"
    data["problems"] = [{"text": "基层力量不足", "cause": "编制紧张"}]
    data["leadership"] = [{"title": "带头学法", "text": "主要负责人带头学法。"}]
    data["next_year"] = [
        {
            "area": "行政决策",
            "title": "严格决策程序",
            "text": "落实决策程序。",
            "lead": ["区司法局"],
            "responsible": ["区政府各部门"],
            "due": "2025年6月底前",
        },
        {"area": "习近平法治思想", "title": "深化学习宣传", "lead": ["区委依法治区办"]},
        {"area": "营商环境", "title": "优化法治化营商环境", "lead": ["区发展改革局"]},
        {"area": "行政决策", "title": "完成决策目录公布", "lead": ["区政府办公室"], "task": "C1"},
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


def test_whole_cycle(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    root = tmp_path
    (root / "data/2024").mkdir(parents=True)
    (root / "data/unit.yaml").write_text(UNIT, encoding="utf-8")
    (root / "data/2024/plan.yaml").write_text(PLAN_2024, encoding="utf-8")

    assert cli("init", "report", "2024", "--root", root).code == 0
    skeleton = (root / "data/2024/report.yaml").read_text(encoding="utf-8")
    assert skeleton.startswith("# yaml-language-server: $schema=../../schema/report.schema.json\n")
    assert "# 完成情况：done（已完成）、ongoing（推进中）或 pending（未完成）" in skeleton
    items = [i for g in yaml.safe_load(skeleton)["achievements"] for i in g["items"]]
    assert [(i["task"], i["title"]) for i in items] == [
        ("A1", "推行执法三项制度"),
        ("A2", "开展案卷评查"),
        ("B1", "调整权责清单"),
        ("B2", "推进一件事改革"),
        ("C1", "公布决策目录"),
    ]
    again = cli("init", "report", "2024", "--root", root)
    assert again.code == 1
    assert "data/2024/report.yaml 已存在，未覆盖" in again.err

    fill_report(root / "data/2024/report.yaml")
    assert cli("build", "report", "2024", "--root", root).code == 0

    assert cli("init", "plan", "2025", "--root", root).code == 0
    text = (root / "data/2025/plan.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/plan.schema.json")
    plan = yaml.safe_load(text)
    tasks = [(s.get("area") or s.get("title"), t) for s in plan["sections"] for t in s["tasks"]]
    assert [t["id"] for _, t in tasks] == ["1", "2", "3", "4", "5"]
    assert [(area, t["title"], bool(t.get("carried_over"))) for area, t in tasks] == [
        ("深入学习贯彻习近平法治思想", "深化学习宣传", False),
        ("健全政府机构职能体系", "推进一件事改革", True),
        ("健全行政决策制度体系", "严格决策程序", False),
        ("健全行政决策制度体系", "完成决策目录公布", True),  # names C1: the continuation replaces the copy
        ("营商环境", "优化法治化营商环境", False),
    ]
    decision = tasks[2][1]
    assert (decision["text"], decision["lead"], decision["responsible"], decision["due"]) == (
        "落实决策程序。",
        ["区司法局"],
        ["区政府各部门"],
        "2025年6月底前",
    )
    assert plan["kind"] == "工作计划" and plan["numbering"] == "per_section" and plan["issuer"] == "乙区人民政府办公室"

    result = cli("build", "plan", "2025", "--root", root)
    assert result.code == 0, result.err
    draft = root / "drafts/2025/乙区2025年法治政府建设工作计划.docx"
    lines = docx_text(draft).splitlines()
    assert lines[0] == "乙区2025年法治政府建设工作计划"
    assert [ln[:2] for ln in lines if re.match("^[一二三四五六]、", ln)] == ["一、", "二、", "三、", "四、", "五、"]
    assert "（一）严格决策程序。落实决策程序。〔牵头单位：区司法局；责任单位：区政府各部门；完成时限：2025年6月底前〕" in lines
    # per_section: restarts in each section; C1's deadline moved into the new year
    assert "（二）完成决策目录公布。〔牵头单位：区政府办公室；完成时限：2025年年底前〕" in lines
    assert "五、保障措施" in lines
    rows = [[c.text for c in r.cells] for r in Document(str(draft)).tables[0].rows]
    assert rows[0] == ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]
    assert rows[1:] == [
        # per_section: the body's number, with its section's in front
        ["一（一）", "深化学习宣传", "区委依法治区办", "", ""],
        ["二（一）", "推进一件事改革", "区政务服务中心", "", ""],
        ["三（一）", "严格决策程序", "区司法局", "区政府各部门", "2025年6月底前"],
        ["三（二）", "完成决策目录公布", "区政府办公室", "", "2025年年底前"],
        ["四（一）", "优化法治化营商环境", "区发展改革局", "", ""],
    ]


def test_continuous_numbering_and_header_row_repeats(cli: Callable[..., CliResult], example: Path) -> None:
    result = cli("build", "plan", "2024", "--root", example)
    assert result.code == 0, result.err
    draft = example / "drafts/2024/示例市2024年法治政府建设工作要点.docx"
    plan = yaml.safe_load((example / "data/2024/plan.yaml").read_text(encoding="utf-8"))
    tasks = [t for s in plan["sections"] for t in s["tasks"]]
    lines = docx_text(draft).splitlines()
    numbers = [m.group(1) for ln in lines if (m := re.match(r"^（([一二三四五六七八九十]+)）", ln))]
    from reporter.content.numbering import chinese_number

    assert numbers == [chinese_number(i) for i in range(1, len(tasks) + 1)]
    table = Document(str(draft)).tables[0]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    # a deadline may put its year on a line of its own, leaving the 工作任务 column the most room
    got = [[c.text for c in r.cells[:4]] + [r.cells[4].text.replace("年\n", "年")] for r in table.rows[1:]]
    # 序号 as in the body (（十二） → 十二); one unit a line, so no name breaks inside
    want = [
        [chinese_number(i), t["title"], "、\n".join(t.get("lead", [])), "、\n".join(t.get("responsible", [])), t.get("due", "")]
        for i, t in enumerate(tasks, 1)
    ]
    assert got == want


def test_season_builds_report_and_next_plan_without_writing_data(cli: Callable[..., CliResult], example: Path) -> None:
    shutil.rmtree(example / "data/2025")
    result = cli("build", "2024", "--root", example)
    assert result.code == 0, result.err
    assert (example / "drafts/2024/示例市2024年法治政府建设情况报告.docx").is_file()
    # made on the fly: said on the console, in the file name and under the title, naming the file to create
    draft = example / "drafts/2025/示例市2025年法治政府建设工作要点（临时生成）.docx"
    assert not (example / "drafts/2025/示例市2025年法治政府建设工作要点.docx").exists()
    assert (
        "警告 data/2025/plan.yaml: 没有 data/2025/plan.yaml：2025 年工作要点是临时生成的初稿（文件名带“临时生成”，首页注明），"
        "不是印发稿；运行 reporter init plan 2025 建立该文件，修改后再生成"
    ) in result.out
    assert docx_text(draft).splitlines()[1] == (
        "（临时稿：没有 data/2025/plan.yaml，本稿按 init plan 的规则由 2024 年报告临时生成，不是印发稿；"
        "运行 reporter init plan 2025 建立 data/2025/plan.yaml，修改后再生成）"
    )
    assert not (example / "data/2025").exists()


def test_a_plan_made_on_the_fly_is_named_by_last_years_kind(cli: Callable[..., CliResult], example: Path) -> None:
    # a county whose plans are 工作计划: the console names a 工作计划, as the file name and the title do
    shutil.rmtree(example / "data/2025")
    plan = example / "data/2024/plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("kind: 工作要点", "kind: 工作计划", 1), encoding="utf-8")
    result = cli("build", "2024", "--root", example)
    assert result.code == 0, result.err
    assert "没有 data/2025/plan.yaml：2025 年工作计划是临时生成的初稿" in result.out
    draft = example / "drafts/2025/示例市2025年法治政府建设工作计划（临时生成）.docx"
    assert docx_text(draft).splitlines()[0] == "示例市2025年法治政府建设工作计划"


def test_season_uses_next_years_plan_when_written(cli: Callable[..., CliResult], example: Path) -> None:
    before = (example / "data/2025/plan.yaml").read_bytes()
    result = cli("build", "2024", "--root", example)
    assert result.code == 0, result.err
    lines = docx_text(example / "drafts/2025/示例市2025年法治政府建设工作要点.docx").splitlines()
    assert lines[0] == "示例市人民政府办公室关于印发示例市2025年法治政府建设工作要点的通知"  # the example's plan opens with its 印发通知
    assert (example / "data/2025/plan.yaml").read_bytes() == before


def test_init_force_keeps_a_backup(cli: Callable[..., CliResult], example: Path) -> None:
    shutil.rmtree(example / "data/2025")
    assert cli("init", "plan", "2025", "--root", example).code == 0
    first = (example / "data/2025/plan.yaml").read_text(encoding="utf-8")
    result = cli("init", "plan", "2025", "--root", example, "--force")
    assert result.code == 0
    backups = list((example / "data/2025").glob("plan.yaml.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == first


def test_unfinished_task_without_continuation_is_copied(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    (tmp_path / "data/2024").mkdir(parents=True)
    (tmp_path / "data/unit.yaml").write_text(UNIT, encoding="utf-8")
    (tmp_path / "data/2024/plan.yaml").write_text(PLAN_2024, encoding="utf-8")
    assert cli("init", "report", "2024", "--root", tmp_path).code == 0
    fill_report(tmp_path / "data/2024/report.yaml")
    assert cli("init", "plan", "2025", "--root", tmp_path).code == 0
    plan = yaml.safe_load((tmp_path / "data/2025/plan.yaml").read_text(encoding="utf-8"))
    carried = [t for s in plan["sections"] for t in s["tasks"] if t.get("carried_over")]
    assert [t["title"] for t in carried] == ["推进一件事改革", "完成决策目录公布"]
    assert "due" not in carried[0]


def test_stale_deadline_moves_to_the_new_year_relative_one_kept(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    (tmp_path / "data/2024").mkdir(parents=True)
    (tmp_path / "data/unit.yaml").write_text(UNIT, encoding="utf-8")
    (tmp_path / "data/2024/plan.yaml").write_text(PLAN_2024, encoding="utf-8")
    (tmp_path / "data/2024/report.yaml").write_text(
        "year: 2024\nachievements:\n  - area: 行政执法\n    items:\n      - {title: 案卷, task: A1, status: done, text: 完成。}\n"
        "problems: [不足]\nnext_year: [安排]\n",
        encoding="utf-8",
    )
    assert cli("init", "plan", "2025", "--root", tmp_path).code == 0
    plan = yaml.safe_load((tmp_path / "data/2025/plan.yaml").read_text(encoding="utf-8"))
    tasks = {t["title"]: t for s in plan["sections"] for t in s["tasks"]}
    assert tasks["开展案卷评查"]["due"] == "每季度" and tasks["开展案卷评查"]["carried_over"] is True
    assert tasks["公布决策目录"]["due"] == "2025年年底前"
    text = (tmp_path / "data/2025/plan.yaml").read_text(encoding="utf-8")
    assert "        # 完成时限原为“2024年年底前”，已顺延到2025年，请核对\n        due: 2025年年底前\n" in text
    assert tasks["安排"]["id"] == "5"  # no area: the last section, 其他工作
    assert plan["sections"][-1]["title"] == "其他工作"


def test_init_unit_starts_a_workspace(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    assert cli("init", "unit", "--root", tmp_path).code == 0
    text = (tmp_path / "data/unit.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/unit.schema.json\n")
    assert (tmp_path / "schema/unit.schema.json").is_file() and (tmp_path / "templates").is_dir() and (tmp_path / "drafts").is_dir()
    (tmp_path / "data/2024").mkdir()
    (tmp_path / "data/2024/plan.yaml").write_text(PLAN_2024, encoding="utf-8")
    result = cli("build", "plan", "--root", tmp_path)
    assert result.code == 1
    assert "data/unit.yaml:5:7: name: 不能为空" in result.err
    (tmp_path / "data/unit.yaml").write_text(
        text.replace('short_name: ""', "short_name: 丁县").replace('\nname: ""', "\nname: 丁县人民政府"), encoding="utf-8"
    )
    assert cli("build", "plan", "--root", tmp_path).code == 0
    assert (tmp_path / "drafts/2024/丁县2024年法治政府建设工作计划.docx").is_file()
    assert cli("init", "unit", "--root", tmp_path).code == 1  # never overwrites
