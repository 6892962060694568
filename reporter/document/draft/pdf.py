"""Convert a draft to PDF with LibreOffice in headless mode."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from reporter.core.errors import OutputError
from reporter.core.files import atomic_write
from reporter.core.office import convert, soffice

INSTALL_HINT = (
    "未找到 LibreOffice（soffice），无法生成 PDF；Debian/Ubuntu 请运行 "
    "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-gbsn00lp fonts-arphic-gkai00mp，"
    "Windows 请安装 LibreOffice 并把其 program 文件夹加入 PATH；.docx 初稿已生成"
)


# Free fonts that stand in for the 公文 fonts Linux does not have (GB/T 9704 names first).
# Without these aliases fontconfig falls back to a sans-serif font for everything.
FONT_ALIASES: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("Noto Serif CJK SC", "AR PL SungtiL GB"),
    "小标宋": ("Noto Serif CJK SC", "AR PL SungtiL GB"),
    "仿宋_GB2312": ("Noto Serif CJK SC", "AR PL SungtiL GB"),
    "仿宋": ("Noto Serif CJK SC", "AR PL SungtiL GB"),
    "FangSong": ("Noto Serif CJK SC", "AR PL SungtiL GB"),
    "楷体_GB2312": ("AR PL KaitiM GB", "Noto Serif CJK SC"),
    "楷体": ("AR PL KaitiM GB", "Noto Serif CJK SC"),
    "KaiTi": ("AR PL KaitiM GB", "Noto Serif CJK SC"),
    "黑体": ("Noto Sans CJK SC",),
    "SimHei": ("Noto Sans CJK SC",),
    "宋体": ("AR PL SungtiL GB", "Noto Serif CJK SC"),
    "SimSun": ("AR PL SungtiL GB", "Noto Serif CJK SC"),
    "Times New Roman": ("Liberation Serif",),
}


def fontconfig_file(folder: Path) -> Path:
    """A fonts.conf that keeps the system's settings and adds the 公文 font aliases."""
    aliases = "".join(
        f'<alias binding="same"><family>{name}</family><prefer>{"".join(f"<family>{f}</family>" for f in prefer)}</prefer></alias>'
        for name, prefer in FONT_ALIASES.items()
    )
    # 小标宋 is a heavy Song: the bold serif face is the closest free stand-in
    heavy = "".join(
        f'<match target="pattern"><test name="family"><string>{name}</string></test>'
        '<edit name="family" mode="prepend" binding="strong"><string>Noto Serif CJK SC</string></edit>'
        '<edit name="weight" mode="assign"><const>bold</const></edit></match>'
        for name in ("方正小标宋简体", "小标宋")
    )
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' + heavy + aliases + "</fontconfig>",
        encoding="utf-8",
    )
    return path


def to_pdf(docx: Path, timeout: int = 240) -> Path:
    """Write DOCX's PDF beside it (atomically) and return its path."""
    exe = soffice()
    if exe is None:
        raise OutputError(INSTALL_HINT)
    target = docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        if Path("/etc/fonts/fonts.conf").is_file():
            env["FONTCONFIG_FILE"] = str(fontconfig_file(Path(tmp)))
        try:
            produced = convert(exe, docx, Path(tmp), "pdf", timeout, env)
        except TimeoutError:
            raise OutputError(f"LibreOffice 转换 {docx.name} 超时（{timeout} 秒）；.docx 初稿已生成") from None
        if produced is None:
            raise OutputError(f"LibreOffice 未能把 {docx.name} 转换为 PDF；.docx 初稿已生成，可手动另存为 PDF")
        atomic_write(target, produced.read_bytes())
    return target


def stale_pdf(docx: Path) -> Path | None:
    """The PDF beside DOCX when it is older than the draft (an earlier --pdf run), else None."""
    pdf = docx.with_suffix(".pdf")
    try:
        return pdf if pdf.stat().st_mtime < docx.stat().st_mtime else None
    except OSError:
        return None
