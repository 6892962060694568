"""Where things live in a workspace: data/, templates/, drafts/ and the files by year."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
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


RECEIVED = "received.yaml"
REPORT_SUFFIXES = (".yaml", ".yml")


def is_hidden(name: str) -> bool:
    """A file nobody filed: hidden (.name), macOS's ._name from a zip made on a Mac, editors' .~lock / ~$ owner files."""
    return name.startswith((".", "~$"))


@dataclass
class Submitted:
    """The files of units/ to read, and those refused by name (a link out of the workspace)."""

    files: list[Path] = field(default_factory=list)
    refused: list[Diagnostic] = field(default_factory=list)


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

    def report_path(self, year: int) -> Path:
        return self.data / str(year) / "report.yaml"

    def plan_path(self, year: int) -> Path:
        return self.data / str(year) / "plan.yaml"

    def merged_path(self, year: int) -> Path:
        """What `merge` writes: the units' materials and totals in report format."""
        return self.data / str(year) / "merged.yaml"

    def units_dir(self, year: int) -> Path:
        return self.data / str(year) / "units"

    def unit_files(self, year: int) -> list[Path]:
        """The units' reports in report format (data/YEAR/units/*.yaml); received.yaml holds dates, not a report."""
        return self.submissions(year, REPORT_SUFFIXES).files

    def submissions(self, year: int, suffixes: tuple[str, ...]) -> Submitted:
        """The one rule for which files in data/YEAR/units/ are submissions, every command alike.

        Not: received.yaml (dates), hidden files (.name, macOS's ._name, .~lock.name#), Office owner files (~$name),
        anything but a regular file. A link leading out of the workspace is refused by name, never read.
        """
        folder = self.units_dir(year)
        out = Submitted()
        if not folder.is_dir():
            return out
        for path in sorted(folder.iterdir()):
            if is_hidden(path.name) or path.name == RECEIVED or path.suffix.lower() not in suffixes:
                continue
            if path.is_symlink() and not self.inside(path):
                out.refused.append(
                    Diagnostic(
                        self.rel(path), message="是指向工作目录之外的链接，未读取", fix="请把文件本身（而不是链接）放进 units/ 文件夹"
                    )
                )
            elif path.is_file():
                out.files.append(path)
        return out

    def inside(self, path: Path) -> bool:
        """Whether PATH, links followed, is within the workspace."""
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
        """PATH as users see it: relative to the workspace (a link by its own name, not its target's), readable in any encoding."""
        for base, full in ((os.path.abspath(self.root), os.path.abspath(path)), (self.root.resolve(), path.resolve())):
            try:
                return shown_name(Path(full).relative_to(base).as_posix())
            except ValueError:
                continue
        return shown_name(path.as_posix())

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
