"""Rules on plans and their cycle: tasks still without text, stale years in tasks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reporter.checks.base import Inputs, finding, key_or_entry
from reporter.core.diagnostics import Diagnostic
from reporter.data.loader import Loaded
from reporter.data.model import Plan, Task
from reporter.data.yamlsource import Path_

# A year written as a year (2023年, 2023年度), not one end of a period (2021—2025年) or part of a number.
_YEAR = re.compile(r"(?<![\d—–\-~～至])(\d{4})(?=\s?年)(?![^\d]{0,1}[—–\-~～至]\d)")


def _tasks(plan: Plan) -> Iterator[tuple[Path_, Task]]:
    for s, section in enumerate(plan.sections):
        for t, task in enumerate(section.tasks):
            yield ("sections", s, "tasks", t), task


def tasks_without_text(loaded: Loaded[Plan]) -> list[Diagnostic]:
    out = []
    for path, task in _tasks(loaded.model):
        if not task.text.strip():
            fix = "在 text 中写明这项任务要做什么、做到什么程度；不再需要的任务请删除"
            out.append(
                finding("error", loaded, key_or_entry(loaded, path, "text"), f"任务 {task.id}“{task.title}”还没有任务内容（text）", fix)
            )
    return out


def past_years(text: str, year: int) -> list[int]:
    """Years before `year` that `text` names as a year."""
    return sorted({int(m.group(1)) for m in _YEAR.finditer(text) if int(m.group(1)) < year})


def stale_years(loaded: Loaded[Plan]) -> list[Diagnostic]:
    plan = loaded.model
    if plan.kind == "规划":  # a five-year plan may look back on its first years
        return []
    out = []
    for path, task in _tasks(plan):
        for key, text in (("title", task.title), ("text", task.text), ("due", task.due or "")):
            named = past_years(text, plan.year)
            if named:
                shown = "、".join(f"{y}年" for y in named)
                fix = f"核对是否为上年内容：改写为 {plan.year} 年的安排，或删去年份"
                out.append(
                    finding(
                        "warning",
                        loaded,
                        key_or_entry(loaded, path, key),
                        f"任务 {task.id}“{task.title}”写的是 {shown}，早于本计划的 {plan.year} 年",
                        fix,
                    )
                )
    return out


def plan_findings(inputs: Inputs) -> list[Diagnostic]:
    """Every rule of this module on one workspace year."""
    out: list[Diagnostic] = []
    if inputs.plan is not None:
        out += tasks_without_text(inputs.plan) + stale_years(inputs.plan)
    return out
