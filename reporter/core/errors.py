"""The one exception hierarchy of reporter; the CLI maps it to exit codes."""

from __future__ import annotations

from reporter.core.diagnostics import Diagnostic
from reporter.core.text import readable


class ReporterError(Exception):
    """Root of every error the tool reports to a user (never a traceback)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        message = readable(message)  # a file name in raw bytes is shown as a person reads it
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(ReporterError):
    """The command line asks for something impossible (exit 2)."""

    exit_code = 2


class DataError(ReporterError):
    """One or more problems in the user's data files (exit 1); all are listed at once."""

    def __init__(self, problems: list[Diagnostic]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, line: int = 0, col: int = 0, path: str = "", fix: str = "") -> DataError:
        return cls([Diagnostic(file, line, col, path, message, fix)])


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

    def __init__(self, message: str, findings: list[Diagnostic] | None = None, printed: bool = False) -> None:
        super().__init__(message)
        self.findings = list(findings or [])
        self.printed = printed
