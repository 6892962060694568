"""Input files bounded before they are parsed: file size, zip members' unpacked sizes, encryption, readable names."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from reporter.core.errors import DataError
from reporter.core.text import remember_name

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_MEMBER_BYTES",
    "MAX_TEXT_BYTES",
    "MAX_UNPACKED_BYTES",
    "OLE_HEADER",
    "check_zip",
    "encrypted_error",
    "is_encrypted_office",
    "read_input",
    "shown_name",
]

# An office's largest real inputs (a 100,000-row sheet, a 300-page report) are a few tens of MB.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # every member of a .docx/.xlsx together, unpacked
MAX_MEMBER_BYTES = 200 * 1024 * 1024  # one member (word/document.xml, a worksheet)
MAX_TEXT_BYTES = 10 * 1024 * 1024  # a text or web page to import: a year's plan is a few hundred KB
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file header: .doc/.xls, and every encrypted OOXML file


def _mb(size: int) -> str:
    """A size as people write it: 100 MB, 2 KB."""
    return f"{size / 1024 / 1024:.4g} MB" if size >= 1024 * 1024 else f"{size / 1024:.4g} KB"


def shown_name(name: str) -> str:
    """A file name as a person can read it, whatever bytes it was stored in (GBK from an archive unpacked elsewhere)."""
    if not any("\udc80" <= ch <= "\udcff" for ch in name):
        return name
    shown = _decoded(os.fsencode(name))
    for raw, part in zip(name.split("/"), shown.split("/"), strict=False):  # messages quote the bare name
        remember_name(raw, part)
    remember_name(name, shown)
    return shown


def _decoded(raw: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def read_input(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """PATH's bytes, refused with a message naming SHOWN when larger than LIMIT or unreadable."""
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except PermissionError:
        raise DataError.single(shown, "没有读取权限，未能读取", fix="请检查文件权限（或另存一份）后重试") from None
    except OSError as exc:
        raise DataError.single(shown, f"无法读取（{exc.strerror}）", fix="请检查文件是否存在、能否打开") from None
    if len(data) > limit:
        raise DataError.single(shown, f"文件大于 {_mb(limit)}，超出上限，未读取", fix="请确认是否选错了文件，或删去无关内容后另存")
    return data


def is_encrypted_office(data: bytes) -> bool:
    """An Office file protected by a password: OOXML encrypted into a compound file holding an EncryptedPackage."""
    if not data.startswith(OLE_HEADER):
        return False
    return "EncryptedPackage".encode("utf-16-le") in data


def encrypted_error(shown: str) -> DataError:
    return DataError.single(
        shown, "文件设有打开密码（已加密），无法读取", fix="请报送单位取消密码后重新报送，或在 Excel/WPS/Word 中打开后另存一份不加密的文件"
    )


def check_zip(data: bytes, shown: str) -> None:
    """A zip package (.docx, .xlsx) whose members unpack within the bounds; else a message naming SHOWN and the bound.

    The unpacked sizes come from the zip directory; Python's zipfile never unpacks more than a member declares.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the reader says what it is not
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES:
            raise DataError.single(
                shown,
                f"文件中的 {info.filename} 解压后有 {_mb(info.file_size)}，超过上限 {_mb(MAX_MEMBER_BYTES)}，未读取",
                fix="请确认文件来源；正常的报告和报表不会这么大",
            )
    if total > MAX_UNPACKED_BYTES:
        raise DataError.single(
            shown,
            f"文件解压后共 {_mb(total)}，超过上限 {_mb(MAX_UNPACKED_BYTES)}，未读取",
            fix="请确认文件来源；正常的报告和报表不会这么大",
        )
