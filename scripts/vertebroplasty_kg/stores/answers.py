"""One shape for query answers from any engine, and a normal form to compare answers across engines.

Answers from every store (pyoxigraph in memory or on disk, rdflib, a remote endpoint's SPARQL 1.1
JSON results or N-Triples for graph results) become an :class:`Answer` of pyoxigraph terms. ``normalised()``
turns one into a value that compares equal across engines that are both right: rows are sorted,
numbers compare by value (Oxigraph stores ``xsd:nonNegativeInteger`` as ``xsd:integer``; engines
differ on ``decimal`` against ``double`` for averages), ``xsd:string`` equals a plain literal,
language tags ignore case, blank nodes compare equal to each other (their labels are local), and an
``xsd:dayTimeDuration`` compares by its number of seconds (Virtuoso 7 stores ``"P56D"`` and gives
it back as ``"4.8384e+06"``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeAlias

import pyoxigraph as ox

from ..namespaces import XSD
from ..rdf.terms import Row, Term, plain

Normal: TypeAlias = "tuple[Any, ...]"

_NUMERIC = {
    XSD + name
    for name in [
        *("integer", "decimal", "float", "double", "long", "int", "short", "byte"),
        *("nonPositiveInteger", "negativeInteger", "nonNegativeInteger", "positiveInteger"),
        *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
    ]
}
_STRING = XSD + "string"
_BOOLEAN = XSD + "boolean"
_DAY_TIME_DURATION = XSD + "dayTimeDuration"
_DURATION = re.compile(r"(-?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d*)?)S)?)?")


class ResultsError(ValueError):
    """The body is not a SPARQL result this module reads."""


class Answer:
    """What a SELECT (``variables`` + ``rows``), ASK (``boolean``) or CONSTRUCT (``triples``) returned.

    Read-only, compared and hashed by its four fields. Written out rather than as a dataclass because
    ``vkg query`` answers without loading :mod:`dataclasses` (and the :mod:`inspect` it needs): about
    a third of the time a bare Python takes to start (``benchmarks/query_process.py``)."""

    __slots__ = ("__weakref__", "boolean", "rows", "triples", "variables")
    __match_args__ = ("variables", "rows", "boolean", "triples")
    variables: tuple[str, ...]
    rows: tuple[Row, ...]
    boolean: bool | None
    triples: tuple[ox.Triple, ...] | None

    def __init__(
        self,
        variables: tuple[str, ...] = (),
        rows: tuple[Row, ...] = (),
        boolean: bool | None = None,
        triples: tuple[ox.Triple, ...] | None = None,
    ) -> None:
        for name, value in zip(Answer.__match_args__, (variables, rows, boolean, triples), strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"an Answer is read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"an Answer is read-only: cannot delete {name}")

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in Answer.__match_args__)

    def __eq__(self, other: object) -> bool:
        return self._fields() == other._fields() if isinstance(other, Answer) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __reduce__(self) -> tuple[type[Answer], tuple[object, ...]]:
        """Pickled, copied and deep-copied through the constructor (the fields cannot be set)."""
        return (type(self), self._fields())

    def __repr__(self) -> str:
        fields = zip(Answer.__match_args__, self._fields(), strict=True)
        shown = ", ".join(f"{name}={value!r}" for name, value in fields)
        return f"Answer({shown})"

    def __len__(self) -> int:
        """The number of rows (SELECT) or triples (CONSTRUCT, DESCRIBE); 1 for ASK."""
        if self.triples is not None:
            return len(self.triples)
        return 1 if self.boolean is not None else len(self.rows)

    @property
    def is_select(self) -> bool:
        return self.boolean is None and self.triples is None

    def normalised(self) -> Normal:
        """A value equal for answers that differ only in ways engines are allowed to differ."""
        if self.boolean is not None:
            return ("ask", self.boolean)
        if self.triples is not None:
            triples = (tuple(normal_term(term) for term in triple) for triple in self.triples)
            return ("graph", tuple(sorted(triples, key=repr)))
        order = sorted(range(len(self.variables)), key=lambda i: self.variables[i])
        rows = sorted((tuple(normal_term(row[i]) for i in order) for row in self.rows), key=repr)
        return ("select", tuple(self.variables[i] for i in order), tuple(rows))

    def as_dicts(self) -> list[dict[str, Term]]:
        """SELECT rows as ``{variable: term}``, unbound variables left out."""
        return [
            {name: term for name, term in zip(self.variables, row, strict=True) if term is not None}
            for row in self.rows
        ]


def normal_term(term: Term | ox.Triple | None) -> Normal:
    if term is None:
        return ("unbound",)
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("blank",)
    if isinstance(term, ox.Triple):
        return ("triple", *(normal_term(part) for part in term))
    datatype = term.datatype.value
    if datatype in _NUMERIC:
        try:
            return ("number", format(float(term.value), ".12g"))
        except ValueError:
            return ("literal", term.value, "", datatype)
    if datatype == _DAY_TIME_DURATION and (seconds := _seconds(term.value)) is not None:
        return ("duration", format(seconds, ".12g"))
    if datatype == _BOOLEAN:
        return ("boolean", term.value.strip() in {"true", "1"})
    if term.language:
        return ("literal", term.value, term.language.lower(), "")
    return ("literal", term.value, "", "" if datatype == _STRING else datatype)


def _seconds(lexical: str) -> float | None:
    form = _DURATION.fullmatch(lexical.strip())
    if form is None or lexical.strip() in {"P", "-P"}:
        try:
            return float(lexical)
        except ValueError:
            return None
    sign, days, hours, minutes, seconds = form.groups()
    total = int(days or 0) * 86400 + int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds or 0)
    return -total if sign else total


def from_oxigraph(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Answer:
    """The answer of a pyoxigraph ``Store.query`` call."""
    if isinstance(result, ox.QueryBoolean):
        return Answer(boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(variable.value for variable in result.variables)
        rows = tuple(tuple(plain(solution[name]) for name in variables) for solution in result)
        return Answer(variables=variables, rows=rows)
    return Answer(triples=tuple(result))


def parse_json_results(body: bytes) -> Answer:
    """SPARQL 1.1 Query Results JSON, as Oxigraph, Virtuoso, Fuseki and GraphDB write it.

    Also reads Virtuoso's ``typed-literal`` and ``nodeID://`` blank nodes, which pyoxigraph's
    strict parser rejects.
    """
    import json  # only answers from a server need it: a question on the release does not load it

    try:
        document = json.loads(body)
        if "boolean" in document:
            return Answer(boolean=bool(document["boolean"]))
        variables = tuple(str(name) for name in document["head"]["vars"])
        blanks: dict[str, ox.BlankNode] = {}
        rows = tuple(
            tuple(_json_term(binding.get(name), blanks) for name in variables)
            for binding in document["results"]["bindings"]
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ResultsError(f"not SPARQL JSON results ({error}): {body[:200]!r}") from error
    return Answer(variables=variables, rows=rows)


def _json_term(value: Mapping[str, str] | None, blanks: dict[str, ox.BlankNode]) -> Term | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return blanks.setdefault(value["value"], ox.BlankNode())
    if kind in {"literal", "typed-literal"}:
        language = value.get("xml:lang") or value.get("lang")  # Virtuoso writes "lang" in graph results
        if language:
            return ox.Literal(value["value"], language=language)
        if "datatype" in value:
            return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
        return ox.Literal(value["value"])
    raise ValueError(f"unsupported term type {kind!r}")


def parse_graph_results(body: bytes, content_type: str) -> Answer:
    """The triples of a CONSTRUCT or DESCRIBE answer (N-Triples or Turtle)."""
    media = content_type.split(";")[0].strip().lower()
    formats = {
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "text/plain": ox.RdfFormat.N_TRIPLES,
        "text/turtle": ox.RdfFormat.TURTLE,
    }
    if media not in formats:
        raise ResultsError(f"graph results in an unsupported format {media!r}")
    try:
        return Answer(triples=tuple(quad.triple for quad in ox.parse(body, format=formats[media])))
    except SyntaxError as error:
        raise ResultsError(f"unreadable {media} results: {error}") from error


def triple_count(answer: Answer) -> int:
    """The ``?triples`` of the answer to ``count-triples.rq``: 0 when there is no row."""
    if not answer.rows:
        return 0
    value = answer.as_dicts()[0].get("triples")
    if len(answer.rows) != 1 or not isinstance(value, ox.Literal) or not value.value.isdigit():
        raise ResultsError(f"not a triple count: {answer.rows!r}")
    return int(value.value)
