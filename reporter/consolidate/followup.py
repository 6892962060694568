"""What goes out after a merge: a 补正通知 to each unit with an error, a 催报通知 to the members that sent nothing."""

from __future__ import annotations

import datetime as dt

from reporter.consolidate import collect
from reporter.consolidate.merge_run import Consolidation
from reporter.consolidate.status import MISSING
from reporter.data.housestyle import HouseStyle
from reporter.data.workspace import safe_filename
from reporter.document.draft.notice_docx import notice_docx

FIX_DAYS = 7  # the time a unit gets to correct or to send, counted from the merge


def fix_by(deadline: dt.date, today: dt.date) -> dt.date:
    """By when a unit is asked to correct or send: a week from today, never before the original deadline."""
    return max(deadline, today + dt.timedelta(days=FIX_DAYS))


def corrections(c: Consolidation) -> list[collect.Correction]:
    """Each unit with an error, its errors in the order found (files of units/ only; received.yaml is the office's own)."""
    by_unit: dict[str, collect.Correction] = {}
    for unit, finding in c.issues:
        if unit and finding.severity == "error":
            by_unit.setdefault(unit, collect.Correction(unit)).problems.append(finding)
    order = {r.unit: i for i, r in enumerate(c.rows)}
    return sorted(by_unit.values(), key=lambda x: order.get(x.unit, len(order)))


def missing_members(c: Consolidation) -> list[str]:
    return [r.unit for r in c.rows if r.in_roster and r.status == MISSING]


def follow_ups(c: Consolidation, office: collect.Office, style: HouseStyle, today: dt.date) -> list[tuple[str, bytes]]:
    """(path under drafts/YEAR/汇总/, .docx bytes): 补正通知/<单位全称>.docx for each unit with an error, 催报通知.docx when any is missing."""
    until = fix_by(c.deadline, today)
    out = []
    for correction in corrections(c):
        doc = collect.correction_notice(office, c.year, correction, until, today)
        out.append((f"{collect.CORRECTIONS}/{safe_filename(correction.unit)}.docx", notice_docx(doc, style)))
    missing = missing_members(c)
    if missing:
        doc = collect.reminder_notice(office, c.year, missing, c.deadline, until, today)
        out.append((f"{collect.REMINDER}.docx", notice_docx(doc, style)))
    return out
