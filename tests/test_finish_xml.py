"""Pages filled: mid-flow body paragraphs without widow control, the last of a flow and kept ones with it; a short report laid out."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from reporter.document.draft.finish_xml import fill_pages
from reporter.document.draft.pdf import to_pdf

from .conftest import FIXTURES, CliResult

OFF = '<w:widowControl w:val="0"/>'


def _p(style: str, extra: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr><w:r><w:t>{style}</w:t></w:r></w:p>'


def _styles_with_widows_off(xml: str) -> list[str]:
    return [m[1] for m in re.finditer(r'<w:pStyle w:val="(\w+)"/>(<w:widowControl w:val="0"/>)?', xml) if m[2]]


def test_mid_flow_paragraphs_lose_widow_control_the_last_of_a_flow_keeps_it() -> None:
    xml = "".join(
        [
            _p("GwTitle"),
            _p("GwBody"),  # the preface, a heading after it: off
            _p("GwHeading1"),
            _p("GwBody"),  # text after it: off
            _p("GwBody"),  # the body's last, 特此报告 kept with the block after it: on
            _p("GwBody", "<w:keepNext/>"),  # 特此报告, kept with the closing block: as it was
            _p("GwBody"),  # before the 附件说明: on
            _p("GwAttachNote"),
            _p("GwSignature"),
            _p("GwBody"),  # before a heading that starts a page: on
            _p("GwHeading1", "<w:pageBreakBefore/>"),
            _p("GwBody"),  # the document's last: on
        ]
    )
    done = fill_pages(xml)
    assert _styles_with_widows_off(done) == ["GwBody", "GwBody"]
    assert done.count(OFF) == 2 and done.replace(OFF, "") == xml
    assert done.index(OFF) < done.index("<w:t>GwBody") < done.index('<w:pStyle w:val="GwHeading1"/>')
    assert fill_pages(done) == done  # a second pass changes nothing


# CI installs LibreOffice (make test): there a missing soffice is a failure, not a skip.
@pytest.mark.skipif(not os.environ.get("CI") and shutil.which("soffice") is None, reason="未安装 LibreOffice，无法实际排版")
def test_a_short_department_report_fills_its_pages(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    # a 市直部门's four-page report: with widow control everywhere, page 2 stopped at 20 lines because the
    # heading 二、 and a three-line 一是 could not follow; GB/T 9704 5.2.2 wants the 版心 filled
    root = tmp_path / "ws"
    shutil.copytree(FIXTURES / "department-report", root)
    assert cli("build", "report", "2024", "--root", root).code == 0
    pdf = to_pdf(next((root / "drafts/2024").glob("*.docx")))
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    lines = [[ln for ln in page.splitlines() if re.search("[\u4e00-\u9fff]", ln)] for page in pages if page.strip()]
    body = [len(page) for page in lines[1:] if not page[0].strip().startswith("附件")]
    assert body[0] == 22
    assert all(count > 1 for count in map(len, lines))  # no page holds a single line


def test_a_packs_report_template_is_finished_as_a_draft(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    # the report template `pack` writes for each unit fills its pages as the drafts do
    root = tmp_path / "ws"
    shutil.copytree(FIXTURES / "department-report", root)
    with (root / "data/unit.yaml").open("a", encoding="utf-8") as unit:
        unit.write(
            "members: [云岭市市场监督管理局城东分局]\ncollection: {issuer: 云岭市市场监督管理局法规科, contact: 李华, phone: 0871-6660000}\n"
        )
    assert cli("pack", "2024", "--root", root).code == 0
    member = "云岭市市场监督管理局城东分局"
    template = root / f"drafts/2024/报送材料/{member}/{member}-法治政府建设情况报告（模板）.docx"
    with zipfile.ZipFile(template) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert OFF in xml and xml == fill_pages(xml)
