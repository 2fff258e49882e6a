"""RDF terms as the package passes them around (pyoxigraph's), and their rdflib counterparts.

Every store answers with these terms (:class:`~vertebroplasty_kg.stores.answers.Answer`); rdflib's
are made only where a library needs them (pyshacl, rdflib's SPARQL engine) and read back here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import pyoxigraph as ox

from ..namespaces import XSD

if TYPE_CHECKING:  # rdflib is imported where it is used: reading and querying need only pyoxigraph
    import rdflib

Node: TypeAlias = "ox.NamedNode | ox.BlankNode"
"""A subject: RDF-star triple terms are not used by this project."""
Term: TypeAlias = "ox.NamedNode | ox.BlankNode | ox.Literal"
Row: TypeAlias = "tuple[Term | None, ...]"
"""One solution of a SELECT query, in the order of its variables (None: unbound)."""

_XSD_STRING = XSD + "string"


def plain(term: object) -> Term | None:
    """``term`` if it is an IRI, blank node or literal (or None, unbound); ValueError for a triple term."""
    if term is None or isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term
    raise ValueError(f"RDF-star triple terms are not supported in answers: {term}")


def to_rdflib(term: Term | ox.Triple) -> rdflib.term.Node:
    """The rdflib term equal to ``term`` (``"x"`` and ``"x"^^xsd:string`` are one term, as in RDF 1.1)."""
    import rdflib

    if isinstance(term, ox.Triple):
        raise ValueError(f"RDF-star triple terms are not supported: {term}")
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def from_rdflib(value: rdflib.term.Node | None) -> Term | None:
    """The pyoxigraph term equal to rdflib's ``value`` (None stays None: unbound)."""
    import rdflib

    if value is None:
        return None
    if isinstance(value, rdflib.URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, rdflib.BNode):
        return ox.BlankNode(str(value))
    if isinstance(value, rdflib.Literal):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        datatype = str(value.datatype) if value.datatype else _XSD_STRING
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype))
    raise ValueError(f"unexpected term in an rdflib answer: {value!r}")
