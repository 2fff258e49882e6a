"""A folder that one test run makes once, whatever the number of pytest-xdist workers.

Under pytest-xdist every worker is a session of its own, so a session fixture runs once per worker.
:func:`made_once` lets the first worker that asks make the folder, under an exclusive lock on a
file beside the workers' temporary folders (``getbasetemp().parent``, the run's own folder), named
with the run's id; the others wait for the lock and use what it made. A session that is no xdist
worker (no ``workerinput`` on its config, whatever its environment says) makes a folder of its own.
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol


class TempFolders(Protocol):
    """What :func:`made_once` asks of pytest's ``tmp_path_factory``."""

    def getbasetemp(self) -> Path: ...

    def mktemp(self, basename: str, numbered: bool = True) -> Path: ...


def made_once(
    tmp_path_factory: TempFolders, worker: Mapping[str, object] | None, name: str, make: Callable[[Path], None]
) -> Path:
    """The folder ``name`` after ``make(folder)`` ran once in this test run. ``worker`` is the
    session's ``config.workerinput`` (None outside xdist). A ``make`` that failed (raised) leaves
    nothing, so the next worker that asks tries again and fails as visibly."""
    if worker is None:
        folder = tmp_path_factory.mktemp(name, numbered=True)
        make(folder)
        return folder
    run = tmp_path_factory.getbasetemp().parent
    stem = f"{name}-{worker['testrunuid']}"
    folder, done = run / stem, run / f"{stem}.done"
    with (run / f"{stem}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            done.touch()
    return folder
