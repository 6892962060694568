"""Load every file a check needs, collecting the loader's problems of all files instead of stopping at the first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from reporter.checks.base import Inputs
from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import DataError, MissingFileError
from reporter.data.indicators import Registry, load_indicators
from reporter.data.loader import Loaded, load_plan, load_report, year_mismatch
from reporter.data.model import Plan, Report, Unit
from reporter.data.workspace import YAML_SUFFIXES, Workspace

L = TypeVar("L", bound=Loaded[Any])


@dataclass
class Gathered:
    inputs: Inputs
    errors: list[Diagnostic] = field(default_factory=list)  # the loader's data errors, every file
    warnings: list[Diagnostic] = field(default_factory=list)  # the loader's warnings (encoding, control characters)
    findings: list[Diagnostic] = field(default_factory=list)  # about files only compared against (last year's report)


def default_year(ws: Workspace) -> int:
    """The latest year with a report.yaml, else the latest with a plan.yaml."""
    years = ws.years_with("report.yaml")
    return years[-1] if years else ws.default_plan_year()


def _try(load: Callable[[Path, Path], L], path: Path, ws: Workspace, gathered: Gathered) -> L | None:
    try:
        loaded = load(path, ws.root)
    except DataError as exc:
        gathered.errors += exc.problems
        return None
    gathered.warnings += loaded.warnings
    return loaded


def _year_matches(loaded: Loaded[Report] | Loaded[Plan], year: int, gathered: Gathered) -> None:
    problem = year_mismatch(loaded, year)
    if problem is not None:
        gathered.errors.append(problem)


def gather(
    ws: Workspace, year: int, unit: Loaded[Unit] | None, report: Loaded[Report] | None = None, *, plan_only: bool = False
) -> Gathered:
    """The year's plan, report and units/*.yaml, and last year's report for comparison.

    `plan_only`: just the plan (the next year's plan a season's build reads beside the report).
    """
    report_path, plan_path = ws.report_path(year), ws.plan_path(year)
    if report is None and not report_path.is_file() and not plan_path.is_file():
        raise MissingFileError(f"{ws.rel(ws.data / str(year))} 中既没有 report.yaml 也没有 plan.yaml；请检查年份，或先运行 reporter init")
    gathered = Gathered(Inputs(year, unit=unit))
    inputs = gathered.inputs
    if plan_path.is_file():
        inputs.plan = _try(load_plan, plan_path, ws, gathered)
    if inputs.plan is not None:
        _year_matches(inputs.plan, year, gathered)
    if plan_only:
        return gathered
    if report is None and report_path.is_file():
        report = _try(load_report, report_path, ws, gathered)
    inputs.report = report
    gathered.findings += [d for d in ws.refused(year) if d.file.lower().endswith(YAML_SUFFIXES)]  # named, never read
    for path in ws.unit_files(year):
        loaded = _try(load_report, path, ws, gathered)
        if loaded is not None:
            inputs.units.append(loaded)
    for doc in [inputs.report, *inputs.units]:
        if doc is not None:
            _year_matches(doc, year, gathered)

    inputs.indicators = _registry(ws, gathered)
    if inputs.report is not None:
        # Last year's report and merge's totals are only compared against: their errors do not fail this year's check.
        inputs.last = _compared(ws, ws.report_path(year - 1), gathered, "上年报告", "上年", f"运行 reporter check {year - 1} 查看并改正")
        inputs.merged = _compared(
            ws, ws.merged_path(year), gathered, "汇总稿", "各单位合计", f"改正后再检查，或运行 reporter merge {year} --force 重新生成"
        )
    return gathered


def _registry(ws: Workspace, gathered: Gathered) -> Registry | None:
    """data/indicators.yaml; its errors are check's errors, but a build (which does not read it) is not stopped by them."""
    try:
        return load_indicators(ws.indicators_path, ws.rel(ws.indicators_path))
    except DataError as exc:
        gathered.findings += exc.problems
        return None


def _compared(ws: Workspace, path: Path, gathered: Gathered, what: str, against: str, fix: str) -> Loaded[Report] | None:
    """A file only compared against; when it does not load, one warning says the comparison was skipped."""
    if not path.is_file():
        return None
    try:
        return load_report(path, ws.root)
    except DataError as exc:
        first = exc.problems[0]
        message = f"{what}有 {len(exc.problems)} 处数据错误，未与{against}对比"
        gathered.findings.append(Diagnostic(first.file, first.line, first.col, first.path, message, fix, "warning"))
        return None


def read_files(ws: Workspace, year: int, *, plan_only: bool = False) -> list[Path]:
    """The files of a year that `gather` reads, existing or not: plan, report, units and merge's totals (or just the plan)."""
    if plan_only:
        return [ws.plan_path(year)]
    return [ws.plan_path(year), ws.report_path(year), *ws.unit_files(year), ws.merged_path(year), ws.indicators_path]


def file_order(ws: Workspace, year: int, *, plan_only: bool = False) -> dict[str, int]:
    """Findings are listed file by file in the order a user reads them: unit, plan, report, units, last year."""
    paths = [ws.unit_path, *read_files(ws, year, plan_only=plan_only), ws.report_path(year - 1)]
    return {ws.rel(p): i for i, p in enumerate(paths)}


def sort_findings(findings: list[Diagnostic], order: dict[str, int]) -> list[Diagnostic]:
    rank = {"error": 0, "warning": 1}
    return sorted(findings, key=lambda f: (order.get(f.file, len(order)), f.file, f.line, rank[f.severity], f.path))
