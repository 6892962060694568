"""One merge run: read every submission, match it to the roster, date it, check it, add up the metrics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporter.checks.findings import Finding
from reporter.consolidate.merged import merged_report
from reporter.consolidate.metrics import Summed, sum_metrics
from reporter.consolidate.roster import Roster
from reporter.consolidate.status import StatusRow, status_rows, summary_lines
from reporter.consolidate.submissions import Submission, read_received, read_submission, submission_files
from reporter.consolidate.summary_tables import SummaryTable, issues_table, metrics_table, status_table
from reporter.data.areas import Catalogue
from reporter.data.model import Unit
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
    issues: list[tuple[str, Finding]] = field(default_factory=list)  # (unit, finding), every unit's
    merged: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for _, f in self.issues if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for _, f in self.issues if f.severity == "warning")


def _dated(subs: list[Submission], received: dict[str, dt.date]) -> None:
    """A file without its own date takes received.yaml's; with neither, its file time, and the unit hears why."""
    for sub in subs:
        if sub.date is None and sub.unit in received:
            sub.date = received[sub.unit]
        elif sub.date is None and sub.written is not None:
            sub.date = sub.written
        elif sub.date is None:
            sub.date = dt.date.fromtimestamp(sub.path.stat().st_mtime)
            sub.findings.append(
                Finding(
                    sub.file,
                    path="submitted",
                    message=f"没有报送日期，按文件修改时间记为 {sub.date.isoformat()}",
                    fix="在 received.yaml 中写明收到日期，或在 YAML 中写 submitted",
                    severity="warning",
                )
            )


def consolidate(ws: Workspace, unit: Unit, catalogue: Catalogue, year: int, deadline: dt.date | None = None) -> Consolidation:
    roster = Roster(unit.members)
    out = Consolidation(year, deadline or default_deadline(year))
    received = read_received(ws, year, roster)
    submitted = submission_files(ws, year)
    out.submissions = [read_submission(p, ws, year, roster) for p in submitted.files]
    _dated(out.submissions, received.dates)
    out.summed = sum_metrics([m for s in out.submissions for m in s.metrics])
    by_file = {s.file: s for s in out.submissions}
    for issue in out.summed.issues:  # a unit's figures that could not be added up are that unit's findings
        by_file[issue.file].findings.append(Finding(issue.file, issue.line, message=issue.message, fix=issue.fix, severity=issue.severity))
    out.rows = status_rows(roster, out.submissions, received.dates, out.deadline)
    out.summary = summary_lines(out.rows, out.deadline)
    out.issues = [("", p) for p in received.problems]
    out.issues += [(roster.unit_of(Path(d.file))[0], d) for d in submitted.refused]  # links out of the workspace
    out.issues += [(s.unit, f) for s in out.submissions for f in s.findings]
    order = {name: i for i, name in enumerate(roster.names)}
    good = sorted((s for s in out.submissions if s.report is not None), key=lambda s: order.get(s.unit, len(order)))
    out.merged = merged_report(year, good, out.summed.totals, catalogue)
    return out


def _file_line(f: Finding) -> str:
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
