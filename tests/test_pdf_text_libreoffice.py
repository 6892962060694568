"""Every character of a draft is in LibreOffice's PDF: punctuation at line ends, paragraphs grown line by line."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from reporter.content.context import report_context
from reporter.data.areas import Catalogue
from reporter.data.model import Report, Unit
from reporter.document.draft.pdf import check_pdf, draft_text, losses, pdf_pages, to_pdf
from reporter.document.draft.pdf_fonts import font_dirs

from .test_layout_libreoffice import convert_to_pdf, render_with_default_template

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="未安装 LibreOffice（soffice）或 poppler-utils（pdftotext），无法实际排版",
)

HAN = "法治政府建设年度报告工作要点依法行政制度体系决策程序执法监督复议应诉"
MARKS = "。，、；："


def _line(start: int, width: int) -> str:
    return "".join(HAN[(start + j) % len(HAN)] for j in range(width))


def _grown(lines: int, mark: str) -> str:
    """A paragraph of `lines` full lines, each followed by a mark that falls just past the line's end.

    The first line holds 26 characters after the two-character indent, the others 28: the mark is
    each time the 29th character, the place where LibreOffice used to hang it and then not print it.
    """
    text = ""
    for n in range(lines):
        text += _line(n * 3, 26 if n == 0 else 28) + mark
    return text


def _context(preface: list[str]) -> dict[str, Any]:
    unit = Unit.model_validate({"name": "示例市人民政府", "short_name": "示例市"})
    report = Report.model_validate({"year": 2024, "date": "2025-03-18", "preface": preface, "attachments": []})
    return report_context(unit, report, Catalogue.named("gangyao-2021"))


def test_marks_at_line_ends_are_printed_as_paragraphs_grow(tmp_path: Path) -> None:
    preface = [_grown(lines, MARKS[lines % len(MARKS)]) for lines in range(1, 23)]
    docx = render_with_default_template("report", _context(preface), tmp_path / "grown.docx")
    # the tool's own conversion (公文 font stand-ins) and a bare one (as any reader of the .docx makes it)
    assert check_pdf(docx, to_pdf(docx)) == []
    (tmp_path / "bare").mkdir()
    bare = convert_to_pdf(docx, tmp_path / "bare")
    pages = pdf_pages(bare)
    assert pages is not None
    assert losses(draft_text(docx), pages) == []


def test_full_pages_hold_22_lines_of_28_characters(tmp_path: Path) -> None:
    preface = ["".join(_line(n * 5, 28) for n in range(40))] * 2
    docx = render_with_default_template("report", _context(preface), tmp_path / "grid.docx")
    pdf = to_pdf(docx)
    second = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [re.sub(r"\s", "", line) for line in second.splitlines() if re.search("[\u4e00-\u9fff]", line)]
    assert len(lines) == 22
    assert {len(line) for line in lines[1:-1]} == {28}


@pytest.mark.skipif(not font_dirs(), reason="未安装 Fandol 字体（make fonts）")
def test_the_body_prints_in_fandolfang(tmp_path: Path) -> None:
    docx = render_with_default_template("report", _context(["依法行政，建设法治政府。"]), tmp_path / "face.docx")
    fonts = subprocess.run(["pdffonts", str(to_pdf(docx))], capture_output=True, text=True, check=True).stdout
    assert "FandolFang-Regular" in fonts
    assert "FandolHei-Regular" in fonts  # 一级标题 黑体
