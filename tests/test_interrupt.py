"""Ctrl-C during ``vkg build`` exits 130, as shells report SIGINT, and leaves the previous release as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def build(out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("vkg")), "--root", str(ROOT), "build", "--no-docs", "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job has
    )


@pytest.fixture(scope="module")
def build_seconds(tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long an uninterrupted build takes on this machine, so that the signals land inside one."""
    started = time.monotonic()
    process = build(tmp_path_factory.mktemp("uninterrupted") / "dist")
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    return time.monotonic() - started


@pytest.mark.parametrize("fraction", [0.2, 0.5])
@pytest.mark.parametrize("to_group", [False, True], ids=["process", "terminal-group"])
def test_ctrl_c_exits_130_and_keeps_the_previous_release(
    tmp_path: Path, build_seconds: float, fraction: float, to_group: bool
) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "vertebroplasty-kg.ttl").write_text("# the previous release\n", encoding="utf-8")
    before = snapshot(out)
    process = build(out)
    time.sleep(build_seconds * fraction)
    if to_group:
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    else:
        os.kill(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    stderr = err.decode("utf-8", "replace")
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-2] == "error: interrupted", stderr
    assert "Traceback" not in stderr
    assert snapshot(out) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["dist"]  # no staging directory left behind
