"""Oxigraph server and Virtuoso give the embedded store's answers to every competency question.

The cases are every ``queries/cq/*.rq`` plus the store sanity queries in
``tests/fixtures/store-queries/``, each on each server, with the defaults its ``# parameters:``
header declares, and the competency questions again with the other parameter values of
``test_competency_questions.PARAMETER_CASES``. Answers are compared in normal form
(``Answer.normalised``): rows as a bag, numbers and durations by value.

Each server holds the release and nothing else (the server fixtures are per module): Virtuoso
plans from statistics of its whole database, so other data can change its answers
(docs/triple-stores.md, "Querying Virtuoso 7.2.5").
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from support.servers import Server
from test_competency_questions import PARAMETER_CASES
from vertebroplasty_kg.inputs.questions import read_question
from vertebroplasty_kg.query.parameters import bindings
from vertebroplasty_kg.rdf.terms import Term
from vertebroplasty_kg.release.assembly import ReleaseGraph
from vertebroplasty_kg.stores.answers import Answer
from vertebroplasty_kg.stores.embedded import EmbeddedStore
from vertebroplasty_kg.stores.remote.auth import Credentials
from vertebroplasty_kg.stores.remote.endpoint import EndpointUrls, RemoteEndpoint
from vertebroplasty_kg.stores.remote.http import HttpClient
from vertebroplasty_kg.stores.remote.load import load_remote

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
CQ_DIR = ROOT / "queries" / "cq"
SANITY_DIR = ROOT / "tests" / "fixtures" / "store-queries"
QUERIES = sorted(CQ_DIR.glob("*.rq")) + sorted(SANITY_DIR.glob("*.rq"))
SERVERS = ["oxigraph_server", "virtuoso_server"]
CASES: list[tuple[Path, dict[str, str], str]] = [(query, {}, server) for query in QUERIES for server in SERVERS]
CASES += [(CQ_DIR / f"{name}.rq", given, server) for name, given in PARAMETER_CASES for server in SERVERS]


def defaults(query: Path) -> dict[str, Term]:
    """The defaults of the query's parameters, read from its header as vkg query reads them."""
    return bindings(read_question(query, require_header=False), {})


def size(answer: Answer) -> int:
    if answer.boolean is not None:
        return int(answer.boolean)
    return len(answer.triples) if answer.triples is not None else len(answer.rows)


@pytest.fixture(scope="module")
def embedded(embedded_store: Path, release_graph_iri: str) -> EmbeddedStore:
    return EmbeddedStore(embedded_store, release_graph_iri)


@pytest.fixture(scope="module")
def remote(request: pytest.FixtureRequest, release: ReleaseGraph, release_graph_iri: str) -> dict[str, RemoteEndpoint]:
    """The release loaded into each server by the graph store protocol, queried with it as default graph."""
    endpoints = {}
    for name in SERVERS:
        server: Server = request.getfixturevalue(name)
        credentials = Credentials(server.user, server.password, "test") if server.user and server.password else None
        urls = EndpointUrls(server.query_url, server.update_url, server.graph_store_url)
        target = RemoteEndpoint(urls, HttpClient(credentials, timeout=60), graph=release_graph_iri)
        assert load_remote(target, release.triples, release_graph_iri).triples == len(release)
        endpoints[name] = target
    return endpoints


def test_every_query_file_is_a_case() -> None:
    files = [path for folder in (CQ_DIR, SANITY_DIR) if folder.is_dir() for path in folder.iterdir()]
    queries = [path for path in files if path.suffix == ".rq"]
    assert len(QUERIES) == len(queries) >= 10
    assert len(CASES) == len(SERVERS) * (len(queries) + len(PARAMETER_CASES))
    assert all(query.is_file() for query, _, _ in CASES)


def case_id(query: Path, given: dict[str, str], server: str) -> str:
    values = ",".join(f"{name}={value}" for name, value in sorted(given.items()))
    return f"{query.parent.name}/{query.stem}{f'[{values}]' if values else ''}-{server}"


@pytest.mark.parametrize(("query", "given", "server"), CASES, ids=[case_id(*case) for case in CASES])
def test_same_answers_as_the_embedded_store(
    query: Path, given: dict[str, str], server: str, embedded: EmbeddedStore, remote: dict[str, RemoteEndpoint]
) -> None:
    text, terms = query.read_text(encoding="utf-8"), defaults(query)
    if given:
        bound = bindings(read_question(query), given)
        terms = {name: term for name, term in bound.items() if isinstance(term, ox.NamedNode | ox.Literal)}
        assert terms.keys() == bound.keys() == defaults(query).keys(), f"{query.name}: {given} binds other parameters"
    expected = embedded.run(text, terms)
    answered = remote[server].run(text, terms)
    if query.parent == SANITY_DIR:
        assert size(expected) > 0, f"{query.name} finds nothing in the release"
    assert answered.normalised() == expected.normalised()
