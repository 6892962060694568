"""Shared fixtures: a copy of the worked example as a workspace, and a CLI runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from reporter.cli.app import main

# The same examples on every run (CI lands or refuses on one run); HYPOTHESIS_PROFILE=explore draws new ones.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True, scope="session")
def _prepared_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Prepared templates go to a folder of this test run, never the user's cache; so does the cache's key."""
    os.environ["REPORTER_CACHE_DIR"] = str(tmp_path_factory.mktemp("prepared-cache"))
    os.environ["REPORTER_KEY_DIR"] = str(tmp_path_factory.mktemp("user-data") / "reporter")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A fresh workspace holding the worked example's data (templates are generated on build)."""
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copytree(REPO / "data", root / "data")
    return root


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    def run(*args: str) -> CliResult:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def docx_text(path: Path) -> str:
    """All text of a draft, body paragraphs and table cells, one paragraph a line.

    Line breaks inside a paragraph (a title broken into a trapezoid) are layout, not content.
    """
    from docx import Document

    doc = Document(str(path))
    lines = [p.text.replace("\n", "") for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return "\n".join(lines)
