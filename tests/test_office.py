"""A LibreOffice that hangs is ended with its whole process group when the time is up."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reporter.core.errors import ImportFormatError
from reporter.core.office import convert
from reporter.importer import reading

# Like soffice: a launcher that starts the real worker (soffice.bin) and waits for it; both hang.
FAKE = """#!/bin/sh
sleep 600 &
echo $! > "{pids}"
echo $$ >> "{pids}"
wait
"""


def _fake_soffice(tmp_path: Path) -> tuple[Path, Path]:
    pids = tmp_path / "pids"
    exe = tmp_path / "soffice"
    exe.write_text(FAKE.format(pids=pids), encoding="utf-8")
    exe.chmod(0o755)
    return exe, pids


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            return "\nState:\tZ" not in f.read()
    except FileNotFoundError:
        return False


def _wait_gone(pids: list[int]) -> list[int]:
    for _ in range(50):  # the killed worker is reaped by init a moment later
        if not any(_alive(p) for p in pids):
            break
        time.sleep(0.1)
    return [p for p in pids if _alive(p)]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see the processes")
def test_a_hung_conversion_is_killed_with_its_process_group(tmp_path: Path) -> None:
    exe, pids = _fake_soffice(tmp_path)
    source = tmp_path / "报告.doc"
    source.write_bytes(b"x")
    start = time.monotonic()
    with pytest.raises(TimeoutError):
        convert(str(exe), source, tmp_path, "docx", 2)
    assert time.monotonic() - start < 20
    started = [int(line) for line in pids.read_text(encoding="utf-8").split()]
    assert len(started) == 2
    assert _wait_gone(started) == []


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see the processes")
def test_import_of_a_doc_that_hangs_says_so_and_leaves_nothing_running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exe, pids = _fake_soffice(tmp_path)
    monkeypatch.setattr(reading, "soffice", lambda: str(exe))
    monkeypatch.setattr(reading, "CONVERT_TIMEOUT", 2)
    source = tmp_path / "2023年工作要点.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportFormatError) as info:
        reading.read_source(source)
    assert str(info.value) == "LibreOffice 转换 2023年工作要点.doc 超时（2 秒）；请在 Word / WPS 中另存为 .docx 后再导入。"
    assert _wait_gone([int(line) for line in pids.read_text(encoding="utf-8").split()]) == []
    assert os.path.exists(source)
