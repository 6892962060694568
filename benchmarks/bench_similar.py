"""Benchmark: near-duplicate search of 2000 paragraphs against last year's 2000 (python benchmarks/bench_similar.py).

The check must stay well under 20 seconds for an office's largest report; the suite only tests what it finds.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reporter.checks.similar import near_duplicates  # noqa: E402

BOUND_SECONDS = 20
WORDS = "深化 行政执法 体制改革 全面推行 三项制度 开展 案卷评查 规范 执法行为 提升 质效 复议 应诉 调解 普法 决策 合法性审查 备案 公开 监督 平台 数据 共享 乡镇 街道".split()


def paragraphs(rng: random.Random, n: int) -> list[str]:
    def one() -> str:
        return "，".join("".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6))) for _ in range(rng.randint(3, 8))) + "。"

    return [one() for _ in range(n)]


def main() -> int:
    rng = random.Random(7)
    previous, current = paragraphs(rng, 2000), paragraphs(rng, 2000)
    for i in rng.sample(range(2000), 40):
        current[i] = previous[i].replace("开展", "组织开展", 1)
    start = time.perf_counter()
    found = near_duplicates([(t, i) for i, t in enumerate(current)], [(t, i) for i, t in enumerate(previous)])
    seconds = time.perf_counter() - start
    print(f"2000 × 2000 段：{seconds:.2f} 秒，找到 {len(found)} 处相近（上限 {BOUND_SECONDS} 秒）")
    return 0 if seconds < BOUND_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
