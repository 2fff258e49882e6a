"""A reader that closes the output early (``vkg ... | head -1``) ends vkg quietly with 141, as a shell
reports a process that SIGPIPE ended, instead of an "unexpected failure" (exit 70)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vertebroplasty_kg.project import Project
from vertebroplasty_kg.release.cached_release import release_triples

# outputs larger than a pipe's buffer (64 KiB), so that the writer is still writing when the reader goes
COMMANDS = [
    ["query", "--all"],
    ["synth", "--cases", "5000", "--seed", "1"],
]


@pytest.fixture(scope="module", autouse=True)
def cached_release(root: Path) -> None:
    """The working tree's release in its cache, so that ``vkg query NAME`` takes the quick path."""
    assert len(release_triples(Project.at(root))) > 1000


def test_the_outputs_are_larger_than_a_pipe(root: Path) -> None:
    for arguments in COMMANDS:
        run = subprocess.run(
            [sys.executable, "-m", "vertebroplasty_kg", "--root", str(root), *arguments], capture_output=True
        )
        assert run.returncode == 0 and len(run.stdout) > 65536, (arguments, len(run.stdout))


@pytest.mark.parametrize("arguments", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_a_closed_pipe_ends_quietly_with_141(root: Path, arguments: list[str]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "vertebroplasty_kg", "--root", str(root), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.read(1)
    process.stdout.close()  # what `head -c 1` does once it has its byte
    code = process.wait(timeout=120)
    errors = process.stderr.read().decode()
    assert first
    assert code == 141, errors
    assert "unexpected failure" not in errors and "Traceback" not in errors and "BrokenPipe" not in errors


def test_a_pipe_closed_before_the_answer_ends_the_quick_path_quietly_with_141(root: Path) -> None:
    """``vkg query NAME`` with the release cached (the quick path, :mod:`vertebroplasty_kg.cli.quick`)
    writes its answer at once: the reader here is gone before it starts writing."""
    quick_only = "import sys; sys.modules['click'] = None; from vertebroplasty_kg.cli.quick import main; main()"
    process = subprocess.Popen(  # the full command line cannot run here: it would fail to import click
        [sys.executable, "-c", quick_only, "--root", str(root), "query", "axiom-sources", "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    code = process.wait(timeout=120)
    errors = process.stderr.read().decode()
    assert code == 141, errors
    assert errors == ""


@pytest.mark.parametrize("arguments", [["synth", "--cases", "3", "--seed", "1"], ["query", "--list"]])
def test_a_full_disk_under_the_output_is_the_environment_not_a_bug(root: Path, arguments: list[str]) -> None:
    """``vkg ... > file`` on a full file system: exit 2 with what could not be written and a hint,
    where it said "unexpected failure ... a bug in vkg" (exit 70)."""
    with open("/dev/full", "wb") as disk:
        ended = subprocess.run(
            [sys.executable, "-m", "vertebroplasty_kg", "--root", str(root), *arguments],
            stdout=disk,
            stderr=subprocess.PIPE,
            check=False,
        )
    lines = ended.stderr.decode().splitlines()
    assert ended.returncode == 2, lines
    assert lines[0].startswith("error: cannot write") and lines[0].endswith(": No space left on device")
    assert lines[1].startswith("hint: ") and len(lines) == 2
