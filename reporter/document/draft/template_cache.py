"""The prepared-template cache on disk: the user's own folder, data-only entries authenticated with a per-user secret.

The secret is kept outside the cache folder, in the user's own data folder: a cache folder that is shared or
synced (REPORTER_CACHE_DIR on a network drive, a synced home) then carries entries but never the key that
makes them trusted, so whoever can write there still cannot make an entry this user will read.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import stat
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MAX_ENTRY_BYTES", "CacheStore", "Refused", "key_folder", "open_store", "read_regular"]

# A prepared template is about the size of the template; anything larger is not ours.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
_SECRET = "template-cache.key"
_OLD_SECRET = "secret"  # where earlier versions kept the key: inside the cache folder
_SECRET_BYTES = 32
_MAGIC = b"reporter-cache-3\n"
_LENGTH = struct.Struct("<Q")


def _uid() -> int | None:
    return os.getuid() if hasattr(os, "getuid") else None  # Windows: the folder's ACL is the user's profile's


def read_regular(path: Path, limit: int) -> bytes | None:
    """PATH's bytes when it is a regular file of at most LIMIT bytes owned by this user, else None.

    Opened without following a link and without blocking, then checked on the open file itself:
    a named pipe, a device (/dev/zero), a link or an oversized file is never read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        uid = _uid()
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit or (uid is not None and info.st_uid != uid):
            return None
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return data if len(data) <= limit else None


def _private(info: os.stat_result) -> bool:
    """A folder only this user can change: a directory of theirs, not writable by group or others."""
    uid = _uid()
    if uid is None:
        return stat.S_ISDIR(info.st_mode)
    return stat.S_ISDIR(info.st_mode) and info.st_uid == uid and not info.st_mode & 0o022


def _safe_ancestor(info: os.stat_result) -> bool:
    """Nobody else can rename the cache folder away: the parent is ours or root's, or shared with the sticky bit."""
    uid = _uid()
    if uid is None:
        return True
    return info.st_uid in (uid, 0) and (not info.st_mode & 0o022 or bool(info.st_mode & stat.S_ISVTX))


def key_folder() -> Path:
    """The user's own data folder, where the cache key lives: never the cache folder, whatever REPORTER_CACHE_DIR says.

    REPORTER_KEY_DIR names another folder (tests, a locked-down profile); it is held to the same checks.
    """
    explicit = os.environ.get("REPORTER_KEY_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "reporter" / "keys"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "reporter"


def _own_folder(folder: Path, what: str = "缓存文件夹") -> str:
    """Create FOLDER (0700) if needed; why it cannot be trusted, or "" when it is the user's own."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError as exc:
        return f"无法使用{what}（{exc.strerror}）"
    if not _private(info):
        return f"{what}不是当前用户独有的（属于其他用户、可被他人写入，或是链接）"
    for parent in Path(os.path.abspath(folder)).parents:
        try:
            if not _safe_ancestor(os.stat(parent)):
                return f"{what}的上级文件夹 {parent} 可被其他用户改动"
        except OSError:
            return f"无法检查{what}的上级文件夹"
    return ""


def _secret(folder: Path) -> bytes | None:
    """The per-user key entries are signed with, in FOLDER (made on first use, readable by the user alone)."""
    path = folder / _SECRET
    key = read_regular(path, _SECRET_BYTES)
    if key is None and not path.exists() and not path.is_symlink():
        tmp = folder / f".{_SECRET}.{os.getpid()}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(os.urandom(_SECRET_BYTES))
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)  # atomic: two first runs at once agree on one key
        except OSError:
            return None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        key = read_regular(path, _SECRET_BYTES)
    if key is None or len(key) != _SECRET_BYTES:
        return None
    try:
        if os.lstat(path).st_mode & 0o077 and _uid() is not None:
            return None  # a key others can read or change signs nothing
    except OSError:
        return None
    return key


def _forget_old_key(cache: Path) -> None:
    """An earlier version's key in the cache folder: removed, since a shared folder shares it (entries it signed are rebuilt)."""
    old = cache / _OLD_SECRET
    with contextlib.suppress(OSError):
        if read_regular(old, _SECRET_BYTES) is not None:
            old.unlink()


class CacheStore:
    """Entries in a folder that is the user's own; an entry is read only when its signature is this user's."""

    def __init__(self, folder: Path, key: bytes) -> None:
        self.folder = folder
        self._key = key

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()

    def read(self, name: str) -> list[bytes] | None:
        """The fields stored under NAME, or None when missing, foreign, damaged or not a bounded regular file."""
        blob = read_regular(self.folder / name, MAX_ENTRY_BYTES)
        head = len(_MAGIC)
        if blob is None or blob[:head] != _MAGIC:
            return None
        payload = blob[head + 32 :]
        if not hmac.compare_digest(self._sign(payload), blob[head : head + 32]):
            return None
        return _unpack(payload)

    def write(self, name: str, fields: list[bytes]) -> None:
        """Store FIELDS under NAME atomically (a cache that cannot be written only costs time)."""
        from reporter.core.files import atomic_write

        payload = b"".join(_LENGTH.pack(len(f)) + f for f in fields)
        if len(payload) + len(_MAGIC) + 32 > MAX_ENTRY_BYTES:
            return
        with contextlib.suppress(OSError):
            atomic_write(self.folder / name, _MAGIC + self._sign(payload) + payload, private=True)


def _unpack(payload: bytes) -> list[bytes] | None:
    fields: list[bytes] = []
    at = 0
    while at < len(payload):
        if at + _LENGTH.size > len(payload):
            return None
        (size,) = _LENGTH.unpack_from(payload, at)
        at += _LENGTH.size
        if at + size > len(payload):
            return None
        fields.append(payload[at : at + size])
        at += size
    return fields


@dataclass(frozen=True)
class Refused:
    """Why the disk cache is not used this time (it only costs time): the problem and what to do."""

    message: str
    fix: str


def open_store(folder: Path, keys: Path | None = None) -> CacheStore | Refused:
    """The store in FOLDER/templates, entries signed with the key in KEYS (default: key_folder()), or why it is not used."""
    for each in (folder, folder / "templates"):
        reason = _own_folder(each)
        if reason:
            return Refused(
                f"{reason}：{each}；本次不使用预处理模板缓存（只影响速度）",
                "请用自己的文件夹作缓存（设置 REPORTER_CACHE_DIR），或对该文件夹执行 chmod 700",
            )
    keys = key_folder() if keys is None else keys
    reason = _own_folder(keys, "密钥文件夹")
    if reason:
        return Refused(
            f"{reason}：{keys}；本次不使用预处理模板缓存（只影响速度）",
            "请对该文件夹执行 chmod 700，或设置 REPORTER_KEY_DIR 指向自己的文件夹",
        )
    key = _secret(keys)
    if key is None:
        return Refused(
            f"密钥文件 {keys / _SECRET} 不可用（属于其他用户、可被他人读写，或不是普通文件）；本次不使用预处理模板缓存（只影响速度）",
            "请删除该文件，下次生成时会重建",
        )
    _forget_old_key(folder)
    return CacheStore(folder / "templates", key)
