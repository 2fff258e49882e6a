"""The one interface every store offers: run a query, replace a named graph.

Implemented by :class:`~.memory.MemoryStore` (pyoxigraph in memory), :class:`~.rdflib_store.RdflibStore`
(rdflib's engine, independent of Oxigraph), :class:`~.embedded.EmbeddedStore` (the on-disk store
that ``vkg load --store`` fills) and :class:`~.remote.endpoint.RemoteEndpoint` (a SPARQL 1.1 server).
``tests/test_store_compliance.py`` runs the same tests against each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from ..errors import InputError
from ..rdf.terms import Term
from .answers import Answer

if TYPE_CHECKING:  # a question does not load the loading's types
    from .staging import LoadReport


class Store(Protocol):
    """A SPARQL store. ``description`` names it in messages and output."""

    description: str

    def run(self, query: str, bindings: Mapping[str, Term] | None = None, *, where: str = "query") -> Answer:
        """The answer to a SELECT, ASK, CONSTRUCT or DESCRIBE ``query``, its variables bound to
        ``bindings``; an update or a syntax error is an :class:`~vertebroplasty_kg.errors.InputError`
        naming ``where``. Never changes the store."""
        ...

    def replace_graph(self, graph: str, triples: Sequence[ox.Triple]) -> LoadReport:
        """Make the named graph ``graph`` hold exactly ``triples`` (the other graphs untouched), atomically
        where the store allows: a failed replacement leaves the graph as it was."""
        ...


def select(store: Store, query: str, bindings: Mapping[str, Term] | None = None, *, where: str = "query") -> Answer:
    """The answer of ``store`` to the SELECT ``query``; an :class:`InputError` for another query form."""
    answer = store.run(query, bindings, where=where)
    if not answer.is_select:
        raise InputError(where, "not a SELECT query", hint="vkg query answers SELECT queries only")
    return answer
