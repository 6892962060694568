"""`python -m reporter` runs the command line."""

from reporter.cli.app import run

run()
