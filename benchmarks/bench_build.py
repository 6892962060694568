"""Benchmark: loading and building, measured side by side in one run (python benchmarks/bench_build.py)."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reporter import api  # noqa: E402
from reporter.data import yamlsource  # noqa: E402


def big_report(items: int) -> dict[str, Any]:
    groups = 20
    return {
        "year": 2024,
        "achievements": [
            {
                "area": f"领域{g}",
                "items": [
                    {
                        "title": f"举措{g}-{i}",
                        "text": "推进依法行政工作取得新进展。" * 4,
                        "metrics": [{"name": f"指标{g}-{i}", "value": i + 2, "unit": "件", "previous": i + 1}],
                    }
                    for i in range(items // groups)
                ],
            }
            for g in range(groups)
        ],
        "problems": ["不足。"],
    }


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def workspace(tmp: Path, items: int | None) -> Path:
    root = tmp / f"ws{items}"
    if items is None:
        shutil.copytree(REPO / "data", root / "data")
    else:
        (root / "data/2024").mkdir(parents=True)
        (root / "data/unit.yaml").write_text("name: 甲市人民政府\nshort_name: 甲市\n", encoding="utf-8")
        (root / "data/2024/report.yaml").write_text(yaml.safe_dump(big_report(items), allow_unicode=True), encoding="utf-8")
    api.build_report(root, 2024)  # warm-up: templates generated once
    return root


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        big = workspace(tmp, 2000)
        example = workspace(tmp, None)
        path = big / "data/2024/report.yaml"

        c_loader = getattr(yamlsource, "SafeLoader")  # noqa: B009  (swapped below: not part of its interface)
        t_c = best_of(lambda: yamlsource.read_source(path, "report.yaml"))
        setattr(yamlsource, "SafeLoader", yaml.SafeLoader)  # noqa: B010
        t_py = best_of(lambda: yamlsource.read_source(path, "report.yaml"))
        setattr(yamlsource, "SafeLoader", c_loader)  # noqa: B010
        print(f"读取 2000 项的 report.yaml：C 加载器 {t_c * 1000:.0f} ms，纯 Python {t_py * 1000:.0f} ms，快 {t_py / t_c:.1f} 倍")

        t_example = best_of(lambda: api.build_report(example, 2024, force=True))
        t_big = best_of(lambda: api.build_report(big, 2024, force=True))
        print(f"生成示例报告 {t_example * 1000:.0f} ms；2000 项报告 {t_big * 1000:.0f} ms（{t_big / t_example:.1f} 倍，示例为 25 项）")

        tracemalloc.start()
        api.build_report(big, 2024, force=True)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        size = path.stat().st_size
        print(f"2000 项报告生成时 Python 内存峰值 {peak / 2**20:.1f} MB，为数据文件（{size / 2**20:.2f} MB）的 {peak / size:.0f} 倍")


if __name__ == "__main__":
    main()
