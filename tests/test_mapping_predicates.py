"""Every mapping predicate holds for every member of both concepts (mappings/README.md, "Predicates").

Two kinds of test: the rows that were judged one by one, each with the predicate it must have; and the
parts of the rule that can be checked mechanically over the whole set, with the ontology's subclass
links read from the release. Each mechanical check is also run on a broken copy of the rows, to show
that it would catch the mistake it is there for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pytest
import rdflib
from rdflib.namespace import RDFS

from support.mapping_sources import mapping_set, prefix_of
from vertebroplasty_kg.namespaces import VPO

EXACT, CLOSE, BROAD, NARROW, RELATED = (
    f"skos:{name}Match" for name in ("exact", "close", "broad", "narrow", "related")
)

Mapping = tuple[str, str, str]
"""(subject_id, predicate_id, object_id) as CURIEs."""

# (subject, object, predicate) for every row whose predicate was judged against the rule one by one
JUDGED: list[Mapping] = [
    # level-specific codes overlap a procedure done at any level; add-on codes are billing units
    ("vpo:Kyphoplasty", "cpt:22513", RELATED),
    ("vpo:Kyphoplasty", "cpt:22514", RELATED),
    ("vpo:Kyphoplasty", "cpt:22515", RELATED),
    ("vpo:Kyphoplasty", "icd10pcs:0PU33JZ", RELATED),
    ("vpo:Kyphoplasty", "icd10pcs:0PU43JZ", RELATED),
    ("vpo:Kyphoplasty", "icd10pcs:0QU03JZ", RELATED),
    ("vpo:PercutaneousVertebroplasty", "icd10pcs:0PU33JZ", RELATED),
    ("vpo:PercutaneousVertebroplasty", "icd10pcs:0PU43JZ", RELATED),
    ("vpo:PercutaneousVertebroplasty", "icd10pcs:0QU03JZ", RELATED),
    ("vpo:PercutaneousVertebroplasty", "cpt:22510", RELATED),
    ("vpo:PercutaneousVertebroplasty", "cpt:22511", RELATED),
    ("vpo:PercutaneousVertebroplasty", "cpt:22512", RELATED),
    # every 22513/22514 procedure is a vertebral augmentation (any level, any technique)
    ("vpo:VertebralAugmentation", "cpt:22513", NARROW),
    ("vpo:VertebralAugmentation", "cpt:22514", NARROW),
    ("vpo:VertebralAugmentation", "cpt:22515", RELATED),
    # HP:0002953 is the fracture (exact match of vpo:VertebralCompressionFracture), not the loss of height
    ("vpo:VertebralCollapse", "HP:0002953", RELATED),
    # a SNOMED CT structure concept covers the column and every part of it
    ("vpo:SpinalStructure", "snomedct:421060004", CLOSE),
    ("vpo:VertebralColumn", "snomedct:421060004", BROAD),
    # encounter-specific codes are related to a kind of fracture; the code without the 7th character is broader
    ("vpo:MalignantVertebralCompressionFracture", "icd10cm:M84.58", BROAD),
    ("vpo:MalignantVertebralCompressionFracture", "icd10cm:M84.58XA", RELATED),
    ("vpo:MalignantVertebralCompressionFracture", "icd10cm:M84.58XS", RELATED),
    # outcomes and what HPO or MeSH codes about them
    ("vpo:RestorationOfDailyActivities", "HP:0031058", RELATED),
    ("vpo:IncreasedMobility", "HP:0033666", RELATED),
    ("vpo:ReducedNarcoticDependence", "mesh:D000701", RELATED),
    # found when every row was reviewed against the rule
    ("vpo:VertebralCollapse", "icd10cm:M48.5", RELATED),  # ICD-10-CM codes it as the fracture
    ("vpo:VertebralBody", "snomedct:3572006", BROAD),  # a structure concept also covers the body's parts
    ("vpo:NeckPain", "icd10cm:M54.2", NARROW),  # excludes cervicalgia due to a cervical disc disorder
    ("vpo:OsteoporoticVertebralCompressionFracture", "icd10cm:M80.88XA", RELATED),  # encounter-specific
    ("vpo:PMMABoneCement", "CHEBI:61369", RELATED),  # the cement is made of the polymer, not a kind of it
    ("vpo:PMMABoneCement", "mesh:D019904", RELATED),
    ("vpo:PMMABoneCement", "snomedct:427811002", RELATED),
    ("vpo:SurgicalProcedure", "MAXO:0000004", NARROW),  # MAxO's is therapeutic only; ours may also diagnose
    ("vpo:OpenSpinalSurgery", "MAXO:0000004", RELATED),  # may be diagnostic; most MAxO surgery is elsewhere
]

ADD_ON_CODES = {"cpt:22512": ("22510", "22511"), "cpt:22515": ("22513", "22514")}
"""CPT add-on codes ("each additional vertebral body") -> the primary codes they are billed with."""

PROCEDURE_CODE_SYSTEMS = {"icd10pcs", "cpt"}
PROCEDURE_CODES_NOT_RELATED = {
    ("vpo:VertebralAugmentation", NARROW, "cpt:22513"),
    ("vpo:VertebralAugmentation", NARROW, "cpt:22514"),
}
"""The only level-specific procedure codes mapped by more than relatedMatch: narrower than an any-level class."""


def mappings() -> list[Mapping]:
    return [(row.subject_id, row.predicate_id, row.object_id) for row in mapping_set().mappings]


# --- the rows judged one by one --------------------------------------------------------------------


def test_each_judged_row_has_its_predicate() -> None:
    rows = defaultdict(list)
    for subject, predicate, obj in mappings():
        rows[(subject, obj)].append(predicate)
    assert len(set(JUDGED)) == len(JUDGED) == 33
    checked = 0
    for subject, obj, expected in JUDGED:
        assert rows[(subject, obj)] == [expected], f"{subject} {obj}: {rows[(subject, obj)] or 'no row'}"
        checked += 1
    assert checked == len(JUDGED)


def test_add_on_codes_say_what_they_are() -> None:
    rows = [row for row in mapping_set().mappings if row.object_id in ADD_ON_CODES]
    assert len(rows) == 3
    for row in rows:
        comment = row.cells["comment"]
        assert "add-on code" in comment and "billed with" in comment, f"line {row.line}"
        assert all(code in comment for code in ADD_ON_CODES[row.object_id]), f"line {row.line}: name the primary code"


def test_rows_of_one_terminology_name_the_same_source_and_release() -> None:
    sources: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in mapping_set().mappings:
        cells = row.cells
        sources[prefix_of(row.object_id)].add(
            (cells["object_source"], cells["object_source_version"], cells["mapping_justification"])
        )
    assert len(sources) == 14
    for prefix, found in sources.items():
        assert len(found) == 1, f"{prefix}: {sorted(found)}"


# --- the rule, checked mechanically ------------------------------------------------------------------


def procedure_codes_not_related(rows: Iterable[Mapping]) -> set[Mapping]:
    """Rows mapping an ICD-10-PCS or CPT code by anything but relatedMatch, beyond the allowed narrow matches."""
    return {
        (s, p, o)
        for s, p, o in rows
        if prefix_of(o) in PROCEDURE_CODE_SYSTEMS and p != RELATED and (s, p, o) not in PROCEDURE_CODES_NOT_RELATED
    }


def add_on_codes_not_related(rows: Iterable[Mapping]) -> set[Mapping]:
    return {(s, p, o) for s, p, o in rows if o in ADD_ON_CODES and p != RELATED}


def encounter_codes_not_related(rows: Iterable[Mapping]) -> set[Mapping]:
    """Rows mapping an ICD-10-CM code with a 7th character (initial encounter, sequela...) by more than relatedMatch."""
    import simple_icd_10_cm as cm

    return {
        (s, p, o)
        for s, p, o in rows
        if prefix_of(o) == "icd10cm" and cm.is_extended_subcategory(o.split(":", 1)[1]) and p != RELATED
    }


def exact_objects_mapped_again(rows: Iterable[Mapping]) -> set[Mapping]:
    """Rows mapping an object that is the exact match of another class by anything but relatedMatch."""
    rows = list(rows)
    exact: dict[str, set[str]] = defaultdict(set)
    for s, p, o in rows:
        if p == EXACT:
            exact[o].add(s)
    return {(s, p, o) for s, p, o in rows if p != RELATED and exact[o] - {s}}


def subclasses(graph: rdflib.Graph) -> dict[str, set[str]]:
    """vpo:Class -> every vpo class it is a subclass of (transitively, itself excluded), from the release."""

    def curie(node: object) -> str | None:
        return "vpo:" + str(node)[len(VPO) :] if isinstance(node, rdflib.URIRef) and str(node).startswith(VPO) else None

    ancestors: dict[str, set[str]] = {}
    for node in set(graph.subjects(RDFS.subClassOf, None)):
        name = curie(node)
        if name:
            found = {curie(a) for a in graph.transitive_objects(node, RDFS.subClassOf)}
            ancestors[name] = {a for a in found if a and a != name}
    return ancestors


def close_to_a_class_and_its_subclass(rows: Iterable[Mapping], ancestors: dict[str, set[str]]) -> set[Mapping]:
    close: dict[str, set[str]] = defaultdict(set)
    for s, p, o in rows:
        if p == CLOSE:
            close[o].add(s)
    return {(sub, CLOSE, o) for o, classes in close.items() for sub in classes if ancestors.get(sub, set()) & classes}


def broader_than_its_narrower(rows: Iterable[Mapping], ancestors: dict[str, set[str]]) -> set[tuple[str, str, str]]:
    """(A, object, B) where A is inside the object (broadMatch or exactMatch) and the object inside B (narrowMatch
    or exactMatch), yet A is not B nor a subclass of B: the mappings would say more than the ontology does."""
    inside: dict[str, set[str]] = defaultdict(set)  # object -> classes whose members are all members of it
    holds: dict[str, set[str]] = defaultdict(set)  # object -> classes that hold all its members
    for s, p, o in rows:
        if p in (BROAD, EXACT):
            inside[o].add(s)
        if p in (NARROW, EXACT):
            holds[o].add(s)
    return {
        (a, o, b) for o in inside for a in inside[o] for b in holds[o] if a != b and b not in ancestors.get(a, set())
    }


def test_procedure_codes_are_only_related_except_narrower_than_vertebral_augmentation() -> None:
    rows = mappings()
    assert len([r for r in rows if prefix_of(r[2]) in PROCEDURE_CODE_SYSTEMS]) == 15
    assert procedure_codes_not_related(rows) == set()
    wider_or_same = {(s, p, o) for s, p, o in rows if p in (BROAD, CLOSE, EXACT)}
    assert {(s, p, o) for s, p, o in wider_or_same if prefix_of(o) in PROCEDURE_CODE_SYSTEMS} == set()
    assert set(rows) >= PROCEDURE_CODES_NOT_RELATED, "the narrow matches this test allows are still there"


def test_add_on_codes_are_only_related() -> None:
    rows = mappings()
    assert len([r for r in rows if r[2] in ADD_ON_CODES]) == 3
    assert add_on_codes_not_related(rows) == set()


def test_encounter_specific_icd10cm_codes_are_only_related() -> None:
    rows = mappings()
    import simple_icd_10_cm as cm

    encounter = {o for _, _, o in rows if prefix_of(o) == "icd10cm" and cm.is_extended_subcategory(o.split(":", 1)[1])}
    assert encounter == {"icd10cm:M80.88XA", "icd10cm:M84.58XA", "icd10cm:M84.58XS"}
    assert encounter_codes_not_related(rows) == set()


def test_an_exact_match_of_one_class_is_only_related_to_the_others() -> None:
    assert exact_objects_mapped_again(mappings()) == set()


def test_no_object_is_close_to_a_class_and_to_its_subclass(release_graph: rdflib.Graph) -> None:
    ancestors = subclasses(release_graph)
    assert "vpo:SpinalStructure" in ancestors["vpo:VertebralColumn"]
    assert "vpo:VertebralAugmentation" in ancestors["vpo:PercutaneousVertebroplasty"]
    assert close_to_a_class_and_its_subclass(mappings(), ancestors) == set()


def test_broad_and_narrow_matches_of_one_object_agree_with_the_subclass_links(release_graph: rdflib.Graph) -> None:
    assert broader_than_its_narrower(mappings(), subclasses(release_graph)) == set()


# --- the checks catch what they are there for ---------------------------------------------------------


def changed(rows: list[Mapping], subject: str, obj: str, predicate: str) -> list[Mapping]:
    (index,) = [i for i, (s, _, o) in enumerate(rows) if (s, o) == (subject, obj)]
    return [*rows[:index], (subject, predicate, obj), *rows[index + 1 :]]


@pytest.mark.parametrize(
    ("subject", "obj", "predicate", "check"),
    [
        ("vpo:Kyphoplasty", "icd10pcs:0PU33JZ", BROAD, procedure_codes_not_related),
        ("vpo:PercutaneousVertebroplasty", "cpt:22510", CLOSE, procedure_codes_not_related),
        ("vpo:PercutaneousVertebroplasty", "cpt:22510", NARROW, procedure_codes_not_related),
        ("vpo:VertebralAugmentation", "cpt:22515", NARROW, add_on_codes_not_related),
        ("vpo:MalignantVertebralCompressionFracture", "icd10cm:M84.58XA", BROAD, encounter_codes_not_related),
        ("vpo:VertebralCollapse", "HP:0002953", CLOSE, exact_objects_mapped_again),
    ],
)
def test_a_broken_row_is_caught(subject: str, obj: str, predicate: str, check: object) -> None:
    assert callable(check)
    assert check(changed(mappings(), subject, obj, predicate)) == {(subject, predicate, obj)}


def test_a_close_match_of_a_class_and_its_subclass_is_caught(release_graph: rdflib.Graph) -> None:
    ancestors = subclasses(release_graph)
    rows = changed(mappings(), "vpo:VertebralColumn", "snomedct:421060004", CLOSE)
    assert close_to_a_class_and_its_subclass(rows, ancestors) == {("vpo:VertebralColumn", CLOSE, "snomedct:421060004")}


def test_a_broad_match_of_a_class_narrower_than_the_object_is_caught(release_graph: rdflib.Graph) -> None:
    ancestors = subclasses(release_graph)
    # Vertebroplasty is inside MeSH's Vertebroplasty; saying the descriptor is inside percutaneous vertebroplasty too
    # would make every vertebroplasty percutaneous
    rows = changed(mappings(), "vpo:PercutaneousVertebroplasty", "mesh:D054854", NARROW)
    assert ("vpo:Vertebroplasty", "mesh:D054854", "vpo:PercutaneousVertebroplasty") in broader_than_its_narrower(
        rows, ancestors
    )
