"""What every rule module shares: the inputs of one workspace year and how a finding is located."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reporter.core.diagnostics import Diagnostic, Severity
from reporter.data.indicators import Registry
from reporter.data.loader import Loaded
from reporter.data.model import Plan, Report, Unit
from reporter.data.yamlsource import Path_, format_path


@dataclass
class Inputs:
    """The files of one workspace year that loaded cleanly (any of them may be absent)."""

    year: int
    unit: Loaded[Unit] | None = None
    plan: Loaded[Plan] | None = None
    report: Loaded[Report] | None = None
    units: list[Loaded[Report]] = field(default_factory=list)
    last: Loaded[Report] | None = None
    merged: Loaded[Report] | None = None  # data/YEAR/merged.yaml: the units' totals `merge` wrote
    indicators: Registry | None = None  # data/indicators.yaml: the 口径 registry, when there is one


def finding(severity: Severity, loaded: Loaded[Any], path: Path_, message: str, fix: str = "") -> Diagnostic:
    file, line, col = loaded.where(path)
    return Diagnostic(file, line, col, format_path(path), message, fix, severity)


def value_at(data: Any, path: Path_) -> Any:
    """The value at `path` in raw YAML data, None when any step is missing."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def has_key(loaded: Loaded[Any], path: Path_, key: str) -> bool:
    """Whether the entry at `path` is written as a mapping with `key`."""
    entry = value_at(loaded.source.data, path)
    return isinstance(entry, dict) and key in entry


def key_or_entry(loaded: Loaded[Any], path: Path_, key: str) -> Path_:
    """The key's own line when it is written, else the entry's."""
    return path + (key,) if has_key(loaded, path, key) else path
