"""Every command and option `reporter --help` shows (and each subcommand's --help) is documented in the README."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

from reporter.cli.app import app

from .conftest import REPO


def _commands(command: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not getattr(sub, "hidden", False):
            yield from _commands(sub, f"{path} {name}")


def _options(command: Any) -> list[str]:
    names = [n for p in command.params if not getattr(p, "hidden", False) for n in p.opts if n.startswith("--")]
    return [n for n in names if n != "--help"]


def test_every_command_and_option_is_in_the_readme() -> None:
    """Named in the README's 命令一览 (the table and the lines under it), not merely somewhere in the text."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    readme = text[text.index("## 命令一览") : text.index("\n### ", text.index("## 命令一览"))]
    missing = []
    for path, command in _commands(typer.main.get_command(app), "reporter"):
        if path != "reporter" and path not in readme:
            missing.append(path)
        missing += [f"{path} {option}" for option in _options(command) if option not in readme]
    assert missing == []
