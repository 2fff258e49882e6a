"""The case model in RDF (ontology/case-records.ttl, shapes/case-records.ttl): fractures and procedures
given as codes and typed by resolution, a procedure's access, cement and level, a fracture's MRI
oedema (tests/fixtures/cases/case-model.ttl); and the example record of docs/case-records.md, in Turtle and in
JSON-LD with the release's context, is one graph."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from support.graphs import same_graph
from vertebroplasty_kg.cases.assess import Assessment, assess, read_cases
from vertebroplasty_kg.cases.codes import CodeResolver
from vertebroplasty_kg.namespaces import PREFIXES, VPO
from vertebroplasty_kg.project import CASE_SHAPES, RULES_DIR
from vertebroplasty_kg.rdf.jsonld import serialize_jsonld
from vertebroplasty_kg.release.assembly import ReleaseGraph

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "fixtures" / "cases"
CASE = "<https://example.org/registry/"
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def run(release: ReleaseGraph, path: Path) -> Assessment:
    return assess(release.triples, [path], shapes_path=ROOT / CASE_SHAPES, rule_folders=[ROOT / RULES_DIR])


@pytest.fixture(scope="module")
def model(release: ReleaseGraph) -> Assessment:
    return run(release, CASES / "case-model.ttl")


def claims(assessment: Assessment, case: str) -> set[str]:
    return {f.claim for f in assessment.findings if f.case == f"{CASE}{case}>"}


def test_the_counts(model: Assessment) -> None:
    assert (model.read, model.valid, model.invalid, model.assessed) == (4, 2, 2, 2)


def test_a_fracture_given_as_a_code_is_typed_by_the_class_it_resolves_to(model: Assessment) -> None:
    assert claims(model, "coded") == {"vkg:claim-03", "vkg:claim-14", "vkg:claim-10", "vkg:claim-26", "vkg:claim-27"}
    timing = next(f for f in model.findings if f.claim == "vkg:claim-27" and f.case == f"{CASE}coded>")
    assert "fracture at L1 is 20 days old" in timing.detail  # dated by the coded procedure


def test_an_unresolved_fracture_code_leaves_the_cause_unknown(release: ReleaseGraph, model: Assessment) -> None:
    assert claims(model, "unresolved") == {"vkg:claim-27"}
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in release.triples)
    triples = read_cases([CASES / "case-model.ttl"], CodeResolver.from_store(store)).triples
    fracture = ox.NamedNode("https://example.org/registry/unresolved-t12")
    procedure = ox.NamedNode("https://example.org/registry/coded-procedure")
    about = {(t.predicate.value, str(t.object)) for t in triples if t.subject == fracture}
    assert (TYPE.value, f"<{VPO}VertebralFracture>") in about and (VPO + "fractureCauseNote", '"unknown"') in about
    assert [t for t in triples if t.subject == procedure and t.predicate == TYPE] == []  # kind unknown


def test_access_cement_level_and_oedema_are_checked_and_named(model: Assessment) -> None:
    wrong = {(p.field, p.value) for p in model.problems if p.case == f"{CASE}wrong>"}
    assert wrong == {
        ("vpo:hasAccess", ""),
        ("vpo:hasDirectSubstance", ""),
        ("vpo:mriBoneMarrowOedema", '"maybe"'),
        ("vpo:vertebralLevel", '"L9"'),
    }
    messages = {p.field: p.message for p in model.problems if p.case == f"{CASE}wrong>"}
    assert "vpo:PercutaneousApproach or vpo:OpenApproach" in messages["vpo:hasAccess"]
    assert "vpo:PMMABoneCement" in messages["vpo:hasDirectSubstance"]
    assert '"yes", "no", "unknown"' in messages["vpo:mriBoneMarrowOedema"]
    assert "A procedure has at most one vertebral level" in messages["vpo:vertebralLevel"]
    kindless = [(p.field, p.message) for p in model.problems if p.case == f"{CASE}kindless>"]
    assert len(kindless) == 1 and kindless[0][0] == "vsh:ProcedureShape" and "vpo:recordedCode" in kindless[0][1]


def test_the_example_record_in_turtle_and_in_json_ld_is_one_graph() -> None:
    turtle = rdflib.Graph().parse(CASES / "example-record.ttl", format="turtle")
    jsonld = rdflib.Graph().parse(CASES / "example-record.jsonld", format="json-ld")
    assert len(turtle) == 19 and same_graph(turtle, jsonld)
    oxigraph = list(ox.parse(path=CASES / "example-record.jsonld", format=ox.RdfFormat.JSON_LD))
    assert len(oxigraph) == 19


def test_the_json_ld_example_uses_the_release_context() -> None:
    release_context = json.loads(serialize_jsonld([], PREFIXES))["@context"]
    example = json.loads((CASES / "example-record.jsonld").read_text(encoding="utf-8"))
    assert example["@context"] == release_context


def test_the_example_record_is_valid_and_assessed(release: ReleaseGraph) -> None:
    for name in ("example-record.ttl", "example-record.jsonld"):
        result = run(release, CASES / name)
        assert (result.read, result.valid, result.problems) == (1, 1, []), name
        assert {f.claim for f in result.findings} == {
            "vkg:claim-03",
            "vkg:claim-15",
            "vkg:claim-27",
            "vkg:claim-28",
            "vkg:claim-29",
        }


def test_the_case_records_page_shows_both_examples() -> None:
    page = (ROOT / "docs" / "case-records.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:turtle|json)\n(.*?)```", page, flags=re.DOTALL)
    for name in ("example-record.ttl", "example-record.jsonld"):
        assert (CASES / name).read_text(encoding="utf-8") in blocks, name
