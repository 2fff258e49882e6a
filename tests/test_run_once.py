"""support.run_once: under pytest-xdist, a session folder is made once per test run, by whichever
worker asks first, and a failed attempt leaves nothing that the next one would take as made."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from support.run_once import made_once

RUN = {"workerid": "gw0", "testrunuid": "run1"}
"""A worker's ``config.workerinput``, as pytest-xdist gives it."""


class Workers:
    """What ``made_once`` asks of pytest's TempPathFactory, as a worker of one xdist run sees it."""

    def __init__(self, run: Path) -> None:
        self.run = run

    def getbasetemp(self) -> Path:
        return self.run / "popen-gw0"

    def mktemp(self, basename: str, numbered: bool = True) -> Path:
        raise AssertionError("a worker of an xdist run uses the run's folder, not one of its own")


def test_the_first_worker_makes_the_folder_and_the_others_wait_for_it(tmp_path: Path) -> None:
    made: list[str] = []
    got: list[Path] = []

    def make(folder: Path) -> None:
        time.sleep(0.2)  # long enough for every other thread to be waiting on the lock
        (folder / "release.ttl").write_text("made\n")
        made.append(threading.current_thread().name)

    def worker() -> None:
        folder = made_once(Workers(tmp_path), RUN, "release", make)
        assert (folder / "release.ttl").read_text() == "made\n"  # handed over only once made
        got.append(folder)

    threads = [threading.Thread(target=worker, name=f"gw{n}") for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and len(got) == 4
    assert set(got) == {tmp_path / "release-run1"}


def test_a_failed_make_leaves_nothing_and_the_next_worker_tries_again(tmp_path: Path) -> None:

    def fail(folder: Path) -> None:
        (folder / "half.ttl").write_text("half\n")
        raise AssertionError("vkg build failed")

    with pytest.raises(AssertionError, match="vkg build failed"):
        made_once(Workers(tmp_path), RUN, "release", fail)
    assert not (tmp_path / "release-run1").exists()

    def make(folder: Path) -> None:
        (folder / "whole.ttl").write_text("whole\n")

    folder = made_once(Workers(tmp_path), RUN, "release", make)
    assert sorted(path.name for path in folder.iterdir()) == ["whole.ttl"]


def test_a_session_that_is_no_xdist_worker_makes_its_own_folder(tmp_path: Path) -> None:
    """Without ``workerinput`` (a child pytest that inherited a worker's environment, say) the folder is
    the session's own, never one that another run made and left."""
    (tmp_path / "release-run1").mkdir()
    (tmp_path / "release-run1.done").touch()
    own = tmp_path / "session"

    class Session(Workers):
        def mktemp(self, basename: str, numbered: bool = True) -> Path:
            own.mkdir()
            return own

    def make(folder: Path) -> None:
        (folder / "release.ttl").write_text("this session's\n")

    assert made_once(Session(tmp_path), None, "release", make) == own
    assert (own / "release.ttl").read_text() == "this session's\n"
