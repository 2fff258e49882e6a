"""Bounded memory on large inputs: a project with more triples than ``VKG_MAX_TRIPLES`` is refused with
exit 2, a message naming the limit, before the reasoner starts and without touching ``dist/``; the
limit counts exactly; HermiT gets the Java heap of ``VKG_JAVA_HEAP``, and running out of it is an
exit-2 error that names the heap. The limits are lowered here so that a small input triggers them;
what large inputs cost is measured by ``benchmarks/validate_memory.py``, not here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.project_copies import copy_project, left_behind
from vertebroplasty_kg.errors import EnvironmentProblem
from vertebroplasty_kg.project import Project
from vertebroplasty_kg.release.assembly import read_inputs
from vertebroplasty_kg.size_limits import (
    DEFAULT_JAVA_HEAP_MB,
    DEFAULT_TRIPLE_LIMIT,
    TooManyTriples,
    java_heap_mb,
    triple_limit,
)

ROOT = Path(__file__).resolve().parents[1]


def recording_java(folder: Path, *, output: str = "") -> Path:
    """A stand-in ``java`` that writes its arguments to ``java-args`` beside it, prints ``output`` on
    stderr and fails."""
    (folder / "java-output").write_text(output)
    java = folder / "java"
    java.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{folder}/java-args"\ncat "{folder}/java-output" >&2\nexit 1\n')
    java.chmod(0o755)
    return java


def run_vkg(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "vertebroplasty_kg", "--root", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **env}, check=False)


@pytest.mark.parametrize("command", [["build", "--no-docs"], ["validate"]], ids=["build", "validate"])
def test_a_project_over_the_limit_is_refused_early_and_dist_is_untouched(command: list[str], tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    dist = project / "dist"
    dist.mkdir()
    (dist / "vertebroplasty-kg.ttl").write_text("the previous release\n")
    java = recording_java(tmp_path)
    result = run_vkg(project, *command, VKG_MAX_TRIPLES="1000", VKG_JAVA=str(java))
    assert result.returncode == 2, result.stderr
    first, hint = result.stderr.splitlines()[:2]
    assert first.startswith("error: the project's inputs hold ")
    assert "validation and the reasoner stage are limited to 1,000 triples (VKG_MAX_TRIPLES; about " in first
    assert "of them in ontology/" in first and "nothing was validated or written" in first
    assert hint.startswith("hint: ") and "VKG_MAX_TRIPLES=N" in hint and "vkg load --file" in hint
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "java-args").exists(), "the reasoner was started before the refusal"
    assert [path.name for path in dist.iterdir()] == ["vertebroplasty-kg.ttl"]
    assert (dist / "vertebroplasty-kg.ttl").read_text() == "the previous release\n"
    assert left_behind(project) == [], "staging files left behind"


def test_the_limit_counts_every_parsed_triple_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    project = Project.at(ROOT)
    monkeypatch.setenv("VKG_MAX_TRIPLES", "1")
    with pytest.raises(TooManyTriples) as refused:
        read_inputs(project)
    total = refused.value.total
    assert total > 3000  # the project's ontology/ and evidence/ files, before mappings and derived annotations
    assert sum(refused.value.counts.values()) == total and "ontology/claims.ttl" in refused.value.counts
    monkeypatch.setenv("VKG_MAX_TRIPLES", str(total))
    assert len(read_inputs(project).triples) > total  # exactly at the limit: accepted (plus mappings, annotations)
    monkeypatch.setenv("VKG_MAX_TRIPLES", str(total - 1))
    with pytest.raises(TooManyTriples) as refused:
        read_inputs(project)
    assert (refused.value.total, refused.value.limit) == (total, total - 1)


LIMITS = [
    ({}, DEFAULT_TRIPLE_LIMIT),
    ({"VKG_MAX_TRIPLES": ""}, DEFAULT_TRIPLE_LIMIT),
    ({"VKG_MAX_TRIPLES": "1000"}, 1000),
    ({"VKG_MAX_TRIPLES": "1_000_000"}, 1_000_000),
    ({"VKG_MAX_TRIPLES": "1,000,000"}, 1_000_000),
]
HEAPS = [
    ({}, DEFAULT_JAVA_HEAP_MB),
    ({"VKG_JAVA_HEAP": "1500"}, 1500),
    ({"VKG_JAVA_HEAP": "1500m"}, 1500),
    ({"VKG_JAVA_HEAP": "3g"}, 3072),
    ({"VKG_JAVA_HEAP": " 4G "}, 4096),
]
BAD = [
    ({"VKG_MAX_TRIPLES": "lots"}, triple_limit, "VKG_MAX_TRIPLES='lots' is not a positive whole number"),
    ({"VKG_MAX_TRIPLES": "0"}, triple_limit, "VKG_MAX_TRIPLES='0' is not a positive whole number"),
    ({"VKG_MAX_TRIPLES": "-5"}, triple_limit, "VKG_MAX_TRIPLES='-5' is not a positive whole number"),
    ({"VKG_JAVA_HEAP": "2t"}, java_heap_mb, "VKG_JAVA_HEAP='2t' is not a Java heap size of at least 64 MB"),
    ({"VKG_JAVA_HEAP": "32m"}, java_heap_mb, "VKG_JAVA_HEAP='32m' is not a Java heap size of at least 64 MB"),
    ({"VKG_JAVA_HEAP": "-Xmx2g"}, java_heap_mb, "VKG_JAVA_HEAP='-Xmx2g' is not a Java heap size of at least 64 MB"),
]


def test_the_limits_read_from_the_environment() -> None:
    assert [triple_limit(environ) for environ, _ in LIMITS] == [expected for _, expected in LIMITS]
    assert [java_heap_mb(environ) for environ, _ in HEAPS] == [expected for _, expected in HEAPS]
    assert len(LIMITS) + len(HEAPS) == 10


def test_a_malformed_limit_is_an_environment_error_with_a_hint() -> None:
    ran = 0
    for environ, read, message in BAD:
        with pytest.raises(EnvironmentProblem) as problem:
            read(environ)
        assert problem.value.message.startswith(message)
        assert problem.value.hint and "unset it for the default" in problem.value.hint
        ran += 1
    assert ran == len(BAD) == 6


@pytest.mark.slow
def test_hermit_gets_the_configured_heap_and_running_out_of_it_is_exit_2(tmp_path: Path) -> None:
    java = recording_java(tmp_path, output='Exception in thread "main" java.lang.OutOfMemoryError: Java heap space\n')
    result = run_vkg(ROOT, "validate", VKG_JAVA=str(java), VKG_JAVA_HEAP="3g")
    assert "-Xmx3072M" in (tmp_path / "java-args").read_text().splitlines()
    assert result.returncode == 2, result.stderr
    first, hint = result.stderr.splitlines()[:2]
    assert first.startswith("error: the reasoner (HermiT) ran out of its Java heap of 3,072 MB (VKG_JAVA_HEAP) on ")
    assert hint.startswith("hint: raise VKG_JAVA_HEAP (e.g. VKG_JAVA_HEAP=6g)")
    assert "Traceback" not in result.stderr
