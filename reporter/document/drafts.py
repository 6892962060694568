"""Write drafts atomically, and never over a draft someone edited or has open in Word."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from reporter.core.errors import OutputError
from reporter.core.files import Written, atomic_write, prepare_dir

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


def _word_lock(path: Path) -> Path | None:
    # Word names its owner file ~$ + the name, dropping one or two leading characters on long names.
    for cand in (f"~${path.name}", f"~${path.name[1:]}", f"~${path.name[2:]}"):
        if (path.parent / cand).exists():
            return path.parent / cand
    return None


def _numbered(path: Path) -> Path:
    n = 2
    while True:
        cand = path.with_name(f"{path.stem}（{n}）{path.suffix}")
        if not cand.exists():
            return cand
        n += 1


def write_draft(path: Path, data: bytes, shown: str, force: bool = False) -> Written:
    """Write `data` to `path` unless the draft there was edited or is open; then beside it."""
    prepare_dir(path.parent, shown.rsplit("/", 1)[0])
    try:
        with _locked(path.parent):
            manifest_path = path.parent / MANIFEST
            try:
                manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                manifest = {}
            target, note = path, ""
            lock = _word_lock(path)
            if lock is not None and not force:
                target = _numbered(path)
                note = f"{shown} 正在 Word/WPS 中打开（有 {lock.name}），未覆盖；新稿另存为 {target.name}"
            elif path.exists() and not force and manifest.get(path.name) != _digest(path):
                target = _numbered(path)
                note = f"{shown} 在生成后被修改过，未覆盖；新稿另存为 {target.name}（要覆盖请加 --force）"
            atomic_write(target, data)
            manifest[target.name] = hashlib.sha256(data).hexdigest()
            atomic_write(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"无法写入 {shown}（{exc.strerror}）；请检查磁盘空间和权限") from None
    return Written(target, note)
