"""The modelling rule (ontology/README.md): an OWL axiom holds for every member of its class, so what
the source hedges stays a claim; every logical axiom says where it comes from; and the reasoner never
files the main indication under a contraindication."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from support.mapping_sources import mapping_set, reference_rows
from vertebroplasty_kg.checks.reasoning import reason
from vertebroplasty_kg.checks.validation import ValidationReport
from vertebroplasty_kg.rdf.parsing import parse_turtle
from vertebroplasty_kg.release.assembly import Inputs

VPO = rdflib.Namespace("https://w3id.org/vertebroplasty-kg/vpo/")
VKG = rdflib.Namespace("https://w3id.org/vertebroplasty-kg/kg/")
OBO_IN_OWL = rdflib.Namespace("http://www.geneontology.org/formats/oboInOwl#")
SOURCE_TEXT = VKG["source-vertebroplasty-patient-information"]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "modelling-rule"

CONTRAINDICATION = re.compile(
    r"contraindicat|factor (weighing )?against|weighs? against|argues? against", re.IGNORECASE
)
NAMES = (RDFS.label, OBO_IN_OWL.hasExactSynonym, OBO_IN_OWL.hasRelatedSynonym, OBO_IN_OWL.hasNarrowSynonym)

# The classes the source names as factors, each only with a hedge: "often", "in most cases",
# "seem", "some doctors even suggested", "may", "can".
HEDGED_FACTORS = (
    "OsteoporoticVertebralCompressionFracture",
    "OldVertebralFracture",
    "DetrimentalComorbidDisorder",
    "MetastaticCancer",
    "MetastaticVertebralFracture",
)


def contraindication_ancestors(graph: rdflib.Graph, links: Iterable[tuple[str, str]], cls: str) -> set[str]:
    """Named superclasses of ``cls`` (asserted in ``graph`` or in ``links``) whose label or a synonym
    speaks of a contraindication or of a factor against."""
    parents: dict[str, set[str]] = {}
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        if isinstance(parent, rdflib.URIRef):
            parents.setdefault(str(child), set()).add(str(parent))
    for child_iri, parent_iri in links:
        parents.setdefault(child_iri, set()).add(parent_iri)
    seen: set[str] = set()
    todo = [cls]
    while todo:
        for above in parents.get(todo.pop(), ()):
            if above not in seen:
                seen.add(above)
                todo.append(above)
    return {
        ancestor
        for ancestor in seen
        for name in NAMES
        for value in graph.objects(rdflib.URIRef(ancestor), name)
        if CONTRAINDICATION.search(str(value))
    }


def osteoporotic_classes(graph: rdflib.Graph, links: Iterable[tuple[str, str]]) -> set[str]:
    """The osteoporotic vertebral compression fracture and every class under it."""
    root = str(VPO.OsteoporoticVertebralCompressionFracture)
    children = [(str(s), str(o)) for s, o in graph.subject_objects(RDFS.subClassOf)] + list(links)
    found = {root}
    grew = True
    while grew:
        more = {sub for sub, sup in children if sup in found} - found
        found |= more
        grew = bool(more)
    return found


def test_no_osteoporotic_fracture_class_is_inferred_under_a_contraindication(
    release_graph: rdflib.Graph, validation_report: ValidationReport
) -> None:
    links = validation_report.inferred_subclass_of
    classes = osteoporotic_classes(release_graph, links)
    assert str(VPO.OsteoporoticVertebralCompressionFracture) in classes
    for cls in classes:
        assert contraindication_ancestors(release_graph, links, cls) == set(), cls


@pytest.mark.reasoner
def test_the_old_factor_axioms_would_be_caught(release_graph: rdflib.Graph, project_inputs: Inputs) -> None:
    """Put back the axioms of the first release (osteoporotic fracture weighs against vertebroplasty,
    and the factor class that collects what weighs against it): the reasoner files the main indication
    under "contraindicating factor", and the check above says so."""
    fixture = FIXTURES / "old-factor-axioms.ttl"
    reasoned = reason([*project_inputs.triples, *parse_turtle(fixture)])
    graph = rdflib.Graph()
    graph += release_graph
    graph.parse(fixture, format="turtle")
    found = contraindication_ancestors(
        graph, reasoned.inferred_subclass_of, str(VPO.OsteoporoticVertebralCompressionFracture)
    )
    assert found == {str(VPO.FactorAgainstVertebroplastyAgain)}


def restriction_fillers(graph: rdflib.Graph, cls: rdflib.URIRef) -> set[rdflib.term.Node]:
    """The fillers of every restriction in the axioms of ``cls`` (its superclasses and definitions,
    walking through intersections, unions and complements)."""
    found: set[rdflib.term.Node] = set()
    todo = [*graph.objects(cls, RDFS.subClassOf), *graph.objects(cls, OWL.equivalentClass)]
    seen: set[rdflib.term.Node] = set()
    while todo:
        node = todo.pop()
        if node in seen or not isinstance(node, rdflib.BNode):
            continue
        seen.add(node)
        for filler_property in (OWL.someValuesFrom, OWL.allValuesFrom, OWL.onClass, OWL.hasValue):
            found.update(graph.objects(node, filler_property))
        for list_property in (OWL.intersectionOf, OWL.unionOf):
            for head in graph.objects(node, list_property):
                todo.extend(rdflib.collection.Collection(graph, head))
        todo.extend(graph.objects(node, OWL.complementOf))
        todo.extend(graph.objects(node, OWL.someValuesFrom))
    return found


def vertebroplasty_classes(graph: rdflib.Graph) -> set[rdflib.term.Node]:
    return {node for node in graph.transitive_subjects(RDFS.subClassOf, VPO.Vertebroplasty) if node is not None}


@pytest.mark.parametrize("factor", HEDGED_FACTORS)
def test_no_hedged_factor_has_a_restriction_on_vertebroplasty(release_graph: rdflib.Graph, factor: str) -> None:
    procedures = vertebroplasty_classes(release_graph)
    assert {VPO.Vertebroplasty, VPO.PercutaneousVertebroplasty, VPO.OpenVertebroplasty} <= procedures
    fillers = restriction_fillers(release_graph, VPO[factor])
    assert not fillers & procedures, f"{factor} has an axiom about vertebroplasty: {fillers & procedures}"


def test_the_restriction_walk_finds_a_vertebroplasty_filler(release_graph: rdflib.Graph) -> None:
    graph = rdflib.Graph()
    graph += release_graph
    graph.parse(FIXTURES / "old-factor-axioms.ttl", format="turtle")
    fillers = restriction_fillers(graph, VPO.OsteoporoticVertebralCompressionFracture)
    assert VPO.Vertebroplasty in fillers & vertebroplasty_classes(graph)
    assert VPO.Osteoporosis in fillers  # found through the intersection of the definition too


def test_no_axiom_states_an_indication_or_an_aim_of_a_procedure(release_graph: rdflib.Graph) -> None:
    """What a procedure is done for and what it aims at vary from case to case: claims only."""
    for prop in (VPO.hasIndication, VPO.hasIntendedOutcome, VPO.hindersRecoveryFrom, VPO.weighsAgainst):
        assert not list(release_graph.subjects(OWL.onProperty, prop)), prop


LOGICAL = (
    RDFS.subClassOf,
    OWL.equivalentClass,
    OWL.disjointWith,
    RDFS.subPropertyOf,
    OWL.inverseOf,
    RDFS.domain,
    RDFS.range,
)
CHARACTERISTICS = (OWL.FunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.InverseFunctionalProperty)


def axiom_sources(graph: rdflib.Graph) -> dict[tuple[rdflib.term.Node, ...], set[rdflib.term.Node]]:
    """Every asserted logical axiom on a term of ours -> the values of its dcterms:source annotation."""
    annotated: dict[tuple[rdflib.term.Node | None, ...], set[rdflib.term.Node]] = {}
    inferred = set()
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        key = (
            graph.value(axiom, OWL.annotatedSource),
            graph.value(axiom, OWL.annotatedProperty),
            graph.value(axiom, OWL.annotatedTarget),
        )
        if (axiom, OBO_IN_OWL.is_inferred, rdflib.Literal("true")) in graph:
            inferred.add(key)
        annotated.setdefault(key, set()).update(graph.objects(axiom, DCTERMS.source))
    found: dict[tuple[rdflib.term.Node, ...], set[rdflib.term.Node]] = {}
    for prop in LOGICAL:
        for subject, value in graph.subject_objects(prop):
            key = (subject, prop, value)
            if str(subject).startswith(str(VPO)) and key not in inferred:
                found[key] = annotated.get(key, set())
    for characteristic in CHARACTERISTICS:
        for subject in graph.subjects(RDF.type, characteristic):
            if str(subject).startswith(str(VPO)):
                key = (subject, RDF.type, characteristic)
                found[key] = annotated.get(key, set())
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        found[(node, OWL.members)] = set(graph.objects(node, DCTERMS.source))
    return found


def is_verified_term(iri: str) -> bool:
    """``iri`` is a term of an external terminology whose identifier is verified in mappings/reference/."""
    for prefix, base in mapping_set().curie_map.items():
        if iri.startswith(base) and base != "http://purl.obolibrary.org/obo/" and prefix != "vpo":
            return f"{prefix}:{iri[len(base) :]}" in reference_rows()
    match = re.fullmatch(r"http://purl\.obolibrary\.org/obo/([A-Za-z]+)_(\d+)", iri)
    return match is not None and f"{match[1]}:{match[2]}" in reference_rows()


def test_every_logical_axiom_says_where_it_comes_from(release_graph: rdflib.Graph) -> None:
    g = release_graph
    axioms = axiom_sources(g)
    references = set(g.subjects(RDF.type, DCTERMS.BibliographicResource))
    assert len(references) >= 5
    kinds = {"claim": 0, "source text": 0, "reference": 0, "terminology": 0}
    for axiom, sources in axioms.items():
        assert sources, f"no dcterms:source on {axiom}"
        for source in sources:
            if (source, RDF.type, VPO.Claim) in g:
                kinds["claim"] += 1
            elif source == SOURCE_TEXT:
                kinds["source text"] += 1
            elif source in references:
                kinds["reference"] += 1
            else:
                assert is_verified_term(str(source)), f"{axiom}: source {source} is neither described nor verified"
                kinds["terminology"] += 1
    assert len(axioms) == 162
    assert all(kinds.values()), kinds


def test_the_axiom_walk_sees_a_missing_source(release_graph: rdflib.Graph) -> None:
    graph = rdflib.Graph()
    graph += release_graph
    graph.add((VPO.Vertebroplasty, RDFS.subClassOf, VPO.Procedure))
    missing = [axiom for axiom, sources in axiom_sources(graph).items() if not sources]
    assert missing == [(VPO.Vertebroplasty, RDFS.subClassOf, VPO.Procedure)]


def test_claims_an_axiom_formalises_say_the_same_thing(release_graph: rdflib.Graph) -> None:
    """A claim cited as the source of an axiom is one the axiom states: the axiom is on the claim's
    own subject (never on a class above it, which would stretch the claim to other procedures), and
    its target is the claim's object or a restriction whose filler is."""
    g = release_graph
    cited = set()
    for axiom, sources in axiom_sources(g).items():
        for claim in sources:
            if (claim, RDF.type, VPO.Claim) not in g:
                continue
            assert len(axiom) == 3, f"{claim} is cited by an axiom over several classes"
            subject, _prop, target = axiom
            assert subject == g.value(claim, VPO.claimSubject), f"{claim} is cited by an axiom on {subject}"
            obj = g.value(claim, VPO.claimObject)
            fillers = set(g.objects(target, OWL.someValuesFrom)) if isinstance(target, rdflib.BNode) else set()
            assert obj == target or obj in fillers, f"{claim} is cited by an axiom that does not state it"
            cited.add(str(claim).rsplit("/", 1)[1])
    assert cited == {"claim-04", "claim-22", "claim-31", "claim-32", "claim-33"}


def test_obsolete_terms_keep_no_logical_axioms(release_graph: rdflib.Graph) -> None:
    g = release_graph
    obsolete = set(g.subjects(OWL.deprecated, rdflib.Literal(True)))
    assert {
        VPO.FactorAgainstVertebroplasty,
        VPO.RecoveryHinderingFactor,
        VPO.weighsAgainst,
        VPO.hindersRecoveryFrom,
    } <= obsolete
    for term in obsolete:
        assert str(g.value(term, RDFS.label)).startswith("obsolete ")
        for prop in (*LOGICAL, RDFS.domain, RDFS.range):
            assert not list(g.objects(term, prop)), (term, prop)
