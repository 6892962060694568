"""The free fonts LibreOffice prints the 公文 faces with, and the fontconfig file that maps them for one conversion."""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

# The Fandol faces (GB2312 coverage and more, GPL with the font exception), taken from Debian's
# texlive-lang-chinese by `make fonts` without installing TeX.  FandolFang is the only simplified
# 仿宋 Debian carries; FandolKai and FandolHei are drawn to match it.
FANDOL_FILES = (
    "FandolFang-Regular.otf",
    "FandolKai-Regular.otf",
    "FandolHei-Regular.otf",
    "FandolHei-Bold.otf",
    "FandolSong-Regular.otf",
    "FandolSong-Bold.otf",
)

# Free fonts that stand in for the 公文 fonts Linux does not have (GB/T 9704 names first), best first;
# the later ones serve when the Fandol faces are not installed.  Without these aliases fontconfig
# falls back to a sans-serif font for everything.
FONT_ALIASES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("FandolFang", "Noto Serif CJK SC", "AR PL SungtiL GB"),
    "仿宋": ("FandolFang", "Noto Serif CJK SC", "AR PL SungtiL GB"),
    "FangSong": ("FandolFang", "Noto Serif CJK SC", "AR PL SungtiL GB"),
    "FangSong_GB2312": ("FandolFang", "Noto Serif CJK SC", "AR PL SungtiL GB"),
    "楷体_GB2312": ("FandolKai", "AR PL KaitiM GB", "Noto Serif CJK SC"),
    "楷体": ("FandolKai", "AR PL KaitiM GB", "Noto Serif CJK SC"),
    "KaiTi": ("FandolKai", "AR PL KaitiM GB", "Noto Serif CJK SC"),
    "KaiTi_GB2312": ("FandolKai", "AR PL KaitiM GB", "Noto Serif CJK SC"),
    "黑体": ("FandolHei", "Noto Sans CJK SC"),
    "SimHei": ("FandolHei", "Noto Sans CJK SC"),
    "宋体": ("FandolSong", "AR PL SungtiL GB", "Noto Serif CJK SC"),
    "SimSun": ("FandolSong", "AR PL SungtiL GB", "Noto Serif CJK SC"),
    "Times New Roman": ("Liberation Serif",),
}
# 小标宋 is a heavy Song with thin horizontals: the bold serif face comes closest.
HEAVY_SONG = ("方正小标宋简体", "小标宋", "方正小标宋_GBK")
HEAVY_SONG_STAND_IN = "Noto Serif CJK SC"
# Where a system-wide copy may be: installed by hand, or with TeX Live itself.
SYSTEM_FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/local/share/fonts/fandol"),
    Path("/usr/share/fonts/opentype/fandol"),
    Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"),
)


def font_dirs() -> list[Path]:
    """Where the Fandol faces may be: $REPORTER_FONTS_DIR, the user's font folder (make fonts), system places."""
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    chosen = [Path(os.environ["REPORTER_FONTS_DIR"])] if os.environ.get("REPORTER_FONTS_DIR") else []
    candidates = [*chosen, data_home / "fonts" / "fandol", *SYSTEM_FONT_DIRS]
    return [d for d in candidates if (d / FANDOL_FILES[0]).is_file()]


def missing_fangsong() -> str | None:
    """A warning when no simplified 仿宋 is installed (the body then prints in a Song face), else None."""
    if font_dirs():
        return None
    return "未安装仿宋字体 FandolFang，PDF 的正文用宋体字形（Noto Serif CJK）代替；在本仓库运行 make fonts 安装（见 README）"


def _family(name: str) -> str:
    return f"<family>{escape(name)}</family>"


def fontconfig_file(folder: Path) -> Path:
    """A fonts.conf that keeps the system's settings, adds the Fandol folder and the 公文 font aliases."""
    dirs = "".join(f"<dir>{escape(str(d))}</dir>" for d in font_dirs())
    aliases = "".join(
        f'<alias binding="same">{_family(name)}<prefer>{"".join(_family(f) for f in prefer)}</prefer></alias>'
        for name, prefer in FONT_ALIASES.items()
    )
    heavy = "".join(
        f'<match target="pattern"><test name="family"><string>{escape(name)}</string></test>'
        f'<edit name="family" mode="prepend" binding="strong"><string>{HEAVY_SONG_STAND_IN}</string></edit>'
        '<edit name="weight" mode="assign"><const>bold</const></edit></match>'
        for name in HEAVY_SONG
    )
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' + dirs + heavy + aliases + "</fontconfig>",
        encoding="utf-8",
    )
    return path
