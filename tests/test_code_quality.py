"""The package and tests pass ruff and mypy, with the settings in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=root, capture_output=True, text=True, check=False)


def test_ruff(root: Path) -> None:
    result = run(root, "ruff", "check", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format(root: Path) -> None:
    result = run(root, "ruff", "format", "--check", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy(root: Path) -> None:
    result = run(root, "mypy")
    assert result.returncode == 0, result.stdout + result.stderr
