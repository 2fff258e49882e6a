"""The RDF/XML writer: OWL API layout, exactly the triples it was given, the same bytes for the same triples."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib

from support.graphs import canonical, same_graph
from vertebroplasty_kg.namespaces import PREFIXES
from vertebroplasty_kg.rdf.rdfxml import serialize_rdfxml

SAMPLE = """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:Thing a owl:Class ; rdfs:label "thing & <more>\\r\\n  kept  "@en ; ex:note "a \\"quoted\\"\\ttab" .
ex:Part a owl:Class ;
    rdfs:subClassOf _:restriction , [ owl:intersectionOf ( ex:Thing [ a owl:Restriction ; owl:onProperty ex:p ;
                                                                       owl:someValuesFrom ex:Thing ] ) ] .
_:restriction a owl:Restriction ; owl:onProperty ex:p ; owl:someValuesFrom ex:Thing .
[] a owl:Axiom ; owl:annotatedSource ex:Part ; owl:annotatedProperty rdfs:subClassOf ;
   owl:annotatedTarget _:restriction ; dcterms:source ex:reference .
ex:p a owl:ObjectProperty .
ex:one a owl:NamedIndividual , ex:Thing ; ex:count "3"^^xsd:integer ; ex:values ( "x" 1 ) .
ex:ontology a owl:Ontology ; dcterms:title "sample" .
[] a owl:AllDisjointClasses ; owl:members ( ex:Thing ex:Other ) .
_:a ex:next _:b . _:b ex:next _:a .
"""


def sample() -> list[ox.Triple]:
    return [quad.triple for quad in ox.parse(SAMPLE, format=ox.RdfFormat.TURTLE)]


def test_pyoxigraph_reads_back_exactly_the_triples() -> None:
    data = serialize_rdfxml(sample(), PREFIXES)
    back = [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.RDF_XML)]
    assert len(back) == len(sample()) > 30
    assert canonical(back) == canonical(sample())


def test_rdflib_reads_back_exactly_the_triples() -> None:
    graph = rdflib.Graph().parse(data=serialize_rdfxml(sample(), PREFIXES), format="xml")
    assert same_graph(graph, sample())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_order_of_the_input_does_not_change_a_byte(seed: int) -> None:
    shuffled = sample()
    random.Random(seed).shuffle(shuffled)
    assert serialize_rdfxml(shuffled, PREFIXES) == serialize_rdfxml(sample(), PREFIXES)


def test_the_header_comes_first_and_entities_are_typed_elements() -> None:
    root = ET.fromstring(serialize_rdfxml(sample(), PREFIXES))
    tags = [child.tag for child in root]
    owl = "{http://www.w3.org/2002/07/owl#}"
    assert tags[0] == owl + "Ontology"
    assert tags.count(owl + "Class") == 2
    assert owl + "ObjectProperty" in tags
    assert owl + "NamedIndividual" in tags
    assert tags.index(owl + "ObjectProperty") < tags.index(owl + "Class") < tags.index(owl + "NamedIndividual")
    # then the general axioms, then the blank nodes that only other blank nodes use (a cycle)
    assert tags[-2:] == [owl + "AllDisjointClasses", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"]


def test_an_axiom_annotation_follows_its_subject_and_names_the_shared_restriction() -> None:
    text = serialize_rdfxml(sample(), PREFIXES).decode("utf-8")
    part = text.index('<owl:Class rdf:about="http://example.org/Part">')
    axiom = text.index("<owl:Axiom>")
    assert part < axiom < text.index('<owl:Class rdf:about="http://example.org/Thing">')
    (node_id,) = set(re.findall(r'<owl:Restriction rdf:nodeID="(genid\d+)">', text))
    assert f'<owl:annotatedTarget rdf:nodeID="{node_id}"/>' in text


def test_lists_of_nodes_are_collections_and_lists_with_literals_are_not() -> None:
    text = serialize_rdfxml(sample(), PREFIXES).decode("utf-8")
    assert '<owl:intersectionOf rdf:parseType="Collection">' in text
    assert '<owl:members rdf:parseType="Collection">' in text
    assert '<ex:values rdf:parseType="Collection">' not in text


def test_a_predicate_without_an_xml_name_is_refused() -> None:
    triple = ox.Triple(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/1/"), ox.Literal("x"))
    with pytest.raises(ValueError, match="does not end in an XML name"):
        serialize_rdfxml([triple], PREFIXES)
