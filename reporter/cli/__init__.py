"""The `reporter` command line; `run` is the console-script entry point, safe against Ctrl-C during start-up."""

from __future__ import annotations

import os
import sys

# pydantic looks for plugins (observability hooks) by scanning every installed package's entry
# points on the first model: a cost on every command for something a command line never uses.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def run() -> None:
    """Import the command line only inside the interrupt guard: Ctrl-C while loading prints “已中断”, never a traceback."""
    try:
        from reporter.cli.app import main

        code = main()
    except KeyboardInterrupt:
        sys.stderr.write("已中断\n")
        code = 130
    sys.exit(code)
