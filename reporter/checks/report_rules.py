"""Rules on how a report's data will print: unfinished items and the attachments asked for."""

from __future__ import annotations

from reporter.checks.base import Inputs, finding
from reporter.content.context import plan_title, report_filename, unfinished_items
from reporter.content.numbering import ordinal_phrase
from reporter.core.diagnostics import Diagnostic
from reporter.data.loader import Loaded
from reporter.data.model import STATUS_LABELS, Plan, Report
from reporter.data.workspace import draft_name_problem, safe_filename


def pending_items(loaded: Loaded[Report]) -> list[Diagnostic]:
    """An item marked pending is no achievement: say that it moved from 一 to 二 and under which 是."""
    report = loaded.model
    pending = {id(item): n for n, item in enumerate(unfinished_items(report), len(report.problems) + 1)}
    out = []
    for a, group in enumerate(report.achievements):
        for i, item in enumerate(group.items):
            if id(item) in pending:
                where = f"“存在的不足和原因”的“{ordinal_phrase(pending[id(item)])}”"
                out.append(
                    finding(
                        "warning",
                        loaded,
                        ("achievements", a, "items", i, "status"),
                        f"“{item.title or item.text[:12]}”标为{STATUS_LABELS['pending']}（pending），不作为成效写入“主要举措和成效”，已列入{where}",
                        f"在 text 中写明{STATUS_LABELS['pending']}的原因和下一步安排；已部分完成的写 status: ongoing",
                    )
                )
    return out


def tasks_attachment(loaded: Loaded[Report], plan: Loaded[Plan] | None) -> list[Diagnostic]:
    """attachments: [tasks] needs the year's plan; without one the 任务完成情况表 is left out."""
    if "tasks" not in loaded.model.attachments or (plan is not None and plan.model.tasks()):
        return []
    year = loaded.model.year
    return [
        finding(
            "warning",
            loaded,
            ("attachments",),
            f"附件要求 tasks（工作要点任务完成情况表），但没有 {year} 年的工作要点任务，初稿中不附此表",
            f"补上 data/{year}/plan.yaml，或从 attachments 中删去 tasks",
        )
    ]


def draft_names(inputs: Inputs) -> list[Diagnostic]:
    """The file names a build gives its drafts: one a file system cannot hold stops `build`, so `check` says it first."""
    if inputs.unit is None:
        return []
    unit = inputs.unit.model
    titles = [report_filename(unit, inputs.year)] if inputs.report is not None else []
    titles += [plan_title(unit, inputs.plan.model)] if inputs.plan is not None else []
    where = inputs.unit.where(("short_name",))
    found = (draft_name_problem(safe_filename(title), "short_name", where) for title in titles)
    return [problem for problem in found if problem is not None][:1]


def year_findings(inputs: Inputs) -> list[Diagnostic]:
    """Every rule of this module on one workspace year: the year's own report (and the names of the drafts)."""
    if inputs.report is None:
        return draft_names(inputs)
    return pending_items(inputs.report) + tasks_attachment(inputs.report, inputs.plan) + draft_names(inputs)
