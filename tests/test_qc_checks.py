"""The SPARQL QC checks in queries/qc/: each fires on a fixture made to break it, none fires on the
project, and they cover ROBOT's report checks at their levels plus the OWL 2 DL profile."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from support.project_copies import copy_project
from vertebroplasty_kg.checks.qc_checks import Check, read_check, read_checks, run_check, run_checks, store_of
from vertebroplasty_kg.errors import InputError
from vertebroplasty_kg.findings import show
from vertebroplasty_kg.project import QC_DIR, Project
from vertebroplasty_kg.rdf.parsing import parse_files, parse_turtle
from vertebroplasty_kg.release.assembly import read_inputs

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "qc"
CHECKS = read_checks(ROOT / QC_DIR)
EXPECTED_CHECKS = 31

ROBOT_ERRORS = {
    "deprecated_boolean_datatype",
    "deprecated_class_reference",
    "deprecated_property_reference",
    "duplicate_definition",
    "duplicate_label",
    "illegal_use_of_built_in_vocabulary",
    "label_formatting",
    "label_whitespace",
    "missing_label",
    "missing_ontology_description",
    "missing_ontology_license",
    "missing_ontology_title",
    "misused_obsolete_label",
    "misused_replaced_by",
    "multiple_definitions",
    "multiple_equivalent_class_definitions",
    "multiple_labels",
}
ROBOT_WARNINGS = {
    "annotation_whitespace",
    "duplicate_exact_synonym",
    "missing_definition",
    "missing_superclass",
    "invalid_xref",
}
OWL_DL = {
    "dl_illegal_punning",
    "dl_non_simple_property",
    "dl_property_value_kind",
    "dl_undeclared_class",
    "dl_undeclared_property",
    "dl_unknown_datatype",
}
OWN = {"missing_ontology_header", "unknown_built_in_term", "axiom_without_source"}


def test_inventory() -> None:
    assert len(CHECKS) == EXPECTED_CHECKS
    assert {check.name for check in CHECKS} == ROBOT_ERRORS | ROBOT_WARNINGS | OWL_DL | OWN


def test_every_check_has_a_fixture_and_every_fixture_a_check() -> None:
    assert {check.path.stem for check in CHECKS} == {path.stem for path in FIXTURES.glob("*.ttl")}


def test_levels_follow_robot() -> None:
    levels = {check.name: check.level for check in CHECKS}
    assert {name for name, level in levels.items() if level == "WARN"} == ROBOT_WARNINGS
    assert all(levels[name] == "ERROR" for name in ROBOT_ERRORS | OWL_DL | OWN)


def expected_entities(fixture: Path) -> set[str]:
    return set(re.findall(r"^# expect: (\S+)$", fixture.read_text(encoding="utf-8"), flags=re.MULTILINE))


@pytest.mark.parametrize("check", CHECKS, ids=[check.name for check in CHECKS])
def test_check_fires_on_its_fixture(check: Check) -> None:
    fixture = FIXTURES / f"{check.path.stem}.ttl"
    expected = expected_entities(fixture)
    assert expected, f"{fixture.name} names no '# expect:' entity"
    findings = run_check(check, store_of(parse_turtle(fixture)))
    assert len(findings) >= 1
    assert expected <= {finding.entity for finding in findings}
    assert {(finding.check, finding.severity, finding.message) for finding in findings} == {
        (check.name, check.level, check.description)
    }


def test_no_check_fires_on_the_project(root: Path) -> None:
    triples = read_inputs(Project.at(root)).triples
    assert len(triples) > 1000
    assert run_checks(CHECKS, store_of(triples)) == []


def test_no_check_fires_on_the_release_with_its_inferred_links(release_dir: Path) -> None:
    store = ox.Store()
    store.load(path=release_dir / "vertebroplasty-kg.nt", format=ox.RdfFormat.N_TRIPLES)
    assert len(store) > 1000
    assert run_checks(CHECKS, store) == []


def test_the_checks_see_every_node_not_only_the_terms_of_this_ontology(root: Path, tmp_path: Path) -> None:
    project = copy_project(root, tmp_path / "project")
    claims = project / "ontology" / "claims.ttl"
    claims.write_text(
        claims.read_text(encoding="utf-8")
        + "\nvkg:claim-99-anchor a oa:SpecificResource ;\n"
        + "    oa:hasSource vkg:source-vertebroplasty-patient-information .\n",
        encoding="utf-8",
    )
    findings = run_checks(CHECKS, store_of(read_inputs(Project.at(project)).triples))
    assert [(f.check, f.severity, f.entity, f.path) for f in findings] == [
        ("missing_label", "ERROR", "vkg:claim-99-anchor", "rdfs:label")
    ]


def test_without_the_derived_labels_missing_label_finds_the_nodes_robot_found(root: Path) -> None:
    # ROBOT's own missing_label query, run on a release built before the build derived these labels,
    # reported the same 127 nodes: each claim's anchor, quote and position, the checksum, and the
    # members of the three schemes, which had only a skos:prefLabel
    (check,) = [check for check in CHECKS if check.name == "missing_label"]
    dataset = parse_files(Project.at(root).ontology_files(), root=root)
    store = store_of(quad.triple for quad in dataset)
    found = {finding.entity for finding in run_check(check, store)}
    claims = {f"vkg:claim-{n:02d}" for n in range(1, 35)}
    kinds = [(f"{claim}-{kind}") for claim in claims for kind in ("anchor", "quote", "position")]
    members = {
        entity for entity in found if re.fullmatch(r"vpo:(relation|certainty|frequency|evidence)-[a-z-]+", entity)
    }
    assert len(members) == 29  # 16 claim relations, 5 certainty, 5 frequency and 3 evidence relations
    assert found == {*kinds, "vkg:source-vertebroplasty-patient-information-sha256", *members}
    assert len(found) == 132  # 127 then, plus the new relations and the evidence relations added since


_DEPRECATED = ox.NamedNode("http://www.w3.org/2002/07/owl#deprecated")
_OBO = "http://purl.obolibrary.org/obo/"
# Each duplicate check: the properties whose values it compares (ignoring case), whether it reports
# blank nodes, and whether deprecated nodes count.
DUPLICATES = {
    "duplicate_label": (
        {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel"},
        False,
        True,
    ),
    "duplicate_definition": (
        {_OBO + "IAO_0000115", "http://www.w3.org/2004/02/skos/core#definition", _OBO + "IAO_0000600"},
        False,
        False,
    ),
    "duplicate_exact_synonym": (
        {"http://www.geneontology.org/formats/oboInOwl#hasExactSynonym", _OBO + "IAO_0000118"},
        True,
        True,
    ),
}


def random_annotations(seed: int) -> list[ox.Triple]:
    """Labels, definitions and synonyms that collide in case, language and across properties, on IRIs
    and blank nodes, some of them deprecated."""
    rng = random.Random(seed)
    subjects: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(f"https://example.org/t{n}") for n in range(60)]
    subjects += [ox.BlankNode(f"b{n}") for n in range(20)]
    properties = sorted(iri for compared, _, _ in DUPLICATES.values() for iri in compared)
    words = ["Alpha", "alpha", "ALPHA", "beta", "Beta", "gamma", *(f"unique {n}" for n in range(200))]
    triples = []
    for _ in range(800):
        word = rng.choice(words)
        value = rng.choice([ox.Literal(word), ox.Literal(word, language="en"), ox.Literal(word, language="fr")])
        triples.append(ox.Triple(rng.choice(subjects), ox.NamedNode(rng.choice(properties)), value))
    return triples + [ox.Triple(node, _DEPRECATED, ox.Literal(True)) for node in rng.sample(subjects, 15)]


def compared_pairwise(
    triples: list[ox.Triple], properties: set[str], blanks: bool, deprecated: bool
) -> set[tuple[str, str, str]]:
    """What a duplicate check must report, found by comparing every value with every other."""
    left_out = set() if deprecated else {triple.subject for triple in triples if triple.predicate == _DEPRECATED}
    values = [t for t in triples if t.predicate.value in properties and t.subject not in left_out]

    def folded(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
        assert isinstance(term, ox.Literal)
        return term.value.lower()

    return {
        (show(t.subject), show(t.predicate), show(t.object))
        for t in values
        if (blanks or not isinstance(t.subject, ox.BlankNode))
        and any(
            o.predicate == t.predicate and o.subject != t.subject and folded(o.object) == folded(t.object)
            for o in values
        )
    }


@pytest.mark.parametrize("name", sorted(DUPLICATES))
def test_duplicate_checks_find_what_comparing_every_pair_finds(name: str) -> None:
    # the checks group values instead of comparing every pair, so that they stay fast on a large merged
    # terminology (benchmarks/validate_memory.py); the result must be the same
    (check,) = [check for check in CHECKS if check.name == name]
    triples = random_annotations(seed=14)
    found = [(finding.entity, finding.path, finding.value) for finding in run_check(check, store_of(triples))]
    expected = compared_pairwise(triples, *DUPLICATES[name])
    assert len(expected) > 40
    assert len(found) == len(set(found))
    assert set(found) == expected


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_check_without_a_level_is_refused_with_its_file(tmp_path: Path) -> None:
    path = write(tmp_path / "no-level.rq", "# check: no_level\n# description: x\nSELECT ?entity WHERE {}\n")
    with pytest.raises(InputError, match=r"no-level\.rq:1: the header lacks level"):
        read_check(path)


def test_a_check_named_unlike_its_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "one-name.rq", "# check: other_name\n# level: WARN\n# description: x\nSELECT * {}\n")
    with pytest.raises(InputError, match=r"one-name\.rq:1: check 'other_name' does not match the file name"):
        read_check(path)


def test_a_sparql_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    text = "# check: broken\n# level: ERROR\n# description: x\nSELECT ?entity WHERE {\n  ?entity ?p .\n}\n"
    check = read_check(write(tmp_path / "broken.rq", text))
    with pytest.raises(InputError, match=r"broken\.rq:5:\d+: SPARQL syntax error"):
        run_check(check, store_of([]))
