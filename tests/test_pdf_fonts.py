"""The 公文 faces of the PDF: FandolFang for 仿宋 when installed, and a warning when it is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporter.document.draft import pdf_fonts
from reporter.document.draft.pdf_fonts import fontconfig_file, missing_fangsong


@pytest.fixture
def no_system_fandol(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No Fandol anywhere but where the test puts it: the user's font folder is a temporary one."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.delenv("REPORTER_FONTS_DIR", raising=False)
    monkeypatch.setattr(pdf_fonts, "SYSTEM_FONT_DIRS", ())
    return tmp_path


def test_fangsong_maps_to_fandolfang_first_and_the_font_folder_is_read(no_system_fandol: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fonts = no_system_fandol / "fonts"
    fonts.mkdir()
    (fonts / "FandolFang-Regular.otf").write_bytes(b"")
    monkeypatch.setenv("REPORTER_FONTS_DIR", str(fonts))
    conf = fontconfig_file(no_system_fandol).read_text(encoding="utf-8")
    assert f"<dir>{fonts}</dir>" in conf
    assert "<family>仿宋_GB2312</family><prefer><family>FandolFang</family>" in conf
    assert "<family>楷体_GB2312</family><prefer><family>FandolKai</family>" in conf
    assert "<family>黑体</family><prefer><family>FandolHei</family>" in conf
    assert missing_fangsong() is None


def test_without_fandolfang_the_pdf_step_says_so(no_system_fandol: Path) -> None:
    assert missing_fangsong() == (
        "未安装仿宋字体 FandolFang，PDF 的正文用宋体字形（Noto Serif CJK）代替；在本仓库运行 make fonts 安装（见 README）"
    )
    assert "<dir>" not in fontconfig_file(no_system_fandol).read_text(encoding="utf-8")
