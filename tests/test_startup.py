"""Each command loads only what it uses: help and check never import docxtpl, python-docx or the template code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Run in a fresh interpreter: the test process has long imported everything.
PROBE = """
import json, sys
from reporter.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
HEAVY = ("docxtpl", "docx", "reporter.document")


def loaded(*args: str, cwd: Path) -> list[str]:
    env = dict(os.environ)
    run = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=True)
    modules: list[str] = json.loads(run.stderr.strip().splitlines()[-1])
    return [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["check", "2024"], ["check"]])
def test_help_and_check_never_load_documents(example: Path, args: list[str]) -> None:
    assert loaded(*args, cwd=example) == []


def test_a_repeated_build_uses_the_prepared_template_without_docxtpl(example: Path) -> None:
    loaded("build", "report", "2024", cwd=example)  # first build: templates written, template prepared
    heavy = loaded("build", "report", "2024", "--force", cwd=example)
    assert not [m for m in heavy if m.split(".")[0] in ("docx", "docxtpl")]
    assert "reporter.document.template.default_templates" in heavy  # only its manifest check: nothing was built
    assert "reporter.document.template.report_body" not in heavy
