"""The `reporter` command line; `run` is the console-script entry point, safe against Ctrl-C during start-up."""

from __future__ import annotations

import sys


def run() -> None:
    """Import the command line only inside the interrupt guard: Ctrl-C while loading prints “已中断”, never a traceback."""
    try:
        from reporter.cli.app import main

        code = main()
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        code = 130
    sys.exit(code)
