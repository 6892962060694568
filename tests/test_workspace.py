"""Where a workspace keeps its files, and the one rule for which files in units/ are a unit's material."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reporter.data.workspace import Workspace, is_submission

from .conftest import CliResult

BROKEN = "year: [这不是一份报告\n"


def _strays(units: Path) -> None:
    """What sits in an office's units/ folder beside the materials: none of it is a unit's submission."""
    (units / "~$示例市公安局.yaml").write_text(BROKEN, encoding="utf-8")  # Word/WPS lock file
    (units / ".示例市公安局.yaml").write_text(BROKEN, encoding="utf-8")  # hidden (an editor's backup, macOS ._ files)
    (units / "received.yaml").write_text("{}\n", encoding="utf-8")
    (units / "说明.pdf").write_bytes(b"%PDF-1.4")
    (units / "旧材料.yaml").mkdir()


def test_one_rule_for_submissions(example: Path) -> None:
    ws = Workspace(example)
    units = ws.units_dir(2024)
    before = ws.submissions(2024)
    _strays(units)
    assert ws.submissions(2024) == before
    assert all(is_submission(p) for p in before)
    assert ws.unit_files(2024) == [p for p in before if p.suffix == ".yaml"]
    assert {p.suffix.lower() for p in before} == {".yaml", ".docx", ".xlsx"}
    (units / "示例市审计局.YML").write_text("year: 2024\n", encoding="utf-8")
    assert units / "示例市审计局.YML" in ws.unit_files(2024)


def test_check_build_units_and_merge_agree_on_the_strays(example: Path, cli: Callable[..., CliResult]) -> None:
    _strays(Workspace(example).units_dir(2024))
    check = cli("check", "2024", "--root", example)
    assert check.code == 0 and "~$" not in check.out + check.err and "/.示例" not in check.out + check.err
    units = cli("build", "report", "2024", "--units", "--jobs", "1", "--root", example)
    assert units.code == 0 and "失败 0 份" in units.out
    merge = cli("merge", "2024", "--root", example)
    assert merge.code == 0 and "~$" not in merge.out + merge.err and "/.示例" not in merge.out + merge.err
