"""Throw-away copies of the project, and ``vkg`` run in a fresh interpreter as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from vertebroplasty_kg.project import CACHE_DIR, DIST_DIR

PROJECT_FOLDERS = ("ontology", "sources", "shapes", "queries", "mappings", "evidence")
"""Everything ``vkg build`` reads."""


def copy_project(root: Path, destination: Path, *, without: tuple[str, ...] = (), release: Path | None = None) -> Path:
    """Copy the project's inputs (all of :data:`PROJECT_FOLDERS` but ``without``) to ``destination``;
    with ``release`` (a folder ``vkg build`` wrote from the same inputs, such as the session's
    ``release_dir``), as its ``dist/`` too: the release a later build must replace or keep, without
    building it again."""
    for folder in PROJECT_FOLDERS:
        if folder not in without:
            shutil.copytree(root / folder, destination / folder)
    if release is not None:
        shutil.copytree(release, destination / DIST_DIR)
    return destination


def vkg(*args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    """Run ``vkg ARGS`` in a fresh interpreter with the given ``PYTHONHASHSEED``."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-m", "vertebroplasty_kg", *args], capture_output=True, text=True, env=env, check=False
    )


def left_behind(folder: Path) -> list[str]:
    """The hidden files and folders in ``folder`` that a finished or refused command must not leave:
    staging copies and temporary files. The release cache (``.vkg-cache/``, which ``vkg build`` fills)
    is no leftover; a temporary file inside it is."""
    found = [path.name for path in folder.iterdir() if path.name.startswith(".") and path.name != CACHE_DIR]
    cache = folder / CACHE_DIR
    if cache.is_dir():
        found += [f"{CACHE_DIR}/{path.name}" for path in cache.iterdir() if path.name.startswith(".")]
    return sorted(found)


def release_fifo(pipe: Path) -> None:
    """Let a thread that waits to open the named pipe ``pipe`` go on (a check that failed left it
    waiting): open its other end without waiting, then close it."""
    descriptor = os.open(pipe, os.O_RDWR | os.O_NONBLOCK)
    os.close(descriptor)
