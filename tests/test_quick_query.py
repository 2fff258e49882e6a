"""``vkg query NAME`` on a project whose release is cached is answered without click
(:mod:`vertebroplasty_kg.cli.quick`): the same bytes as the full command line for every question and
format, nothing at all when it cannot answer (the full command line then does the work and reports)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from support.project_copies import copy_project
from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.cli.quick import quick_answer, quick_request
from vertebroplasty_kg.cli.result_formats import FORMATS
from vertebroplasty_kg.inputs.questions import all_questions
from vertebroplasty_kg.project import CACHE_DIR, Project
from vertebroplasty_kg.release.cached_release import release_triples

pytestmark = pytest.mark.reasoner  # without a cached release of the working tree, the fixture reasons once

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = all_questions(Project.at(ROOT))


@pytest.fixture(scope="module", autouse=True)
def cached_release() -> None:
    """The working tree's release in its cache, as after any earlier command."""
    assert len(release_triples(Project.at(ROOT))) > 1000


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["query", "hedged-claims"], (None, "hedged-claims", "table")),
        (["query", "hedged-claims", "-f", "tsv"], (None, "hedged-claims", "tsv")),
        (["query", "-f", "json", "hedged-claims"], (None, "hedged-claims", "json")),
        (["query", "hedged-claims", "--format=csv"], (None, "hedged-claims", "csv")),
        (["--root", "/p", "query", "x.rq"], ("/p", "x.rq", "table")),
        (["--root=/p", "query", "x"], ("/p", "x", "table")),
        (["query"], None),
        (["query", "a", "b"], None),
        (["query", "a", "-p", "x=1"], None),
        (["query", "a", "--store", "s"], None),
        (["query", "a", "-f"], None),
        (["query", "a", "-f", "-v"], None),
        (["query", "--", "a"], None),
        (["query", "a", "--help"], None),
        (["-v", "query", "a"], None),
        (["--root", "", "query", "a"], None),
        (["build"], None),
        ([], None),
    ],
)
def test_only_the_plain_forms_are_taken(args: list[str], expected: tuple[str | None, str, str] | None) -> None:
    assert quick_request(args) == expected


def test_every_question_in_every_format_prints_what_the_full_command_prints() -> None:
    answered = refused = 0
    for question in QUESTIONS:
        for fmt in FORMATS:
            args = ["--root", str(ROOT), "query", question.name, "-f", fmt]
            quick = quick_answer(args)
            full = CliRunner().invoke(main, args)
            if quick is None:  # a required parameter without a default: the full command says so
                assert full.exit_code == 2 and "error:" in full.stderr, (question.name, fmt)
                refused += 1
            else:
                assert full.exit_code == 0, full.stderr
                assert quick.encode() == full.stdout_bytes, (question.name, fmt)  # CSV's CRLF included
                answered += 1
    assert answered + refused == len(QUESTIONS) * len(FORMATS) == 28 * 4
    assert answered >= 25 * 4


def test_a_project_without_its_release_in_the_cache_is_left_to_the_full_command(tmp_path: Path) -> None:
    """The quick path never reasons (HermiT would start without the progress and errors of the full
    command) and writes nothing."""
    project = copy_project(ROOT, tmp_path / "project")
    assert quick_answer(["--root", str(project), "query", "hedged-claims"]) is None
    assert not (project / CACHE_DIR).exists()


def test_an_unknown_format_or_question_is_left_to_the_full_command() -> None:
    assert quick_answer(["--root", str(ROOT), "query", "hedged-claims", "-f", "xml"]) is None
    assert quick_answer(["--root", str(ROOT), "query", "no-such-question"]) is None


def run_vkg(*args: str) -> subprocess.CompletedProcess[str]:
    """``vkg ARGS`` through the console script's function, in a fresh interpreter, which then names
    the modules of the full command line it had imported."""
    program = (
        "import sys\nfrom vertebroplasty_kg.cli.quick import main\n"
        "try:\n    main()\nexcept SystemExit as end:\n    code = end.code\nelse:\n    code = 0\n"
        "print('imported:', *[m for m in ('click', 'dataclasses') if m in sys.modules], file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    return subprocess.run([sys.executable, "-c", program, *args], capture_output=True, text=True, check=False)


def test_the_console_script_answers_without_click() -> None:
    result = run_vkg("--root", str(ROOT), "query", "hedged-claims", "-f", "tsv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("?certainty\t")
    assert result.stderr.splitlines() == ["imported:"]


def test_an_error_is_reported_by_the_full_command_line() -> None:
    result = run_vkg("--root", str(ROOT), "query", "no-such-question")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ") and lines[1].startswith("hint: ")
    assert "click" in lines[-1]  # the full command line reported it
    full = CliRunner().invoke(main, ["--root", str(ROOT), "query", "no-such-question"])
    assert full.exit_code == 2
    assert lines[:-1] == full.stderr.splitlines()


def test_a_closed_stdout_is_handled_as_the_full_command_line_handles_it() -> None:
    """``vkg query NAME >&-``: Python has no ``sys.stdout``; click writes nothing and the command ends
    with 0, as every other command does, instead of a traceback."""
    command = [sys.executable, "-m", "vertebroplasty_kg", "--root", str(ROOT), "query", "hedged-claims"]
    quick = subprocess.run(command, preexec_fn=lambda: os.close(1), capture_output=False, stderr=subprocess.PIPE)
    listed = subprocess.run(
        [*command[:-2], "query", "--list"], preexec_fn=lambda: os.close(1), stderr=subprocess.PIPE, check=False
    )
    assert (quick.returncode, quick.stderr) == (listed.returncode, listed.stderr) == (0, b"")
