"""The signature block laid out by LibreOffice: GB/T 9704 7.3.5.1 and 7.3.5.2 geometry, and keep-with-next at a page break."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from reporter.content.context import report_context
from reporter.data.areas import Catalogue
from reporter.data.model import Report, Unit

from .test_layout_libreoffice import PT_PER_MM, Word, render_with_default_template

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="未安装 LibreOffice（soffice）或 poppler-utils（pdftotext），无法实际排版",
)

RIGHT = (210 - 26) * PT_PER_MM  # right edge of the 版心 in PDF points
ONE = 16 - 0.25  # one 三号 character with the house style's -0.25 pt spacing
TOLERANCE = 2.5  # points: rounding in LibreOffice's layout, well under a sixth of a character


def _context(unit: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    base = {"year": 2024, "date": "2025-03-18", "preface": "2024年，我市法治政府建设取得新进展。", "attachments": []}
    return report_context(Unit.model_validate(unit), Report.model_validate({**base, **report}), Catalogue.named("gangyao-2021"))


def _pages(docs: dict[str, dict[str, Any]], tmp: Path) -> dict[str, list[list[Word]]]:
    """Render each context with the default template, lay all out in one LibreOffice run, read the word boxes."""
    paths = [render_with_default_template("report", ctx, tmp / f"{name}.docx") for name, ctx in docs.items()]
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=tmp))
    cmd = ["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf", "--outdir", str(tmp)]
    subprocess.run([*cmd, *map(str, paths)], capture_output=True, timeout=600, check=False)
    out = {}
    for name in docs:
        bbox = subprocess.run(["pdftotext", "-bbox", str(tmp / f"{name}.pdf"), "-"], capture_output=True, text=True, check=True).stdout
        pages = []
        for page in bbox.split("<page ")[1:]:
            pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
            pages.append([Word(m[5], *(float(m[i]) for i in range(1, 5))) for m in re.finditer(pattern, page)])
        out[name] = pages
    return out


def _find(words: list[Word], text: str) -> Word:
    return next(w for w in words if w.text.replace("\u2060", "") == text)


def test_sealed_and_unsealed_geometry(tmp_path: Path) -> None:
    docs = {
        "sealed": _context({"name": "示例市人民政府", "short_name": "示例市"}, {}),
        "unsealed": _context({"name": "示例市人民政府", "short_name": "示例市", "sealed": False}, {}),
        "unsealed_long": _context({"name": "示例市人民政府办公室", "short_name": "示例市", "sealed": False}, {}),
    }
    pages = _pages(docs, tmp_path)

    words = pages["sealed"][-1]
    name, date = _find(words, "示例市人民政府"), _find(words, "2025年3月18日")
    # 7.3.5.1: the date 右空四字, the name centred over it
    assert abs((RIGHT - date.x1) - 4 * ONE) < TOLERANCE, RIGHT - date.x1
    assert abs((name.x0 + name.x1) / 2 - (date.x0 + date.x1) / 2) < TOLERANCE
    assert date.y0 > name.y0

    # 7.3.5.2: the date's first character two characters right of the name's; the longer line 右空二字
    words = pages["unsealed"][-1]
    name, date = _find(words, "示例市人民政府"), _find(words, "2025年3月18日")
    assert abs((date.x0 - name.x0) - 2 * ONE) < TOLERANCE, date.x0 - name.x0
    assert abs((RIGHT - date.x1) - 2 * ONE) < TOLERANCE  # the date (shifted) is the longer line
    words = pages["unsealed_long"][-1]
    name, date = _find(words, "示例市人民政府办公室"), _find(words, "2025年3月18日")
    assert abs((RIGHT - name.x1) - 2 * ONE) < TOLERANCE, RIGHT - name.x1
    assert abs((date.x0 - name.x0) - 2 * ONE) < TOLERANCE, date.x0 - name.x0


def _body_lines_before(words: list[Word], signature: Word) -> int:
    """Lines of text on a page above the signature (the blank lines between hold no words)."""
    tops = {round(w.y0) for w in words if w.y1 <= signature.y0 and re.search("[\u4e00-\u9fff]", w.text)}
    return len(tops)


@pytest.mark.parametrize("closing", ["特此报告。", ""])
def test_signature_never_stands_alone_on_a_page(tmp_path: Path, closing: str) -> None:
    """Grow the last paragraph line by line across the page break: the signature always keeps body text above it."""
    filler = "各部门认真落实法治政府建设各项任务，持续提升依法行政水平。" * 12
    docs = {}
    for lines in range(1, 13):
        # 28 characters a line; the first line is indented two characters
        last = ("法治政府建设" * 60)[: 26 + 28 * (lines - 1) - 1] + "。"
        report = {"preface": [filler, filler], "other": [last], "closing": closing}
        docs[f"grow{lines:02d}"] = _context({"name": "示例市人民政府", "short_name": "示例市"}, report)
    laid_out = _pages(docs, tmp_path)
    pages_seen = set()
    for name, pages in laid_out.items():
        page = next(p for p in pages if any(w.text == "示例市人民政府" for w in p))
        signature = _find(page, "示例市人民政府")
        pages_seen.add(len(pages))
        assert _body_lines_before(page, signature) >= 1, name
        text = "".join(w.text for w in page)
        if closing:
            assert "特此报告。" in text, name
        else:
            assert "法治政府建设法治政府建设" in text, name
    assert len(pages_seen) > 1, "the growing paragraph never pushed the signature onto a new page"
