"""``vkg query`` never sends or runs an update: the text is parsed as a SPARQL 1.1 query first.

A server such as Virtuoso runs an update sent to its query URL, so a file that merely contains the
word SELECT in a subquery once emptied every graph. Here each kind of update is refused with exit 2
before any request leaves (a recording server sees none) and before any store is touched.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.rdf.sparql_text import query_form
from vertebroplasty_kg.stores.embedded import open_store

ROOT = Path(__file__).resolve().parents[1]

UPDATES = {
    "disguised-delete": "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE "
    "{ { SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } } }",
    "insert-data": "PREFIX ex: <https://example.org/>\nINSERT DATA { ex:a ex:b ex:c }",
    "drop-all": "# SELECT * WHERE { ?s ?p ?o }\nDROP ALL",
    "load": "LOAD <https://example.org/data.ttl> INTO GRAPH <https://example.org/g> ; CLEAR DEFAULT",
    "delete-where-string": 'DELETE WHERE { ?s ?p "SELECT ?x WHERE { ?x ?y ?z }" }',
}


class Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def _record(self) -> None:
        Recorder.requests.append(f"{self.command} {self.path}")
        self.send_response(500)
        self.end_headers()

    do_GET = do_POST = do_PUT = _record

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recording_server() -> Iterator[str]:
    Recorder.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def vkg(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(ROOT), *args])
    return result.exit_code, result.output


def update_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(UPDATES[name], encoding="utf-8")
    return path


def assert_refused(code: int, output: str, path: Path) -> None:
    assert code == 2, output
    assert output.startswith(f"error: {path}: is a SPARQL update; vkg query runs queries only"), output
    assert "hint: " in output and "Traceback" not in output


def test_the_cases() -> None:
    assert len(UPDATES) == 5


@pytest.mark.parametrize("name", sorted(UPDATES))
def test_an_update_is_never_sent_to_an_endpoint(tmp_path: Path, recording_server: str, name: str) -> None:
    path = update_file(tmp_path, name)
    code, output = vkg("query", str(path), "--endpoint", recording_server)
    assert_refused(code, output, path)
    assert Recorder.requests == []


@pytest.mark.parametrize("name", sorted(UPDATES))
def test_an_update_leaves_the_embedded_store_as_it_was(tmp_path: Path, embedded_store: Path, name: str) -> None:
    before = len(open_store(embedded_store, read_only=True))
    path = update_file(tmp_path, name)
    code, output = vkg("query", str(path), "--store", str(embedded_store))
    assert_refused(code, output, path)
    assert len(open_store(embedded_store, read_only=True)) == before > 0


@pytest.mark.parametrize("name", sorted(UPDATES))
def test_an_update_is_refused_on_a_release_file(tmp_path: Path, name: str) -> None:
    data = tmp_path / "data.nt"
    data.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    path = update_file(tmp_path, name)
    code, output = vkg("query", str(path), "--data", str(data))
    assert_refused(code, output, path)
    assert data.read_text(encoding="utf-8").count("\n") == 1


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("PREFIX ex: <https://example.org/>\n# DELETE WHERE { ?s ?p ?o }\nASK { ex:a ?p ?o }", "ASK"),
        ('SELECT ?s WHERE { ?s ?p "DELETE { ?s ?p ?o }" }', "SELECT"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <https://example.org/a>", "DESCRIBE"),
    ],
)
def test_the_form_comes_from_the_parser(text: str, form: str) -> None:
    assert query_form(text) == form


def test_text_that_is_neither_names_the_position() -> None:
    from vertebroplasty_kg.errors import InputError

    with pytest.raises(InputError, match=r"^q\.rq:2:\d+: SPARQL syntax error"):
        query_form("SELECT * WHERE {\n ?s ?p }", "q.rq")


def test_parse_errors_of_updates_are_not_mistaken_for_queries() -> None:
    """A broken update is a syntax error, not an update that the parser let through."""
    from vertebroplasty_kg.errors import InputError

    with pytest.raises(InputError, match=r"SPARQL syntax error"):
        query_form("DELETE { ?s ?p ?o ")
