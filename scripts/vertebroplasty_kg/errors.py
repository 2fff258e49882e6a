"""Errors that the command line reports as ``error:`` and ``hint:`` lines, never as tracebacks."""

from __future__ import annotations

import os
import re
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

    @classmethod
    def unreadable(cls, path: Path | str, error: OSError, *, expected: str, shown_as: str | None = None) -> InputError:
        """The error for a file that could not be opened: what is there instead of ``expected`` (a
        directory, a symbolic link to nothing, a file nobody may read, nothing), and how to fix it."""
        path = Path(path)
        name = shown_as or str(path)
        if isinstance(error, IsADirectoryError) or path.is_dir():
            return cls(
                name,
                f"is a directory; expected {expected}",
                hint=f"move the directory away, or put {expected} at this path",
            )
        if path.is_symlink() and not path.exists():
            return cls(
                name,
                f"is a symbolic link to {os.readlink(path)}, which does not exist; expected {expected}",
                hint=f"point the link at {expected} (ln -sfn TARGET {name}), or remove the link",
            )
        if isinstance(error, FileNotFoundError):
            return cls(name, f"does not exist; expected {expected}", hint="check the path, or restore the file")
        if isinstance(error, PermissionError):
            return cls(name, f"permission denied; expected {expected}", hint=f"make it readable: chmod a+r {name}")
        return cls(
            name,
            f"cannot read: {error.strerror or error}; expected {expected}",
            hint="check that the path names a readable regular file",
        )


class EnvironmentProblem(VkgError):
    """Something outside the project is missing or broken (a program, a runtime, a directory)."""


_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^/?#@\s]*@")


def redact(text: str) -> str:
    """``text`` with the user and password of every ``scheme://user:password@host`` URL masked as ``***``.

    Every message the command line prints goes through this, so a password never reaches a terminal
    or a log, whichever error quotes a URL.
    """
    return _USERINFO.sub(lambda match: match["scheme"] + "***@", text)
