"""Errors that the command line reports as ``error:`` and ``hint:`` lines, never as tracebacks."""

from __future__ import annotations

from pathlib import Path


class VkgError(Exception):
    """Base class: a problem the user can fix, with a hint that says how.

    ``exit_code`` follows the command-line convention: 2 for bad input or environment.
    """

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(VkgError):
    """A project or user file is unreadable, malformed or inconsistent."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        where = str(path)
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}", hint)


class EnvironmentProblem(VkgError):
    """Something outside the project is missing or broken (a program, a runtime, a directory)."""
