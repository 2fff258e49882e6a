"""Every command, fed hostile arguments, stops with exit 2 and an ``error:`` line: no traceback, no
password in any output, nothing written.

The table covers each command of ``vkg``; a test asserts that it does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vertebroplasty_kg.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SECRET = "s3cret-pa55"
NOT_UTF8 = "caf\udce9"  # the byte 0xE9 of a Latin-1 shell, as Python passes it in sys.argv
HUGE = "9" * 5000  # more digits than Python's int() converts by default

HOSTILE: list[tuple[str, ...]] = [
    # build
    ("build", "--version", "1.0 beta"),
    ("build", "--version", NOT_UTF8),
    ("build", "-o", "{file}"),
    ("build", "--no-such-option"),
    # validate
    ("validate", "{missing}"),
    ("validate", "{dir}"),
    ("validate", "{binary}"),
    ("validate", "--format", "xml"),
    # assess
    ("assess", "{missing}"),
    ("assess",),
    ("assess", "{empty_ttl}", "--endpoint", "http://127.0.0.1:9/sparql"),
    ("assess", "{empty_ttl}", "--graph", "https://example.org/g"),
    ("assess", "--endpoint", f"http://dba:{SECRET}@127.0.0.1:9/sparql"),
    ("assess", "--endpoint", "http://127.0.0.1:9/sparql", "--graph", "bad iri"),
    ("assess", "{binary}"),
    ("assess", "{empty_ttl}", "--as-of", "2026-13-45"),
    ("assess", "{empty_ttl}", "--rules", "{missing}"),
    ("assess", "{empty_ttl}", "-f", "pdf"),
    # query
    ("query", "no-such-question"),
    ("query", "concept-card", "-p", "concept=<not an iri>"),
    ("query", "concept-card", "-p", f"concept={NOT_UTF8}"),
    ("query", "{select_file}", "-p", f"x={HUGE}", "--data", "{nt}"),
    ("query", "{select_file}", "-p", f"x={NOT_UTF8}", "--data", "{nt}"),
    ("query", "hedged-claims", "--store", "{dir}", "--graph", "bad iri"),
    ("query", "hedged-claims", "--store", "{dir}", "--graph", NOT_UTF8),
    ("query", "hedged-claims", "--endpoint", f"http://dba:{SECRET}@127.0.0.1:9/sparql"),
    ("query", "hedged-claims", "--endpoint", f"ftp://dba:{SECRET}@127.0.0.1:9/sparql"),
    ("query", "hedged-claims", "--endpoint", "not a url"),
    ("query", "{update_file}", "--endpoint", "http://127.0.0.1:9/sparql"),
    ("query", "{update_file}", "--data", "{nt}"),
    ("query", "{select_file}", "--data", "{missing}"),
    ("query", "{select_file}", "--data", "{binary}"),
    ("query", "{dir}"),
    # load
    ("load", "--endpoint", f"http://dba:{SECRET}@127.0.0.1:9/sparql"),
    ("load", "--endpoint", "http://127.0.0.1:9/sparql", "--update-url", f"http://dba:{SECRET}@127.0.0.1:9/update"),
    ("load", "--endpoint", "http://127.0.0.1:9/sparql", "--graph-store-url", f"http://dba:{SECRET}@127.0.0.1:9/g"),
    ("load", "--store", "{dir}/store", "--graph", "bad iri"),
    ("load", "--store", "{file}"),
    ("load", "--store", "{dir}/store", "--chunk-size", "0"),
    ("load", "--store", "{dir}/store", "--file", "{missing}"),
    ("load", "--store", "{dir}/store", "--file", "{binary}"),
    ("load",),
    # serve
    ("serve", "--port", "99999"),
    ("serve", "--bind", "not an address"),
    ("serve", "--data", "{missing}"),
    # synth
    ("synth", "--cases", "-5", "--seed", "1"),
    ("synth", "--cases", HUGE, "--seed", "1"),
    ("synth", "--cases", "5", "--seed", "1", "--invalid-share", "2"),
    ("synth", "--cases", "5", "--seed", "1", "--format", "csv"),
    ("synth", "--cases", "5", "--seed", "1", "-o", "{dir}"),
]


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("hostile")
    (base / "a-file").write_text("not a directory\n", encoding="utf-8")
    (base / "binary.ttl").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    (base / "empty.ttl").write_text("", encoding="utf-8")
    (base / "data.nt").write_text("<https://example.org/a> <https://example.org/b> 1 .\n", encoding="utf-8")
    (base / "select.rq").write_text("SELECT ?s WHERE { ?s ?p ?x }", encoding="utf-8")
    (base / "update.rq").write_text("DELETE { ?s ?p ?o } WHERE { { SELECT ?s ?p ?o WHERE { ?s ?p ?o } } }")
    (base / "folder").mkdir()
    return {
        "file": str(base / "a-file"),
        "missing": str(base / "missing.ttl"),
        "dir": str(base / "folder"),
        "binary": str(base / "binary.ttl"),
        "empty_ttl": str(base / "empty.ttl"),
        "nt": str(base / "data.nt"),
        "select_file": str(base / "select.rq"),
        "update_file": str(base / "update.rq"),
    }


def test_every_command_is_in_the_table() -> None:
    assert len(HOSTILE) == 50
    assert {args[0] for args in HOSTILE} == set(main.commands)


@pytest.mark.parametrize("args", HOSTILE, ids=[" ".join(a)[:60].encode("ascii", "replace").decode() for a in HOSTILE])
def test_hostile_arguments_exit_2_without_traceback(args: tuple[str, ...], places: dict[str, str]) -> None:
    filled = [arg.format(**places) if arg.startswith("{") or "}/" in arg else arg for arg in args]
    result = CliRunner().invoke(main, ["--root", str(ROOT), *filled])
    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    assert result.stderr.startswith("error: "), output
    assert "hint: " in result.stderr, output
    assert "Traceback" not in output and SECRET not in output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
