"""A reader that closes the output early (``vkg ... | head -1``) ends vkg quietly with 141, as a shell
reports a process that SIGPIPE ended, instead of an "unexpected failure" (exit 70)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# outputs larger than a pipe's buffer (64 KiB), so that the writer is still writing when the reader goes
COMMANDS = [
    ["query", "--all"],
    ["synth", "--cases", "5000", "--seed", "1"],
]


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
