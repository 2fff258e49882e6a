"""A compact, deterministic JSON-LD writer.

Writes one node object per subject, in the order of the (sorted) input triples, with IRIs
shortened to compact IRIs through an ``@context`` of prefixes. Any JSON-LD 1.1 processor
expands it back to exactly the input triples.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from ..namespaces import RDF, XSD, compact_iri
from .parsing import Term

_RDF_TYPE = ox.NamedNode(RDF + "type")
_XSD_STRING = XSD + "string"


class _Compactor:
    """IRIs as JSON-LD compact IRIs of the context's prefixes (any local part), else whole."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self._prefixes = dict(prefixes)

    def __call__(self, iri: str) -> str:
        return compact_iri(iri, self._prefixes, readable=False) or iri


def _node_id(term: ox.NamedNode | ox.BlankNode, compact: _Compactor) -> str:
    return compact(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _value(term: Term | ox.Triple, compact: _Compactor) -> dict[str, str]:
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return {"@id": _node_id(term, compact)}
    assert isinstance(term, ox.Literal)
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": compact(term.datatype.value)}


def serialize_jsonld(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> bytes:
    """``triples`` as a compacted JSON-LD document with ``prefixes`` as its context."""
    compact = _Compactor(prefixes)
    nodes: dict[str, dict[str, Any]] = {}
    for triple in triples:
        if isinstance(triple.subject, ox.Triple):
            raise ValueError(f"RDF-star triple terms are not supported: {triple}")
        subject = _node_id(triple.subject, compact)
        node = nodes.setdefault(subject, {"@id": subject})
        if triple.predicate == _RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact(triple.object.value))
        else:
            node.setdefault(compact(triple.predicate.value), []).append(_value(triple.object, compact))
    document = {"@context": dict(prefixes), "@graph": list(nodes.values())}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
