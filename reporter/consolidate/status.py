"""Who submitted, when, and on time or not: the rows of 报送情况一览表 and its summary line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reporter.consolidate.metrics import metric_key
from reporter.consolidate.roster import Roster
from reporter.consolidate.submissions import Submission, is_measure

ON_TIME, LATE, MISSING, UNREADABLE = "按时报送", "逾期报送", "未报送", "未能读取"


@dataclass
class StatusRow:
    """One unit's line in 报送情况一览表."""

    unit: str
    status: str
    date: dt.date | None = None
    items: int = 0
    metrics: int = 0
    errors: int = 0
    warnings: int = 0
    in_roster: bool = True
    files: list[str] = field(default_factory=list)
    tasks: str = ""  # 任务反馈: plan tasks its report covers of those it has, e.g. 5/6


def _row(unit: str, subs: list[Submission], day: dt.date | None, deadline: dt.date, in_roster: bool) -> StatusRow:
    if not subs:
        return StatusRow(unit, MISSING, in_roster=in_roster)
    readable = [s for s in subs if not s.unreadable]
    if not readable:
        status = UNREADABLE
    else:
        status = LATE if day is not None and day > deadline else ON_TIME
    row = StatusRow(unit, status, day, in_roster=in_roster)
    # a measure a unit reports in two files (its YAML and its Word report) is one measure
    row.items = len(
        {(i.title.strip(), i.text.strip()) for s in subs if s.report for a in s.report.achievements for i in a.items if is_measure(i)}
    )
    # an indicator a unit gives in two files is one indicator
    row.metrics = len({metric_key(m.name) for s in subs for m in s.metrics})
    row.errors = sum(1 for s in subs for f in s.findings if f.severity == "error")
    row.warnings = sum(1 for s in subs for f in s.findings if f.severity == "warning")
    row.files = [s.file for s in subs]
    return row


def by_unit(subs: list[Submission]) -> dict[str, list[Submission]]:
    out: dict[str, list[Submission]] = {}
    for s in subs:
        out.setdefault(s.unit, []).append(s)
    return out


def status_rows(roster: Roster, subs: list[Submission], dates: dict[str, dt.date | None], deadline: dt.date) -> list[StatusRow]:
    """Members in roster order, then units that sent files but are not in the roster; `dates`: each unit's 报送日期."""
    grouped = by_unit(subs)
    rows = [_row(name, grouped.get(name, []), dates.get(name), deadline, True) for name in roster.names]
    rows += [_row(name, group, dates.get(name), deadline, False) for name, group in grouped.items() if name not in roster.names]
    return rows


def _pct(part: int, whole: int) -> str:
    from reporter.content.phrasing import fmt_number

    return fmt_number(round(part * 100 / whole, 1)) + "%" if whole else "—"


def summary_lines(rows: list[StatusRow], deadline: dt.date, include_others: bool = False) -> list[str]:
    """应报 N 家，已报 M 家，报送率 x%，按时报送率 y%; then the 未报送, 未能读取 and 逾期 units by name, ready for a 通报."""
    members = [r for r in rows if r.in_roster]
    done = [r for r in members if r.status in (ON_TIME, LATE)]
    on_time = [r for r in members if r.status == ON_TIME]
    lines = [
        f"应报 {len(members)} 家，已报 {len(done)} 家，报送率 {_pct(len(done), len(members))}，按时报送率 {_pct(len(on_time), len(members))}。"
    ]
    missing = [r.unit for r in members if r.status == MISSING]
    late = [r.unit for r in rows if r.status == LATE]
    if missing:
        lines.append(f"未报送（{len(missing)}家）：{'、'.join(missing)}。")
    unread = [r.unit for r in rows if r.status == UNREADABLE]
    if unread:
        lines.append(f"未能读取（{len(unread)}家，材料无法打开，见问题清单）：{'、'.join(unread)}。")
    due = f"{deadline.year}年{deadline.month}月{deadline.day}日"
    if late:
        lines.append(f"逾期报送（{len(late)}家，截止日期{due}）：{'、'.join(late)}。")
    else:
        lines.append(f"截止日期：{due}。")
    outside = [r.unit for r in rows if not r.in_roster]
    if outside:
        counted = "已按 --include-others 计入指标合计" if include_others else "未计入指标合计（加 --include-others 可计入）"
        lines.append(f"不在报送名单中（{len(outside)}家）：{'、'.join(outside)}，{counted}；请核对 unit.yaml 的 members。")
    return lines
