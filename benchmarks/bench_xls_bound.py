"""Benchmark: what measuring an .xls before calamine parses it costs (python benchmarks/bench_xls_bound.py [rows]).

A 60,000-row sheet saved as .xls by LibreOffice: CPU time of the measuring walk (consolidate/biffcells), of
calamine parsing the same bytes, and of reading the whole sheet as merge does (sheets.read_sheet), side by side.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from reporter.consolidate.biffcells import scan_book  # noqa: E402
from reporter.consolidate.sheetcells import _percent_format  # noqa: E402
from reporter.consolidate.sheets import read_sheet  # noqa: E402


def _xls(folder: Path, rows: int) -> Path:
    rng = random.Random(3)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["指标", "单位", "2024年", "2023年", "分子", "分母", "备注", "填报单位"])
    for i in range(rows):
        note = "说明文字" * rng.randint(0, 5) or None
        sheet.append(
            [
                f"指标{i}号行政执法事项",
                "件",
                rng.randint(0, 10**6),
                rng.random() * 1000,
                rng.randint(0, 100),
                100,
                note,
                f"青禾县第{i % 97}局",
            ]
        )
    book.save(folder / "big.xlsx")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xls", "--outdir", str(folder), str(folder / "big.xlsx")], check=True, capture_output=True
    )
    return folder / "big.xls"


def _cpu(job: object) -> float:
    start = time.process_time()
    job()  # type: ignore[operator]
    return time.process_time() - start


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 60_000
    with tempfile.TemporaryDirectory() as tmp:
        path = _xls(Path(tmp), rows)
        data = path.read_bytes()
        scan = min(_cpu(lambda: scan_book(data, _percent_format)) for _ in range(3))
        parse = min(
            _cpu(lambda: CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python(skip_empty_area=False))
            for _ in range(3)
        )
        whole = min(_cpu(lambda: read_sheet(path, "big.xls", 2024)) for _ in range(3))
    print(
        f".xls {len(data) / 1e6:.1f} MB，{rows:,} 行：测量 {scan:.2f} 秒，calamine 解析 {parse:.2f} 秒，整张表读入（含测量）{whole:.2f} 秒（CPU 时间）"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
