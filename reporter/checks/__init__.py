"""`reporter check`: every finding of the files a build reads, at once, located at file:line:col with a fix."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from reporter.checks.findings import CheckReport, as_severity
from reporter.checks.gather import default_year, file_order, gather, read_files, sort_findings
from reporter.checks.registry import Inputs, run_rules
from reporter.core.bounded import read_input
from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import DataError
from reporter.core.files import NOT_A_TEMPLATE, NOT_A_TEMPLATE_FIX, is_word_document
from reporter.core.template_tags import document_faults, fault_message
from reporter.data.loader import Loaded, load_unit
from reporter.data.model import Unit
from reporter.data.workspace import Workspace

if TYPE_CHECKING:
    from reporter.data.setting import Setting

__all__ = ["CheckReport", "Inputs", "check_workspace", "check_years", "season_years"]


def season_years(ws: Workspace, year: int) -> list[int]:
    """The years `build YEAR` reads: the report of YEAR and, when it exists, the plan of YEAR+1."""
    if ws.report_path(year).is_file() and ws.plan_path(year + 1).is_file():
        return [year, year + 1]
    return [year]


def check_workspace(root: Path, year: int | None = None) -> CheckReport:
    """What `check [YEAR]` reports: every file `build [YEAR]` reads; raises only for a missing workspace or year."""
    ws = Workspace(root)
    ws.check_root()
    return check_years(root, season_years(ws, year or default_year(ws)))


def _unit(root: Path, ws: Workspace) -> tuple[Loaded[Unit] | None, list[Diagnostic]]:
    """The unit (None when it does not load) and the loader's errors about unit.yaml, catalogue and style."""
    from reporter.data.setting import load_setting

    try:
        return load_setting(root).unit, []
    except DataError as exc:
        problems = list(exc.problems)
    if ws.unit_path.is_file():
        # The unit may load and only its catalogue or style be wrong: still check its text.
        try:
            return load_unit(ws.unit_path, root), problems
        except DataError:
            pass
    return None, problems


def _templates(ws: Workspace) -> list[Diagnostic]:
    """A template a build would refuse to open (a missing one is made anew, so it is no finding).

    Both are checked: `build` of a season uses the plan template even when only the report is written in data/.
    """
    out = []
    for kind in ("report", "plan"):
        path = ws.template(kind)
        if path.is_file():
            out += _template_faults(path, ws.rel(path))
    return out


def _template_faults(path: Path, shown: str) -> list[Diagnostic]:
    """A template that is no .docx, or each paragraph whose tags do not close (read once, bounded as builds read it)."""
    try:
        data = read_input(path, shown)
    except DataError as exc:
        return list(exc.problems)
    if not is_word_document(io.BytesIO(data)):
        return [Diagnostic(shown, message=NOT_A_TEMPLATE.format(name=shown), fix=NOT_A_TEMPLATE_FIX)]
    return [Diagnostic(shown, 0, 0, "", *fault_message("", fault)) for fault in document_faults(data)]


def check_years(root: Path, years: list[int], *, setting: Setting | None = None) -> CheckReport:
    """Every finding of these workspace years, the loader's errors and warnings of each file included.

    The one decision of `check` and of `build --strict`: both call this on the files they read.
    Of the years after the first (the season's next year) only the plan is read, as build reads it.
    `setting` saves loading unit.yaml again when the caller (build) has it already.
    """
    ws = Workspace(root)
    unit, unreadable = (setting.unit, []) if setting is not None else _unit(root, ws)
    warnings = list(unit.warnings) if unit else []
    findings: list[Diagnostic] = []
    order: dict[str, int] = {}
    inputs: list[Inputs] = []
    files = [ws.unit_path]
    for n, year in enumerate(years):
        plan_only = n > 0  # a later year of the season: build reads only its plan
        gathered = gather(ws, year, unit, plan_only=plan_only)
        inputs.append(gathered.inputs)
        unreadable += gathered.errors
        warnings += gathered.warnings
        findings += gathered.findings + run_rules(gathered.inputs)
        for name in file_order(ws, year, plan_only=plan_only):
            order.setdefault(name, len(order))
        files += read_files(ws, year, plan_only=plan_only)
    findings += _templates(ws)
    findings += unreadable + [as_severity(p, "warning") for p in warnings]
    # unit.yaml is read with every year: its findings are listed once
    findings = list(dict.fromkeys(findings))
    shown = list(dict.fromkeys(ws.rel(p) for p in files if p.is_file()))
    return CheckReport(sort_findings(findings, order), years[0], list(years), shown, unreadable, inputs)
