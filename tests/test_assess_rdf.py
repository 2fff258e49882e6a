"""`vkg assess -f ttl`: the assessment as RDF, each finding linked by PROV to its claim and its case,
so that it joins with the release in any SPARQL store (tests/fixtures/cases/registry.ttl)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from vertebroplasty_kg.cases.output import assessment_triples
from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.release.assembly import ReleaseGraph
from vertebroplasty_kg.stores.release_load import version_iri

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "tests" / "fixtures" / "cases" / "registry.ttl"

JOIN = """
PREFIX oa:   <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX vpo:  <https://w3id.org/vertebroplasty-kg/vpo/>
SELECT ?case ?claim ?topic ?quote ?used WHERE {
  ?finding a vpo:CaseFinding ;
           vpo:findingForCase ?case ;
           vpo:appliesClaim ?claim ;
           vpo:findingTopic ?topic ;
           prov:wasDerivedFrom ?claim, ?case ;
           prov:wasGeneratedBy [ a vpo:CaseAssessment ; prov:used ?used ] .
  ?claim vpo:hasTextAnchor/oa:hasSelector/oa:exact ?quote .
}
"""


def vkg(*args: str) -> str:
    result = CliRunner().invoke(main, ["--root", str(ROOT), "assess", str(REGISTRY), *args])
    assert result.exit_code == 1, result.output  # the registry holds one invalid record
    return result.stdout


@pytest.fixture(scope="module")
def turtle() -> str:
    return vkg("-f", "ttl")


def test_every_finding_joins_with_the_release(turtle: str, release: ReleaseGraph) -> None:
    findings = json.loads(vkg("-f", "json"))["findings"]
    store = ox.Store()
    store.load(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in release.triples)
    solutions = store.query(JOIN)
    assert isinstance(solutions, ox.QuerySolutions)
    answer = list(solutions)
    rows = sorted(
        (r["case"].value, r["claim"].value.rsplit("/", 1)[1], r["topic"].value, r["quote"].value) for r in answer
    )
    expected = sorted(
        (f["case"].strip("<>"), f["claim"].removeprefix("vkg:"), f["topic"], f["quote"]) for f in findings
    )
    assert len(findings) >= 10
    assert rows == expected  # one row per finding: each joins with its claim's quote in the release
    assert {r["used"].value for r in answer} == {version_iri(release.triples)}


def test_the_turtle_is_the_same_bytes_each_run(turtle: str) -> None:
    assert vkg("-f", "ttl") == turtle


def test_a_finding_about_one_fracture_names_it(release: ReleaseGraph) -> None:
    from vertebroplasty_kg.cases.assess import Assessment, CaseFinding

    finding = CaseFinding("<https://example.org/c>", "_:b0", "timing", "timing", "vkg:claim-27", "", "", "", "", "", "")
    triples = assessment_triples(Assessment(findings=[finding]), None)
    fracture = [t.object for t in triples if t.predicate.value.endswith("findingForFracture")]
    assert fracture == [ox.BlankNode("b0")]
    assert not [t for t in triples if t.predicate.value.endswith("#used")]
