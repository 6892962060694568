"""Benchmark: 300 unit reports by `reporter build report YEAR --units` (whole process) vs a plain docxtpl loop, and `merge` of them.

Run: .venv/bin/python benchmarks/bench_units.py [units]   (prints the figures side by side in one run)
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reporter.content.context import report_context  # noqa: E402
from reporter.data.areas import Catalogue  # noqa: E402
from reporter.data.model import Report, Unit  # noqa: E402

AREAS = ["健全政府机构职能体系", "健全依法行政制度体系", "健全行政决策制度体系", "健全行政执法工作体系", "健全突发事件应对体系"]


def unit_report(i: int) -> dict[str, Any]:
    """A plausible department report: 5 areas, 2 items each with metrics, problems, next year."""
    return {
        "year": 2024,
        "unit": f"示例市第{i}部门",
        "submitted": "2025-02-20",
        "date": "2025-02-20",
        "preface": "2024年，我局深入贯彻落实《法治政府建设实施纲要（2021—2025年）》，扎实推进本部门法治建设。现将有关情况报告如下。",
        "achievements": [
            {
                "area": area,
                "items": [
                    {
                        "title": f"推进第{j + 1}项重点工作",
                        "text": "完善工作机制，细化任务分工，全年各项工作取得明显成效。" * 3,
                        "status": "done",
                        "metrics": [
                            {"name": f"{area[2:6]}事项", "value": i + j + 10, "unit": "件", "previous": i + j + 8},
                            {"name": "罚没金额", "value": 12.5 + i, "unit": "万元", "previous": 10 + i},
                        ],
                    }
                    for j in range(2)
                ],
            }
            for area in AREAS
        ],
        "problems": [{"text": "基层执法力量仍显薄弱", "cause": "编制和经费保障不足"}, "制度建设质量有待提高"],
        "leadership": [{"title": "履行第一责任人职责", "text": "主要负责同志专题研究法治建设工作4次。"}],
        "next_year": [{"area": AREAS[3], "title": "深化执法规范化建设", "text": "推进执法规范化。", "due": "2025年12月底前"}],
    }


def workspace(root: Path, count: int) -> None:
    units = root / "data/2024/units"
    units.mkdir(parents=True)
    unit = {"name": "示例市人民政府", "short_name": "示例市", "members": [f"示例市第{i}部门" for i in range(count)]}
    (root / "data/unit.yaml").write_text(yaml.safe_dump(unit, allow_unicode=True), encoding="utf-8")
    for i in range(count):
        (units / f"示例市第{i}部门.yaml").write_text(yaml.safe_dump(unit_report(i), allow_unicode=True, sort_keys=False), encoding="utf-8")


def run(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([str(REPO / ".venv/bin/reporter"), *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return elapsed


def plain_loop(root: Path, count: int, out: Path) -> tuple[float, float]:
    """The same job one unit after another with docxtpl: read the YAML, build the same context, render, save.

    Returns (whole loop, docxtpl render and save alone).
    """
    from docxtpl import DocxTemplate

    template = root / "templates/report.docx"
    catalogue = Catalogue.named("gangyao-2021")
    out.mkdir(parents=True, exist_ok=True)
    rendering = 0.0
    start = time.perf_counter()
    for i in range(count):
        name = f"示例市第{i}部门"
        report = Report.model_validate(yaml.safe_load((root / f"data/2024/units/{name}.yaml").read_text(encoding="utf-8")))
        context = report_context(Unit(name=name, short_name=name, recipients=["示例市人民政府"]), report, catalogue)
        begin = time.perf_counter()
        tpl = DocxTemplate(str(template))
        tpl.render(context, autoescape=True)
        buf = io.BytesIO()
        tpl.save(buf)
        (out / f"{name}.docx").write_bytes(buf.getvalue())
        rendering += time.perf_counter() - begin
    return time.perf_counter() - start, rendering


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        workspace(root, count)
        run(["build", "report", "2024", "--units", "--root", str(root)])  # warm-up: writes the default templates
        drafts = len(list((root / "drafts/2024/units").glob("*.docx")))
        # the median of three whole runs: a virtual machine's disk and CPU vary from run to run
        ours = statistics.median(run(["build", "report", "2024", "--units", "--force", "--root", str(root)]) for _ in range(3))
        plain, render_only = plain_loop(root, count, Path(tmp) / "plain")
        merge = run(["merge", "2024", "--force", "--root", str(root)])
    cores = os.cpu_count()
    print(f"{count} 个单位，{cores} 核")
    print(f"{'reporter build report --units（整个进程）':<40}{ours:8.2f} s   {drafts} 份")
    print(f"{'docxtpl 逐个生成（读取+渲染+保存）':<40}{plain:8.2f} s   倍数 {plain / ours:.1f} ×")
    print(f"{'  其中 docxtpl 渲染+保存':<40}{render_only:8.2f} s   倍数 {render_only / ours:.1f} ×")
    print(f"{'reporter merge（整个进程）':<40}{merge:8.2f} s")


if __name__ == "__main__":
    main()
