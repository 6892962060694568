"""The one exception hierarchy of reporter; the CLI maps it to exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class ReporterError(Exception):
    """Root of every error the tool reports to a user (never a traceback)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(ReporterError):
    """The command line asks for something impossible (exit 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One located problem in a data file: `file:line:col: path: message`."""

    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DataError(ReporterError):
    """One or more problems in the user's data files (exit 1); all are listed at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, line: int = 0, col: int = 0, path: str = "") -> DataError:
        return cls([Problem(file, line, col, path, message)])


class MissingFileError(ReporterError):
    """A file the command needs does not exist (exit 1)."""


class TemplateError(ReporterError):
    """A Word template is missing, broken or asks for data that does not exist (exit 1)."""


class OutputError(ReporterError):
    """A draft or data file cannot be written where it should go (exit 1)."""


class ImportFormatError(ReporterError):
    """A document given to `import` cannot be read as a plan (exit 1)."""


class ChecksFailed(ReporterError):
    """`check` (or a strict build) found errors; `findings` are shown by the CLI."""

    def __init__(self, message: str, findings: list[Any] | None = None, printed: bool = False) -> None:
        super().__init__(message)
        self.findings = list(findings or [])
        self.printed = printed
