"""Benchmark: `reporter merge` (whole process) of the example's units plus one unit sending an N-row metrics sheet.

Run: .venv/bin/python benchmarks/bench_merge.py [rows]   (default 100000; prints the figures side by side in one run)

Side by side in one run, each a fresh process (time and peak memory from the kernel, os.wait4):
- `reporter merge` with the N-row sheet, and with a sheet of N/10 rows: linear work takes about ten times as long;
- the real content: a process that only reads the N-row sheet's cells into Python (python-calamine), against
  which merge's peak memory is measured (issue 24: "never more memory than a few times the real content").

Before (main at d7d07a3, 2026-12-06, 2-core VM under the load of six other developers): 10,000 rows 25.8 s CPU
and 374 MB; 100,000 rows 1956 s CPU and 2.77 GB (about 421 s on a quieter machine), almost all in writing the summary .docx/.xlsx (openpyxl cells in
memory, a row lookup that scanned every cell, python-docx walking the whole table) and merged.yaml (a YAML parse
for every string written). The figures after are in README.md (the bench_merge.py paragraph).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REPORTER = Path(sys.executable).with_name("reporter")


def workspace(root: Path, rows: int) -> Path:
    """The example workspace (data/, templates/) with 示例市审计局 sending a sheet of `rows` distinct metrics."""
    from openpyxl import Workbook

    for part in ("data", "templates"):
        if (REPO / part).exists():
            shutil.copytree(REPO / part, root / part)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("指标")
    sheet.append(["示例市审计局2024年法治政府建设主要指标"])
    sheet.append(["指标", "单位", "2024年", "2023年", "分子", "分母", "备注"])
    for i in range(rows):
        sheet.append([f"专项指标第{i:06d}项办理件数", "件", 100 + i % 977, 90 + i % 813, None, None, "按年度统计" if i % 3 == 0 else None])
    book.save(root / "data/2024/units/示例市审计局-统计表.xlsx")
    return root


def measured(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak resident MB) of one process and its children."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: the units' findings (warnings are fine, an error exits 1 too)
        raise SystemExit(f"{' '.join(args)} exited {process.returncode}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


READ_ONLY = (
    "from python_calamine import CalamineWorkbook; import sys; "
    "rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python(); print(len(rows))"
)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
        big, small = workspace(Path(tmp) / "big", rows), workspace(Path(tmp) / "small", rows // 10)
        sheet = big / "data/2024/units/示例市审计局-统计表.xlsx"
        content = measured([sys.executable, "-c", READ_ONLY, str(sheet)], big)
        tenth = measured([str(REPORTER), "merge", "2024", "--force"], small)
        whole = measured([str(REPORTER), "merge", "2024", "--force"], big)
        written = sorted(p.name for p in (big / "drafts/2024/汇总").iterdir())
    print(f"{'':34}{'wall':>9}{'CPU':>9}{'peak RSS':>10}")
    for label, (wall, cpu, peak) in (
        (f"read the {rows}-row sheet only", content),
        (f"merge, {rows // 10} rows", tenth),
        (f"merge, {rows} rows", whole),
    ):
        print(f"{label:34}{wall:8.1f}s{cpu:8.1f}s{peak:7d} MB")
    print(f"CPU {rows} / {rows // 10} rows: {whole[1] / tenth[1]:.1f}× (linear: about 10×)")
    print(f"peak memory of merge / of reading the sheet: {whole[2] / content[2]:.1f}×")
    print("written:", "、".join(written))


if __name__ == "__main__":
    main()
