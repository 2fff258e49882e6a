"""The SHACL shapes compiled to SPARQL (shacl_sparql.py) find what pyshacl finds: the same results on a
fixture that uses every implemented constraint, the same (case, field, message, value) problems on
every case fixture and on synthetic registries with invalid records; a constraint that is not
implemented is refused, naming the file and the shape."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from vertebroplasty_kg.cases.assess import open_assessment
from vertebroplasty_kg.cases.problems import Problem
from vertebroplasty_kg.cases.reference import reference_validation
from vertebroplasty_kg.cases.store import CASES_GRAPH
from vertebroplasty_kg.cases.synthetic import draw_registry
from vertebroplasty_kg.cases.synthetic_output import write_registry_file
from vertebroplasty_kg.checks.shacl import read_shapes, validate_graph
from vertebroplasty_kg.checks.shacl_sparql import compile_shapes, violations
from vertebroplasty_kg.errors import InputError
from vertebroplasty_kg.findings import show
from vertebroplasty_kg.project import CASE_SHAPES, RULES_DIR
from vertebroplasty_kg.rdf.parsing import parse_turtle, to_rdflib
from vertebroplasty_kg.release.assembly import ReleaseGraph

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
COMPONENTS = FIXTURES / "shacl-sparql"
CASES = FIXTURES / "cases"
MALFORMED = {"malformed.ttl", "malformed.json"}
CASE_FIXTURES = sorted(
    p for p in CASES.rglob("*") if p.suffix in (".ttl", ".jsonld", ".json", ".ndjson") and p.name not in MALFORMED
)

Result = tuple[str, str, str, str, str]
"""severity, focus node, field (path, else shape), message, value."""


def sparql_results(shapes: Path, data: Path) -> set[Result]:
    store = ox.Store()
    store.load(path=data, format=ox.RdfFormat.TURTLE, to_graph=CASES_GRAPH)
    found = violations(store, compile_shapes([shapes]), CASES_GRAPH)
    return {
        (v.check.severity, show(v.focus), v.check.path or v.check.shape, v.check.message, show(v.value)) for v in found
    }


def pyshacl_results(shapes: Path, data: Path) -> set[Result]:
    results = validate_graph(to_rdflib(parse_turtle(data)), read_shapes([shapes]))
    return {(r.severity, r.focus, r.path or r.shape, r.message, r.value) for r in results}


def test_every_implemented_constraint_gives_pyshacl_s_results() -> None:
    ours = sparql_results(COMPONENTS / "shapes.ttl", COMPONENTS / "data.ttl")
    assert ours == pyshacl_results(COMPONENTS / "shapes.ttl", COMPONENTS / "data.ttl")
    assert len(ours) == 23
    assert {r[1] for r in ours} >= {"<http://example.org/s/i2>", "<http://example.org/s/i3>", '"Q"'}
    assert not {r for r in ours if r[1] in ("<http://example.org/s/i1>", "<http://example.org/s/alice>")}
    assert {r[0] for r in ours} == {"ERROR", "WARN"}
    assert not [r for r in ours if "deactivated" in r[3]]
    used = {component for check in compile_shapes([COMPONENTS / "shapes.ttl"]) for component in check.components}
    assert used == {
        f"sh:{name}ConstraintComponent"
        for name in [
            *("Class", "And", "Datatype", "HasValue", "In", "MaxCount", "MaxExclusive", "MaxLength", "MinCount"),
            *("MinExclusive", "MinLength", "Node", "NodeKind", "Not", "Or", "Pattern", "QualifiedMaxCount"),
            *("QualifiedMinCount", "Xone"),
        ]
    }


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("synthetic")
    ttl, fhir = folder / "registry.ttl", folder / "registry.ndjson"
    write_registry_file(draw_registry(360, 5, 0.25, "ttl"), "ttl", ttl)
    write_registry_file(draw_registry(240, 6, 0.25, "fhir"), "fhir", fhir)
    return [ttl, fhir]


def problems(release: ReleaseGraph, path: Path) -> tuple[int, int, list[Problem]]:
    shapes = ROOT / CASE_SHAPES
    with open_assessment(release.triples, [path], shapes_path=shapes, rule_folders=[ROOT / RULES_DIR]) as (result, _):
        return result.read, result.invalid, result.problems


def test_the_case_fixtures_have_pyshacl_s_problems(release: ReleaseGraph) -> None:
    assert len(CASE_FIXTURES) == 12
    invalid = 0
    for path in CASE_FIXTURES:
        reference = reference_validation(release.triples, [path], shapes_path=ROOT / CASE_SHAPES)
        assert problems(release, path) == (reference.read, reference.invalid, reference.problems), path.name
        invalid += reference.invalid
    assert invalid >= 5  # the fixtures hold invalid records and resources, not only valid ones


def test_synthetic_registries_have_pyshacl_s_problems(release: ReleaseGraph, synthetic: list[Path]) -> None:
    for path, records in zip(synthetic, (360, 240), strict=True):
        reference = reference_validation(release.triples, [path], shapes_path=ROOT / CASE_SHAPES)
        read, invalid, found = problems(release, path)
        assert (read, invalid) == (records, round(records * 0.25)) == (reference.read, reference.invalid)
        assert found == reference.problems
        assert len({p.field for p in found}) >= 6, path.name


def test_an_ill_formed_year_is_not_an_xsd_gyear(tmp_path: Path) -> None:
    """SHACL: an ill-formed literal does not have its datatype. rdflib (under pyshacl) does not check
    the form of xsd:gYear; the SPARQL validation does (a documented difference)."""
    data = tmp_path / "year.ttl"
    data.write_text(
        "@prefix vpo: <https://w3id.org/vertebroplasty-kg/vpo/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://example.org/c> vpo:aboutPatient <https://example.org/p> .\n"
        '<https://example.org/p> vpo:birthYear "19a6"^^xsd:gYear .\n',
        encoding="utf-8",
    )
    shapes = ROOT / CASE_SHAPES
    ours = {r for r in sparql_results(shapes, data) if r[2] == "vpo:birthYear"}
    assert [r[4] for r in ours] == ['"19a6"^^xsd:gYear']
    assert not {r for r in pyshacl_results(shapes, data) if r[2] == "vpo:birthYear"}


REFUSED = {
    "sh:closed true": "sh:closed is not implemented",
    "sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ]": "a sh:path other than a single property IRI",
    'sh:property [ sh:path ex:p ; sh:languageIn ( "en" ) ]': "sh:languageIn is not implemented",
    "sh:property [ sh:path ex:p ; sh:in ( [] ) ]": "a blank node as a constant",
    "sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 1 ; "
    "sh:qualifiedValueShapesDisjoint true ]": "sh:qualifiedValueShapesDisjoint true is not implemented",
    'sh:sparql [ sh:select "SELECT $this WHERE { }" ]': "sh:sparql is not implemented",
}


@pytest.mark.parametrize("constraint", sorted(REFUSED))
def test_a_constraint_that_is_not_implemented_is_refused(tmp_path: Path, constraint: str) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix ex: <http://example.org/s/> .\n@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        f"ex:S a sh:NodeShape ; sh:targetClass ex:C ; {constraint} .\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as refused:
        compile_shapes([shapes])
    assert str(shapes) in refused.value.message
    assert "shape <http://example.org/s/S>" in refused.value.message  # a blank-node shape: by its parent
    assert REFUSED[constraint] in refused.value.message
    assert refused.value.hint and "shapes/README.md" in refused.value.hint


def test_the_refusals_are_counted() -> None:
    assert len(REFUSED) == 6
