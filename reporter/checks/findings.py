"""What a check reports (Finding, CheckReport) and how the CLI shows it as a table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from reporter.core.errors import Problem

if TYPE_CHECKING:
    from rich.table import Table

Severity = Literal["error", "warning"]
SEVERITY_LABELS = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class Finding:
    """One located finding: severity, `file:line`, key path, message and suggested fix, in Chinese."""

    severity: Severity
    file: str
    line: int
    path: str
    message: str
    fix: str = ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        text = f"{SEVERITY_LABELS[self.severity]} {self.where}: "
        text += f"{self.path}: " if self.path else ""
        text += self.message
        return f"{text}（建议：{self.fix}）" if self.fix else text


@dataclass
class CheckReport:
    """Every finding of one `check` run over a workspace year."""

    findings: list[Finding] = field(default_factory=list)
    year: int | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        """Whether `check` exits 1: any error, or with --strict any finding at all."""
        return bool(self.errors or (strict and self.warnings))

    def summary(self) -> str:
        if not self.findings:
            return "未发现问题。"
        return f"共 {len(self.errors)} 个错误、{len(self.warnings)} 个警告。"


def from_problem(problem: Problem, severity: Severity = "error") -> Finding:
    """A loader problem as a finding; the loader's hint after the first “；” becomes the fix."""
    message, _, fix = problem.message.partition("；")
    return Finding(severity, problem.file, problem.line, problem.path, message, fix)


def format_findings(findings: list[Finding]) -> Table:
    """The findings as a rich table: 级别 | 位置 | 键 | 问题 | 建议."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAVY, show_lines=False, expand=False)
    table.add_column("级别", no_wrap=True)
    table.add_column("位置", no_wrap=True)
    table.add_column("键", overflow="fold")
    table.add_column("问题", overflow="fold", ratio=3)
    table.add_column("建议", overflow="fold", ratio=2)
    for f in findings:
        label = SEVERITY_LABELS[f.severity]
        style = "red" if f.severity == "error" else "yellow"
        # Text cells: user text such as "[b]" must not be read as rich markup.
        table.add_row(Text(label, style=style), Text(f.where), Text(f.path), Text(f.message), Text(f.fix))
    return table
