"""``vkg query NAME`` on a project whose release is cached is answered without click
(:mod:`vertebroplasty_kg.cli.quick`): the same bytes as the full command line for every question and
format, nothing at all when it cannot answer (the full command line then does the work and reports)."""

from __future__ import annotations

import os
import signal
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
    command) and caches no release (it may write the cache's index, as any command does)."""
    project = copy_project(ROOT, tmp_path / "project")
    assert quick_answer(["--root", str(project), "query", "hedged-claims"]) is None
    assert list((project / CACHE_DIR).glob("release-*")) == []


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


def both_ways(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[bytes], ...]:
    """``vkg ARGS`` through the console script (the quick path) and through the full command line,
    each in a fresh interpreter."""
    quick = [sys.executable, "-m", "vertebroplasty_kg", *args]
    full = [sys.executable, "-c", "import sys; from vertebroplasty_kg.cli.main import main; main()", *args]
    environment = {**os.environ, **(env or {})}
    return tuple(
        subprocess.run(command, capture_output=True, env=environment, check=False) for command in (quick, full)
    )


@pytest.fixture(scope="module")
def odd_answers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A query whose answer holds an escape sequence and characters beyond ASCII."""
    query = tmp_path_factory.mktemp("queries") / "odd.rq"
    query.write_text('SELECT ?x WHERE { VALUES ?x { "a\\u001B[31mred\\u001B[0m" "café 中" } }\n', encoding="utf-8")
    return query


def test_answers_are_written_as_they_are_both_ways(odd_answers: Path) -> None:
    """Escape sequences are data in tsv, csv and json, written unchanged (click would take them out of
    a stream that is no terminal); a table, for people, shows them escaped."""
    ran = 0
    for fmt in FORMATS:
        quick, full = both_ways("--root", str(ROOT), "query", str(odd_answers), "-f", fmt)
        assert quick.returncode == full.returncode == 0, (quick.stderr, full.stderr)
        assert quick.stdout == full.stdout, fmt
        assert ("\x1b" in quick.stdout.decode()) == (fmt in ("tsv", "csv"))  # JSON and tables escape it
        ran += 1
    assert ran == 4
    table = both_ways("--root", str(ROOT), "query", str(odd_answers))[0].stdout.decode()
    assert "a\\u001b[31mred\\u001b[0m" in table and "café 中" in table


def test_a_stdout_that_cannot_write_the_answer_is_handled_as_by_the_full_command(odd_answers: Path) -> None:
    """An ASCII stdout (click writes UTF-8 to it) and a full disk (exit 2, error and hint)."""
    for encoding in ("ascii", "ascii:replace", "latin-1"):
        quick, full = both_ways("--root", str(ROOT), "query", str(odd_answers), env={"PYTHONIOENCODING": encoding})
        assert (quick.returncode, quick.stdout, quick.stderr) == (full.returncode, full.stdout, full.stderr)
        if encoding.startswith("ascii"):
            assert quick.returncode == 0 and "café 中".encode() in quick.stdout
    args = ["--root", str(ROOT), "query", "hedged-claims"]
    programs = [["-m", "vertebroplasty_kg"], ["-c", "from vertebroplasty_kg.cli.main import main; main()"]]
    ended = []
    for program in programs:
        with open("/dev/full", "wb") as disk:
            run = subprocess.run([sys.executable, *program, *args], stdout=disk, stderr=subprocess.PIPE, check=False)
        ended.append((run.returncode, run.stderr.decode()))
    assert ended[0] == ended[1]
    code, errors = ended[0]
    assert code == 2, errors  # the environment, not a bug in vkg
    lines = errors.splitlines()
    assert lines[0] == "error: cannot write the output: No space left on device" and lines[1].startswith("hint: ")


def test_ctrl_c_while_a_reader_holds_the_answer_ends_as_the_full_command_ends(tmp_path: Path) -> None:
    """Ctrl-C while the answer waits for a pager (``| less``): 130 and the same stderr as the full command
    line (click's empty line, ``error: interrupted``, the hint), not a traceback. The quick path runs with
    click kept out, so that it cannot hand over."""
    query = tmp_path / "large.rq"
    query.write_text("SELECT ?s ?p ?o ?t WHERE { ?s ?p ?o . VALUES ?t { 1 2 3 4 5 6 7 8 } }\n", encoding="utf-8")
    programs = {
        "quick": "import sys; sys.modules['click'] = None; from vertebroplasty_kg.cli.quick import main; main()",
        "full": "from vertebroplasty_kg.cli.main import main; main()",
    }
    ended = {}
    for path, program in programs.items():
        process = subprocess.Popen(
            [sys.executable, "-c", program, "--root", str(ROOT), "query", str(query), "-f", "tsv"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(1)  # it is writing, and the pipe fills up: 2 MB and more
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=60)
        process.stdout.close()
        ended[path] = (code, process.stderr.read().decode())
    assert ended["quick"] == ended["full"]
    code, errors = ended["quick"]
    assert code == 130
    assert errors.splitlines()[1:2] == ["error: interrupted"] and len(errors.splitlines()) == 3
