"""build report --units: two files for one unit said, one unit's failure its own, an interrupt leaving the disk in order."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reporter.core import files
from reporter.core.files import deferred_interrupts
from reporter.document.draft import safe_write
from reporter.document.draft.safe_write import MANIFEST, write_drafts

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "consolidate"
DRAFTS = "drafts/2024/units"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURES / "ws", root)
    (root / "data/2024/units/县教育局.yaml").unlink()  # the fixture's broken unit: every unit here drafts
    return root


def _with_unit(path: Path, unit: str) -> str:
    """PATH's report saying it is UNIT's."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("unit:")]
    return "\n".join([f"unit: {unit}", *lines]) + "\n"


def _drafts(ws: Path) -> list[str]:
    return sorted(p.name for p in (ws / DRAFTS).iterdir() if not p.name.startswith("."))


def test_a_correction_beside_the_original_is_reported_not_overwritten(cli: Callable[..., Any], ws: Path) -> None:
    units = ws / "data/2024/units"
    shutil.copy(units / "县公安局.yaml", units / "县公安局-更正.yaml")
    result = cli("build", "report", "2024", "--units", "--jobs", "2", "--root", ws)
    assert result.code == 1
    message = "data/2024/units/县公安局-更正.yaml、data/2024/units/县公安局.yaml 都是“青禾县公安局”的报告，会生成同一份初稿，均未生成；请只保留一份（如更正稿替换原稿）后重新生成"
    assert f"错误 data/2024/units/县公安局.yaml: {message}" in result.out
    assert f"错误 data/2024/units/县公安局-更正.yaml: {message}" in result.out
    assert "已生成 2 份单位报告（drafts/…/units/）；失败 2 份。" in result.out
    assert len(_drafts(ws)) == 2


def test_two_files_whose_unit_keys_name_one_unit_are_reported(cli: Callable[..., Any], ws: Path) -> None:
    units = ws / "data/2024/units"
    (units / "补报材料.yaml").write_text(_with_unit(units / "县城管局.yaml", "县城管局  # 同一单位"), encoding="utf-8")
    result = cli("build", "report", "2024", "--units", "--jobs", "1", "--root", ws)
    assert "data/2024/units/县城管局.yaml、data/2024/units/补报材料.yaml 都是“青禾县城市管理局”的报告" in result.out
    assert "已生成 2 份单位报告（drafts/…/units/）；失败 2 份。" in result.out


def test_a_unit_key_in_gb18030_is_read_from_the_one_read_of_the_file(cli: Callable[..., Any], ws: Path) -> None:
    """The duplicate scan decodes the file as loading does (GB18030 too), from the bytes the worker then loads."""
    units = ws / "data/2024/units"
    (units / "补报材料.yaml").write_bytes(_with_unit(units / "县城管局.yaml", "县城管局").encode("gb18030"))
    result = cli("build", "report", "2024", "--units", "--jobs", "1", "--root", ws)
    assert "data/2024/units/县城管局.yaml、data/2024/units/补报材料.yaml 都是“青禾县城市管理局”的报告" in result.out


def test_a_unit_file_too_large_to_read_fails_alone_as_loading_says(cli: Callable[..., Any], ws: Path) -> None:
    units = ws / "data/2024/units"
    (units / "超大材料.yaml").write_bytes(b"# " + b"x" * (11 * 1024 * 1024) + b"\n")
    result = cli("build", "report", "2024", "--units", "--jobs", "2", "--root", ws)
    assert result.code == 1
    message = "文件过大（11.0 MB，上限 10 MB）；数据文件不应这么大，请检查是否放错了文件"
    assert f"错误 data/2024/units/超大材料.yaml: {message}" in result.out
    assert "已生成 3 份单位报告（drafts/…/units/）；失败 1 份。" in result.out


