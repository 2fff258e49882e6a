"""An rdflib dataset: slower than pyoxigraph, but a second, independent SPARQL engine, to prove
that the project's queries are portable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..rdf.sparql_text import not_a_query
from ..rdf.terms import Term, from_rdflib, to_rdflib
from .answers import Answer
from .staging import LoadReport

if TYPE_CHECKING:  # rdflib is imported by the code that makes an RdflibStore
    import rdflib

IN_MEMORY = "rdflib in-memory replacement"


class RdflibStore:
    """Queries over ``graph`` (an rdflib ``Dataset`` is queried as the union of its graphs, or as its
    named graph ``default`` when one is given)."""

    def __init__(
        self, graph: rdflib.Graph | None = None, description: str = "rdflib graph", default: str | None = None
    ) -> None:
        import rdflib

        self.graph = graph if graph is not None else rdflib.Dataset(default_union=True)
        self.description = description
        self.default = default

    def run(self, query: str, bindings: Mapping[str, Term] | None = None, *, where: str = "query") -> Answer:
        initial = {name: to_rdflib(term) for name, term in (bindings or {}).items()}
        try:
            queried = self._queried()
            result = queried.query(query, initBindings=initial)  # type: ignore[arg-type]
        except Exception as error:  # rdflib reports syntax errors as pyparsing exceptions
            if type(error).__name__ == "ParseException":
                raise not_a_query(query, where, error) from error
            raise
        if result.type == "ASK":
            return Answer(boolean=bool(result.askAnswer))
        if result.type in {"CONSTRUCT", "DESCRIBE"}:
            assert result.graph is not None
            return Answer(triples=tuple(_triple(*triple) for triple in result.graph))
        variables = tuple(str(variable) for variable in result.vars or ())
        rows = tuple(tuple(from_rdflib(value) for value in row) for row in result)  # type: ignore[union-attr]
        return Answer(variables, rows)

    def _queried(self) -> rdflib.Graph:
        import rdflib

        if self.default is not None and isinstance(self.graph, rdflib.Dataset):
            return self.graph.graph(rdflib.URIRef(self.default))
        return self.graph

    def replace_graph(self, graph: str, triples: Sequence[ox.Triple]) -> LoadReport:
        import rdflib

        if not isinstance(self.graph, rdflib.Dataset):  # a plain graph becomes the default graph of a dataset
            dataset = rdflib.Dataset(default_union=True)
            for statement in self.graph:
                dataset.add(statement)
            self.graph = dataset
        target = self.graph.graph(rdflib.URIRef(graph))
        previous = len(target)
        target.remove((None, None, None))
        for triple in triples:
            target.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return LoadReport(graph, len(target), previous, IN_MEMORY, 1)


def _triple(subject: rdflib.term.Node, predicate: rdflib.term.Node, obj: rdflib.term.Node) -> ox.Triple:
    s, p, o = from_rdflib(subject), from_rdflib(predicate), from_rdflib(obj)
    assert isinstance(s, ox.NamedNode | ox.BlankNode) and isinstance(p, ox.NamedNode) and o is not None
    return ox.Triple(s, p, o)
