"""What a check reports: findings (the one diagnostic type) and the CheckReport of one run."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reporter.core.diagnostics import SEVERITY_LABELS, Diagnostic, Severity

if TYPE_CHECKING:
    from reporter.checks.base import Inputs


__all__ = ["SEVERITY_LABELS", "CheckReport", "Severity", "as_severity"]


@dataclass
class CheckReport:
    """Every finding of one `check` run, and which years and files it read."""

    findings: list[Diagnostic] = field(default_factory=list)
    year: int | None = None
    years: list[int] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    unreadable: list[Diagnostic] = field(default_factory=list)  # the loader's errors: a build cannot go on
    inputs: list[Inputs] = field(default_factory=list)  # what was loaded, year by year: a build renders from it, never loads again

    @property
    def errors(self) -> list[Diagnostic]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [f for f in self.findings if f.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        """Whether `check` exits 1: any error, or with --strict any finding at all."""
        return bool(self.errors or (strict and self.warnings))

    def summary(self) -> str:
        if not self.findings:
            return "未发现问题。"
        return f"共 {len(self.errors)} 个错误、{len(self.warnings)} 个警告。"

    def scope(self) -> str:
        """Which years and files were read, for the user to see what `check` covered."""
        years = "、".join(str(y) for y in self.years)
        return f"已检查 {years} 年：" + "、".join(self.files) if self.files else ""


def as_severity(problem: Diagnostic, severity: Severity) -> Diagnostic:
    """The same diagnostic with another severity (a loader warning listed among findings)."""
    return dataclasses.replace(problem, severity=severity)
