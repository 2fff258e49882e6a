"""Annotations the build derives so that OBO tools read the release as they read any OBO ontology.

The hand-edited Turtle says each thing once; the build adds what OBO tools and ROBOT's report
expect, in the same way every time (one SPARQL ``CONSTRUCT`` per kind, in the package's ``sparql/``):

- ``derive-definitions.rq``: ``IAO:0000115`` (definition) from every ``skos:definition``, which stays
  the source: pronto, OAK, ROBOT and the OBO format read only the former;
- ``derive-labels.rq``: an ``rdfs:label`` for the named nodes that have none: SKOS concepts and
  schemes (their ``skos:prefLabel``), claims' text anchors and selectors (``"quote of claim 26"``),
  checksums (``"sha256 checksum of ..."``);
- ``derive-individual-declarations.rq``: ``owl:NamedIndividual`` on every named individual, so that
  OWL tools (owlready2, Protégé) list the claims, anchors, concepts and documents as individuals.

:func:`add_obo_annotations` is applied when the inputs are loaded, so the shapes, the QC checks and
the reasoner see the same graph as the release.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..rdf.sparql_text import internal

DERIVATIONS = ("derive-definitions.rq", "derive-labels.rq", "derive-individual-declarations.rq")


def obo_annotations(dataset: ox.Dataset) -> list[ox.Triple]:
    """What the derivations add to the default graph of ``dataset`` (sorted; some may be there already)."""
    store = ox.Store()
    store.extend(ox.Quad(quad.subject, quad.predicate, quad.object) for quad in dataset)
    found: set[ox.Triple] = set()
    for name in DERIVATIONS:
        solutions = store.query(internal(name))
        assert isinstance(solutions, ox.QueryTriples), f"{name} is not a CONSTRUCT query"
        found.update(solutions)
    return sorted(found, key=str)


def add_obo_annotations(dataset: ox.Dataset) -> None:
    """Add the derived annotations to the default graph of ``dataset``."""
    for triple in obo_annotations(dataset):
        dataset.add(ox.Quad(triple.subject, triple.predicate, triple.object))
