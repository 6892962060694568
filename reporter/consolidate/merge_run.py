"""One merge run: read every submission, match it to the roster, date it, check it, add up the metrics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporter.consolidate.collect import member_tasks, task_feedback
from reporter.consolidate.matching import match_registry
from reporter.consolidate.merged import merged_report
from reporter.consolidate.metrics import Summed, metric_key, once_per_unit, sum_metrics
from reporter.consolidate.roster import Roster
from reporter.consolidate.status import MISSING, StatusRow, by_unit, status_rows, summary_lines
from reporter.consolidate.submissions import Submission, read_received, read_submission
from reporter.consolidate.summary_tables import SummaryTable, issues_table, metrics_table, status_table
from reporter.core.diagnostics import Diagnostic
from reporter.data.areas import Catalogue
from reporter.data.indicators import Registry
from reporter.data.model import Plan, Unit
from reporter.data.workspace import Workspace


def default_deadline(year: int) -> dt.date:
    """Departments report the year by 3月1日 of the next (the usual 通知 date)."""
    return dt.date(year + 1, 3, 1)


@dataclass
class Consolidation:
    """Everything a merge found; the api writes it out."""

    year: int
    deadline: dt.date
    submissions: list[Submission] = field(default_factory=list)
    rows: list[StatusRow] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    summed: Summed = field(default_factory=Summed)
    issues: list[tuple[str, Diagnostic]] = field(default_factory=list)  # (unit, finding), every unit's
    merged: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for _, f in self.issues if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for _, f in self.issues if f.severity == "warning")


def _own_date(sub: Submission) -> dt.date | None:
    """A file's own date: a YAML's `submitted` (when it came in), else the date the document bears (成文日期, 填报日期)."""
    return sub.date or sub.written


def unit_date(subs: list[Submission], received: dict[str, dt.date]) -> dt.date | None:
    """A unit's 报送日期: received.yaml's, else its earliest dated document, else its earliest file time (with a warning).

    A file that could not be read dates nothing: it is not a submission.
    """
    readable = [s for s in subs if not s.unreadable]
    if not readable:
        return None
    if readable[0].unit in received:
        return received[readable[0].unit]
    dated = [d for d in (_own_date(s) for s in readable) if d is not None]
    if dated:
        return min(dated)
    first = min(readable, key=lambda s: s.path.stat().st_mtime)
    day = dt.date.fromtimestamp(first.path.stat().st_mtime)
    first.findings.append(
        Diagnostic(
            first.file,
            path="submitted",
            message=f"没有报送日期，按文件修改时间记为 {day.isoformat()}",
            fix="在 received.yaml 中写明收到日期，或在 YAML 中写 submitted",
            severity="warning",
        )
    )
    return day


def _counted(subs: list[Submission], include_others: bool) -> list[Submission]:
    """The submissions whose figures go into the totals: members', and others' only when asked."""
    return [s for s in subs if not s.unreadable and (s.in_roster or include_others)]


def _sum(out: Consolidation, counted: list[Submission], registry: Registry | None, roster: Roster) -> None:
    """Totals of the counted files, an indicator a unit gives twice counted once; problems go to the file's findings.

    With a registry, names and units go through it first (exactly), and what breaks its 口径 is left out.
    """
    by_file = {s.file: s for s in out.submissions}
    entries = [m for s in counted for m in s.metrics]
    if registry is not None:
        entries, found = match_registry(entries, registry, roster.match)
        for f in found:
            by_file[f.file].findings.append(f)
    entries, disagreeing, conflicts = once_per_unit(entries)
    out.summed = sum_metrics(entries)
    left_out: dict[str, list[str]] = {}
    for entry in disagreeing:
        left_out.setdefault(metric_key(entry.name), []).append(entry.unit_name)
    for total in out.summed.totals:
        units = left_out.pop(metric_key(total.name), [])
        if units:
            extra = f"{'、'.join(units)}的材料中数值不一致，未计入"
            total.note = f"{total.note}；{extra}" if total.note else extra
    for issue in conflicts + out.summed.issues:  # a unit's figures that could not be added up are that unit's findings
        by_file[issue.file].findings.append(issue)


def consolidate(
    ws: Workspace,
    unit: Unit,
    catalogue: Catalogue,
    year: int,
    deadline: dt.date | None = None,
    *,
    include_others: bool = False,
    registry: Registry | None = None,
    plan: Plan | None = None,
) -> Consolidation:
    """Read, date, check and add up every unit's files; units not in the roster count only with `include_others`.

    `registry`: data/indicators.yaml (names matched through it, 口径 checked); `plan`: the year's plan (任务反馈).
    """
    roster = Roster(unit.members)
    out = Consolidation(year, deadline or default_deadline(year))
    received = read_received(ws, year, roster)
    out.submissions = [read_submission(p, ws, year, roster) for p in ws.submissions(year)]
    dates = {name: unit_date(group, received.dates) for name, group in by_unit(out.submissions).items()}
    counted = _counted(out.submissions, include_others)
    _sum(out, counted, registry, roster)
    out.rows = status_rows(roster, out.submissions, dates, out.deadline)
    if plan is not None:
        _task_feedback(out, roster, plan)
    out.summary = summary_lines(out.rows, out.deadline, include_others)
    out.issues = [("", p) for p in received.problems]
    out.issues += [(roster.unit_of(Path(d.file))[0], d) for d in ws.refused(year)]  # links out of the workspace
    out.issues += [(s.unit, f) for s in out.submissions for f in s.findings]
    order = {name: i for i, name in enumerate(roster.names)}
    good = sorted((s for s in counted if s.report is not None), key=lambda s: order.get(s.unit, len(order)))
    out.merged = merged_report(year, good, out.summed.totals, catalogue)
    return out


def _task_feedback(out: Consolidation, roster: Roster, plan: Plan) -> None:
    """任务反馈 of each unit that sent a report: its plan tasks covered / its plan tasks (5/6)."""
    grouped = by_unit(out.submissions)
    for row in out.rows:
        due = member_tasks(plan, roster, row.unit)
        reports = [s.report for s in grouped.get(row.unit, []) if s.report is not None]
        if due and row.status != MISSING:
            covered, total = task_feedback(due, reports)
            row.tasks = f"{covered}/{total}"


def _file_line(f: Diagnostic) -> str:
    """The 文件:行 cell of 问题清单 (the column is for the terminal, not a printed list)."""
    return f"{f.file}:{f.line}" if f.line else f.file


def tables(c: Consolidation, short_name: str) -> dict[str, SummaryTable]:
    """The three tables by output stem, titled for 通报."""
    issues = [[u, _file_line(f), f.label, f"{f.path}：{f.message}" if f.path else f.message, f.fix] for u, f in c.issues]
    return {
        "报送情况一览表": status_table(f"{short_name}{c.year}年度法治政府建设情况报告报送情况一览表", c.year, c.rows, c.summary),
        "主要指标汇总表": metrics_table(f"{short_name}{c.year}年度法治政府建设主要指标汇总表", c.year, c.summed.totals, []),
        "问题清单": issues_table(f"{short_name}{c.year}年度法治政府建设报送材料问题清单", issues),
    }
