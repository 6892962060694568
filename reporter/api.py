"""The library behind the CLI: build, init, check, import, merge, edits, compare. Never prints, never exits; options by name only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reporter.commands.build import BuildResult
from reporter.commands.collection import PackResult
from reporter.commands.compare import CompareResult
from reporter.commands.edits import EditsResult
from reporter.commands.importing import Imported
from reporter.commands.merge import MergeResult
from reporter.commands.unit_pool import UnitsBuildResult
from reporter.core.files import Written
from reporter.data.workspace import Workspace

if TYPE_CHECKING:
    from reporter.checks.findings import CheckReport

__all__ = ["BuildResult", "CompareResult", "EditsResult", "Imported", "MergeResult", "PackResult", "UnitsBuildResult"]


def version() -> str:
    """The installed version of reporter."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("reporter")
    except PackageNotFoundError:  # pragma: no cover - a source tree never installed has no version: pyproject.toml is the one place
        return "未安装"


def build_report(root: Path, year: int | None = None, *, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    """The report of YEAR (default: last year)."""
    from reporter.commands.build import build_report as run

    return run(root, year, force=force, pdf=pdf, strict=strict)


def build_plan(root: Path, year: int | None = None, *, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    """The plan of YEAR (default: this year)."""
    from reporter.commands.build import build_plan as run

    return run(root, year, force=force, pdf=pdf, strict=strict)


def build_season(root: Path, year: int | None = None, *, force: bool = False, pdf: bool = False, strict: bool = False) -> BuildResult:
    """The season's two documents: the report of YEAR and the plan of YEAR+1."""
    from reporter.commands.build import build_season as run

    return run(root, year, force=force, pdf=pdf, strict=strict)


def build_units(
    root: Path, year: int | None = None, *, jobs: int | None = None, force: bool = False, progress: Any = None
) -> UnitsBuildResult:
    """Every unit's own report from data/YEAR/units/*.yaml into drafts/YEAR/units/, on a process pool."""
    from reporter.commands.unit_pool import build_units as run

    return run(root, year, jobs=jobs, force=force, progress=progress)


def init(root: Path, kind: str, year: int | None = None, *, force: bool = False) -> Written:
    """`init unit` (a new workspace, the folder created if need be), `init plan YEAR`, `init report YEAR`."""
    from reporter.commands.init import init as run

    return run(root, kind, year, force=force)


def check(root: Path, year: int | None = None) -> CheckReport:
    """Every finding of the files `build [YEAR]` reads; raises only when there is nothing to check."""
    from reporter.checks import check_workspace

    return check_workspace(root, year)


def write_schemas(root: Path, out: Path | None = None) -> list[Path]:
    from reporter.data.schema import write_schemas as write

    return write(out if out is not None else Workspace(root).root / "schema")


def import_plan(root: Path, document: Path, year: int, *, out: Path | None = None) -> Imported:
    """Turn an existing plan document into data/YEAR/plan.yaml (or `out`); never overwrites."""
    from reporter.commands.importing import import_plan as run

    return run(root, document, year, out=out)


def import_report(root: Path, document: Path, year: int | None = None, *, out: Path | None = None) -> Imported:
    """Turn an existing annual report into data/YEAR/report.yaml (or `out`); never overwrites."""
    from reporter.commands.importing import import_report as run

    return run(root, document, year, out=out)


def merge(root: Path, year: int | None = None, *, deadline: Any = None, force: bool = False, include_others: bool = False) -> MergeResult:
    """Check and consolidate data/YEAR/units/: 报送情况一览表, 主要指标汇总表 (.docx/.xlsx), 问题清单.xlsx, merged.yaml.

    `include_others`: units not in the roster count in the totals too (by default they are listed, not counted).
    """
    from reporter.commands.merge import merge as run

    return run(root, year, deadline=deadline, force=force, include_others=include_others)


def pack(root: Path, year: int, *, deadline: Any = None, force: bool = False) -> PackResult:
    """Each member's 指标填报表 and report template in drafts/YEAR/报送材料/<单位全称>/, and the 报送通知 once."""
    from reporter.commands.collection import pack as run

    return run(root, year, deadline=deadline, force=force)


def edits(root: Path, draft: Path, *, write: bool = False) -> EditsResult:
    """What a reviewed draft changes in the YAML it was built from; `write`: make those changes (backup first)."""
    from reporter.commands.edits import edits as run

    return run(root, draft, write=write)


def compare(old: Path, new: Path, *, out: Path | None = None) -> CompareResult:
    """NEW written as a .docx whose differences from OLD are tracked changes."""
    from reporter.commands.compare import compare as run

    return run(old, new, out=out)