def test_one_over_long_unit_name_fails_alone_and_the_manifest_lists_every_draft(cli: Callable[..., Any], ws: Path) -> None:
    units = ws / "data/2024/units"
    for i in range(20):  # more units than one batch, so the long name shares a batch with others
        (units / f"乡镇{i:02d}.yaml").write_text(_with_unit(units / "县城管局.yaml", f"青禾县第{i:02d}乡人民政府"), encoding="utf-8")
    long_name = "青禾县" + "特别长的名称" * 12 + "局"
    (units / "长名单位.yaml").write_text(_with_unit(units / "县城管局.yaml", long_name), encoding="utf-8")
    for _run in range(2):
        result = cli("build", "report", "2024", "--units", "--jobs", "1", "--root", ws)
        assert "已生成 23 份单位报告（drafts/…/units/）；失败 1 份。" in result.out
        assert "错误 data/2024/units/长名单位.yaml: 由单位名称“" in result.out
        assert "过长（" in result.out and "请在 unit 中写简称" in result.out
    drafts = _drafts(ws)
    assert len(drafts) == 23 and not any("（2）" in name for name in drafts)
    manifest = json.loads((ws / DRAFTS / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest) == drafts


@pytest.mark.parametrize("jobs", ["0", "-1"])
def test_jobs_below_one_is_refused_in_chinese(cli: Callable[..., Any], ws: Path, jobs: str) -> None:
    result = cli("build", "report", "2024", "--units", "--jobs", jobs, "--root", ws)
    assert (result.code, result.err) == (2, "用法错误：参数 --jobs 的值无效（应为不小于 1 的整数）\n运行 reporter --help 查看用法。\n")


def test_the_library_refuses_jobs_below_one(ws: Path) -> None:
    from reporter import api
    from reporter.core.errors import UsageError

    with pytest.raises(UsageError) as info:
        api.build_units(ws, 2024, jobs=0)
    assert str(info.value) == "--jobs 应为不小于 1 的整数（并行进程数）"


def test_an_interrupt_waits_for_the_block_then_raises() -> None:
    done: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with deferred_interrupts():
            os.kill(os.getpid(), signal.SIGINT)
            done.append("after the signal")
    assert done == ["after the signal"]


def test_ctrl_c_while_drafts_are_written_leaves_no_temp_file_and_a_true_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "units"
    drafts = [(folder / f"单位{i}.docx", f"draft {i}".encode(), f"units/单位{i}.docx") for i in range(5)]
    real = files._write_replace
    calls: list[int] = []

    def interrupted(path: Path, data: bytes, private: bool) -> None:
        calls.append(1)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C in the terminal, mid-batch
        real(path, data, private)

    monkeypatch.setattr(files, "_write_replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_drafts(drafts)
    on_disk = sorted(p.name for p in folder.iterdir())
    assert not any(name.endswith(".tmp") for name in on_disk)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest) == sorted(n for n in on_disk if n.endswith(".docx"))
    monkeypatch.setattr(files, "_write_replace", real)
    again = write_drafts(drafts)  # the rerun replaces its own untouched drafts: no （2） copies
    assert [w.path.name for w in again] == [f"单位{i}.docx" for i in range(5)]
    assert safe_write.MANIFEST == MANIFEST


def test_ctrl_c_in_a_terminal_during_a_pool_build_leaves_the_disk_and_manifest_in_step(ws: Path) -> None:
    """The whole foreground process group gets SIGINT, as a terminal sends it: parent and workers alike."""
    import subprocess
    import sys

    units = ws / "data/2024/units"
    for i in range(80):
        (units / f"乡镇{i:03d}.yaml").write_text(_with_unit(units / "县城管局.yaml", f"青禾县第{i:03d}乡人民政府"), encoding="utf-8")
    cmd = [sys.executable, "-m", "reporter", "build", "report", "2024", "--units", "--jobs", "2", "--root", str(ws)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stdout is not None
    for line in proc.stdout:  # the first drafts are done: interrupt mid-run
        if line.startswith("[3/"):
            os.killpg(proc.pid, signal.SIGINT)
            break
    _out, err = proc.communicate(timeout=120)
    assert (proc.returncode, err.strip().splitlines()[-1]) == (130, "已中断")
    folder = ws / DRAFTS
    names = sorted(p.name for p in folder.iterdir())
    assert [n for n in names if n.endswith(".tmp")] == []
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest) == [n for n in names if n.endswith(".docx")]
    rerun = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert not any("（2）" in p.name for p in folder.iterdir())


def _metrics_grid(draft: Path) -> list[int]:
    """The column widths of the draft's 主要指标统计表 (the table whose header starts 序号 | 指标)."""
    import docx

    for table in docx.Document(str(draft)).tables:
        if [c.text for c in table.rows[0].cells[:2]] == ["序号", "指标"]:
            return [int(col.get(docx.oxml.ns.qn("w:w"))) for col in table._tbl.tblGrid.iterchildren(docx.oxml.ns.qn("w:gridCol"))]
    raise AssertionError(f"{draft.name} 中没有主要指标统计表")


def test_unit_drafts_size_their_tables_from_content_as_the_countys_own_report(cli: Callable[..., Any], ws: Path, tmp_path: Path) -> None:
    units = ws / "data/2024/units"
    report = units / "县公安局.yaml"
    # a long metric name and a short 同比: the 指标 column needs the room the template gives 同比
    report.write_text(
        report.read_text(encoding="utf-8").replace("行政执法案件", "公安机关办理行政执法案件中适用简易程序的案件数"), encoding="utf-8"
    )
    assert cli("build", "report", "2024", "--units", "--jobs", "1", "--root", ws).code == 0
    unit_grid = _metrics_grid(next((ws / DRAFTS).glob("青禾县公安局*.docx")))
    # the same report built as a county's own (no pool): the same widths
    own = tmp_path / "own"
    (own / "data/2024").mkdir(parents=True)
    (own / "data/unit.yaml").write_text("name: 青禾县公安局\nshort_name: 青禾县公安局\nrecipients: [青禾县人民政府]\n", encoding="utf-8")
    (own / "data/2024/report.yaml").write_text(report.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli("build", "report", "2024", "--root", own).code == 0
    assert unit_grid == _metrics_grid(next((own / "drafts/2024").glob("*.docx")))
    assert unit_grid[1] == max(unit_grid) and sum(unit_grid) == 8844
    assert unit_grid != [741, 3081, 798, 1027, 1027, 2170]  # not the template's fixed widths
    if shutil.which("soffice") or os.environ.get("CI"):  # CI installs LibreOffice: there it is never skipped
        from reporter.document.draft.pdf import to_pdf

        pdf = to_pdf(next((ws / DRAFTS).glob("青禾县公安局*.docx")))
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        # the 同比 cell on one line: "%" is wider than half a character in Times New Roman
        assert any(re.search(r"增长\s*25%", line) for line in text.splitlines()), text


@pytest.mark.parametrize("sig", ["SIGHUP", "SIGTERM"])
def test_a_closed_terminal_or_a_kill_mid_batch_leaves_no_temp_file_and_a_true_manifest(tmp_path: Path, sig: str) -> None:
    """Closing the terminal window (SIGHUP) or `kill` (SIGTERM) ends the process, but only between whole batches."""
    import subprocess
    import sys

    folder = tmp_path / "units"
    script = f"""
import os, signal
from pathlib import Path
from reporter.core import files
from reporter.document.draft.safe_write import write_drafts
folder = Path({str(folder)!r})
real, calls = files._write_replace, []
def hung_up(path, data, private):
    calls.append(1)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.{sig})
    real(path, data, private)
files._write_replace = hung_up
write_drafts([(folder / f"单位{{i}}.docx", b"draft", f"units/单位{{i}}.docx") for i in range(5)])
print("not reached")
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == -getattr(signal, sig) and "not reached" not in run.stdout
    on_disk = sorted(p.name for p in folder.iterdir())
    assert not any(name.endswith(".tmp") for name in on_disk)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest) == sorted(n for n in on_disk if n.endswith(".docx")) and len(manifest) == 5


def test_a_unit_without_a_part_is_drafted_and_the_bare_heading_is_named(cli: Callable[..., Any], ws: Path) -> None:
    """A unit's material may leave out 三、 (the county's report does not need it): its own draft says so, not silently."""
    with (ws / "data/2024/units/县城管局.yaml").open("a", encoding="utf-8") as f:
        f.write("leadership:\n  - title: 带头学法用法\n    text: 局主要负责人带头讲法治课1次。\n")
    result = cli("build", "report", "2024", "--units", "--jobs", "1", "--root", ws)
    assert result.code == 0
    assert (
        "警告 data/2024/units/县公安局.yaml:1:1: leadership: “党政主要负责人履行推进法治建设第一责任人职责情况”没有内容，"
        "初稿中这一部分只有标题；请单位补报后重新生成"
    ) in result.out
    assert "县城管局.yaml:1:1: leadership" not in result.out  # a unit that wrote it is not named
    assert "青禾县公安局2024年法治政府建设情况报告.docx" in _drafts(ws)
