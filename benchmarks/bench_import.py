"""Benchmark: `reporter import report|plan` of large documents against reading and splitting the same text.

Run: .venv/bin/python benchmarks/bench_import.py [MB]   (default 10; prints the figures side by side in one run)

Three shapes of one generated document (report and plan): a .txt with its line breaks, the same text as a
web page saved without line breaks (one long line, paragraphs parted by spaces, the site's chrome around
them), and a .docx; each at 1 MB and at the size asked for, to show the time grows linearly. Each import
runs in a process of its own (start-up included) right after a baseline in a process of its own: reading
the file, decoding it and splitting it into lines and words (a .docx: unzipping its text part and collecting
every paragraph's text with lxml). Time and peak memory of both are printed side by side; the ratio is what
counts, as it moves far less with the machine's load than seconds do.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


BOUND_SECONDS = 20  # for 10 MB: the largest text the importer accepts
PHRASES = (
    "深化行政执法体制改革 全面推行行政执法三项制度 开展行政执法案卷评查 规范行政裁量权基准 推进严格规范公正文明执法 "
    "健全行政复议工作机制 办理行政复议案件 做好行政应诉工作 落实行政机关负责人出庭应诉制度 加强合法性审查 "
    "完善重大行政决策程序 推进政务公开 优化法治化营商环境 开展“八五”普法 建设法治乡村 加强基层法治建设 "
    "推进公共法律服务体系建设 化解矛盾纠纷 健全人民调解组织网络 加强规范性文件备案审查 提升依法行政能力"
).split()
UNITS = ["市司法局", "市委编办", "市财政局", "市市场监管局", "市生态环境局", "各县（市、区）人民政府"]


def sentence(rng: random.Random) -> str:
    parts = [rng.choice(PHRASES) for _ in range(rng.randint(2, 4))]
    roll = rng.random()
    if roll < 0.25:
        parts.append(
            f"全年办理{rng.choice(['案件', '事项', '申请'])}{rng.randint(10, 9999)}件，同比增长{rng.randint(1, 40)}.{rng.randint(0, 9)}%"
        )
    elif roll < 0.35:
        parts.append(f"认真贯彻《{rng.choice(['行政复议法', '行政处罚法', '法治政府建设实施纲要（2021—2025年）'])}》")
    return "，".join(parts) + "。"


def paragraph(rng: random.Random, annotated: bool) -> str:
    text = "".join(sentence(rng) for _ in range(rng.randint(2, 5)))
    if annotated:
        text += f"（牵头单位：{rng.choice(UNITS)}；责任单位：{'、'.join(rng.sample(UNITS, 2))}；完成时限：{rng.randint(3, 12)}月底前）"
    return text


def document(size: int, plan: bool, seed: int = 7) -> list[str]:
    """The paragraphs of a report (or a plan) of about `size` bytes in UTF-8: 一、 / （一） / 1. headings and text."""
    from reporter.content.numbering import chinese_number

    rng = random.Random(seed)
    title = "示例市2025年法治政府建设工作要点" if plan else "示例市人民政府关于2024年法治政府建设情况的报告"
    lines = [
        title,
        "为深入推进依法行政，加快建设法治政府，结合我市实际，制定本要点。"
        if plan
        else "2024年，我市深入贯彻落实中央和省委、省政府决策部署，现将有关情况报告如下。",
    ]
    parts = ["健全政府机构职能体系", "健全依法行政制度体系", "健全行政决策制度体系", "健全行政执法工作体系", "存在的问题和下一步工作"]
    per_part = max(1, size // (len(parts) * 3))  # bytes of text in one part (three bytes a character)
    for p, heading in enumerate(parts, 1):
        lines.append(f"{chinese_number(p)}、{heading}")
        written, section = 0, 0
        while written < per_part:
            section += 1
            lines.append(f"（{chinese_number(section)}）{rng.choice(PHRASES)}")
            for item in range(1, rng.randint(3, 12)):
                text = f"{item}.{rng.choice(PHRASES)}。{paragraph(rng, plan)}"
                lines.append(text)
                written += len(text)
    lines += ["示例市人民政府", "2025年3月1日"]
    return lines


def write_text(lines: list[str], path: Path) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_web_page(lines: list[str], path: Path) -> None:
    """A web page saved as text without line breaks: one line, the paragraphs parted by spaces, a site's chrome around them."""
    head = "首页 > 政务公开 > 法治政府建设 仅供学习 禁止外传 发布时间：2025-03-01 来源：示例市司法局"
    tail = "【打印本页】【关闭窗口】 相关链接 上一篇 下一篇 版权所有：示例市人民政府"
    path.write_text(" ".join([head, *lines, tail]), encoding="utf-8")


