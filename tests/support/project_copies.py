"""Throw-away copies of the project, and ``vkg`` run in a fresh interpreter as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_FOLDERS = ("ontology", "sources", "shapes", "queries", "mappings", "evidence")
"""Everything ``vkg build`` reads."""


def copy_project(root: Path, destination: Path, *, without: tuple[str, ...] = ()) -> Path:
    """Copy the project's inputs (all of :data:`PROJECT_FOLDERS` but ``without``) to ``destination``."""
    for folder in PROJECT_FOLDERS:
        if folder not in without:
            shutil.copytree(root / folder, destination / folder)
    return destination


def vkg(*args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    """Run ``vkg ARGS`` in a fresh interpreter with the given ``PYTHONHASHSEED``."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-m", "vertebroplasty_kg", *args], capture_output=True, text=True, env=env, check=False
    )
