"""Every class and property of the ontology has exactly one label and one definition, and no two
share a label; the ontology header says what a user needs to know to reuse it."""

from __future__ import annotations

from collections import Counter

import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from vertebroplasty_kg import __version__

VPO = "https://w3id.org/vertebroplasty-kg/vpo/"
ONTOLOGY = rdflib.URIRef("https://w3id.org/vertebroplasty-kg/ontology")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def own_terms(graph: rdflib.Graph) -> list[rdflib.URIRef]:
    found = {s for kind in KINDS for s in graph.subjects(RDF.type, kind) if isinstance(s, rdflib.URIRef)}
    return sorted(term for term in found if str(term).startswith(VPO))


def test_every_term_has_one_english_label_and_one_definition(release_graph: rdflib.Graph) -> None:
    terms = own_terms(release_graph)
    assert len(terms) >= 80, f"only {len(terms)} classes and properties: was a file left out of the build?"
    for term in terms:
        labels = list(release_graph.objects(term, RDFS.label))
        definitions = list(release_graph.objects(term, SKOS.definition))
        assert len(labels) == 1, f"{term} has {len(labels)} labels"
        assert len(definitions) == 1, f"{term} has {len(definitions)} definitions"
        for text in (labels[0], definitions[0]):
            assert isinstance(text, rdflib.Literal) and text.language == "en", f"{term}: {text!r} is not @en"
            assert str(text) == " ".join(str(text).split()), f"{term}: stray whitespace in {text!r}"


def test_no_two_terms_share_a_label(release_graph: rdflib.Graph) -> None:
    terms = own_terms(release_graph)
    labels = Counter(str(release_graph.value(term, RDFS.label)).casefold() for term in terms)
    shared = {label: n for label, n in labels.items() if n > 1}
    assert not shared
    assert len(labels) == len(terms)


def test_header_has_title_description_licence_and_version(release_graph: rdflib.Graph) -> None:
    g = release_graph
    assert list(g.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY]
    assert g.value(ONTOLOGY, DCTERMS.title) and g.value(ONTOLOGY, DCTERMS.description)
    assert g.value(ONTOLOGY, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    project_version = __version__  # from pyproject.toml, through the installed metadata
    assert str(g.value(ONTOLOGY, OWL.versionInfo)) == project_version
    version_iri = str(g.value(ONTOLOGY, OWL.versionIRI))
    assert f"/releases/{project_version}/" in version_iri


def test_the_procedure_attributes_are_named_as_snomed_names_them(release_graph: rdflib.Graph) -> None:
    snomed = {
        "hasMethod": "Method",
        "hasDirectSite": "Procedure site - Direct",
        "hasDirectSubstance": "Direct substance",
    }
    snomed |= {"usesDevice": "Using device", "hasAccess": "Access"}
    for axis, attribute in snomed.items():
        term = rdflib.URIRef(VPO + axis)
        assert (term, RDF.type, OWL.ObjectProperty) in release_graph
        assert f"the {attribute} attribute of a SNOMED CT procedure" in str(release_graph.value(term, SKOS.definition))
    for ours in ("hasGuidance", "hasIndication", "hasIntendedOutcome"):  # SNOMED CT has no such attribute
        note = str(release_graph.value(rdflib.URIRef(VPO + ours), SKOS.editorialNote))
        assert note.startswith("Our own property, not a SNOMED CT attribute"), ours
    # SNOMED CT does not restrict a procedure to one access; the cement is its Direct substance
    assert (rdflib.URIRef(VPO + "hasAccess"), RDF.type, OWL.FunctionalProperty) not in release_graph
    assert (rdflib.URIRef(VPO + "usesSubstance"), OWL.deprecated, rdflib.Literal(True)) in release_graph
