"""Where SPARQL runs: a small protocol with one implementation per kind of store.

:class:`QueryTarget` is what ``vkg query`` needs from a store: answer a SELECT query with
variables bound to terms. :class:`OxigraphTarget` is the embedded default (pyoxigraph, in memory);
:class:`RdflibTarget` runs the same files in rdflib, to prove that they are portable.

The stores of ``vkg load`` (the on-disk :class:`~vertebroplasty_kg.stores.embedded.EmbeddedStore` and a
:class:`~.remote.endpoint.RemoteEndpoint`) run queries with their own ``run`` method, which binds the
terms inside the query text (from the terms' N-Triples form, never from the user's raw text);
:class:`RunnerTarget` makes either a :class:`QueryTarget`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import XSD
from ..rdf.parsing import Term, rdflib_term
from ..rdf.sparql_text import not_a_query
from .answers import QueryAnswer

if TYPE_CHECKING:  # rdflib is imported by RdflibTarget only: the other stores need only pyoxigraph
    import rdflib

Row = tuple["Term | None", ...]


@dataclass(frozen=True)
class Answer:
    """The solutions of a SELECT query: variable names (without ``?``) and rows of terms (None: unbound)."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]

    def __len__(self) -> int:
        return len(self.rows)


class QueryTarget(Protocol):
    """A store that answers SELECT queries. ``where`` names the query in error messages."""

    description: str

    def select(self, query: str, bindings: Mapping[str, Term], *, where: str) -> Answer: ...


_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_PARSER_POSITION = re.compile(r"^Parser error (?:at|between) line \d+ (?:column|between columns) \d+(?: and \d+)?: ")


def _syntax_error(query: str, where: str, error: Exception) -> InputError:
    """An :class:`InputError` at the line and column that pyoxigraph reports, its message cut short;
    for an update, the error that says updates are not run."""
    refused = not_a_query(query, where, error)
    if "SPARQL update" in refused.message:
        return refused
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    line = column = None
    position = _POSITION.match(message)
    if position:
        line, column = int(position[1]), int(position[2])
        message = message[position.end() :]
    if len(message) > 100:
        message = message[:100].rstrip() + " ..."
    return InputError(
        where,
        f"SPARQL syntax error: {message}",
        line=line,
        column=column,
        hint="fix the query (see https://www.w3.org/TR/sparql11-query/), then run it again",
    )


def _not_select(where: str) -> InputError:
    return InputError(where, "not a SELECT query", hint="vkg query answers SELECT queries only")


class OxigraphTarget:
    """An in-memory pyoxigraph store."""

    def __init__(self, store: ox.Store, description: str) -> None:
        self.store = store
        self.description = description

    @classmethod
    def from_triples(cls, triples: Iterable[ox.Triple], description: str) -> OxigraphTarget:
        store = ox.Store()
        store.extend(ox.Quad(triple.subject, triple.predicate, triple.object) for triple in triples)
        return cls(store, description)

    @classmethod
    def from_file(cls, path: Path) -> OxigraphTarget:
        """A store loaded from an RDF file; its format follows the extension (``.owl`` is RDF/XML)."""
        extension = "rdf" if path.suffix == ".owl" else path.suffix.lstrip(".")
        fmt = ox.RdfFormat.from_extension(extension)
        if fmt is None:
            raise InputError(path, "unknown RDF format", hint="give a .nt, .ttl, .owl, .rdf or .jsonld file")
        store = ox.Store()
        try:
            store.load(path=path, format=fmt)
        except SyntaxError as error:
            detail = _PARSER_POSITION.sub("", error.msg or str(error))
            raise InputError(
                path, f"cannot parse: {detail}", line=error.lineno, column=error.offset, hint="give a valid RDF file"
            ) from error
        except OSError as error:
            raise InputError(
                path, f"cannot read: {error.strerror or error}", hint="give the path of a release file"
            ) from error
        return cls(store, str(path))

    def __len__(self) -> int:
        return len(self.store)

    def select(self, query: str, bindings: Mapping[str, Term], *, where: str) -> Answer:
        substitutions = {ox.Variable(name): term for name, term in bindings.items()}
        try:
            solutions = self.store.query(query, substitutions=substitutions)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise _syntax_error(query, where, error) from error
        except (RuntimeError, ValueError) as error:
            projection = "SELECT projection" in str(error)
            raise InputError(
                where,
                f"cannot run the query: {error}",
                hint="list the parameter's variable in the SELECT clause: the store binds only projected variables"
                if projection
                else "check the query and its parameters",
            ) from error
        if not isinstance(solutions, ox.QuerySolutions):
            raise _not_select(where)
        variables = tuple(variable.value for variable in solutions.variables)
        rows = tuple(tuple(_plain(solution[name]) for name in variables) for solution in solutions)
        return Answer(variables, rows)


def _plain(term: object) -> Term | None:
    if term is None or isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    raise ValueError(f"RDF-star triple terms are not supported in answers: {term}")


class RdflibTarget:
    """An rdflib graph: slower, but a second, independent SPARQL engine."""

    def __init__(self, graph: rdflib.Graph, description: str = "rdflib graph") -> None:
        self.graph = graph
        self.description = description

    def select(self, query: str, bindings: Mapping[str, Term], *, where: str) -> Answer:
        initial = {name: rdflib_term(term) for name, term in bindings.items()}
        try:
            result = self.graph.query(query, initBindings=initial)  # type: ignore[arg-type]
        except Exception as error:  # rdflib reports syntax errors as pyparsing exceptions
            if type(error).__name__ == "ParseException":
                raise not_a_query(query, where, error) from error
            raise
        if result.type != "SELECT" or result.vars is None:
            raise _not_select(where)
        variables = tuple(str(variable) for variable in result.vars)
        rows = tuple(tuple(_from_rdflib(value) for value in row) for row in result)  # type: ignore[union-attr]
        return Answer(variables, rows)


def _from_rdflib(value: rdflib.term.Node | None) -> Term | None:
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
        datatype = str(value.datatype) if value.datatype else XSD + "string"
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype))
    raise ValueError(f"unexpected term in an rdflib answer: {value!r}")


class Runner(Protocol):
    """A store of ``vkg load``: it runs any query form with parameters bound in the query text."""

    def run(
        self, query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None, *, where: str = "query"
    ) -> QueryAnswer: ...


class RunnerTarget:
    """The on-disk store or a remote SPARQL endpoint, as a :class:`QueryTarget`."""

    def __init__(self, runner: Runner, description: str) -> None:
        self.runner = runner
        self.description = description

    def select(self, query: str, bindings: Mapping[str, Term], *, where: str) -> Answer:
        terms = {name: term for name, term in bindings.items() if not isinstance(term, ox.BlankNode)}
        answer = self.runner.run(query, terms, where=where)
        if answer.boolean is not None or answer.triples is not None:
            raise _not_select(where)
        return Answer(answer.variables, answer.rows)