def write_docx(lines: list[str], path: Path) -> None:
    from docx import Document

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(str(path))


# Each measurement runs in a fresh process, which prints its seconds and its peak memory (MB).
# CPU seconds (user + system) are what is compared: on a shared machine they move far less than wall time.
# The peak is VmHWM, the high-water mark of this process's own memory (ru_maxrss would carry the parent's).
_MEASURE = """
import re, resource, sys, time
sys.path.insert(0, {repo!r})
def cpu():
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime
start, wall = cpu(), time.perf_counter()
{body}
seconds, wall = cpu() - start, time.perf_counter() - wall
peak = int(re.search(r"VmHWM:\\s*(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
print(seconds, wall, peak)
"""
# The least any importer does: read the file, decode it and split it into lines and words (a .docx: unzip
# its text part and collect every paragraph's text).
BASELINE_TEXT = """
from pathlib import Path
words = [line.split() for line in Path({path!r}).read_bytes().decode("utf-8").splitlines()]
"""
BASELINE_DOCX = """
import zipfile
from lxml import etree
W = "{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}"
root = etree.fromstring(zipfile.ZipFile({path!r}).read("word/document.xml"))
words = ["".join(t.text or "" for t in p.iter(W + "t")).split() for p in root.iter(W + "p")]
"""
IMPORT = """
import contextlib, io
from reporter.cli.app import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = main(["import", {kind!r}, {path!r}, "--root", {root!r}, "--year", "2024", "--out", {out!r}])
assert code == 0, code
"""


Measure = tuple[float, float, float]  # CPU seconds, wall seconds, peak MB


def measure(body: str) -> Measure:
    """CPU seconds, wall seconds and peak memory (MB) of `body` run in a process of its own."""
    code = _MEASURE.format(repo=str(REPO), body=body)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(done.stderr)
    seconds, wall, peak = done.stdout.split()[-3:]
    return float(seconds), float(wall), float(peak)


def case(kind: str, path: Path, root: Path) -> tuple[Measure, Measure]:
    """The baseline and the import of one file, measured one right after the other."""
    out = root / "data" / f"{path.name}.yaml"
    out.unlink(missing_ok=True)
    baseline = (BASELINE_DOCX if path.suffix == ".docx" else BASELINE_TEXT).format(path=str(path))
    return measure(baseline), measure(IMPORT.format(kind=kind, path=str(path), root=str(root), out=str(out)))


SHAPES = [("有换行的 .txt", ".txt", write_text), ("无换行的网页文本", "-web.txt", write_web_page), (".docx", ".docx", write_docx)]


def main() -> int:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    sizes = sorted({1.0, megabytes})
    slowest = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "data").mkdir()
        print("| 命令 | 文件 | 正文 | 导入（CPU / 实际） | 读入并分行（CPU） | 之比 | 内存峰值（导入 / 读入） |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for kind in ("report", "plan"):
            for label, suffix, write in SHAPES:
                per_mb = []
                for mb in sizes:
                    lines = document(int(mb * 1_000_000), plan=kind == "plan")
                    path = root / f"{kind}-{mb:g}{suffix}"
                    write(lines, path)
                    (base, _, base_mb), (seconds, wall, peak) = case(kind, path, root)
                    per_mb.append(seconds / mb)
                    text_mb = len("\n".join(lines).encode()) / 1_000_000
                    print(
                        f"| import {kind} | {label} | {text_mb:.1f} MB | {seconds:.2f} / {wall:.2f} 秒 | {base:.3f} 秒 "
                        f"| {seconds / base:.0f}× | {peak:.0f} MB / {base_mb:.0f} MB |"
                    )
                    if mb >= 10:
                        slowest = max(slowest, seconds)
                if len(per_mb) == 2:
                    print(
                        f"|  | 每 MB 用时：{sizes[-1]:g} MB 时为 {sizes[0]:g} MB 时的 {per_mb[1] / per_mb[0]:.2f} 倍（1 为线性） | | | | | |"
                    )
    print(f"10 MB 最慢 {slowest:.1f} 秒 CPU（上限 {BOUND_SECONDS} 秒）")
    return 1 if slowest >= BOUND_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
