"""How ``vkg`` ends when it cannot finish: the exit codes, and the ``error:``/``hint:`` lines on stderr.
Shared by the command line (:mod:`.main`) and its quick path (:mod:`.quick`), which does not load click.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import NoReturn, TypeGuard

from ..errors import redact

INTERRUPTED = 130
"""Exit code after Ctrl-C (SIGINT): 128 + the signal's number, as shells report it."""
UNEXPECTED = 70
"""Exit code of a failure that is a bug in vkg (EX_SOFTWARE of sysexits.h)."""
BROKEN_PIPE = 141
"""128 + SIGPIPE: the output's reader closed it before the end (``| head``)."""


def report(message: str, hint: str | None, code: int) -> NoReturn:
    """``error: message`` and ``hint: hint`` on stderr (passwords in URLs masked), then exit ``code``."""
    sys.stderr.write(f"error: {redact(message)}\n")
    if hint:
        sys.stderr.write(f"hint: {redact(hint)}\n")
    sys.stderr.flush()
    sys.exit(code)


def interrupted(*, after_click: bool = False) -> NoReturn:
    """Ctrl-C: exit 130. ``after_click``: first the empty line click writes when it is interrupted, so
    that the quick path (:mod:`.quick`) ends as the full command line does."""
    if after_click:
        sys.stderr.write("\n")
    report("interrupted", "nothing was half-written: the previous release and stores are as they were", INTERRUPTED)


def reader_gone() -> NoReturn:
    """The reader of the output went away (``vkg query --all | head``): stop quietly, as ``cat`` does,
    with the status a shell gives a process that SIGPIPE ended; nothing more is written to the pipe."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(BROKEN_PIPE)


def unexpected(error: BaseException) -> NoReturn:
    """The last resort: a failure that is a bug in vkg still ends in ``error:`` and ``hint:``, exit 70."""
    report(
        f"unexpected failure: {type(error).__name__}: {error}",
        "this is a bug in vkg: run the command again with -v for the traceback and report it",
        UNEXPECTED,
    )


_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}
"""What the file system answers when it cannot take what is written: no bug in vkg."""


def cannot_write(error: BaseException) -> TypeGuard[OSError]:
    """Whether ``error`` is a file system that cannot take what vkg writes (full, over quota, read-only)."""
    return isinstance(error, OSError) and error.errno in _NO_ROOM


def write_failed(error: OSError, where: str | None = None) -> NoReturn:
    """Exit 2 (the environment), naming what could not be written: ``where`` (``the output`` for
    stdout), else the error's file, else no name (a write to an open file does not carry it)."""
    where = where or (str(error.filename) if error.filename is not None else None)
    report(
        f"cannot write{f' {where}' if where else ''}: {error.strerror or error}",
        "make room on that file system, or write elsewhere, and run the command again",
        2,
    )
