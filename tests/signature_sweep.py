"""Grows a draft's last body paragraph line by line across a page break and reports, from LibreOffice's PDF,
what stands on the signature's page and how many lines the page before holds.

Used by tests/test_signature_page_libreoffice.py; run it alone for the whole table:

    .venv/bin/python -m tests.signature_sweep report 0-22        # every attachments × closing × sealed case
    .venv/bin/python -m tests.signature_sweep plan 0-22
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from reporter import api

REPO = Path(__file__).resolve().parent.parent
LINE = "持续深化法治政府建设各项工作任务落实情况的跟踪问效机制，"  # 28 characters: one full line
PT_PER_MM = 72 / 25.4
PAGE_HEIGHT = 297 * PT_PER_MM
TEXT_TOP = 37 * PT_PER_MM
TEXT_BOTTOM = PAGE_HEIGHT - 35 * PT_PER_MM
PITCH = 28.9  # the house style's exact line spacing
LINES_PER_PAGE = 22
ATTACHMENTS = {0: [], 1: ["metrics"], 2: ["metrics", "tasks"]}
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@dataclass(frozen=True)
class Case:
    """One draft of the sweep: which document, its closing block, and how many lines the last paragraph grew."""

    kind: str  # "report" or "plan"
    attachments: int  # report: 0, 1 or 2 attachments listed; plan: its 任务分工表 (1) or none (0)
    closing: str  # report: 特此报告。 or ""; plan: unused
    sealed: bool
    grow: int  # lines of 28 characters added to the last paragraph

    @property
    def name(self) -> str:
        closing = "none" if not self.closing else "tcbg"
        return f"{self.kind}-a{self.attachments}-{closing}-{'sealed' if self.sealed else 'unsealed'}-{self.grow:02d}"


@dataclass
class Measure:
    """What LibreOffice made of one case."""

    case: Case
    signature_page: int  # 1-based
    above: list[str]  # the lines above the signature on its page
    body_above: int  # of them, lines of the body (not 特此报告, not 附件说明)
    closing_above: bool  # 特此报告 stands above the signature on its page
    before_lines: int  # text lines on the page before the signature's
    before_gap: int  # empty line slots at the foot of the page before
    alone: bool  # the signature has no body text above it on its page
    before_last: str  # the last line of the page before
    last_page: list[str]  # the last page's lines (the 版记 ends it)
    room: int  # empty line slots under the date on the signature's page (before a 版记 there)

    def row(self) -> str:
        return (
            f"{self.case.name:34} p{self.signature_page:<3} body-above={self.body_above:<3} "
            f"特此报告={'yes' if self.closing_above else 'no ':3} before={self.before_lines:2} lines, "
            f"gap={self.before_gap:2}{'  SIGNATURE ALONE' if self.alone else ''}"
        )


def _workspace(case: Case, tmp: Path) -> Path:
    root = tmp / case.name
    shutil.copytree(REPO / "data", root / "data")
    unit_path = root / "data/unit.yaml"
    unit = yaml.safe_load(unit_path.read_text(encoding="utf-8"))
    unit["sealed"] = case.sealed
    unit_path.write_text(yaml.safe_dump(unit, allow_unicode=True), encoding="utf-8")
    if case.kind == "report":
        path = root / "data/2024/report.yaml"
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc["attachments"] = ATTACHMENTS[case.attachments]
        doc["closing"] = case.closing
        doc["next_year"][-1]["text"] += LINE * case.grow
    else:
        path = root / "data/2024/plan.yaml"
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc["date"] = "2024-02-20"  # a dated plan is signed by its issuer
        doc["closing"][-1] += LINE * case.grow
        if not case.attachments:
            for section in doc["sections"]:
                section.pop("tasks", None)
                section.setdefault("text", ["做好有关工作。"])
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return root


def build(case: Case, tmp: Path) -> Path:
    """The case's workspace built into a .docx."""
    root = _workspace(case, tmp)
    result = api.build_report(root, 2024) if case.kind == "report" else api.build_plan(root, 2024)
    return result.drafts[0].path


