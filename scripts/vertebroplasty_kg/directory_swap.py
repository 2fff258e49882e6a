"""Replace a directory by a fully written one, so that readers see the old one or the new one, never a mix."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


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
