"""One set of tests for every implementation of the Store interface (``stores/store.py``): the
in-memory pyoxigraph store, rdflib, the on-disk store, and SPARQL 1.1 servers (Oxigraph server,
Virtuoso 7.2). Each store is opened on one named graph, which ``replace_graph`` fills."""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from support.servers import Server
from vertebroplasty_kg.errors import InputError
from vertebroplasty_kg.stores.answers import Answer
from vertebroplasty_kg.stores.embedded import EmbeddedStore
from vertebroplasty_kg.stores.memory import MemoryStore
from vertebroplasty_kg.stores.rdflib_store import RdflibStore
from vertebroplasty_kg.stores.remote.auth import Credentials
from vertebroplasty_kg.stores.remote.endpoint import EndpointUrls, RemoteEndpoint
from vertebroplasty_kg.stores.remote.http import HttpClient
from vertebroplasty_kg.stores.store import Store, select

EX = "https://example.org/compliance/"
XSD = "http://www.w3.org/2001/XMLSchema#"
_graphs = itertools.count(1)


def node(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
AGE = node("age")
DATA = [
    ox.Triple(node("a"), LABEL, ox.Literal("vertebroplasty", language="en")),
    ox.Triple(node("b"), LABEL, ox.Literal("kyphoplasty", language="en")),
    ox.Triple(node("a"), AGE, ox.Literal("56", datatype=ox.NamedNode(XSD + "integer"))),
    ox.Triple(node("a"), node("note"), ox.Literal("plain")),
]
NEWER = [ox.Triple(node("c"), LABEL, ox.Literal("cement", language="en"))]


def _remote(server: Server, graph: str) -> RemoteEndpoint:
    credentials = Credentials(server.user, server.password, "test") if server.user and server.password else None
    urls = EndpointUrls(server.query_url, server.update_url, server.graph_store_url)
    return RemoteEndpoint(urls, HttpClient(credentials, timeout=60), graph=graph, description=server.name)


KINDS = ["memory", "rdflib", "embedded", pytest.param("oxigraph-server", marks=pytest.mark.server)]
KINDS.append(pytest.param("virtuoso", marks=pytest.mark.server))


@pytest.fixture(params=KINDS)
def opened(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, str]]:
    """A store of one kind, opened on a fresh named graph, and that graph's IRI."""
    graph = f"{EX}graph-{next(_graphs)}"
    makers: dict[str, Callable[[], Store]] = {
        "memory": lambda: MemoryStore(graph=graph),
        "rdflib": lambda: RdflibStore(default=graph),
        "embedded": lambda: EmbeddedStore(tmp_path / "store", graph),
        "oxigraph-server": lambda: _remote(request.getfixturevalue("oxigraph_server"), graph),
        "virtuoso": lambda: _remote(request.getfixturevalue("virtuoso_server"), graph),
    }
    store = makers[request.param]()
    yield store, graph
    if isinstance(store, RemoteEndpoint):
        store.update(f"DROP SILENT GRAPH <{graph}>")


@pytest.fixture
def filled(opened: tuple[Store, str]) -> Store:
    store, graph = opened
    report = store.replace_graph(graph, DATA)
    assert (report.graph, report.triples, report.previous) == (graph, len(DATA), 0)
    return store


def test_the_store_describes_itself(filled: Store) -> None:
    assert isinstance(filled.description, str) and filled.description


def test_select_with_a_bound_parameter(filled: Store) -> None:
    query = "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    answer = select(filled, query, {"label": ox.Literal("kyphoplasty", language="en")}, where="q.rq")
    assert answer.variables == ("s",) and answer.rows == ((node("b"),),)
    everything = select(filled, query, where="q.rq")
    assert sorted(row[0].value for row in everything.rows if row[0] is not None) == [EX + "a", EX + "b"]


def test_literals_come_back_as_stored(filled: Store) -> None:
    answer = select(filled, f"SELECT ?o WHERE {{ <{EX}a> ?p ?o }}", where="q.rq")
    objects = [t.object for t in DATA if t.subject == node("a")]
    expected = Answer(("o",), tuple((o,) for o in objects if not isinstance(o, ox.Triple)))
    assert answer.normalised() == expected.normalised()
    assert len(answer) == 3


def test_ask(filled: Store) -> None:
    assert filled.run(f"ASK {{ <{EX}a> <{EX}age> ?age FILTER(?age > 55) }}").boolean is True
    assert filled.run(f"ASK {{ <{EX}c> ?p ?o }}").boolean is False


def test_construct(filled: Store) -> None:
    answer = filled.run(
        f"CONSTRUCT {{ ?s <{EX}named> ?o }} WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }}"
    )
    assert answer.triples is not None and len(answer) == 2
    assert {t.subject for t in answer.triples} == {node("a"), node("b")}


def test_select_refuses_another_query_form(filled: Store) -> None:
    with pytest.raises(InputError, match=r"^ask\.rq: not a SELECT query"):
        select(filled, "ASK { ?s ?p ?o }", where="ask.rq")


def test_a_syntax_error_names_the_query(filled: Store) -> None:
    with pytest.raises(InputError, match=r"^broken\.rq:1:\d+: SPARQL syntax error"):
        filled.run("SELECT * WHERE { ?s ?p ?o", where="broken.rq")


def test_an_update_is_refused_and_changes_nothing(filled: Store, opened: tuple[Store, str]) -> None:
    _, graph = opened
    with pytest.raises(InputError, match="is a SPARQL update"):
        filled.run(f"DELETE WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", where="drop.rq")
    assert len(select(filled, "SELECT * WHERE { ?s ?p ?o }")) == len(DATA)


def test_replace_graph_replaces_it_whole(filled: Store, opened: tuple[Store, str]) -> None:
    _, graph = opened
    report = filled.replace_graph(graph, NEWER)
    assert (report.triples, report.previous) == (len(NEWER), len(DATA))
    rows = select(filled, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows
    assert rows == ((NEWER[0].subject, NEWER[0].predicate, NEWER[0].object),)


def test_every_kind_is_tested() -> None:
    """The parametrisation covers each implementation of the interface in the package: every class
    under stores/ that defines both ``run`` and ``replace_graph`` (read with ast) is one of the kinds."""
    package = Path(__file__).resolve().parents[1] / "scripts" / "vertebroplasty_kg" / "stores"
    implementations = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                methods = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
                if {"run", "replace_graph"} <= methods and node.name != "Store":
                    implementations.add(node.name)
    tested = {MemoryStore.__name__, RdflibStore.__name__, EmbeddedStore.__name__, RemoteEndpoint.__name__}
    assert implementations == tested
    assert len(KINDS) == 5  # the remote endpoint on two servers