def convert(docx: list[Path], out: Path, batch: int = 40) -> None:
    """Drafts laid out by LibreOffice, many a run (its start-up is most of a conversion's time); a draft a
    long run left without its PDF is tried once more alone."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=out))
    cmd = ["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf", "--outdir", str(out)]
    for i in range(0, len(docx), batch):
        subprocess.run([*cmd, *map(str, docx[i : i + batch])], capture_output=True, timeout=1800, check=False)
    for path in docx:
        if not (out / (path.stem + ".pdf")).exists():
            subprocess.run([*cmd, str(path)], capture_output=True, timeout=600, check=False)


def page_lines(pdf: Path) -> list[list[tuple[float, str]]]:
    """Per page, the text lines inside the 版心 as (bottom edge, text), top to bottom."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in bbox.split("<page ")[1:]:
        words = [(float(m[2]), float(m[4]), float(m[1]), m[5]) for m in _WORD.finditer(page)]
        words = [w for w in words if w[1] <= TEXT_BOTTOM + 2]
        lines: list[tuple[float, float, list[tuple[float, str]]]] = []
        for top, bottom, x, text in sorted(words):
            centre = (top + bottom) / 2
            if lines and centre - lines[-1][0] < 8:
                lines[-1][2].append((x, text))
                continue
            lines.append((centre, bottom, [(x, text)]))
        pages.append([(bottom, "".join(t for _, t in sorted(ws)).replace("\u2060", "")) for _, bottom, ws in lines])
    return pages


def _closing_line(text: str) -> bool:
    return text.startswith("特此报告") or text.startswith("附件") or bool(re.match(r"^\d+\.", text))


def _is(text: str, signature: str) -> bool:
    """The signature's own line (the 版记's 印发 line starts with the same name)."""
    return "".join(text.split()) == signature


def _room(lines: list[tuple[float, str]], date: int) -> int:
    """Line slots free under the date (line `date`) down to the next text on the page or the 版心's foot."""
    below = lines[date + 1][0] - PITCH if date + 1 < len(lines) else TEXT_BOTTOM
    return max(0, int((below - lines[date][0]) / PITCH + 0.3)) if date < len(lines) else 0


def measure(case: Case, pdf: Path, signature: str) -> Measure:
    pages = page_lines(pdf)
    # the body ends before the first attachment page (附件 / 附件1 alone at the top)
    body_end = next((i for i, p in enumerate(pages) if p and re.fullmatch(r"附件\d*", p[0][1])), len(pages))
    at = max(i for i in range(body_end) if any(_is(t, signature) for _, t in pages[i]))
    lines = pages[at]
    above = [t for _, t in lines[: next(i for i, (_, t) in enumerate(lines) if _is(t, signature))]]
    body = 0
    for text in above:
        if _closing_line(text):
            break
        body += 1
    before = pages[at - 1] if at > 0 else []
    gap = int((TEXT_BOTTOM - before[-1][0]) / PITCH + 0.3) if before else LINES_PER_PAGE
    return Measure(
        case=case,
        signature_page=at + 1,
        above=above,
        body_above=body,
        closing_above=any(t.startswith("特此报告") for t in above),
        before_lines=len(before),
        before_gap=gap,
        alone=body == 0 and not any(t.startswith("特此报告") for t in above),
        before_last=before[-1][1] if before else "",
        last_page=[t for _, t in pages[-1]],
        room=_room(lines, len(above) + 1),
    )


def sweep(cases: list[Case], tmp: Path) -> list[Measure]:
    """Build every case, lay all out in one LibreOffice run, measure each."""
    docx = {case: build(case, tmp) for case in cases}
    out = tmp / "pdf"
    out.mkdir(exist_ok=True)
    # one file name per case: every build writes the same draft name
    named = []
    for case, path in docx.items():
        target = out / f"{case.name}.docx"
        shutil.copy(path, target)
        named.append(target)
    convert(named, out)
    signature = "示例市人民政府" if cases and cases[0].kind == "report" else "示例市人民政府办公室"
    return [measure(case, out / f"{case.name}.pdf", signature) for case in cases]


def all_cases(kind: str, grow: range) -> list[Case]:
    if kind == "plan":
        return [Case("plan", a, "", s, n) for a in (1, 0) for s in (True, False) for n in grow]
    return [Case("report", a, c, s, n) for a in (0, 1, 2) for c in ("特此报告。", "") for s in (True, False) for n in grow]


def main(argv: list[str]) -> int:
    kind = argv[0] if argv else "report"
    first, _, last = (argv[1] if len(argv) > 1 else "0-22").partition("-")
    grow = range(int(first), int(last or first) + 1)
    only = argv[2] if len(argv) > 2 else ""
    cases = [c for c in all_cases(kind, grow) if only in c.name]
    with tempfile.TemporaryDirectory(prefix="signature-sweep-") as tmp:
        for m in sweep(cases, Path(tmp)):
            print(m.row(), "|", " / ".join(m.above[-6:]) if m.body_above < 3 else "", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
