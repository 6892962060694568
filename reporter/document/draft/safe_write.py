"""Write drafts atomically, and never over a draft someone edited or has open in Word."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from reporter.core.errors import OutputError
from reporter.core.files import Written, atomic_write, deferred_interrupts, prepare_dir

MANIFEST = ".reporter-drafts.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    # Concurrent builds of one draft must not interleave "write draft" and "record hash".
    lock = folder / ".reporter.lock"
    with open(lock, "a+b") as handle:
        try:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        except ImportError:  # Windows: msvcrt locks a byte range instead
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
        yield


def _lock_file(path: Path) -> Path | None:
    """The owner file of an editor that has `path` open, if any.

    Word (and WPS on Windows) write ~$ + the name, dropping one or two leading characters on long names;
    LibreOffice writes .~lock.NAME#; WPS on Linux writes .~NAME.
    """
    names = (f"~${path.name}", f"~${path.name[1:]}", f"~${path.name[2:]}", f".~lock.{path.name}#", f".~{path.name}")
    for cand in names:
        if (path.parent / cand).exists():
            return path.parent / cand
    return None


def _ours_unchanged(path: Path, manifest: dict[str, str]) -> bool:
    """A draft this tool wrote and nobody changed since (safe to replace)."""
    return path.is_file() and manifest.get(path.name) == _digest(path)


def _numbered(path: Path, manifest: dict[str, str]) -> Path:
    """Where a new draft goes beside a kept one: our own earlier unchanged copy, else the first free number."""
    n = 2
    while True:
        cand = path.with_name(f"{path.stem}（{n}）{path.suffix}")
        if not cand.exists() or (_ours_unchanged(cand, manifest) and _lock_file(cand) is None):
            return cand
        n += 1


def _target(path: Path, shown: str, manifest: dict[str, str], force: bool) -> tuple[Path, str]:
    """Where to write and what to tell the user: the asked path unless open or edited by hand."""
    if force:
        return path, ""
    lock = _lock_file(path)
    if lock is not None:
        target = _numbered(path, manifest)
        return target, f"{shown} 正在 Word/WPS/LibreOffice 中打开（有 {lock.name}），未覆盖；新稿另存为 {target.name}"
    if path.exists() and not _ours_unchanged(path, manifest):
        target = _numbered(path, manifest)
        return target, f"{shown} 在生成后被修改过，未覆盖；新稿另存为 {target.name}（要覆盖请加 --force）"
    return path, ""


def write_draft(path: Path, data: bytes, shown: str, force: bool = False) -> Written:
    """Write `data` to `path` unless the draft there was edited or is open; then beside it."""
    return write_drafts([(path, data, shown)], force)[0]


def write_drafts(drafts: list[tuple[Path, bytes, str]], force: bool = False) -> list[Written]:
    """Write several drafts of one folder under one lock and one manifest update (the unit reports of a run).

    Each (path, data, shown) follows the rules of a single draft; all paths share one folder.
    """
    if not drafts:
        return []
    folder = drafts[0][0].parent
    if any(path.parent != folder for path, _, _ in drafts):
        raise ValueError("write_drafts: every draft must be in one folder")
    prepare_dir(folder, drafts[0][2].rsplit("/", 1)[0])
    written: list[Written] = []
    shown = drafts[0][2]
    try:
        # Ctrl-C waits for the batch: every draft on disk is in the manifest, so a rerun makes no needless (2) copies
        with deferred_interrupts(), _locked(folder):
            manifest_path = folder / MANIFEST
            try:
                manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                manifest = {}
            try:
                for path, data, shown in drafts:
                    target, note = _target(path, shown, manifest, force)
                    atomic_write(target, data)
                    manifest[target.name] = hashlib.sha256(data).hexdigest()
                    written.append(Written(target, note))
            finally:  # the drafts written before a failure are recorded all the same
                atomic_write(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"无法写入 {shown}（{exc.strerror}）；请检查磁盘空间和权限") from None
    return written
