"""Every mapping's object id and label are checked against a real release: the one a test dependency
ships (HPO, MONDO, UBERON, ChEBI, MeSH, ICD-10-CM), else the reference rows copied into
mappings/reference/, which record the release each row was read from."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from support.mapping_sources import LICENSED, ROOT, SHIPPED, mapping_set, prefix_of, reference_rows
from vertebroplasty_kg.inputs.mappings import MappingRow
from vertebroplasty_kg.namespaces import VPO

# rows per object prefix; keep in step with the table in mappings/README.md
ROWS_PER_PREFIX = {
    "HP": 20,
    "MONDO": 9,
    "UBERON": 5,
    "CHEBI": 3,
    "mesh": 32,
    "icd10cm": 18,
    "icd10pcs": 6,
    "cpt": 9,
    "snomedct": 15,
    "umls": 3,
    "MAXO": 6,
    "OBI": 1,
    "OGMS": 3,
    "SYMP": 3,
}
COPIED_ONLY = sorted(set(ROWS_PER_PREFIX) - set(SHIPPED))


def rows_with(prefix: str) -> list[MappingRow]:
    return [row for row in mapping_set().mappings if prefix_of(row.object_id) == prefix]


def test_every_mapping_is_checked_by_one_of_the_tests_below() -> None:
    assert sum(ROWS_PER_PREFIX.values()) == len(mapping_set())
    assert {prefix_of(row.object_id) for row in mapping_set().mappings} == set(ROWS_PER_PREFIX)


@pytest.mark.parametrize("prefix", sorted(SHIPPED))
def test_objects_match_the_release_a_test_dependency_ships(prefix: str) -> None:
    release = SHIPPED[prefix]()
    rows = rows_with(prefix)
    assert len(rows) == ROWS_PER_PREFIX[prefix]
    for row in rows:
        assert row.object_id in release.labels, f"line {row.line}: {row.object_id} is not in {prefix} {release.version}"
        assert row.cells["object_label"] == release.labels[row.object_id], f"line {row.line}: label differs"
        assert row.cells["object_source_version"] == release.version, (
            f"line {row.line}: the release is {release.version}"
        )


@pytest.mark.parametrize("prefix", COPIED_ONLY)
def test_objects_match_the_copied_reference_rows(prefix: str) -> None:
    reference = reference_rows()
    rows = rows_with(prefix)
    assert len(rows) == ROWS_PER_PREFIX[prefix]
    for row in rows:
        assert row.object_id in reference, f"line {row.line}: {row.object_id} is not a verified identifier"
        copied = reference[row.object_id]
        if prefix not in LICENSED:
            assert row.cells["object_label"] == copied.label, f"line {row.line}: label differs from the reference row"
        assert row.cells["object_source_version"] in copied.source, f"line {row.line}: not the release read"


@pytest.mark.parametrize("prefix", sorted(SHIPPED))
def test_copied_rows_agree_with_the_shipped_release(prefix: str) -> None:
    release = SHIPPED[prefix]()
    copied = [row for curie, row in reference_rows().items() if prefix_of(curie) == prefix]
    assert len(copied) == len({row.object_id for row in rows_with(prefix)})
    for row in copied:
        assert release.labels.get(row.curie) == row.label, f"{row.curie}: copied label {row.label!r}"


def test_licensed_reference_rows_reproduce_no_licensed_wording() -> None:
    snomed = [row for row in reference_rows().values() if prefix_of(row.curie) == "snomedct"]
    assert len(snomed) == 13
    for row in snomed:
        assert row.notes.startswith("label is our own wording"), row.curie
        assert "(disorder)" not in row.label and "(finding)" not in row.label, row.curie


def test_every_copied_row_is_used() -> None:
    # ECO: the evidence types of the claims (source and evidence layer); IAO: the definition property
    used = {row.object_id for row in mapping_set().mappings} | {
        "ECO:0000303",
        "ECO:0006017",
        "ECO:0007121",
        "IAO:0000115",
    }
    assert set(reference_rows()) == used


def test_every_obo_iri_in_the_release_is_verified(release_dir: Path) -> None:
    obo = "http://purl.obolibrary.org/obo/"
    found = set()
    for quad in ox.parse(path=release_dir / "vertebroplasty-kg.nt", format=ox.RdfFormat.N_TRIPLES):
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(obo) and not term.value.startswith(VPO):
                local = term.value[len(obo) :]
                found.add(local.replace("_", ":", 1))
    assert found, "the release uses no OBO term"
    assert found <= set(reference_rows()), f"not verified: {found - set(reference_rows())}"
    assert {"ECO:0000303", "IAO:0000115"} <= found


def test_the_readme_counts_are_the_mapping_sets() -> None:
    text = (ROOT / "mappings" / "README.md").read_text(encoding="utf-8")
    table = {
        prefix: int(count) for prefix, count in re.findall(r"^\| [^|]+ \| `(\w+)` \| (\d+) \|", text, re.MULTILINE)
    }
    assert table == ROWS_PER_PREFIX
    per_predicate = Counter(row.predicate_id for row in mapping_set().mappings)
    documented = dict(re.findall(r"^\| `(skos:\w+)` \| [^|]*\((\d+)(?: mappings)?\) \|$", text, re.MULTILINE))
    assert {predicate: int(count) for predicate, count in documented.items()} == per_predicate
