"""LibreOffice in headless mode: finding soffice and converting one file with a private profile."""

from __future__ import annotations

import shutil
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
    try:
        subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, env=env)
    except subprocess.TimeoutExpired:
        raise TimeoutError(f"{source.name}: LibreOffice timed out after {timeout} s") from None
    produced = outdir / (source.stem + "." + to.split(":", 1)[0])
    return produced if produced.is_file() else None
