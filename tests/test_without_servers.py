"""`pytest -m "not server"` passes on a machine without Virtuoso: the modules that can start a server
run, in a child pytest, with ``virtuoso-t`` taken off PATH; every test they keep must pass."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


SERVER_FIXTURES = {"oxigraph_server", "virtuoso_server"}


def _uses_a_server(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.module == "support.servers"
    if isinstance(node, ast.arg):
        return node.arg in SERVER_FIXTURES
    return isinstance(node, ast.Constant) and node.value in SERVER_FIXTURES  # request.getfixturevalue("...")


def server_modules() -> list[Path]:
    """The test modules that import the server helpers or use a server fixture (read with ast)."""
    return [
        path
        for path in sorted(TESTS.glob("test_*.py"))
        if path.name != Path(__file__).name
        and any(_uses_a_server(node) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))
    ]


def path_without(program: str, tmp_path: Path) -> str:
    """A PATH with every program of the current one except ``program`` (linked into one folder)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        if not directory or not Path(directory).is_dir():
            continue
        for entry in Path(directory).iterdir():
            target = folder / entry.name
            if entry.name != program and not target.exists() and os.access(entry, os.X_OK) and entry.is_file():
                target.symlink_to(entry)
    return f"{Path(sys.executable).parent}{os.pathsep}{folder}"


@pytest.mark.slow
def test_the_suite_without_server_tests_needs_no_virtuoso(tmp_path: Path) -> None:
    modules = server_modules()
    assert len(modules) >= 5, modules
    path = path_without("virtuoso-t", tmp_path)
    assert shutil.which("virtuoso-t", path=path) is None
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not server", *map(str, modules)],
        cwd=TESTS.parent,
        # not an xdist worker, whatever this one's environment says
        env={**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST_")}, "PATH": path},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    passed = re.search(r"(\d+) passed", summary)
    assert passed is not None and int(passed[1]) >= 20, summary
    assert "deselected" in summary, summary  # the server tests were there, and left out
