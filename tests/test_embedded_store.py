"""``vkg load --store``: the release in an on-disk Oxigraph store, atomically and idempotently."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import overload

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.errors import InputError
from vertebroplasty_kg.project import Project
from vertebroplasty_kg.release.assembly import ReleaseGraph
from vertebroplasty_kg.stores.answers import normal_term
from vertebroplasty_kg.stores.embedded import EmbeddedStore, count, load_embedded, open_store
from vertebroplasty_kg.stores.release_load import split_evidence

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def number(store: EmbeddedStore, query: str = COUNT_ALL) -> int:
    (row,) = store.run(query).rows
    assert isinstance(row[0], ox.Literal)
    return int(row[0].value)


def graphs(path: Path) -> list[str]:
    return sorted(
        name.value for name in open_store(path, read_only=True).named_graphs() if isinstance(name, ox.NamedNode)
    )


class FailsAfter(Sequence[ox.Triple]):
    """The release's triples, but reading past ``limit`` fails as a disk or a parser might."""

    def __init__(self, triples: Sequence[ox.Triple], limit: int) -> None:
        self.triples, self.limit = triples, limit

    def __len__(self) -> int:
        return len(self.triples)

    @overload
    def __getitem__(self, index: int) -> ox.Triple: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ox.Triple]: ...
    def __getitem__(self, index: int | slice) -> ox.Triple | Sequence[ox.Triple]:
        if isinstance(index, slice) and (index.stop or 0) > self.limit:
            raise OSError("simulated failure half-way")
        return self.triples[index]


def test_round_trip(embedded_store: Path, release: ReleaseGraph, release_graph_iri: str) -> None:
    store = open_store(embedded_store, read_only=True)
    assert count(store, ox.NamedNode(release_graph_iri)) == len(release)
    stored = sorted(
        (tuple(normal_term(term) for term in quad.triple) for quad in store.quads_for_pattern(None, None, None)),
        key=repr,
    )
    expected = sorted((tuple(normal_term(term) for term in triple) for triple in release.triples), key=repr)
    assert stored == expected
    assert graphs(embedded_store) == [release_graph_iri]


def test_default_graph_view(embedded_store: Path, release: ReleaseGraph, release_graph_iri: str) -> None:
    assert number(EmbeddedStore(embedded_store)) == len(release)  # union of the named graphs
    assert number(EmbeddedStore(embedded_store, release_graph_iri)) == len(release)
    assert number(EmbeddedStore(embedded_store, "http://example.org/other")) == 0


def test_reload_leaves_one_copy(tmp_path: Path, release: ReleaseGraph, release_graph_iri: str) -> None:
    path = tmp_path / "store"
    first = load_embedded(path, release.triples, release_graph_iri, chunk_size=400)
    second = load_embedded(path, release.triples, release_graph_iri, chunk_size=400)
    assert (first.previous, first.triples) == (0, len(release))
    assert (second.previous, second.triples) == (len(release), len(release))
    assert number(EmbeddedStore(path)) == len(release)
    assert graphs(path) == [release_graph_iri]


def test_failed_load_leaves_the_previous_graph(tmp_path: Path, release: ReleaseGraph, release_graph_iri: str) -> None:
    path = tmp_path / "store"
    load_embedded(path, release.triples[:100], release_graph_iri)
    with pytest.raises(OSError, match="half-way"):
        load_embedded(path, FailsAfter(release.triples, 1000), release_graph_iri, chunk_size=400)
    assert number(EmbeddedStore(path)) == 100
    assert graphs(path) == [release_graph_iri]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_other_graphs_stay(tmp_path: Path, release: ReleaseGraph, release_graph_iri: str) -> None:
    path = tmp_path / "store"
    other = ox.NamedNode("http://example.org/terminology")
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    store = ox.Store(str(path))
    store.extend([ox.Quad(s, p, ox.Literal(n), other) for n in range(5)] + [ox.Quad(s, p, ox.Literal("default"))])
    del store
    load_embedded(path, release.triples, release_graph_iri)
    load_embedded(path, release.triples, release_graph_iri)
    reopened = open_store(path, read_only=True)
    assert count(reopened, other) == 5
    assert count(reopened, ox.NamedNode(release_graph_iri)) == len(release)
    assert len(reopened) == 5 + 1 + len(release)


