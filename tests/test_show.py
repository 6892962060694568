"""Diagnostics on a terminal: a table of at most TERMINAL_ROWS rows, errors first, the rest counted and the full list named."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from reporter.cli import app, show
from reporter.cli.show import TERMINAL_ROWS, print_diagnostics
from reporter.core.diagnostics import Diagnostic

SHEET = "data/2024/units/县审计局-统计表.xlsx"


def _warnings(n: int) -> list[Diagnostic]:
    return [Diagnostic(SHEET, i, message=f"指标“指标{i}”不在口径登记表中", severity="warning") for i in range(3, n + 3)]


def _terminal() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=240, highlight=False, markup=False), buffer


def test_a_terminal_shows_the_errors_first_and_counts_the_rest() -> None:
    errors = [Diagnostic(SHEET, 9000 + i, message=f"第{i}个错误") for i in range(3)]
    console, buffer = _terminal()
    print_diagnostics(console, _warnings(300) + errors, "全部见 drafts/2024/汇总/问题清单.xlsx")
    text = buffer.getvalue()
    assert all(f"第{i}个错误" in text for i in range(3))  # the last three findings, errors, are among those shown
    assert f"指标“指标{TERMINAL_ROWS - 3 + 2}”" in text and f"指标“指标{TERMINAL_ROWS - 3 + 3}”" not in text
    assert text.rstrip().endswith("另有 103 条未在此列出（共 303 条：错误 3 个、警告 300 个）；全部见 drafts/2024/汇总/问题清单.xlsx")


def test_without_a_file_holding_them_all_the_terminal_says_how_to_get_them() -> None:
    console, buffer = _terminal()
    print_diagnostics(console, _warnings(TERMINAL_ROWS + 1))
    assert (
        buffer.getvalue()
        .rstrip()
        .endswith(
            f"另有 1 条未在此列出（共 {TERMINAL_ROWS + 1} 条：错误 0 个、警告 {TERMINAL_ROWS + 1} 个）；要看全部，请把输出重定向到文件，如 reporter … > 问题.txt"
        )
    )


def test_a_short_list_and_piped_output_are_printed_whole() -> None:
    console, buffer = _terminal()
    print_diagnostics(console, _warnings(TERMINAL_ROWS))
    assert "另有" not in buffer.getvalue()
    piped = io.StringIO()
    print_diagnostics(Console(file=piped, width=240), _warnings(TERMINAL_ROWS + 50))
    assert len(piped.getvalue().splitlines()) == TERMINAL_ROWS + 50


def test_merge_on_a_terminal_names_its_issue_list(cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "consolidate" / "ws", ws)
    console, buffer = _terminal()
    monkeypatch.setattr(app, "out", console)
    monkeypatch.setattr(show, "TERMINAL_ROWS", 1)
    cli("merge", "2024", "--root", ws)
    line = next(ln for ln in buffer.getvalue().splitlines() if ln.startswith("另有"))
    assert line.endswith(f"；全部见 {ws / 'drafts/2024/汇总/问题清单.xlsx'}")
