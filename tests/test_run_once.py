"""support.run_once: under pytest-xdist, a session folder is made once per test run, by whichever
worker asks first, and a failed attempt leaves nothing that the next one would take as made."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from support.run_once import made_once


class Workers:
    """What ``made_once`` asks of pytest's TempPathFactory, as a worker of one xdist run sees it."""

    def __init__(self, run: Path) -> None:
        self.run = run

    def getbasetemp(self) -> Path:
        return self.run / "popen-gw0"

    def mktemp(self, basename: str, numbered: bool = True) -> Path:
        raise AssertionError("a worker of an xdist run uses the run's folder, not one of its own")


def test_the_first_worker_makes_the_folder_and_the_others_wait_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    made: list[str] = []
    got: list[Path] = []

    def make(folder: Path) -> None:
        time.sleep(0.2)  # long enough for every other thread to be waiting on the lock
        (folder / "release.ttl").write_text("made\n")
        made.append(threading.current_thread().name)

    def worker() -> None:
        got.append(made_once(Workers(tmp_path), "release", make))

    threads = [threading.Thread(target=worker, name=f"gw{n}") for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and len(got) == 4
    assert set(got) == {tmp_path / "release"}
    assert (tmp_path / "release" / "release.ttl").read_text() == "made\n"


def test_a_failed_make_leaves_nothing_and_the_next_worker_tries_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")

    def fail(folder: Path) -> None:
        (folder / "half.ttl").write_text("half\n")
        raise AssertionError("vkg build failed")

    with pytest.raises(AssertionError, match="vkg build failed"):
        made_once(Workers(tmp_path), "release", fail)
    assert not (tmp_path / "release").exists()

    def make(folder: Path) -> None:
        (folder / "whole.ttl").write_text("whole\n")

    folder = made_once(Workers(tmp_path), "release", make)
    assert sorted(path.name for path in folder.iterdir()) == ["whole.ttl"]
