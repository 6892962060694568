"""The one located diagnostic of reporter: loader problems, check findings and importer notes alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reporter.core.text import readable

Severity = Literal["error", "warning"]
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class Diagnostic:
    """One diagnostic: where (file, line, column, key path), how bad, what is wrong and what to do.

    The fix is its own field: messages and fixes are never split out of each other's text,
    so a value such as “基本完成；待验收” quoted in a message stays whole.
    """

    file: str
    line: int = 0
    col: int = 0
    path: str = ""
    message: str = ""
    fix: str = ""
    severity: Severity = "error"
    unit: str = ""  # whose material it is about, when a merge reads several units' files

    def __post_init__(self) -> None:
        # a file name in raw bytes (an archive unpacked elsewhere) reaches every message readable, and printable
        for name in ("file", "path", "message", "fix"):
            value = getattr(self, name)
            if isinstance(value, str) and readable(value) is not value:
                object.__setattr__(self, name, readable(value))

    @property
    def where(self) -> str:
        """`file:line:col` (or `file:line`, or just `file` when the position is unknown)."""
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col}" if self.col else f"{self.file}:{self.line}"

    @property
    def text(self) -> str:
        """The message and its fix as one sentence: `message；fix`."""
        return f"{self.message}；{self.fix}" if self.fix else self.message

    @property
    def located(self) -> str:
        """Where, with the unit whose material it is in front: `青禾县司法局 data/2024/units/县司法局.yaml:10`."""
        return f"{self.unit} {self.where}" if self.unit else self.where

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    def line_text(self) -> str:
        """The piped form, one diagnostic per line: `file:line:col: key: message；fix`."""
        return f"{self.located}: {self.path}: {self.text}" if self.path else f"{self.located}: {self.text}"

    def __str__(self) -> str:
        return self.line_text()


def is_error(diagnostic: Diagnostic) -> bool:
    return diagnostic.severity == "error"
