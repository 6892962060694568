"""Where things live in a workspace: data/, templates/, drafts/ and the files by year."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from reporter.core.bounded import shown_name
from reporter.core.diagnostics import Diagnostic
from reporter.core.errors import MissingFileError, UsageError

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


# File systems allow 255 bytes a name; room is kept for "（99）", ".docx", a temp-file prefix and suffix and "~$".
MAX_NAME_BYTES = 200


def safe_filename(name: str) -> str:
    """A unit's name as a file name on Windows and Linux alike (callers check its length with `name_too_long`)."""
    name = _UNSAFE.sub("_", name).strip(" .")
    return name or "未命名"


def name_too_long(name: str) -> int | None:
    """The byte length of `name` in UTF-8 when it is over MAX_NAME_BYTES, else None."""
    size = len(name.encode("utf-8"))
    return size if size > MAX_NAME_BYTES else None


def draft_name_problem(name: str, key: str, where: tuple[str, int, int]) -> Diagnostic | None:
    """A draft's file name too long for a file system, blamed on the key of unit.yaml it is made from (at `where`)."""
    size = name_too_long(name)
    if size is None:
        return None
    file, line, col = where
    return Diagnostic(
        file,
        line,
        col,
        key,
        f"由 {key} 生成的文件名“{name}.docx”过长（{size} 字节）",
        f"文件名最多 {MAX_NAME_BYTES} 字节（约 {MAX_NAME_BYTES // 3} 个汉字）；请缩短 {key}",
    )


def find_root(start: Path) -> Path:
    """The workspace holding `start`, found upward like git finds its repository: the folder with data/unit.yaml.

    Without one, `start` itself (commands then say what is missing there).
    """
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "data" / "unit.yaml").is_file():
            return folder
    return start


def display_name(path: Path, root: Path) -> str:
    """How a file is named in messages: relative to the workspace, with forward slashes, a link by its own name
    (not its target's, which may be anywhere on the machine), readable whatever encoding its name is in."""
    for base, full in ((os.path.abspath(root), os.path.abspath(path)), (root.resolve(), path.resolve())):
        try:
            return shown_name(Path(full).relative_to(base).as_posix())
        except ValueError:
            continue
    return shown_name(path.as_posix())


# What units/ may hold besides the units' materials: the receipt dates a merge keeps.
RECEIVED = "received.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
WORD_SUFFIXES = (".docx", ".doc", ".wps", ".txt")
SHEET_SUFFIXES = (".xlsx", ".xls", ".et", ".ods", ".xlsm")


def is_submission(path: Path) -> bool:
    """Whether a file in units/ is a unit's material: the one rule `check`, `build --units` and `merge` apply.

    Not received.yaml (receipt dates), not the lock files Word and WPS leave (~$…), not hidden files (.…),
    not folders, only the kinds a merge reads. A new exclusion goes here and every command follows.
    """
    name = path.name
    if name == RECEIVED or name.startswith(("~$", ".")):
        return False
    return path.suffix.lower() in YAML_SUFFIXES + WORD_SUFFIXES + SHEET_SUFFIXES and path.is_file()


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def drafts(self) -> Path:
        return self.root / "drafts"

    @property
    def unit_path(self) -> Path:
        return self.data / "unit.yaml"

    @property
    def indicators_path(self) -> Path:
        """data/indicators.yaml: the 口径 registry (optional)."""
        return self.data / "indicators.yaml"

    def report_path(self, year: int) -> Path:
        return self.data / str(year) / "report.yaml"

    def plan_path(self, year: int) -> Path:
        return self.data / str(year) / "plan.yaml"

    def merged_path(self, year: int) -> Path:
        """What `merge` writes: the units' materials and totals in report format."""
        return self.data / str(year) / "merged.yaml"

    def units_dir(self, year: int) -> Path:
        return self.data / str(year) / "units"

    def submissions(self, year: int) -> list[Path]:
        """Every unit's material in data/YEAR/units/, by the one rule of is_submission; a link out of the workspace is not."""
        return [p for p in self._candidates(year) if self.inside(p)]

    def refused(self, year: int) -> list[Diagnostic]:
        """The files of units/ that is_submission accepts but that lead out of the workspace: named, never read."""
        return [
            Diagnostic(self.rel(p), message="是指向工作目录之外的链接，未读取", fix="请把文件本身（而不是链接）放进 units/ 文件夹")
            for p in self._candidates(year)
            if not self.inside(p)
        ]

    def _candidates(self, year: int) -> list[Path]:
        folder = self.units_dir(year)
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if is_submission(p))

    def unit_files(self, year: int) -> list[Path]:
        """The units' reports in report format (data/YEAR/units/*.yaml): the submissions `build --units` drafts."""
        return [p for p in self.submissions(year) if p.suffix.lower() in YAML_SUFFIXES]

    def inside(self, path: Path) -> bool:
        """Whether PATH, links followed, is within the workspace (a file that is no link always is)."""
        if not path.is_symlink():
            return True
        try:
            path.resolve().relative_to(self.root.resolve())
        except (ValueError, OSError, RuntimeError):
            return False
        return True

    def template(self, kind: str) -> Path:
        return self.templates / f"{kind}.docx"

    def draft_dir(self, year: int) -> Path:
        return self.drafts / str(year)

    def rel(self, path: Path) -> str:
        """How a file of this workspace is named in messages."""
        return display_name(path, self.root)

    def check_root(self) -> None:
        if not self.root.is_dir():
            raise UsageError(f"工作目录不存在：{self.root}；请用 --root 指定包含 data/ 的文件夹")
        if not self.data.is_dir():
            raise MissingFileError(f"{self.root} 下没有 data/ 文件夹；请在工作目录中运行，或用 --root 指定，或先运行 reporter init")

    def years_with(self, name: str) -> list[int]:
        if not self.data.is_dir():
            return []
        return sorted(int(p.name) for p in self.data.iterdir() if p.is_dir() and p.name.isdigit() and (p / name).is_file())

    def default_report_year(self) -> int:
        years = self.years_with("report.yaml")
        if not years:
            raise MissingFileError(f"{self.rel(self.data)} 中没有任何 年份/report.yaml；请先运行 reporter init report 年份")
        return years[-1]

    def default_plan_year(self) -> int:
        years = self.years_with("plan.yaml")
        if not years:
            raise MissingFileError(f"{self.rel(self.data)} 中没有任何 年份/plan.yaml；请先运行 reporter init plan 年份")
        return years[-1]

    def require(self, path: Path, hint: str) -> Path:
        if not path.is_file():
            raise MissingFileError(f"缺少文件 {self.rel(path)}；{hint}")
        return path
