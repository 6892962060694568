"""Documents to import are bounded before they are parsed: size, unpacked size, encryption, permission."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from reporter.core import bounded
from reporter.core.errors import DataError
from reporter.importer import reading
from reporter.importer.reading import read_source


def _docx(path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("一、加强法治政府建设")
    doc.save(str(path))
    return path


def test_a_docx_bomb_is_refused_before_it_is_unpacked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounded, "MAX_MEMBER_BYTES", 4 * 1024 * 1024)
    good = _docx(tmp_path / "good.docx")
    bomb = tmp_path / "2023年工作要点.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for member in src.infolist():
            body = src.read(member)
            if member.filename == "word/document.xml":
                body = body.replace(b"</w:body>", b"<w:p><w:r><w:t>" + b" " * (8 * 1024 * 1024) + b"</w:t></w:r></w:p></w:body>")
            dst.writestr(member, body)
    assert bomb.stat().st_size < 200_000
    with pytest.raises(DataError) as info:
        read_source(bomb)
    assert str(info.value).startswith("2023年工作要点.docx: 文件中的 word/document.xml 解压后有 8")
    assert "超过上限 4 MB，未读取" in str(info.value)


def test_an_oversized_text_is_refused_naming_file_and_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_TEXT_BYTES", 1024 * 1024)
    text = tmp_path / "网页.txt"
    text.write_text("一、加强法治政府建设\n" * 100_000, encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_source(text)
    assert str(info.value) == "网页.txt: 文件大于 1 MB，超出上限，未读取；请确认是否选错了文件，或删去无关内容后另存"


def test_an_encrypted_docx_is_named_as_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "加密报告.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1000))
    with pytest.raises(DataError) as info:
        read_source(path)
    assert str(info.value) == (
        "加密报告.docx: 文件设有打开密码（已加密），无法读取；请报送单位取消密码后重新报送，或在 Excel/WPS/Word 中打开后另存一份不加密的文件"
    )


def test_a_file_without_read_permission_exits_1_in_chinese(
    cli: Callable[..., Any], example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _docx(tmp_path / "无权限.docx")
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "无权限.docx":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)  # tests run as root here, whom chmod 000 does not stop
    result = cli("import", "plan", path, "--year", "2030", "--root", example)
    assert result.code == 1
    assert "无权限.docx: 没有读取权限，未能读取" in result.err
