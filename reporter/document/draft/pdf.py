"""Convert a draft to PDF with LibreOffice in headless mode."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reporter.core.errors import OutputError
from reporter.core.files import atomic_write
from reporter.core.office import convert, soffice
from reporter.document.draft.pdf_fonts import fontconfig_file

INSTALL_HINT = (
    "未找到 LibreOffice（soffice），无法生成 PDF；Debian/Ubuntu 请运行 "
    "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-gbsn00lp fonts-arphic-gkai00mp poppler-utils"
    " 并在本仓库运行 make fonts（仿宋），"
    "Windows 请安装 LibreOffice 并把其 program 文件夹加入 PATH；.docx 初稿已生成"
)


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


# ------------------------------------------------------------------ does the PDF print every character?

# White space and zero-width characters (the date's word joiners) print nothing; page numbers are not the draft's.
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]")
_PAGE_NUMBER = re.compile(r"[—\-–－]\s*\d+\s*[—\-–－]")
_W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
# Context shown around a lost character, in characters either side.
_AROUND = 10


@dataclass(frozen=True)
class Loss:
    """Characters of the draft the PDF does not print: which, on what page, with the text around them."""

    chars: str
    page: int
    before: str
    after: str

    def message(self) -> str:
        if not (self.before or self.after):
            return f"少印了“{self.chars}”"
        where = f"第 {self.page} 页" if self.page else ""
        return f"{where}少印了“{self.chars}”：……{self.before}[{self.chars}]{self.after}……"


def draft_text(docx: Path) -> str:
    """The visible text of a draft's body, as the PDF should print it (white space aside)."""
    from lxml import etree

    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return _INVISIBLE.sub("", "".join(t.text or "" for t in root.iter(_W_T)))


def pdf_pages(pdf: Path) -> list[str] | None:
    """The text of each page of PDF (pdftotext), or None when poppler's pdftotext is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    out = subprocess.run([exe, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=120, check=False)
    pages = out.stdout.decode("utf-8", "replace").split("\f")
    return [_INVISIBLE.sub("", _PAGE_NUMBER.sub("", page)) for page in pages]


def losses(want: str, pages: list[str]) -> list[Loss]:
    """Where the draft's text `want` has characters the PDF's `pages` lack (none when every one is printed)."""
    got = "".join(pages)
    lost = Counter(want) - Counter(got)
    if not lost:
        return []
    page_of = [n for n, page in enumerate(pages, 1) for _ in page]
    found = []
    # Table cells may come out of pdftotext in another order: only characters really missing are named.
    for op, a1, a2, b1, _ in difflib.SequenceMatcher(None, want, got, autojunk=False).get_opcodes():
        if op not in ("delete", "replace"):
            continue
        chars = "".join(ch for ch in want[a1:a2] if lost[ch] > 0)
        if not chars:
            continue
        lost.subtract(chars)
        page = page_of[min(b1, len(page_of) - 1)] if page_of else 0
        found.append(Loss(chars, page, want[max(0, a1 - _AROUND) : a1], want[a2 : a2 + _AROUND]))
    if +lost:
        found.append(Loss("".join(sorted((+lost).elements())), 0, "", ""))
    return found


def check_pdf(docx: Path, pdf: Path) -> list[str]:
    """Warnings (Chinese, one per place) when the PDF does not print every character of the draft."""
    pages = pdf_pages(pdf)
    if pages is None:
        return ["未能核对 PDF 是否印出了初稿的每个字：未找到 pdftotext（Debian/Ubuntu 请安装 poppler-utils）"]
    return [loss.message() for loss in losses(draft_text(docx), pages)]
