"""The four release files parse, in rdflib and in pyoxigraph, and hold the same triples."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from itertools import takewhile
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from support.graphs import canonical, same_graph
from vertebroplasty_kg.release.assembly import release_files

FORMATS = {
    "vertebroplasty-kg.ttl": ("turtle", ox.RdfFormat.TURTLE),
    "vertebroplasty-kg.owl": ("xml", ox.RdfFormat.RDF_XML),
    "vertebroplasty-kg.nt": ("nt", ox.RdfFormat.N_TRIPLES),
    "vertebroplasty-kg.jsonld": ("json-ld", ox.RdfFormat.JSON_LD),
}
TURTLE_FILES = 4  # the whole release, its inferred links, the base artefact, void.ttl
OWL_NS = "{http://www.w3.org/2002/07/owl#}"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_rdflib_reads_the_same_graph_as_the_turtle(release_dir: Path, release_graph: rdflib.Graph, name: str) -> None:
    graph = rdflib.Graph().parse(release_dir / name, format=FORMATS[name][0])
    assert len(graph) == len(release_graph) > 1000
    assert same_graph(graph, release_graph)


def read(path: Path, fmt: ox.RdfFormat) -> ox.Dataset:
    return canonical(quad.triple for quad in ox.parse(path=path, format=fmt))


def test_pyoxigraph_reads_the_same_dataset_from_every_file(release_dir: Path) -> None:
    datasets = [read(release_dir / name, fmt) for name, (_, fmt) in sorted(FORMATS.items())]
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


def test_no_turtle_file_has_a_sparql_style_prefix_line(release_dir: Path) -> None:
    turtle = sorted(path for path in release_files(release_dir) if path.suffix == ".ttl")
    assert len(turtle) == TURTLE_FILES
    for path in turtle:
        lines = path.read_text(encoding="utf-8").splitlines()
        # the directives stand before the first statement; later lines may be inside a long string
        # literal (void.ttl holds the competency questions, whose own PREFIX lines are data)
        header = list(takewhile(lambda line: not line or line.startswith(("@prefix ", "PREFIX ", "@base ")), lines))
        assert header and not [line for line in header if line.startswith("PREFIX ")], path.name
        assert "@prefix vpo: <https://w3id.org/vertebroplasty-kg/vpo/> ." in header, path.name
        directives = [line for line in lines if line.startswith(("@prefix ", "PREFIX "))]
        assert all(line in header for line in directives if line.startswith("@prefix ")), path.name


@pytest.mark.parametrize(
    "name", ["vertebroplasty-kg.owl", "vertebroplasty-kg-base.owl", "vertebroplasty-kg-simple.owl"]
)
def test_rdfxml_opens_with_the_ontology_header_then_typed_elements(release_dir: Path, name: str) -> None:
    root = ET.parse(release_dir / name).getroot()
    tags = [child.tag for child in root]
    assert tags[0] == OWL_NS + "Ontology"
    assert tags.count(OWL_NS + "Class") > 70
    if name != "vertebroplasty-kg-simple.owl":
        assert tags.count(OWL_NS + "ObjectProperty") > 10
        assert tags.count(OWL_NS + "NamedIndividual") > 150
        assert OWL_NS + "Axiom" in tags
