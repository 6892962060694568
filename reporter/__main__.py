"""`python -m reporter` runs the command line."""

from .cli import run

run()
