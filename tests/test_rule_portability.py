"""The rule files of queries/rules/ are plain SPARQL 1.1: pyoxigraph, rdflib and Virtuoso give the
same answers on the same data (the release, the fixture registry and the fracture ages vkg assess
derives), so the rules can run wherever a registry is kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from support.servers import Server
from vertebroplasty_kg.cases.assess import rule_files
from vertebroplasty_kg.cases.fracture_ages import fracture_ages
from vertebroplasty_kg.project import RULES_DIR
from vertebroplasty_kg.rdf.parsing import parse_turtle, to_rdflib
from vertebroplasty_kg.release.assembly import ReleaseGraph
from vertebroplasty_kg.stores.answers import Answer, from_oxigraph
from vertebroplasty_kg.stores.rdflib_store import RdflibStore
from vertebroplasty_kg.stores.remote.auth import Credentials
from vertebroplasty_kg.stores.remote.endpoint import EndpointUrls, RemoteEndpoint
from vertebroplasty_kg.stores.remote.http import HttpClient
from vertebroplasty_kg.stores.remote.load import load_remote
from vertebroplasty_kg.stores.store import select

ROOT = Path(__file__).resolve().parents[1]
RULES = rule_files([ROOT / RULES_DIR])
FIXTURES = [ROOT / "tests" / "fixtures" / "cases" / name for name in ("registry.ttl", "boundary.ttl", "as-of.ttl")]
GRAPH = "https://example.org/vertebroplasty-kg/rule-portability"


@pytest.fixture(scope="module")
def data(release: ReleaseGraph) -> list[ox.Triple]:
    records = [triple for path in FIXTURES for triple in parse_turtle(path)]
    return [*release.triples, *records, *fracture_ages(records, date(2026, 4, 1))]


@pytest.fixture(scope="module")
def oxigraph_answers(data: list[ox.Triple]) -> dict[str, Answer]:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in data)
    return {path.name: from_oxigraph(store.query(path.read_text(encoding="utf-8"))) for path in RULES}


def test_every_rule_is_a_case_and_finds_something(oxigraph_answers: dict[str, Answer]) -> None:
    assert len(RULES) == len(oxigraph_answers) >= 5
    assert all(len(answer.rows) > 0 for answer in oxigraph_answers.values()), {
        name: len(answer.rows) for name, answer in oxigraph_answers.items()
    }


@pytest.mark.parametrize("rule", RULES, ids=[path.stem for path in RULES])
def test_rdflib_gives_the_same_answers(rule: Path, data: list[ox.Triple], oxigraph_answers: dict[str, Answer]) -> None:
    graph = to_rdflib(data)
    answer = select(RdflibStore(graph), rule.read_text(encoding="utf-8"), {}, where=rule.name)
    expected = oxigraph_answers[rule.name]
    assert Answer(answer.variables, answer.rows).normalised() == expected.normalised()


@pytest.fixture(scope="module")
def virtuoso(virtuoso_server: Server, data: list[ox.Triple]) -> RemoteEndpoint:
    server = virtuoso_server
    credentials = Credentials(server.user, server.password, "test") if server.user and server.password else None
    urls = EndpointUrls(server.query_url, server.update_url, server.graph_store_url)
    endpoint = RemoteEndpoint(urls, HttpClient(credentials, timeout=60), graph=GRAPH)
    assert load_remote(endpoint, data, GRAPH).triples == len(set(data))
    return endpoint


@pytest.mark.server
@pytest.mark.parametrize("rule", RULES, ids=[path.stem for path in RULES])
def test_virtuoso_gives_the_same_answers(
    rule: Path, virtuoso: RemoteEndpoint, oxigraph_answers: dict[str, Answer]
) -> None:
    answer = virtuoso.run(rule.read_text(encoding="utf-8"), where=rule.name)
    assert answer.normalised() == oxigraph_answers[rule.name].normalised()


@pytest.fixture(scope="module")
def oxigraph(oxigraph_server: Server, data: list[ox.Triple]) -> RemoteEndpoint:
    server = oxigraph_server
    urls = EndpointUrls(server.query_url, server.update_url, server.graph_store_url)
    endpoint = RemoteEndpoint(urls, HttpClient(None, timeout=60), graph=GRAPH)
    assert load_remote(endpoint, data, GRAPH).triples == len(set(data))
    return endpoint


@pytest.mark.server
@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_vkg_assess_on_a_server_finds_what_it_finds_in_the_files(
    server: str, request: pytest.FixtureRequest, release: ReleaseGraph
) -> None:
    """`vkg assess --endpoint`: the shapes and rules run on the server holding the registry (its
    fracture ages stated, as derived here) and the release give the findings and problems of the files,
    on Oxigraph server and on Virtuoso 7.2."""
    endpoint: RemoteEndpoint = request.getfixturevalue(server)
    from vertebroplasty_kg.cases.assess import assess
    from vertebroplasty_kg.cases.remote import assess_endpoint
    from vertebroplasty_kg.project import CASE_SHAPES

    local = assess(
        release.triples,
        FIXTURES,
        shapes_path=ROOT / CASE_SHAPES,
        rule_folders=[ROOT / RULES_DIR],
        as_of=date(2026, 4, 1),
    )
    remote, findings = assess_endpoint(
        endpoint,
        shapes_path=ROOT / CASE_SHAPES,
        rule_folders=[ROOT / RULES_DIR],
        root=ROOT,
    )

    def key(finding: object) -> tuple[str, ...]:
        """The finding, a blank node's label (which each store chooses) left out."""
        values = [getattr(finding, name) for name in ("case", "topic", "claim", "fracture", "detail", "quote")]
        return tuple("_:" if value.startswith("_:") else value for value in values)

    assert {(p.case, p.field, p.message) for p in remote.problems} == {
        (p.case, p.field, p.message) for p in local.problems
    }
    assert (remote.read, remote.valid, remote.invalid) == (local.read, local.valid, local.invalid)
    assert local.invalid >= 1 and len(local.findings) >= 10
    assert sorted(map(key, findings)) == sorted(map(key, local.findings))
    assert {(p.case, p.field, p.message) for p in remote.problems} == {
        (p.case, p.field, p.message) for p in local.problems
    }
