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


# A terminal shows a table to read: past this many rows it is a scroll nobody reads, and rich lays out every
# row in memory before printing (about 8 KB and 0.7 ms a row: a merge with 100,000 findings took over a minute
# and 800 MB). The errors come first among those shown; the rest are counted and the full list named.
TERMINAL_ROWS = 200


def _shown(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The first TERMINAL_ROWS, errors before warnings, each kept in its place."""
    if len(diagnostics) <= TERMINAL_ROWS:
        return list(diagnostics)
    errors = sum(d.severity == "error" for d in diagnostics)
    room = {"error": TERMINAL_ROWS, "warning": max(0, TERMINAL_ROWS - errors)}
    shown = []
    for d in diagnostics:
        if room.get(d.severity, 0) > 0:
            room[d.severity] -= 1
            shown.append(d)
    return shown


def left_out_line(diagnostics: Sequence[Diagnostic], shown: int, everything: str) -> str:
    """What the terminal's table left out, and where every diagnostic is."""
    errors = sum(d.severity == "error" for d in diagnostics)
    where = everything or "要看全部，请把输出重定向到文件，如 reporter … > 问题.txt"
    return f"另有 {len(diagnostics) - shown} 条未在此列出（共 {len(diagnostics)} 条：错误 {errors} 个、警告 {len(diagnostics) - errors} 个）；{where}"


def print_diagnostics(console: Console, diagnostics: Sequence[Diagnostic], everything: str = "") -> None:
    """A table on a terminal (at most TERMINAL_ROWS rows, then a line saying what was left out and where
    `everything` is), one line each when piped."""
    if not diagnostics:
        return
    if console.is_terminal:
        shown = _shown(diagnostics)
        console.print(diagnostics_table(shown))
        if len(shown) < len(diagnostics):
            console.print(left_out_line(diagnostics, len(shown), everything), markup=False, highlight=False)
        return
    # piped or redirected: one line each, so file:line and key paths stay greppable
    for d in diagnostics:
        console.print(diagnostic_line(d), markup=False, highlight=False, soft_wrap=True)
