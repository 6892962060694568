"""The last page laid out by LibreOffice as the last paragraph grows: the signature never alone, the 版记 at the foot."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml

from reporter import api

from .conftest import REPO

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="未安装 LibreOffice（soffice）或 poppler-utils（pdftotext），无法实际排版",
)

LINE = "持续深化法治政府建设各项工作任务落实情况的跟踪问效机制，"  # 28 characters: one full line
SIGNATURE = "示例市人民政府"


def _grown(tmp: Path, name: str, lines: int, attachments: list[str]) -> Path:
    """The example report with its last paragraph `lines` lines longer, built into a .docx."""
    root = tmp / name
    shutil.copytree(REPO / "data", root / "data")
    path = root / "data/2024/report.yaml"
    report = yaml.safe_load(path.read_text(encoding="utf-8"))
    report["attachments"] = attachments
    report["next_year"][-1]["text"] += LINE * lines
    path.write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    return api.build_report(root, 2024).drafts[0].path


def _pages(docx: list[Path], out: Path) -> dict[str, list[list[str]]]:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=out))
    cmd = ["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf", "--outdir", str(out)]
    subprocess.run([*cmd, *map(str, docx)], capture_output=True, timeout=900, check=False)
    pages = {}
    for path in docx:
        text = subprocess.run(["pdftotext", "-layout", str(out / (path.stem + ".pdf")), "-"], capture_output=True, text=True, check=True)
        pages[path.parent.parent.parent.name] = [
            [ln.strip() for ln in page.splitlines() if ln.strip() and not re.fullmatch(r"\s*—\s*\d+\s*—\s*", ln)]
            for page in text.stdout.split("\f")
        ]
    return pages


def _signature_page(pages: list[list[str]]) -> int:
    body_end = next((i for i, p in enumerate(pages) if p and re.fullmatch(r"附件\s*\d*", p[0])), len(pages))
    return max(i for i in range(body_end) if SIGNATURE in pages[i])


def test_the_signature_never_stands_alone_and_the_imprint_ends_the_last_page(tmp_path: Path) -> None:
    cases = {f"two-{n}": (n, ["metrics", "tasks"]) for n in range(9, 20)} | {f"none-{n}": (n, []) for n in range(8, 15)}
    docx = [_grown(tmp_path, name, lines, attachments) for name, (lines, attachments) in cases.items()]
    (tmp_path / "pdf").mkdir()
    for name, pages in _pages(docx, tmp_path / "pdf").items():
        at = _signature_page(pages)
        above = pages[at][: pages[at].index(SIGNATURE)]
        # body text above the signature on its page: 特此报告。 at least, the last paragraph's lines when they fit
        assert "特此报告。" in above, (name, pages[at])
        # the page before is not left short by more than the closing block that moved
        assert len(pages[at - 1]) >= 22 - 8, (name, len(pages[at - 1]))
        # the 版记 is the last text of the last page: 抄送 then 印发机关 and date
        last = pages[-1] if pages[-1] else pages[-2]
        assert last[-2].startswith("抄送：") and last[-1].endswith("印发"), (name, last[-3:])
