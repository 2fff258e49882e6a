"""The SHACL shapes in shapes/: each invalid fixture gives exactly the findings it states (focus
node, path, constraint component, severity), each valid fixture conforms, the project conforms, and
every shape says who it is and what it wants."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, SH, SKOS

from vertebroplasty_kg.checks.shacl import read_shapes, shape_files, validate_graph
from vertebroplasty_kg.namespaces import compact
from vertebroplasty_kg.project import Project
from vertebroplasty_kg.rdf.parsing import parse_turtle, to_rdflib
from vertebroplasty_kg.release.assembly import read_inputs

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
SHAPES_NS = "https://w3id.org/vertebroplasty-kg/shapes/"
VPO = rdflib.Namespace("https://w3id.org/vertebroplasty-kg/vpo/")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return read_shapes(shape_files(ROOT), root=ROOT)


def results(path: Path, shapes: rdflib.Graph) -> set[tuple[str, str, str, str]]:
    found = validate_graph(to_rdflib(parse_turtle(path)), shapes)
    return {(r.severity, r.focus, r.path, compact(r.component)) for r in found}


def expected(path: Path) -> set[tuple[str, str, str, str]]:
    lines = re.findall(r"^# expect: (\S+) (\S+) (\S+) (\S+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    # "-" stands for no path: a node-level constraint such as sh:or
    return {(severity, focus, "" if path == "-" else path, component) for severity, focus, path, component in lines}


def test_fixture_inventory() -> None:
    assert len(INVALID) == 10
    assert len(VALID) == 3


@pytest.mark.parametrize("fixture", INVALID, ids=[path.stem for path in INVALID])
def test_invalid_fixture_gives_exactly_its_findings(fixture: Path, shapes: rdflib.Graph) -> None:
    wanted = expected(fixture)
    assert wanted, f"{fixture.name} states no '# expect:' finding"
    assert results(fixture, shapes) == wanted


@pytest.mark.parametrize("fixture", VALID, ids=[path.stem for path in VALID])
def test_valid_fixture_conforms(fixture: Path, shapes: rdflib.Graph) -> None:
    assert len(parse_turtle(fixture)) > 5
    assert results(fixture, shapes) == set()


def test_the_project_conforms(root: Path, shapes: rdflib.Graph) -> None:
    triples = read_inputs(Project.at(root)).triples
    assert validate_graph(to_rdflib(triples), shapes) == []


def test_every_shape_has_an_iri_a_name_and_a_message(shapes: rdflib.Graph) -> None:
    inner = set(shapes.objects(None, SH.qualifiedValueShape))  # anonymous by design, reported via their parent
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.objects(None, SH.property))
    assert len(node_shapes) == 26 and len(property_shapes) >= 30
    for shape in (node_shapes | property_shapes) - inner:
        assert isinstance(shape, rdflib.URIRef) and str(shape).startswith(SHAPES_NS), shape
        assert shapes.value(shape, SH.name), f"{shape} has no sh:name"
    for shape in property_shapes:
        assert shapes.value(shape, SH.message), f"{shape} has no sh:message"
        assert shapes.value(shape, SH.path), f"{shape} has no sh:path"
    for shape in node_shapes:
        assert shapes.value(shape, SH.description), f"{shape} has no sh:description"


@pytest.mark.parametrize(
    ("shape", "scheme", "size"),
    [
        ("claim-relation", "ClaimRelationScheme", 16),
        ("link-relation", "EvidenceRelationScheme", 3),
        ("claim-certainty", "CertaintyScheme", 5),
        ("claim-frequency", "FrequencyScheme", 5),
    ],
)
def test_closed_lists_match_the_schemes(
    shapes: rdflib.Graph, release_graph: rdflib.Graph, shape: str, scheme: str, size: int
) -> None:
    listed = shapes.value(rdflib.URIRef(SHAPES_NS + shape), SH["in"])
    assert listed is not None
    members = set(rdflib.collection.Collection(shapes, listed))
    in_scheme = set(release_graph.subjects(SKOS.inScheme, VPO[scheme]))
    assert len(in_scheme) == size
    assert members == in_scheme
