"""Convert a draft to PDF with LibreOffice in headless mode."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .drafts import atomic_write
from .errors import OutputError

INSTALL_HINT = (
    "未找到 LibreOffice（soffice），无法生成 PDF；Debian/Ubuntu 请运行 "
    "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-gbsn00lp fonts-arphic-gkai00mp，"
    "Windows 请安装 LibreOffice 并把其 program 文件夹加入 PATH；.docx 初稿已生成"
)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, timeout: int = 240) -> Path:
    """Write DOCX's PDF beside it (atomically) and return its path."""
    exe = soffice()
    if exe is None:
        raise OutputError(INSTALL_HINT)
    target = docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as tmp:
        # A private profile lets several conversions run at once and never touches the user's settings.
        cmd = [exe, "--headless", f"-env:UserInstallation=file://{Path(tmp).as_posix()}/profile",
               "--convert-to", "pdf", "--outdir", tmp, str(docx)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise OutputError(f"LibreOffice 转换 {docx.name} 超时（{timeout} 秒）；.docx 初稿已生成") from None
        produced = Path(tmp) / (docx.stem + ".pdf")
        if not produced.is_file():
            raise OutputError(f"LibreOffice 未能把 {docx.name} 转换为 PDF；.docx 初稿已生成，可手动另存为 PDF")
        atomic_write(target, produced.read_bytes())
    return target
