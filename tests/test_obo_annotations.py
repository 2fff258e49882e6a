"""What the build adds for OBO tools: IAO definitions, labels on every named node, named individuals."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from vertebroplasty_kg.rdf.sparql_text import internal
from vertebroplasty_kg.release.assembly import Inputs
from vertebroplasty_kg.release.obo_annotations import obo_annotations

IAO_DEFINITION = ox.NamedNode("http://purl.obolibrary.org/obo/IAO_0000115")
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
VKG = "https://w3id.org/vertebroplasty-kg/kg/"
VPO = "https://w3id.org/vertebroplasty-kg/vpo/"


@pytest.fixture(scope="module")
def store(project_inputs: Inputs) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in project_inputs.triples)
    return store


def objects(store: ox.Store, subject: str, predicate: ox.NamedNode) -> set[str]:
    return {str(quad.object) for quad in store.quads_for_pattern(ox.NamedNode(subject), predicate, None)}


def test_every_definition_is_also_an_iao_definition(store: ox.Store) -> None:
    skos = {(q.subject, q.object) for q in store.quads_for_pattern(None, ox.NamedNode(SKOS + "definition"), None)}
    iao = {(q.subject, q.object) for q in store.quads_for_pattern(None, IAO_DEFINITION, None)}
    assert len(skos) > 100
    assert iao == skos


def test_the_definition_property_is_declared_and_labelled(store: ox.Store) -> None:
    assert objects(store, IAO_DEFINITION.value, TYPE) == {f"<{OWL}AnnotationProperty>"}
    assert objects(store, IAO_DEFINITION.value, LABEL) == {'"definition"@en'}


@pytest.mark.parametrize(
    ("node", "label"),
    [
        (VKG + "claim-26-anchor", "text anchor of claim 26"),
        (VKG + "claim-26-quote", "quote of claim 26"),
        (VKG + "claim-01-position", "position of claim 1"),
        (
            VKG + "source-vertebroplasty-patient-information-sha256",
            "sha256 checksum of Vertebroplasty (patient information text)",
        ),
        (VPO + "certainty-apparent", "apparent (claim certainty)"),
        (VPO + "frequency-in-most-cases", "in most cases (claim frequency)"),
        (VPO + "relation-has-access", "has access (claim relations)"),
        (VPO + "CertaintyScheme", "claim certainty"),
        (VPO + "certainty-often", "obsolete certainty often"),  # a hand-written label stays
    ],
)
def test_named_nodes_get_a_label_unless_they_have_one(store: ox.Store, node: str, label: str) -> None:
    assert objects(store, node, LABEL) == {f'"{label}"@en'}


def test_every_typed_named_node_that_is_not_a_term_is_a_named_individual(store: ox.Store) -> None:
    kinds = {OWL + kind for kind in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "Ontology")}
    typed = {q.subject for q in store.quads_for_pattern(None, TYPE, None) if isinstance(q.subject, ox.NamedNode)}
    terms = {q.subject for q in store.quads_for_pattern(None, TYPE, None) if str(q.object)[1:-1] in kinds}
    individuals = {q.subject for q in store.quads_for_pattern(None, TYPE, ox.NamedNode(OWL + "NamedIndividual"))}
    assert len(individuals) > 150
    assert individuals == typed - terms
    assert ox.NamedNode(VKG + "claim-26") in individuals
    assert ox.NamedNode(VKG + "some-doctors") in individuals


def test_the_derivations_add_nothing_twice(project_inputs: Inputs) -> None:
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in project_inputs.triples)
    assert set(obo_annotations(dataset)) <= set(project_inputs.triples)


def test_a_claim_named_otherwise_lends_its_local_name() -> None:
    data = """
        @prefix vpo: <https://w3id.org/vertebroplasty-kg/vpo/> .
        @prefix oa: <http://www.w3.org/ns/oa#> .
        <https://example.org/my-claim> vpo:hasTextAnchor <https://example.org/a> .
        <https://example.org/a> oa:hasSelector <https://example.org/q> .
        <https://example.org/q> a oa:TextQuoteSelector .
    """
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.TURTLE)
    labels = {(t.subject.value, t.object.value) for t in store.query(internal("derive-labels.rq"))}  # type: ignore[union-attr]
    assert labels == {
        ("https://example.org/a", "text anchor of my-claim"),
        ("https://example.org/q", "quote of my-claim"),
    }
