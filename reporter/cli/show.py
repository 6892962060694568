"""How the CLI shows diagnostics: a rich table on a terminal, one `file:line:col: key: message；fix` line each when piped."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from reporter.core.diagnostics import Diagnostic


def diagnostics_table(diagnostics: Sequence[Diagnostic]) -> Table:
    """级别 | 位置 | 键 | 问题 | 建议."""
    table = Table(box=box.SIMPLE_HEAVY, show_lines=False, expand=False)
    table.add_column("级别", no_wrap=True)
    table.add_column("位置", no_wrap=True)
    table.add_column("键", overflow="fold")
    table.add_column("问题", overflow="fold", ratio=3)
    table.add_column("建议", overflow="fold", ratio=2)
    for d in diagnostics:
        style = "red" if d.severity == "error" else "yellow"
        # Text cells: user text such as "[b]" must not be read as rich markup.
        table.add_row(Text(d.label, style=style), Text(d.located), Text(d.path), Text(d.message), Text(d.fix))
    return table


def diagnostic_line(d: Diagnostic) -> str:
    """The piped form: the severity, then `file:line:col: key: message；fix`."""
    return f"{d.label} {d.line_text()}"


def print_diagnostics(console: Console, diagnostics: Sequence[Diagnostic]) -> None:
    if not diagnostics:
        return
    if console.is_terminal:
        console.print(diagnostics_table(diagnostics))
        return
    # piped or redirected: one line each, so file:line and key paths stay greppable
    for d in diagnostics:
        console.print(diagnostic_line(d), markup=False, highlight=False, soft_wrap=True)
