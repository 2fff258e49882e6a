"""``vkg query --store DIR`` and ``vkg query --endpoint URL`` answer from what ``vkg load`` put there,
exactly as the release assembled in memory does."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from support.servers import Server
from vertebroplasty_kg.cli.main import main

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]


def vkg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--root", str(ROOT), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def in_memory_answer() -> str:
    code, out, err = vkg("query", "hedged-claims", "-f", "tsv")
    assert code == 0, err
    assert len(out.splitlines()) > 5
    return out


def test_query_the_store_that_vkg_load_filled(tmp_path: Path, in_memory_answer: str) -> None:
    store = tmp_path / "store"
    code, _, err = vkg("load", "--store", str(store))
    assert code == 0, err
    code, out, err = vkg("query", "hedged-claims", "--store", str(store), "-f", "tsv")
    assert code == 0, err
    assert out == in_memory_answer


def test_query_a_server_that_vkg_load_filled(oxigraph_server: Server, in_memory_answer: str) -> None:
    graph = "https://example.org/vertebroplasty-kg/query-test"
    code, _, err = vkg(
        "load",
        "--endpoint",
        oxigraph_server.query_url,
        "--update-url",
        oxigraph_server.update_url,
        "--graph-store-url",
        oxigraph_server.graph_store_url,
        "--graph",
        graph,
    )
    assert code == 0, err
    code, out, err = vkg(
        "query", "hedged-claims", "--endpoint", oxigraph_server.query_url, "--graph", graph, "-f", "tsv"
    )
    assert code == 0, err
    assert out == in_memory_answer
    assert f"note: --graph queries <{graph}> alone; the evidence beside it, in <{graph}/evidence>" in err
    missing = "https://example.org/vertebroplasty-kg/no-such-graph"
    code, out, err = vkg("query", "hedged-claims", "--endpoint", oxigraph_server.query_url, "--graph", missing)
    assert code == 2 and out == ""
    assert f"error: --graph: <{missing}> holds no triples in the SPARQL endpoint" in err


def test_a_graph_that_holds_nothing_is_refused_not_answered_empty(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, _, err = vkg("load", "--store", str(store))
    assert code == 0, err
    missing = "https://example.org/vertebroplasty-kg/no-such-graph"
    code, out, err = vkg("query", "hedged-claims", "--store", str(store), "--graph", missing)
    assert code == 2 and out == ""
    assert err.startswith(f"error: --graph: <{missing}> holds no triples in the embedded store"), err
    assert "hint: give a graph that `vkg load` filled" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--store", "a", "--endpoint", "http://localhost:1/query"], "at most one of --data, --store and --endpoint"),
        (["--graph", "https://example.org/g"], "--graph goes with --store or --endpoint"),
        (["--store", "no-such-store"], "no Oxigraph store here"),
    ],
)
def test_bad_store_options_are_refused(args: list[str], message: str) -> None:
    code, _, err = vkg("query", "hedged-claims", *args)
    assert code == 2
    assert message in err
    assert "hint: " in err


def test_a_server_is_queried_in_the_graph_that_vkg_load_chose(in_memory_answer: str) -> None:
    """Without --graph, `vkg query --endpoint` answers from the release's graph (and its evidence graph),
    where `vkg load` put it, not from the server's empty default graph; two copies of the release are
    named, not guessed between."""
    from support.servers import start_oxigraph

    server = start_oxigraph(in_memory=True)
    try:
        urls = ["--endpoint", server.query_url, "--update-url", server.update_url]
        code, _, err = vkg("load", *urls, "--graph-store-url", server.graph_store_url)
        assert code == 0, err
        code, out, err = vkg("query", "hedged-claims", "--endpoint", server.query_url, "-f", "tsv")
        assert code == 0, err
        assert out == in_memory_answer
        code, local, err = vkg("query", "evidence-for-claim", "-f", "tsv")
        assert code == 0, err
        code, out, err = vkg("query", "evidence-for-claim", "--endpoint", server.query_url, "-f", "tsv")
        assert code == 0, err
        assert out == local and len(out.splitlines()) > 1
        second = "https://example.org/vertebroplasty-kg/second-copy"
        code, _, err = vkg("load", *urls, "--graph-store-url", server.graph_store_url, "--graph", second)
        assert code == 0, err
        code, out, err = vkg("query", "hedged-claims", "--endpoint", server.query_url)
        assert code == 2
        assert err.startswith(f"error: --endpoint: {server.query_url} holds the release in 2 graphs: ")
        assert f"<{second}>" in err and "hint: choose one with --graph IRI" in err
    finally:
        server.stop()
