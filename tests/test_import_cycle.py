"""Every import fixture goes through the whole cycle: import, check, init and build never fail inside the tool."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOCUMENTS = sorted(
    p for folder in ("import", "import_report") for p in (FIXTURES / folder).iterdir() if p.suffix in (".txt", ".md", ".docx")
)
UNIT = "name: 青禾县人民政府\nshort_name: 青禾县\nrecipients:\n  - 中共青禾县委\nareas: gangyao-2021\n"


def _ok(result: CliResult, what: str) -> None:
    said = result.out + result.err
    assert "内部错误" not in said and "Traceback" not in said, f"{what}: {said}"
    assert result.code in (0, 1), f"{what}: exit {result.code}: {said}"


def test_every_fixture_is_listed() -> None:
    assert len(DOCUMENTS) >= 25  # a missing fixture folder fails here, it is never skipped


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_import_then_the_whole_cycle(document: Path, tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    root = tmp_path / "ws"
    (root / "data").mkdir(parents=True)
    (root / "data" / "unit.yaml").write_text(UNIT, encoding="utf-8")
    as_plan = document.parent.name == "import" or document.name.startswith("plan-")
    if as_plan:
        imported = cli("import", "plan", document, "--year", "2024", "--root", root)
        steps = [("init", "report", "2024"), ("build", "plan", "2024"), ("build", "report", "2024")]
    else:
        imported = cli("import", "report", document, "--year", "2024", "--root", root)
        steps = [("init", "plan", "2025"), ("build", "report", "2024"), ("build", "plan", "2025")]
    if document.name.startswith("traditional-"):  # refused with a message, never imported half-read
        assert imported.code == 1 and "繁体字" in imported.err, imported.out + imported.err
        return
    assert imported.code == 0, imported.out + imported.err
    checked = cli("check", "2024", "--root", root)
    _ok(checked, "check")
    if not as_plan and not any(word in imported.out for word in ("占位符", "补写")):
        # a complete published report: check finds nothing missing (statuses, metrics-only items are not)
        said = checked.out + checked.err
        assert "未发现问题" in said or "共 0 个错误" in said, said
    for step in steps:
        _ok(cli(*step, "--root", root), " ".join(step))
    assert (root / "data" / "2024" / ("report.yaml")).is_file()
