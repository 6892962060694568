"""Lazily loaded modules: the code runs on first attribute access, not on import."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reporter.core.lazy import lazy_module


def test_module_runs_on_first_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path
    (folder / "lazy_probe_mod.py").write_text("import sys\nsys.lazy_probe_ran = True\nVALUE = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.delitem(sys.modules, "lazy_probe_mod", raising=False)
    module = lazy_module("lazy_probe_mod")
    assert not getattr(sys, "lazy_probe_ran", False)
    assert module.VALUE == 42
    assert getattr(sys, "lazy_probe_ran", False)
    monkeypatch.delattr(sys, "lazy_probe_ran")
    assert lazy_module("lazy_probe_mod") is sys.modules["lazy_probe_mod"]


def test_unknown_module() -> None:
    with pytest.raises(ImportError):
        lazy_module("reporter.no_such_module")
