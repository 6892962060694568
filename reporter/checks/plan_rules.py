"""Rules on plans and their cycle: tasks still without text, stale years in tasks, report items left empty."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reporter.checks.findings import Finding
from reporter.checks.rules import Inputs, _has, finding
from reporter.data.loader import Loaded
from reporter.data.model import Plan, Report, Task
from reporter.data.yamlsource import Path_

# A year written as a year (2023年, 2023年度), not one end of a period (2021—2025年) or part of a number.
_YEAR = re.compile(r"(?<![\d—–\-~～至])(\d{4})(?=\s?年)(?![^\d]{0,1}[—–\-~～至]\d)")


def _tasks(plan: Plan) -> Iterator[tuple[Path_, Task]]:
    for s, section in enumerate(plan.sections):
        for t, task in enumerate(section.tasks):
            yield ("sections", s, "tasks", t), task


def _at(loaded: Loaded[Plan], path: Path_, key: str) -> Path_:
    """The key's own line when it is written, else the task's."""
    return path + (key,) if _has(loaded, path, key) else path


def tasks_without_text(loaded: Loaded[Plan]) -> list[Finding]:
    out = []
    for path, task in _tasks(loaded.model):
        if not task.text.strip():
            fix = "在 text 中写明这项任务要做什么、做到什么程度；不再需要的任务请删除"
            out.append(finding("error", loaded, _at(loaded, path, "text"), f"任务 {task.id}“{task.title}”还没有任务内容（text）", fix))
    return out


def past_years(text: str, year: int) -> list[int]:
    """Years before `year` that `text` names as a year."""
    return sorted({int(m.group(1)) for m in _YEAR.finditer(text) if int(m.group(1)) < year})


def stale_years(loaded: Loaded[Plan]) -> list[Finding]:
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
                out.append(finding("warning", loaded, _at(loaded, path, key), f"任务 {task.id}“{task.title}”写的是 {shown}，早于本计划的 {plan.year} 年", fix))
    return out


def items_without_text(loaded: Loaded[Report]) -> list[Finding]:
    """Items copied from plan tasks into a skeleton still have no text; done ones are the done-rule's."""
    out = []
    for a, group in enumerate(loaded.model.achievements):
        for i, item in enumerate(group.items):
            if not item.text.strip() and item.status != "done":
                path: Path_ = ("achievements", a, "items", i)
                name = f"“{item.title}”" if item.title else f"第 {i + 1} 条"
                out.append(finding("warning", loaded, path + ("text",) if _has(loaded, path, "text") else path, f"举措{name}的正文为空", "在 text 中写明具体做法和成效，或删除这一条"))
    return out


def plan_findings(inputs: Inputs) -> list[Finding]:
    """Every rule of this module on one workspace year."""
    out: list[Finding] = []
    if inputs.plan is not None:
        out += tasks_without_text(inputs.plan) + stale_years(inputs.plan)
    for loaded in ([inputs.report] if inputs.report else []) + inputs.units:
        out += items_without_text(loaded)
    return out
