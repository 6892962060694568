"""Benchmark: whole-process times of reporter commands next to a plain docxtpl script, in one run (python benchmarks/bench_speed.py)."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RUNS = int(os.environ.get("BENCH_RUNS", "9"))
TYPER = 'python -c "import typer"'

# What a developer would write without reporter: the same imports, the same template, the same context.
PLAIN = """
import json, sys
import typer, yaml, pydantic
from docxtpl import DocxTemplate

yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
context = json.load(open(sys.argv[2], encoding="utf-8"))
tpl = DocxTemplate(sys.argv[3])
tpl.render(context, autoescape=True)
tpl.save(sys.argv[4])
"""


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one whole process; CPU time shrugs off other load on the machine."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # check exits 1 when the data has errors: still a valid run
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def setup(tmp: Path) -> tuple[Path, dict[str, str]]:
    root = tmp / "ws"
    shutil.copytree(REPO / "data", root / "data")
    env = dict(os.environ, REPORTER_CACHE_DIR=str(tmp / "cache"))
    # As installed for users: bytecode cached (some shells export PYTHONDONTWRITEBYTECODE, which
    # would recompile reporter's sources on every run while site-packages keep their .pyc files).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # First build: default templates written, template prepared and cached (what every later build reuses).
    subprocess.run([str(BIN / "reporter"), "build", "report", "2024"], cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
    dump = (
        "import json, sys; from pathlib import Path; from reporter.data.setting import load_setting, load_year_report;"
        "from reporter.content import context as ctx; s = load_setting(Path('.'));"
        "c = ctx.report_context(s.unit.model, load_year_report(s, 2024).model, s.catalogue, 28.0);"
        "json.dump(c, open(sys.argv[1], 'w', encoding='utf-8'), ensure_ascii=False)"
    )
    subprocess.run([sys.executable, "-c", dump, str(tmp / "context.json")], cwd=root, env=env, check=True)
    (tmp / "plain.py").write_text(PLAIN, encoding="utf-8")
    return root, env


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        root, env = setup(tmp)
        py = sys.executable
        cases = {
            "reporter build report": [str(BIN / "reporter"), "build", "report", "2024", "--force"],
            "plain docxtpl script": [
                py,
                str(tmp / "plain.py"),
                "data/2024/report.yaml",
                str(tmp / "context.json"),
                "templates/report.docx",
                str(tmp / "plain.docx"),
            ],
            "reporter --help": [str(BIN / "reporter"), "--help"],
            "reporter check": [str(BIN / "reporter"), "check", "2024"],
            TYPER: [py, "-c", "import typer"],
        }
        wall: dict[str, list[float]] = {label: [] for label in cases}
        cpu: dict[str, list[float]] = {label: [] for label in cases}
        for _ in range(RUNS):  # interleaved, so a busy moment hits every case alike
            for label, cmd in cases.items():
                w, c = timed(cmd, root, env)
                wall[label].append(w)
                cpu[label].append(c)
        report(wall, cpu)
        renders(root, env)


RENDERS = """
import sys, time
from pathlib import Path
from reporter.content import context as ctx
from reporter.data.setting import load_setting, load_year_report
from reporter.document.draft import prepared as module
from reporter.document.draft.prepared import prepare_template
from reporter.document.draft.render import render

s = load_setting(Path("."))
c = ctx.report_context(s.unit.model, load_year_report(s, 2024).model, s.catalogue, 28.0)
template = Path("templates/report.docx")
T = time.process_time
def best(fn, n=15):
    times = []
    for _ in range(n):
        t = T(); fn(); times.append(T() - t)
    return min(times) * 1000
prepared = prepare_template(template, "t")
print(f"{best(lambda: render(template, c, 't')):.1f} {best(lambda: prepared.render(c)):.1f} {best(lambda: (module._MEMORY.clear(), prepare_template(template, 't'))):.1f}")
"""


def renders(root: Path, env: dict[str, str]) -> None:
    """In one process (300 unit reports in a run): a docxtpl render against a prepared template's render."""
    out = subprocess.run([sys.executable, "-c", RENDERS], cwd=root, env=env, check=True, capture_output=True, text=True).stdout.split()
    docxtpl, fast, cached = (float(x) for x in out)
    print("\none render of the example report in a running process (best of 15, CPU):")
    print(
        f"  docxtpl {docxtpl:.1f} ms, prepared template {fast:.1f} ms ({fast / docxtpl:.2f}×), preparation from the disk cache {cached:.1f} ms"
    )


def report(wall: dict[str, list[float]], cpu: dict[str, list[float]]) -> None:
    med_wall = {label: statistics.median(ts) for label, ts in wall.items()}
    med_cpu = {label: statistics.median(ts) for label, ts in cpu.items()}
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, {platform.system()}"
    )
    print(f"median of {RUNS} interleaved runs, whole process: wall time, CPU time (user+sys), ratio of CPU times\n")
    pairs = (
        ("reporter build report", "plain docxtpl script"),
        ("plain docxtpl script", "plain docxtpl script"),
        ("reporter --help", TYPER),
        ("reporter check", TYPER),
        (TYPER, TYPER),
    )
    for label, base in pairs:
        ratio = med_cpu[label] / med_cpu[base]
        print(f"{label:26} {med_wall[label] * 1000:6.0f} ms wall {med_cpu[label] * 1000:6.0f} ms CPU  {ratio:5.2f}× {base}")


if __name__ == "__main__":
    main()
