"""Mapping coverage: the classes without a mapping are exactly the ones mappings/README.md lists, and no
class that the verified tables give an exact counterpart is left unmapped."""

from __future__ import annotations

import re

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from support.mapping_sources import ROOT, mapping_set, reference_rows
from vertebroplasty_kg.namespaces import VPO

OBO_IN_OWL = rdflib.Namespace("http://www.geneontology.org/formats/oboInOwl#")
CLAIM_MODEL = {
    *("Claim", "ClaimRelation", "CertaintyLevel", "FrequencyLevel", "ClaimConflict"),
    *("EvidenceClaim", "EvidenceLink", "EvidenceGap", "EvidenceRelation"),
}  # records, not medicine
README = ROOT / "mappings" / "README.md"


def domain_classes(graph: rdflib.Graph) -> set[str]:
    obsolete = set(graph.subjects(OWL.deprecated, rdflib.Literal(True)))
    names = {
        str(c)[len(VPO) :] for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(VPO) and c not in obsolete
    }
    return names - CLAIM_MODEL


def mapped_classes() -> set[str]:
    return {row.subject_id.removeprefix("vpo:") for row in mapping_set().mappings}


def documented_unmapped() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Concepts without a mapping", 1)[1]
    return re.findall(r"^- `vpo:(\w+)` — \S", section, flags=re.MULTILINE)


def test_unmapped_classes_are_the_documented_ones(release_graph: rdflib.Graph) -> None:
    classes = domain_classes(release_graph)
    unmapped = classes - mapped_classes()
    documented = documented_unmapped()
    assert len(documented) == len(set(documented)), "a class is listed twice"
    assert set(documented) == unmapped, (
        f"map or document: undocumented {sorted(unmapped - set(documented))}, "
        f"listed but mapped {sorted(set(documented) - unmapped)}"
    )
    assert len(classes) == 66 and len(unmapped) == 29
    assert "37 of the ontology's 66 domain classes have mappings" in README.read_text(encoding="utf-8")


def normalise(text: str) -> str:
    """Compare names loosely: case, a trailing bracketed note and a plural -s do not count."""
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text.strip()).casefold()
    return text[:-1] if text.endswith("s") else text


def names_of_classes(graph: rdflib.Graph) -> dict[str, set[str]]:
    """Normalised label or exact synonym -> the classes that have it."""
    names: dict[str, set[str]] = {}
    for name in domain_classes(graph):
        iri = rdflib.URIRef(VPO + name)
        for text in [*graph.objects(iri, RDFS.label), *graph.objects(iri, OBO_IN_OWL.hasExactSynonym)]:
            names.setdefault(normalise(str(text)), set()).add(name)
    return names


def exact_counterparts(graph: rdflib.Graph) -> set[tuple[str, str]]:
    """(class, CURIE) pairs that the verified tables give as exact: either the row's suggested strength is
    exact for a name of the class, or the row's label is a label or exact synonym of the class."""
    names = names_of_classes(graph)
    pairs: set[tuple[str, str]] = set()
    for curie, row in reference_rows().items():
        for suggestion in row.concept.split("; "):
            found = re.fullmatch(r"(.+?) \[exact\b.*\]", suggestion)
            if found:
                for alternative in found.group(1).split("/"):
                    pairs |= {(name, curie) for name in names.get(normalise(alternative), set())}
        pairs |= {(name, curie) for name in names.get(normalise(row.label), set())}
    return pairs


def test_no_class_with_a_verified_exact_counterpart_is_left_unmapped(release_graph: rdflib.Graph) -> None:
    candidates = exact_counterparts(release_graph)
    mapped = {(row.subject_id.removeprefix("vpo:"), row.object_id) for row in mapping_set().mappings}
    missing = sorted(candidates - mapped)
    assert not missing, f"verified exact counterparts left unmapped: {missing}"
    assert len(candidates) == 37
    # re-judged: the tables suggest these as exact; each row's comment in the mapping set says why it is not
    predicates = {
        (row.subject_id.removeprefix("vpo:"), row.object_id): row.predicate_id for row in mapping_set().mappings
    }
    rejudged = {pair: predicates[pair] for pair in candidates if predicates[pair] != "skos:exactMatch"}
    assert rejudged == {
        ("Injection", "OBI:0000426"): "skos:broadMatch",  # OBI's also injects into instruments
        ("SurgicalProcedure", "MAXO:0000004"): "skos:narrowMatch",  # MAxO's is therapeutic only
        ("VertebralCollapse", "HP:0002953"): "skos:relatedMatch",  # the fracture's exact match; collapse goes with it
        ("NeckPain", "icd10cm:M54.2"): "skos:narrowMatch",  # ICD-10-CM excludes neck pain from a disc disorder
        ("Vertebroplasty", "mesh:D054854"): "skos:broadMatch",  # MeSH's covers kyphoplasty too
        ("TherapeuticProcedure", "MAXO:0000002"): "skos:closeMatch",  # ours counts prevention; MAxO's not checked
        ("TherapeuticProcedure", "OGMS:0000112"): "skos:closeMatch",  # ours counts prevention; OGMS's not checked
        ("BackPain", "umls:C0004604"): "skos:closeMatch",  # CUIs come through HPO's untyped cross-references
        ("NeckPain", "umls:C0007859"): "skos:closeMatch",
        ("Osteoporosis", "umls:C0029456"): "skos:closeMatch",
    }