def test_a_killed_load_is_cleaned_up_by_the_next(tmp_path: Path, release: ReleaseGraph, release_graph_iri: str) -> None:
    path = tmp_path / "store"
    load_embedded(path, release.triples[:10], release_graph_iri)
    (tmp_path / ".store.x1.partial").mkdir()  # killed while building
    path.rename(tmp_path / ".store.123.old")  # killed between the two renames
    report = load_embedded(path, release.triples, release_graph_iri)
    assert report.previous == 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_progress_counts_every_triple(tmp_path: Path, release: ReleaseGraph, release_graph_iri: str) -> None:
    steps: list[int] = []
    load_embedded(tmp_path / "store", release.triples, release_graph_iri, chunk_size=500, progress=steps.append)
    full, rest = divmod(len(release), 500)
    assert full >= 3 and rest > 0
    assert steps == [500] * full + [rest]


def test_cli_load_and_reload(tmp_path: Path, root: Path, release: ReleaseGraph, release_graph_iri: str) -> None:
    path = tmp_path / "store"
    runner = CliRunner()
    first = runner.invoke(main, ["--root", str(root), "load", "--store", str(path)])
    second = runner.invoke(main, ["--root", str(root), "load", "--store", str(path)])
    main_triples, _ = split_evidence(Project.at(root), release.triples)
    assert first.exit_code == 0, first.output
    assert f"loaded {len(main_triples)} triples into <{release_graph_iri}>" in first.output
    evidence_line = (
        f"loaded {len(release) - len(main_triples)} triples of the evidence layer into <{release_graph_iri}/evidence>"
    )
    assert evidence_line in first.output
    assert "the graph was new" in first.output
    assert second.exit_code == 0, second.output
    assert f"replaced {len(main_triples)} triples" in second.output
    assert number(EmbeddedStore(path)) == len(release)


def test_cli_loads_a_release_file(
    tmp_path: Path, release_dir: Path, release: ReleaseGraph, release_graph_iri: str
) -> None:
    for name in ("vertebroplasty-kg.nt", "vertebroplasty-kg.owl"):
        path = tmp_path / name / "store"
        result = CliRunner().invoke(main, ["load", "--store", str(path), "--file", str(release_dir / name)])
        assert result.exit_code == 0, result.output
        assert number(EmbeddedStore(path, release_graph_iri)) == len(release)


def test_a_file_without_version_needs_a_graph(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text("<http://example.org/s> <http://example.org/p> 1, 2 .\n")
    store = tmp_path / "store"
    refused = CliRunner().invoke(main, ["load", "--store", str(store), "--file", str(data)])
    assert refused.exit_code == 2
    assert "no single owl:versionIRI" in refused.output and "hint: name the graph: --graph IRI" in refused.output
    loaded = CliRunner().invoke(main, ["load", "--store", str(store), "--file", str(data), "--graph", "http://g"])
    assert loaded.exit_code == 0, loaded.output
    assert number(EmbeddedStore(store, "http://g")) == 2


@pytest.mark.parametrize(
    "content, message",
    [
        ("<http://example.org/s> <http://example.org/p> .\n", "data.ttl:1:"),
        ("", "holds no triples"),
    ],
)
def test_bad_files(tmp_path: Path, content: str, message: str) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(content)
    result = CliRunner().invoke(
        main, ["load", "--store", str(tmp_path / "store"), "--file", str(data), "--graph", "http://g"]
    )
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "store").exists()


def test_bad_graph_iri(tmp_path: Path, root: Path) -> None:
    result = CliRunner().invoke(
        main, ["--root", str(root), "load", "--store", str(tmp_path / "s"), "--graph", "no iri"]
    )
    assert result.exit_code == 2
    assert "--graph: 'no iri' is not an absolute IRI" in result.output


def test_store_in_use(tmp_path: Path, root: Path) -> None:
    path = tmp_path / "store"
    holder = ox.Store(str(path))
    result = CliRunner().invoke(main, ["--root", str(root), "load", "--store", str(path)])
    del holder
    assert result.exit_code == 2
    assert "is in use by another process" in result.output


def test_not_a_store(tmp_path: Path, root: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    result = CliRunner().invoke(main, ["--root", str(root), "load", "--store", str(tmp_path)])
    assert result.exit_code == 2
    assert "holds no Oxigraph store" in result.output
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


def test_querying_a_missing_store(tmp_path: Path) -> None:
    """The store is opened when first queried (so that replace_graph can create it), and a missing one
    is an error then; nothing is created by the attempt."""
    store = EmbeddedStore(tmp_path / "nothing")
    with pytest.raises(InputError, match="no Oxigraph store here"):
        store.run("ASK { ?s ?p ?o }")
    assert not (tmp_path / "nothing").exists()


@pytest.mark.parametrize(
    "arguments", [[], ["--store", "s", "--endpoint", "http://x/sparql"], ["--store", "s", "--update-url", "http://x/u"]]
)
def test_usage(arguments: list[str]) -> None:
    result = CliRunner().invoke(main, ["load", *arguments])
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and "hint: see" in result.output
