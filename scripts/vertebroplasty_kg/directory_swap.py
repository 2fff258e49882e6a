"""Replace a directory by a fully written one, so that readers see the old one or the new one, never a mix.

:func:`staged_directory` is the one way the package writes a directory (``dist/``, the on-disk
store): into a staging directory beside it, swapped in (:func:`swap_in`) only when complete.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import EnvironmentProblem

PARTIAL_SUFFIX = ".partial"
"""Staging directories are named ``.NAME.RANDOM.partial`` beside the target NAME."""


@contextmanager
def staged_directory(target: Path, *, hint: str) -> Iterator[Path]:
    """An empty directory beside ``target`` to write into; when the block ends without an error it
    takes ``target``'s place, otherwise it is removed and ``target`` is as it was. ``hint`` says what
    to do when nothing can be written there."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX, dir=target.parent))
    except OSError as error:
        raise EnvironmentProblem(f"cannot write next to {target}: {error.strerror or error}", hint=hint) from error
    try:
        yield staging
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_in(staging: Path, target: Path) -> None:
    """Put ``staging`` in the place of ``target``; if the second rename fails, the old ``target`` goes back."""
    if not target.exists():
        staging.rename(target)
        return
    retired = target.with_name(f".{target.name}.{os.getpid()}.old")
    target.rename(retired)
    try:
        staging.rename(target)
    except BaseException:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)
