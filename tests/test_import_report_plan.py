"""The report importer's line filter applied to `import plan`: web pages around a 工作要点 or a 规划 stay out of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reporter.data.model import Plan
from reporter.data.yamlwrite import dump_plan, field_doc
from reporter.importer.plan import import_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import_report"


def strings(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(strings(v) for v in value.values())
    if isinstance(value, list):
        return "\n".join(strings(v) for v in value)
    return ""


def test_editor_mark_and_site_headlines_are_not_closing_words() -> None:
    result = import_plan(FIXTURES / "plan-web-headlines.txt", 2024)
    plan = result.data()
    assert plan["closing"] == ["各乡镇、各部门要加强组织领导，确保各项任务按期完成。"]
    assert [t["title"] for s in plan["sections"] for t in s["tasks"]] == ["加强行政规范性文件监督管理", "严格落实重大行政决策程序"]
    assert result.unknown_lines == [
        (11, "我县召开法治政府建设推进会"),
        (12, "县司法局开展“八五”普法宣传进社区活动"),
        (13, "全县行政执法人员培训班开班"),
    ]
    assert (10, "[编辑：赵六]") in result.skipped and (11, "[详细]") in result.skipped
    everything = strings(plan)
    for foreign in ("编辑", "赵六", "详细", "推进会", "培训班", "门户网站"):
        assert foreign not in everything
    assert yaml.safe_load(dump_plan(plan)) == plan
    Plan.model_validate(plan)


def test_five_year_plan_title_and_image_address_stay_out_of_the_preface() -> None:
    result = import_plan(FIXTURES / "plan-five-year-web.txt", 2021)
    plan = result.data()
    assert (plan["kind"], plan["period"]) == ("规划", "2021—2025")
    assert result.title == "青禾县法治政府建设规划（2021—2025年）"
    assert (
        plan["preface"] == "为全面推进依法行政，加快建设法治政府，根据《法治政府建设实施纲要（2021—2025年）》，结合我县实际，制定本规划。"
    )
    assert [s["title"] for s in plan["sections"]] == ["总体要求", "主要任务"]
    assert plan["closing"] == ["各乡镇、各部门要把法治政府建设摆在全局工作的突出位置。"]
    assert sorted(n for n, _ in result.skipped) == [1, 2]
    assert "https" not in strings(plan) and "门户网站" not in strings(plan)
    text = dump_plan(plan)
    assert f"kind: 规划\n# {field_doc(Plan, 'period')}\nperiod: 2021—2025\n" in text
    Plan.model_validate(yaml.safe_load(text))
