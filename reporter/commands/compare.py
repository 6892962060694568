"""`compare OLD.docx NEW.docx [--out FILE]`: NEW with its differences from OLD as Word tracked changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reporter.core.errors import ImportFormatError, MissingFileError, OutputError, UsageError


@dataclass
class CompareResult:
    """Where the marked-up document went and how many paragraphs changed, were added or removed."""

    out: Path
    changed: int
    added: int
    removed: int


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise MissingFileError(f"找不到文件 {path}")
    if path.suffix.lower() != ".docx":
        raise ImportFormatError(f"{path.name} 不是 .docx 文件；请在 Word/WPS 中另存为 .docx 后再比较")
    return path.read_bytes()


def default_out(new: Path) -> Path:
    """NEW's folder, NEW's name with 修订对照 appended: 示例市报告（讨论稿）-修订对照.docx."""
    return new.with_name(f"{new.stem}-修订对照.docx")


def compare(old: Path, new: Path, *, out: Path | None = None) -> CompareResult:
    """Write NEW as a .docx whose differences from OLD are tracked changes; never over OLD, NEW or an existing file."""
    from reporter.core.files import atomic_write
    from reporter.document.draft.tracked_changes import compare as mark_up

    target = out if out is not None else default_out(new)
    if target.suffix.lower() != ".docx":
        raise UsageError(f"--out 应为 .docx 文件，而不是 {target.name}")
    if target.resolve() in (old.resolve(), new.resolve()):
        raise UsageError("--out 不能是要比较的文件本身")
    if target.exists():
        raise OutputError(f"{target} 已存在，未覆盖；请先改名或删除它，或用 --out 指定另一个文件")
    if not target.parent.is_dir():
        raise OutputError(f"文件夹 {target.parent} 不存在")
    date = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    marked = mark_up(_read(old), _read(new), old.name, new.name, date)
    atomic_write(target, marked.data)
    return CompareResult(target, marked.changed, marked.added, marked.removed)
