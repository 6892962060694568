"""Write drafts atomically, and never over a draft someone edited or has open in Word."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError

MANIFEST = ".reporter-drafts.json"


@dataclass
class Written:
    path: Path
    note: str = ""  # why the draft went elsewhere than asked, for the user


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once: os.umask can only be read by setting it


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same folder, then rename: a failed run leaves no partial file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private; drafts, templates and data are files an office shares
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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


def prepare_dir(folder: Path, shown: str) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{shown} 是一个文件而不是文件夹；请改名或删除它后再生成")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建文件夹 {shown}（{exc.strerror}）；请检查权限") from None
    if not os.access(folder, os.W_OK):
        raise OutputError(f"文件夹 {shown} 不可写；请检查权限，或用 --root 换一个工作目录")


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
