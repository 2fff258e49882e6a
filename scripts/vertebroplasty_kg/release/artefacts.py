"""The partial release artefacts of the Ontology Development Kit (ODK), beside the full release.

- **base**: everything asserted (the hand-edited graph, the mappings, the derived OBO annotations),
  without the subclass links the reasoner inferred and without the ``owl:Axiom`` nodes that mark
  them ``oboInOwl:is_inferred``. Dropping only the links would not do: the OWL API rebuilds an
  annotated axiom from its ``owl:Axiom`` node alone.
- **simple**: the named classes with their named superclasses (asserted and inferred), labels,
  definitions, synonyms, cross-references and deprecation: what OBO tools and browsers want
  (``sparql/simple-artefact.rq``).

Each artefact keeps the ontology IRI and names its own file in its ``owl:versionIRI``
(``.../releases/0.1.0/vertebroplasty-kg-base.owl``), as ODK releases do, so that a store can hold
several artefacts of one release, each in the named graph of its version IRI.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import OWL
from ..rdf.sparql_text import internal

_VERSION_IRI = ox.NamedNode(OWL + "versionIRI")


def named_version(triples: Iterable[ox.Triple], release_file: str, artefact_file: str) -> list[ox.Triple]:
    """``triples`` with each version IRI that ends in ``/release_file`` ending in ``/artefact_file`` instead."""
    renamed = []
    for triple in triples:
        iri = triple.object.value if isinstance(triple.object, ox.NamedNode) else ""
        if triple.predicate == _VERSION_IRI and iri.endswith("/" + release_file):
            iri = iri[: -len(release_file)] + artefact_file
            triple = ox.Triple(triple.subject, triple.predicate, ox.NamedNode(iri))
        renamed.append(triple)
    return sorted(renamed, key=str)


def simple_triples(release: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The simple artefact of the full ``release`` (asserted and inferred), sorted."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in release)
    solutions = store.query(internal("simple-artefact.rq"))
    assert isinstance(solutions, ox.QueryTriples)
    return sorted(set(solutions), key=str)
