"""Files written safely: atomic replace that follows the umask, and output folders checked before use."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reporter.core.errors import OutputError


@dataclass
class Written:
    path: Path
    note: str = ""  # why the draft went elsewhere than asked, for the user


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once: os.umask can only be read by setting it


@contextlib.contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Ctrl-C (and SIGTERM, and SIGHUP when the terminal window is closed) wait until the block is done.

    A file and the record of it are written together: the signal stays pending and takes effect as soon as the
    block ends (a few milliseconds of writing), so an interrupt never leaves a temporary file, nor a draft the
    manifest does not know. Windows: no such mask.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def atomic_write(path: Path, data: bytes, *, private: bool = False) -> None:
    """Temp file in the same folder, then rename: a failed run leaves no partial file.

    private: keep the file readable by its owner alone (the template cache), else follow the umask.
    """
    with deferred_interrupts():
        _write_replace(path, data, private)


def _write_replace(path: Path, data: bytes, private: bool) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private; drafts, templates and data are files an office shares
        if not private:
            os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def prepare_dir(folder: Path, shown: str) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{shown} 是一个文件而不是文件夹；请改名或删除它后再生成")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建文件夹 {shown}（{exc.strerror}）；请检查权限") from None
    if not os.access(folder, os.W_OK):
        raise OutputError(f"文件夹 {shown} 不可写；请检查权限，或用 --root 换一个工作目录")


# A template a build cannot open, said the same way by `check` and by `build`.
NOT_A_TEMPLATE = "模板 {name} 不是有效的 Word（.docx）文件"
NOT_A_TEMPLATE_FIX = "请在 Word/WPS 中另存为 .docx 格式"


def is_word_document(source: Path | BinaryIO) -> bool:
    """Whether `source` is a .docx a build can open: a zip holding word/document.xml."""
    try:
        with zipfile.ZipFile(source) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
