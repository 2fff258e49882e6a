"""Turtle as the release writes it: rdflib's ``longturtle``, with ``@prefix`` directives.

``longturtle`` nests blank nodes (OWL restrictions read as they were written) and sorts subjects and
predicates; with canonical blank nodes its output is stable. It opens with SPARQL-style ``PREFIX``
lines, which Turtle 1.1 allows but the OWL API's own Turtle parser rejects, so the directives are
rewritten in the original Turtle form ``@prefix p: <...> .``. Only the leading block of directives
is touched, never the body (a long literal may hold any text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from .parsing import to_rdflib

_SPARQL_PREFIX = re.compile(rb"^PREFIX (\S*:) (<[^>]*>)$")


def serialize_turtle(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> bytes:
    """``triples`` as Turtle: ``@prefix`` directives for ``prefixes``, then subjects sorted, blank nodes nested."""
    data = to_rdflib(triples, dict(prefixes)).serialize(format="longturtle", encoding="utf-8")
    lines = data.split(b"\n")
    for index, line in enumerate(lines):
        directive = _SPARQL_PREFIX.match(line)
        if directive is None:
            break
        lines[index] = b"@prefix " + directive[1] + b" " + directive[2] + b" ."
    return b"\n".join(lines)
