"""The mapping set is a valid SSSOM file whose header, prefixes, predicates and rows follow the rules
of mappings/README.md; ``sssom validate`` passes on it and fails on a broken copy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from support.mapping_sources import LICENSED, MAPPING_SET, mapping_set, prefix_of
from vertebroplasty_kg import __version__
from vertebroplasty_kg.inputs.mappings import CURIE_COLUMNS, MAPPING_PREDICATES, REQUIRED_COLUMNS
from vertebroplasty_kg.namespaces import PREFIXES, VPO

ROWS = 133
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
JUSTIFICATIONS = {"semapv:ManualMappingCuration", "semapv:MappingChaining"}
# Bioregistry's OBO-context IRI for these is a web search page; the mapping set uses BioPortal's IRIs,
# which the Bioregistry records among the resource's IRI prefixes (see mappings/README.md).


def test_header_declares_id_version_licence_and_every_prefix_used() -> None:
    ms = mapping_set()
    assert ms.metadata["mapping_set_id"] == "https://w3id.org/vertebroplasty-kg/mappings/vertebroplasty-kg.sssom.tsv"
    assert str(ms.metadata["mapping_set_version"]) == __version__
    assert ms.metadata["license"] == CC_BY
    declared = set(ms.metadata["curie_map"])
    used = {prefix_of(row.cells[column]) for row in ms.mappings for column in CURIE_COLUMNS}
    assert used <= declared, f"used but not declared in curie_map: {used - declared}"
    assert declared - used == set(), f"declared but never used: {declared - used}"
    assert len(used) == 19


def test_columns_and_row_count() -> None:
    ms = mapping_set()
    assert ms.columns == REQUIRED_COLUMNS
    assert len(ms) == ROWS


def test_rows_are_sorted_and_unique() -> None:
    keys = [row.key() for row in mapping_set().mappings]
    assert keys == sorted(keys), "keep rows sorted by subject_id, predicate_id, object_id"
    assert len(set(keys)) == len(keys) == ROWS


def test_predicates_and_justifications_come_from_the_allowed_sets() -> None:
    ms = mapping_set()
    predicates = {ms.expand(row.predicate_id) for row in ms.mappings}
    assert predicates == set(MAPPING_PREDICATES), "all five SKOS mapping relations are in use, and no other"
    assert {row.cells["mapping_justification"] for row in ms.mappings} == JUSTIFICATIONS
    chained = {
        prefix_of(row.object_id) for row in ms.mappings if row.cells["mapping_justification"].endswith("Chaining")
    }
    assert chained == {"umls"}, "only the UMLS CUIs are taken from another mapping (HPO's cross-references)"


def test_subjects_are_classes_of_the_ontology_with_their_own_labels(release_graph: rdflib.Graph) -> None:
    ms = mapping_set()
    for row in ms.mappings:
        subject = rdflib.URIRef(ms.expand(row.subject_id))
        assert str(subject).startswith(VPO)
        assert (subject, RDF.type, OWL.Class) in release_graph, row.subject_id
        assert row.cells["subject_label"] == str(release_graph.value(subject, RDFS.label)), row.line
    assert len({row.subject_id for row in ms.mappings}) == 37


def test_licensed_systems_have_codes_and_our_own_wording_only() -> None:
    licensed = [row for row in mapping_set().mappings if prefix_of(row.object_id) in LICENSED]
    assert len(licensed) == 15 + 9 + 3
    for row in licensed:
        assert row.cells["object_label"] == "", f"line {row.line}: {row.object_id} must carry no label"
        if prefix_of(row.object_id) != "umls":
            assert row.cells["comment"].startswith("Our wording: "), (
                f"line {row.line}: describe the code in the comment"
            )
    for row in mapping_set().mappings:
        if prefix_of(row.object_id) not in LICENSED:
            assert row.cells["object_label"], f"line {row.line}: {row.object_id} has no label"


def test_every_row_says_why() -> None:
    for row in mapping_set().mappings:
        assert len(row.cells["comment"]) >= 10, f"line {row.line}: explain the mapping in comment"
        assert row.cells["object_source"].startswith(("obo:", "bioregistry:")), row.line


@pytest.mark.skipif(sys.version_info < (3, 11), reason="bioregistry 0.15.6 needs Python 3.11 (CI runs 3.11)")
def test_prefixes_and_iris_follow_the_bioregistry() -> None:
    """Each prefix is the Bioregistry's preferred prefix of its resource (its canonical prefix where
    it names none: mesh, snomedct, umls, icd10cm), never one of its synonyms (MESH, SCTID, UMLS);
    each IRI prefix is one the Bioregistry records for that resource."""
    import bioregistry

    curie_map = dict(mapping_set().metadata["curie_map"])
    assert curie_map.pop("vpo") == VPO
    checked = 0
    for prefix, iri in sorted(curie_map.items()):
        norm = bioregistry.normalize_prefix(prefix)
        resource = bioregistry.get_resource(norm) if norm else None
        assert norm and resource, f"{prefix} is not a Bioregistry prefix"
        preferred = resource.get_preferred_prefix() or norm
        assert prefix == preferred, f"the Bioregistry writes {prefix} as {preferred}"
        assert iri in resource.get_uri_prefixes(), f"{prefix}: {iri} is not an IRI prefix the Bioregistry records"
        checked += 1
    assert checked == 18


def test_release_prefixes_agree_with_the_curie_map() -> None:
    curie_map = mapping_set().metadata["curie_map"]
    shared = set(PREFIXES) & set(curie_map)
    assert {"mesh", "snomedct", "umls", "cpt", "icd10cm", "icd10pcs", "vpo", "skos"} <= shared
    for prefix in shared:
        assert PREFIXES[prefix] == curie_map[prefix], prefix


def sssom_validate(path: Path) -> subprocess.CompletedProcess[str]:
    checks = ["-V", "JsonSchema", "-V", "PrefixMapCompleteness", "-V", "StrictCurieFormat"]
    command = [sys.executable, "-c", "from sssom.cli import main; main()", "validate", *checks, str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_sssom_validate_passes_and_catches_a_broken_copy(tmp_path: Path) -> None:
    result = sssom_validate(MAPPING_SET)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.sssom.tsv"
    text = MAPPING_SET.read_text(encoding="utf-8")
    broken.write_text(text.replace("semapv:ManualMappingCuration", "semapv:Guesswork", 1), encoding="utf-8")
    assert sssom_validate(broken).returncode != 0, "sssom validate accepted an unknown mapping justification"
