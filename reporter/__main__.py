"""`python -m reporter` runs the command line."""

from reporter.cli import run

run()
