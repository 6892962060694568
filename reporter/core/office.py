"""LibreOffice in headless mode: finding soffice and converting one file with a private profile."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from pathlib import Path


def soffice() -> str | None:
    """The LibreOffice executable on PATH, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(exe: str, source: Path, outdir: Path, to: str, timeout: int, env: dict[str, str] | None = None) -> Path | None:
    """Convert SOURCE into OUTDIR (`--convert-to TO`); the produced file, or None when LibreOffice wrote nothing.

    The profile lives in OUTDIR: several conversions may run at once and the user's settings stay untouched.
    Raises TimeoutError when LibreOffice takes longer than TIMEOUT seconds.
    """
    cmd = [exe, "--headless", f"-env:UserInstallation=file://{outdir.as_posix()}/profile",
           "--convert-to", to, "--outdir", str(outdir), str(source)]  # fmt: skip
    run(cmd, timeout, env)
    produced = outdir / (source.stem + "." + to.split(":", 1)[0])
    return produced if produced.is_file() else None


def run(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> None:
    """Run LibreOffice in a process group of its own, and end the whole group when it is done or its time is up.

    soffice starts soffice.bin (and may start more): killing only the first would leave a hung LibreOffice
    running after the tool exits. Raises TimeoutError when TIMEOUT seconds pass.
    """
    posix = os.name == "posix"
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=posix
    )
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise TimeoutError(f"LibreOffice timed out after {timeout} s") from None
    finally:  # timed out, Ctrl-C, or done: nothing of this LibreOffice outlives the call
        _kill_group(proc, posix)


def _kill_group(proc: subprocess.Popen[bytes], posix: bool) -> None:
    if posix:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    elif proc.poll() is None:  # Windows: the process and its children
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, check=False)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)
