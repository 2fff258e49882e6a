"""``vkg load --endpoint``: real Oxigraph and Virtuoso servers, and faults injected by a proxy in front of them.

A load replaces its graph (loading twice leaves one copy) and a load that fails half-way -- the
server stops, rejects a request, or refuses the credentials -- leaves the previous graph as it was.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from support.fault_proxy import DROP, LOSE_ANSWER, FaultProxy
from support.servers import Server, free_port, start_oxigraph
from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.project import Project
from vertebroplasty_kg.release.assembly import ReleaseGraph
from vertebroplasty_kg.stores.release_load import evidence_graph, split_evidence
from vertebroplasty_kg.stores.remote.auth import Credentials
from vertebroplasty_kg.stores.remote.endpoint import EndpointUrls, RemoteEndpoint
from vertebroplasty_kg.stores.remote.http import EndpointError, HttpClient
from vertebroplasty_kg.stores.remote.load import GRAPH_STORE_PROTOCOL, SPARQL_UPDATE, load_remote

pytestmark = pytest.mark.server

SERVERS = ["oxigraph_server", "virtuoso_server"]
NO_NETRC = {"NETRC": "/nonexistent/netrc", "VKG_ENDPOINT_USER": None, "VKG_ENDPOINT_PASSWORD": None}


def endpoint(server: Server, *, graph_store: bool = True, base: str | None = None, **urls: str) -> RemoteEndpoint:
    """A client for ``server`` (or for a proxy at ``base`` in front of it), retrying fast."""

    def moved(url: str) -> str:
        return url if base is None else base + urllib.parse.urlsplit(url).path

    credentials = Credentials(server.user, server.password, "test") if server.user and server.password else None
    address = EndpointUrls(
        urls.get("query", moved(server.query_url)),
        urls.get("update", moved(server.update_url)),
        moved(server.graph_store_url) if graph_store else None,
    )
    return RemoteEndpoint(address, HttpClient(credentials, timeout=60, retries=3, backoff=0.01))


def staging_graphs(target: RemoteEndpoint, graph: str) -> list[str]:
    answer = target.run(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ?prefix)) }",
        {"prefix": ox.Literal(graph + "-staging-")},
    )
    return [row[0].value for row in answer.rows if isinstance(row[0], ox.NamedNode)]


def distinct_blank_nodes(target: RemoteEndpoint, graph: str) -> int:
    answer = target.run(
        "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { GRAPH ?g { ?b ?p ?o } FILTER(isBlank(?b)) }",
        {"g": ox.NamedNode(graph)},
    )
    value = answer.rows[0][0]
    assert isinstance(value, ox.Literal)
    return int(value.value)


@pytest.fixture
def proxy_factory() -> Iterator[list[FaultProxy]]:
    proxies: list[FaultProxy] = []
    yield proxies
    for proxy in proxies:
        proxy.close()


@pytest.mark.parametrize("server_name", SERVERS)
def test_cli_load_twice_leaves_one_copy(
    request: pytest.FixtureRequest, server_name: str, root: Path, release: ReleaseGraph
) -> None:
    server: Server = request.getfixturevalue(server_name)
    graph = f"http://example.org/test/{server_name}/cli"
    command = ["--root", str(root), "load", "--endpoint", server.query_url, "--update-url", server.update_url]
    command += ["--graph-store-url", server.graph_store_url, "--graph", graph]
    env = {"VKG_ENDPOINT_USER": server.user, "VKG_ENDPOINT_PASSWORD": server.password, "NETRC": "/nonexistent"}
    first = CliRunner().invoke(main, command, env=env)
    second = CliRunner().invoke(main, command, env=env)
    main_triples, evidence = split_evidence(Project.at(root), release.triples)
    assert first.exit_code == 0, first.output
    assert f"loaded {len(main_triples)} triples into <{graph}>" in first.output
    assert f"by {GRAPH_STORE_PROTOCOL}" in first.output and "the graph was new" in first.output
    assert second.exit_code == 0, second.output
    assert f"replaced {len(main_triples)} triples" in second.output
    target = endpoint(server)
    assert target.count(graph) == len(main_triples)
    assert target.count(evidence_graph(graph)) == len(evidence) > 0
    assert staging_graphs(target, graph) == []


@pytest.mark.parametrize("server_name", SERVERS)
def test_chunks_keep_blank_nodes_whole(request: pytest.FixtureRequest, server_name: str, release: ReleaseGraph) -> None:
    server: Server = request.getfixturevalue(server_name)
    graph = f"http://example.org/test/{server_name}/chunks"
    target = endpoint(server)
    report = load_remote(target, release.triples, graph, chunk_size=100)
    blank_nodes = {term for triple in release.triples for term in triple if isinstance(term, ox.BlankNode)}
    assert report.requests > len(release) // 100  # groups of linked blank nodes make some chunks larger
    assert target.count(graph) == len(release)
    assert distinct_blank_nodes(target, graph) == len(blank_nodes)


def test_sparql_update_when_there_is_no_graph_store(oxigraph_server: Server, release: ReleaseGraph) -> None:
    graph = "http://example.org/test/update"
    target = endpoint(oxigraph_server, graph_store=False)
    report = load_remote(target, release.triples, graph)
    blank_nodes = {term for triple in release.triples for term in triple if isinstance(term, ox.BlankNode)}
    assert report.method == SPARQL_UPDATE
    assert report.requests == -(-len(release) // 1000)  # at most 1,000 triples per INSERT DATA
    assert target.count(graph) == len(release)
    assert distinct_blank_nodes(target, graph) == len(blank_nodes)


def test_falls_back_to_update_when_the_graph_store_refuses(
    oxigraph_server: Server, release: ReleaseGraph, proxy_factory: list[FaultProxy]
) -> None:
    proxy = FaultProxy(
        oxigraph_server.query_url.rsplit("/", 1)[0], lambda method, path: 405 if path.startswith("/store") else None
    )
    proxy_factory.append(proxy)
    graph = "http://example.org/test/fallback"
    report = load_remote(endpoint(oxigraph_server, base=proxy.url), release.triples, graph)
    assert report.method == SPARQL_UPDATE
    assert endpoint(oxigraph_server).count(graph) == len(release)


def test_transient_errors_are_retried(
    oxigraph_server: Server, release: ReleaseGraph, proxy_factory: list[FaultProxy]
) -> None:
    failures = iter([503, 502, DROP])

    def flaky(method: str, path: str) -> int | None:
        return next(failures, None) if method == "POST" and path.startswith("/store") else None

    proxy = FaultProxy(oxigraph_server.query_url.rsplit("/", 1)[0], flaky)
    proxy_factory.append(proxy)
    graph = "http://example.org/test/retried"
    report = load_remote(endpoint(oxigraph_server, base=proxy.url), release.triples, graph, chunk_size=500)
    assert report.triples == len(release)
    posts = [path for method, path in proxy.requests if method == "POST" and path.startswith("/store")]
    assert len(posts) == report.requests - 1 + 3  # the first chunk is a PUT; three POSTs were retried


def test_a_lost_answer_to_the_swap_is_checked(
    oxigraph_server: Server, release: ReleaseGraph, proxy_factory: list[FaultProxy]
) -> None:
    updates = iter(range(1, 1000))

    def lose_first_update(method: str, path: str) -> int | None:
        return LOSE_ANSWER if path.startswith("/update") and next(updates) == 1 else None

    proxy = FaultProxy(oxigraph_server.query_url.rsplit("/", 1)[0], lose_first_update)
    proxy_factory.append(proxy)
    graph = "http://example.org/test/lost-answer"
    report = load_remote(endpoint(oxigraph_server, base=proxy.url), release.triples, graph)
    assert report.triples == len(release)
    assert [path for _, path in proxy.requests if path.startswith("/update")] == ["/update"]  # not sent twice
    assert staging_graphs(endpoint(oxigraph_server), graph) == []


@pytest.mark.parametrize("status, message", [(413, "too large"), (403, "forbidden"), (400, r"failed \(HTTP 400\)")])
def test_rejected_request_leaves_the_previous_graph(
    oxigraph_server: Server, release: ReleaseGraph, proxy_factory: list[FaultProxy], status: int, message: str
) -> None:
    graph = f"http://example.org/test/rejected-{status}"
    direct = endpoint(oxigraph_server)
    load_remote(direct, release.triples[:100], graph)
    posts = iter(range(1, 1000))

    def reject_second_post(method: str, path: str) -> int | None:
        if method == "POST" and path.startswith("/store"):
            return status if next(posts) == 2 else None
        return None

    proxy = FaultProxy(oxigraph_server.query_url.rsplit("/", 1)[0], reject_second_post)
    proxy_factory.append(proxy)
    with pytest.raises(EndpointError, match=message) as caught:
        load_remote(endpoint(oxigraph_server, base=proxy.url), release.triples, graph, chunk_size=300)
    assert caught.value.status == status
    assert direct.count(graph) == 100
    assert staging_graphs(direct, graph) == []


def test_virtuoso_rejects_durations_in_sparql_update(virtuoso_server: Server, release: ReleaseGraph) -> None:
    """Virtuoso 7.2's SPARQL compiler fails on xsd:dayTimeDuration literals ("SQ200: No column P56DD").

    A real server refusing a payload half-way: the previous graph stays, the staging graph goes.
    Its graph store protocol reads the same triples (see the other tests).
    """
    graph = "http://example.org/test/virtuoso-update"
    target = endpoint(virtuoso_server, graph_store=False)
    load_remote(target, release.triples[:100], graph)
    with pytest.raises(EndpointError, match="SQ200"):
        load_remote(target, release.triples, graph)
    assert target.count(graph) == 100
    assert staging_graphs(target, graph) == []


def test_server_stopped_mid_load_leaves_the_previous_graph(
    tmp_path: Path, release: ReleaseGraph, proxy_factory: list[FaultProxy]
) -> None:
    location = tmp_path / "db"
    server = start_oxigraph(location=location)
    graph = "http://example.org/test/stopped"
    try:
        load_remote(endpoint(server), release.triples[:100], graph)
        posts = iter(range(1, 1000))

        def stop_at_second_post(method: str, path: str) -> int | None:
            if method == "POST" and path.startswith("/store") and next(posts) == 2:
                server.stop()
                return DROP
            return None

        proxy = FaultProxy(server.query_url.rsplit("/", 1)[0], stop_at_second_post)
        proxy_factory.append(proxy)
        with pytest.raises(EndpointError, match="cannot reach") as caught:
            load_remote(endpoint(server, base=proxy.url), release.triples, graph, chunk_size=300)
        assert "the staging graph <http://example.org/test/stopped-staging-" in (caught.value.hint or "")
    finally:
        server.stop()
    restarted = start_oxigraph(location=location)
    try:
        target = endpoint(restarted)
        assert target.count(graph) == 100
        leftovers = staging_graphs(target, graph)
        assert len(leftovers) == 1 and target.count(leftovers[0]) < len(release)
        assert load_remote(target, release.triples, graph).triples == len(release)
    finally:
        restarted.stop()


def _virtuoso_command(server: Server, root: Path) -> list[str]:
    command = ["--root", str(root), "load", "--endpoint", server.query_url, "--graph-store-url", server.graph_store_url]
    return [*command, "--graph", "http://example.org/test/auth"]


def test_wrong_credentials(virtuoso_server: Server, root: Path) -> None:
    env = {**NO_NETRC, "VKG_ENDPOINT_USER": "dba", "VKG_ENDPOINT_PASSWORD": "wrong"}
    result = CliRunner().invoke(main, _virtuoso_command(virtuoso_server, root), env=env)
    assert result.exit_code == 2
    assert "the server refused the credentials of user 'dba' from the environment (HTTP 401)" in result.output
    assert "hint: check the user name and password" in result.output
    assert "wrong" not in result.output and "Traceback" not in result.output


def test_missing_credentials(virtuoso_server: Server, root: Path) -> None:
    result = CliRunner().invoke(main, _virtuoso_command(virtuoso_server, root), env=NO_NETRC)
    assert result.exit_code == 2
    assert "needs credentials (HTTP 401)" in result.output
    assert "hint: set VKG_ENDPOINT_USER and VKG_ENDPOINT_PASSWORD" in result.output


def test_credentials_from_netrc(virtuoso_server: Server, root: Path, tmp_path: Path, release: ReleaseGraph) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {virtuoso_server.user} password {virtuoso_server.password}\n")
    result = CliRunner().invoke(main, _virtuoso_command(virtuoso_server, root), env={**NO_NETRC, "NETRC": str(netrc)})
    assert result.exit_code == 0, result.output
    main_triples, _ = split_evidence(Project.at(root), release.triples)
    assert f"loaded {len(main_triples)} triples" in result.output and "by SPARQL 1.1 Update" not in result.output


def test_basic_authentication(
    oxigraph_server: Server, root: Path, release: ReleaseGraph, proxy_factory: list[FaultProxy]
) -> None:
    proxy = FaultProxy(
        oxigraph_server.query_url.rsplit("/", 1)[0], lambda method, path: None, require_basic="loader:s3cret"
    )
    proxy_factory.append(proxy)
    command = ["--root", str(root), "load", "--endpoint", proxy.url + "/query", "--update-url", proxy.url + "/update"]
    command += ["--graph-store-url", proxy.url + "/store", "--graph", "http://example.org/test/basic"]
    good = CliRunner().invoke(
        main, command, env={**NO_NETRC, "VKG_ENDPOINT_USER": "loader", "VKG_ENDPOINT_PASSWORD": "s3cret"}
    )
    bad = CliRunner().invoke(
        main, command, env={**NO_NETRC, "VKG_ENDPOINT_USER": "loader", "VKG_ENDPOINT_PASSWORD": "nope"}
    )
    assert good.exit_code == 0, good.output
    assert bad.exit_code == 2
    assert "refused the credentials of user 'loader'" in bad.output


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://127.0.0.1:{closed}/sparql", "cannot reach http://127.0.0.1:{closed}/sparql"),
        ("{oxigraph}/nothing-here", "no such service (HTTP 404)"),
        ("ftp://127.0.0.1/sparql", "not an http(s) URL"),
        (
            "http://dba:dba@127.0.0.1/sparql",
            "--endpoint: credentials in the URL are not accepted: http://***@127.0.0.1/sparql",
        ),
    ],
)
def test_endpoint_errors(oxigraph_server: Server, root: Path, url: str, message: str) -> None:
    closed = free_port()
    oxigraph = oxigraph_server.query_url.rsplit("/", 1)[0]
    url, message = url.format(closed=closed, oxigraph=oxigraph), message.format(closed=closed)
    result = CliRunner().invoke(main, ["--root", str(root), "load", "--endpoint", url, "--retries", "0"], env=NO_NETRC)
    assert result.exit_code == 2
    assert message in result.output
    assert "hint:" in result.output and "Traceback" not in result.output
