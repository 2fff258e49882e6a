"""The four release files parse, in rdflib and in pyoxigraph, and hold the same triples."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

FORMATS = {
    "vertebroplasty-kg.ttl": ("turtle", ox.RdfFormat.TURTLE),
    "vertebroplasty-kg.owl": ("xml", ox.RdfFormat.RDF_XML),
    "vertebroplasty-kg.nt": ("nt", ox.RdfFormat.N_TRIPLES),
    "vertebroplasty-kg.jsonld": ("json-ld", ox.RdfFormat.JSON_LD),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_rdflib_reads_the_same_graph_as_the_turtle(release_dir: Path, release_graph: rdflib.Graph, name: str) -> None:
    graph = rdflib.Graph().parse(release_dir / name, format=FORMATS[name][0])
    assert len(graph) == len(release_graph) > 1000
    assert isomorphic(graph, release_graph)


def canonical(path: Path, fmt: ox.RdfFormat) -> ox.Dataset:
    dataset = ox.Dataset(ox.parse(path=path, format=fmt))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return dataset


def test_pyoxigraph_reads_the_same_dataset_from_every_file(release_dir: Path) -> None:
    datasets = [canonical(release_dir / name, fmt) for name, (_, fmt) in sorted(FORMATS.items())]
    assert len(datasets) == 4
    assert all(dataset == datasets[0] for dataset in datasets)


def test_ntriples_are_sorted(release_dir: Path) -> None:
    lines = (release_dir / "vertebroplasty-kg.nt").read_bytes().splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(set(lines))


def test_jsonld_has_a_compact_context(release_dir: Path) -> None:
    document = json.loads((release_dir / "vertebroplasty-kg.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["vpo"] == "https://w3id.org/vertebroplasty-kg/vpo/"
    ids = {node["@id"] for node in document["@graph"]}
    assert "vpo:Vertebroplasty" in ids
    assert "vkg:claim-01" in ids
