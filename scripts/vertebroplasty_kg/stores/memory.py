"""A pyoxigraph store in memory: the default store of ``vkg query`` and of the Python API."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import InputError
from ..rdf.sparql_text import BindingError, bind_values, not_a_query
from ..rdf.terms import Term
from .answers import Answer, from_oxigraph

if TYPE_CHECKING:  # a question does not load the loading's types
    from .staging import LoadReport

IN_MEMORY = "in-memory replacement"


class MemoryStore:
    """Queries over ``store`` (:func:`query_oxigraph`). The default graph of a query is ``graph`` if
    given, else the union of all graphs (as :class:`~.embedded.EmbeddedStore`)."""

    def __init__(
        self, store: ox.Store | None = None, description: str = "in-memory store", graph: str | None = None
    ) -> None:
        self.store = store if store is not None else ox.Store()
        self.description = description
        self.graph = graph

    @classmethod
    def from_triples(cls, triples: Iterable[ox.Triple], description: str) -> MemoryStore:
        store = ox.Store()
        store.extend(ox.Quad(triple.subject, triple.predicate, triple.object) for triple in triples)
        return cls(store, description)

    @classmethod
    def from_file(cls, path: Path) -> MemoryStore:
        """A store holding the triples of an RDF file (its syntax from the extension, as everywhere)."""
        from ..rdf.parsing import parse_rdf  # a question on the release reads no RDF file

        return cls.from_triples(parse_rdf(path), str(path))

    def __len__(self) -> int:
        return len(self.store)

    def run(self, query: str, bindings: Mapping[str, Term] | None = None, *, where: str = "query") -> Answer:
        return query_oxigraph(self.store, query, bindings, where=where, graph=self.graph)

    def replace_graph(self, graph: str, triples: Sequence[ox.Triple]) -> LoadReport:
        name = ox.NamedNode(graph)
        previous = sum(1 for _ in self.store.quads_for_pattern(None, None, None, name))
        if previous:
            self.store.remove_graph(name)
        self.store.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        loaded = sum(1 for _ in self.store.quads_for_pattern(None, None, None, name))
        from .staging import LoadReport

        return LoadReport(graph, loaded, previous, IN_MEMORY, 1)


def query_oxigraph(
    store: ox.Store, query: str, bindings: Mapping[str, Term] | None, *, where: str, graph: str | None
) -> Answer:
    """The answer of a pyoxigraph ``store`` (in memory or on disk) to ``query``; its default graph is
    ``graph``, or the union of all graphs.

    Parameters are bound by pyoxigraph's substitutions (the questions project their parameters, and
    it is the fastest way: compare-procedures takes 1.4 ms so, 12 ms with a VALUES block); a variable
    that the query does not project is bound by the inline VALUES block that servers get instead.
    pyoxigraph's query parser never runs an update; one is reported as such.
    """
    substitutions = {ox.Variable(name): term for name, term in (bindings or {}).items()}
    try:
        try:
            result = _query(store, query, graph, substitutions)
        except (RuntimeError, ValueError) as error:
            if not bindings or "SELECT projection" not in str(error):
                raise
            result = _query(store, bind_values(query, bindings), graph, {})
    except SyntaxError as error:
        raise not_a_query(query, where, error) from error
    except BindingError as error:
        raise InputError(where, f"cannot run the query: {error}", hint="fix the query or its parameters") from error
    except (RuntimeError, ValueError) as error:
        raise InputError(where, f"cannot run the query: {error}", hint="check the query and its parameters") from error
    return from_oxigraph(result)


def _query(
    store: ox.Store, query: str, graph: str | None, substitutions: dict[ox.Variable, Term]
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    if graph is None:
        return store.query(query, substitutions=substitutions, use_default_graph_as_union=True)  # type: ignore[arg-type]
    return store.query(query, substitutions=substitutions, default_graph=ox.NamedNode(graph))  # type: ignore[arg-type]
