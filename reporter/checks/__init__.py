"""`reporter check`: every finding of a workspace year at once, located at file:line with a suggested fix."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reporter.checks.findings import CheckReport, Finding, format_findings, from_problem
from reporter.checks.gather import default_year, file_order, gather, sort_findings
from reporter.checks.rules import Inputs, run_rules
from reporter.core.errors import DataError
from reporter.data.loader import Loaded, load_unit
from reporter.data.model import Report, Unit
from reporter.data.workspace import Workspace

if TYPE_CHECKING:
    from reporter.data.setting import Setting

__all__ = ["CheckReport", "Finding", "Inputs", "check_workspace", "format_findings", "run_checks"]


def run_checks(setting: Setting, year: int, report: Loaded[Report] | None = None) -> list[Finding]:
    """Content findings of a year whose files load; raises DataError listing the loader's errors of every file.

    `report` saves loading the year's report again when the caller (build) has it already.
    The loader's warnings are not repeated here: build lists them itself.
    """
    ws = setting.ws
    gathered = gather(ws, year, setting.unit, report)
    if gathered.errors:
        raise DataError(gathered.errors)
    return sort_findings(gathered.findings + run_rules(gathered.inputs), file_order(ws, year))


def check_workspace(root: Path, year: int | None = None) -> CheckReport:
    """Every finding of the workspace year, the loader's errors of each file included; raises only for a missing workspace or year."""
    from reporter.data.setting import load_setting

    ws = Workspace(root)
    ws.check_root()
    year = year or default_year(ws)
    findings: list[Finding] = []
    unit: Loaded[Unit] | None = None
    try:
        unit = load_setting(root).unit
    except DataError as exc:
        findings += [from_problem(p) for p in exc.problems]
        if ws.unit_path.is_file():
            # The unit may load and only its catalogue or style be wrong: still check its text.
            try:
                unit = load_unit(ws.unit_path, root)
            except DataError:
                pass
    gathered = gather(ws, year, unit)
    warnings = (unit.warnings if unit else []) + gathered.warnings
    findings += [from_problem(p) for p in gathered.errors]
    findings += [from_problem(p, "warning") for p in warnings]
    findings += gathered.findings + run_rules(gathered.inputs)
    return CheckReport(sort_findings(findings, file_order(ws, year)), year)
