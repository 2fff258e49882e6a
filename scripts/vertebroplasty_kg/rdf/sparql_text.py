"""SPARQL text: the package's internal queries, and parameters bound safely for remote endpoints.

A remote endpoint has no "initial bindings", so a parameter is written into the query as an inline
``VALUES`` block. Its terms are pyoxigraph objects serialised in N-Triples syntax (escaped by
pyoxigraph), never pasted user strings. The block goes first in the query's outermost group:

    SELECT ?label WHERE { VALUES ?concept { <https://...> } ?concept rdfs:label ?label }

and not at the end of the query. A trailing ``VALUES`` is joined *after* grouping and projection,
so on an aggregate it does not restrict the pattern (Oxigraph counts everything) and on Virtuoso
it fails unless the variable is projected ("SQ200: No column"); the leading block behaves like
pyoxigraph's ``substitutions`` on both -- for a parameter used in the outermost group (or in
``EXISTS``). Inside a ``UNION`` branch, an ``OPTIONAL`` or a subquery the block is out of scope,
where substitutions still apply; the competency questions use a parameter in a nested group only
after a triple pattern of that group binds it (queries/README.md), and a test compares both
bindings for each of them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from .terms import Term

_VARIABLE = re.compile(r"\w+")
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][\w:.\-]*")
_HEADER_FIELD = re.compile(r"^#\s*([a-z-]+):\s*(.*?)\s*$")
_ERROR_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


class BindingError(ValueError):
    """The query cannot take the given parameters."""


_INTERNAL = Path(__file__).resolve().parents[1] / "sparql"
"""The package's own SPARQL files (package data: installed as files beside the modules)."""


@functools.cache
def _internal_text(name: str) -> str:
    """The text of one of the package's SPARQL files, read once per process (package data does not change)."""
    return (_INTERNAL / name).read_text(encoding="utf-8")


def internal(name: str, **iris: str) -> str:
    """The package's SPARQL file ``name`` with each ``$key`` replaced by ``<iri>`` (checked by pyoxigraph).

    Without ``iris`` the file is returned as written, so that a query without placeholders may use
    ``$`` in a regular expression.
    """
    text = _internal_text(name)
    if not iris:
        return text
    from string import Template  # the internal queries' placeholders only

    return Template(text).substitute({key: str(ox.NamedNode(iri)) for key, iri in iris.items()})


def fill(name: str, *, graph: str, triples: str) -> str:
    """An insert template ``name`` for ``graph``, with ``triples`` already written by pyoxigraph."""
    text = _internal_text(name)
    from string import Template  # the internal queries' placeholders only

    return Template(text).substitute(graph=str(ox.NamedNode(graph)), triples=triples)


def values_block(bindings: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (<x> "y") }`` for ``bindings``, terms in N-Triples syntax."""
    names: list[str] = []
    terms: list[str] = []
    for bare, term in sorted((name[1:] if name[:1] in "?$" else name, term) for name, term in bindings.items()):
        if not _VARIABLE.fullmatch(bare):
            raise BindingError(f"not a SPARQL variable name: {bare!r}")
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise BindingError(f"?{bare} can only be bound to an IRI or a literal, not {term!r}")
        names.append(f"?{bare}")
        terms.append(str(term))
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


_FORM_NAMES = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


def query_form(query: str, where: str = "query") -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the form of ``query``, read by a SPARQL 1.1 parser.

    An update (``DELETE``, ``INSERT``, ``DROP``, ``LOAD`` ...) or text that is no SPARQL 1.1 query
    raises :class:`~.errors.InputError` naming ``where``: nothing that could change a store is ever
    sent as a query, whatever words its subqueries contain.
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(query)
    except ParseBaseException as error:
        raise not_a_query(query, where, error) from error
    return _FORM_NAMES[parsed[1].name]


def not_a_query(query: str, where: str, error: Exception) -> InputError:
    """The error for ``query``, which a query parser (pyoxigraph's or rdflib's) refused with ``error``:
    an update, or a syntax error at the line and column the parser reports, its message cut short."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(query)
    except ParseBaseException:
        pass
    else:
        return InputError(
            where,
            "is a SPARQL update; vkg query runs queries only",
            hint="give a SELECT query (ASK, CONSTRUCT and DESCRIBE where the command says so); "
            "vkg load is the only command that changes a store",
        )
    message = str(getattr(error, "msg", "") or error).splitlines()[0] if str(error) else type(error).__name__
    line, column = getattr(error, "lineno", None), getattr(error, "col", None)
    position = _ERROR_POSITION.match(message)  # pyoxigraph: "error at LINE:COLUMN: ..."
    if position:
        line, column = int(position[1]), int(position[2])
        message = message[position.end() :]
    if len(message) > 100:
        message = message[:100].rstrip() + " ..."
    return InputError(
        where,
        f"SPARQL syntax error: {message}",
        line=line if isinstance(line, int) else None,
        column=column if isinstance(column, int) else None,
        hint="fix the query (see https://www.w3.org/TR/sparql11-query/), then run it again",
    )


def bind_values(query: str, bindings: Mapping[str, Term]) -> str:
    """``query`` with ``bindings`` as a ``VALUES`` block at the start of its outermost group pattern."""
    if not bindings:
        return query
    block = values_block(bindings)
    tokens = list(_tokens(query))
    start = _pattern_start(tokens)
    position = tokens[start][1] + 1
    following = tokens[start + 1][0] if start + 1 < len(tokens) else ""
    if following.upper() == "SELECT":
        # a group that is a sub-select may hold nothing else: wrap it in a group of its own
        end = tokens[_matching_brace(tokens, start)][1]
        return f"{query[:position]} {block} {{{query[position:end]}}} {query[end:]}"
    return f"{query[:position]} {block}{query[position:]}"


def _pattern_start(tokens: list[tuple[str, int]]) -> int:
    """Index of the ``{`` that opens the query's WHERE pattern."""
    forms = [index for index, (token, _) in enumerate(tokens) if token.upper() in _FORMS]
    if not forms:
        raise BindingError("no SELECT, ASK, CONSTRUCT or DESCRIBE in the query")
    index = forms[0]
    if tokens[index][0].upper() == "CONSTRUCT":
        after = tokens[index + 1][0] if index + 1 < len(tokens) else ""
        if after.upper() == "WHERE":
            raise BindingError("parameters cannot be bound in the short form CONSTRUCT WHERE { ... }")
        if after == "{":
            index = _matching_brace(tokens, index + 1)
    for position in range(index + 1, len(tokens)):
        if tokens[position][0] == "{":
            return position
    raise BindingError("the query has no WHERE pattern to bind parameters in")


def _matching_brace(tokens: list[tuple[str, int]], opening: int) -> int:
    depth = 0
    for index in range(opening, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[index][0], 0)
        if depth == 0:
            return index if tokens[index][0] == "}" else opening
    raise BindingError("unbalanced braces in the query")


def _tokens(query: str) -> list[tuple[str, int]]:
    """Braces (outside parentheses), bare words and their offsets; strings, IRIs and comments skipped."""
    found: list[tuple[str, int]] = []
    parens = 0
    index = 0
    while index < len(query):
        char = query[index]
        if char == "#":
            newline = query.find("\n", index)
            index = len(query) if newline < 0 else newline + 1
        elif char in "\"'":
            index = _string_end(query, index)
        elif char == "<" and (iri := _IRI.match(query, index)):
            index = iri.end()
        elif char in "?$":
            word = _WORD.match(query, index + 1)
            index = word.end() if word else index + 1
        elif char in "()":
            parens += 1 if char == "(" else -1
            index += 1
        elif char in "{}":
            if parens == 0:
                found.append((char, index))
            index += 1
        elif word := _WORD.match(query, index):
            found.append((word.group(), index))
            index = word.end()
        else:
            index += 1
    return found


def _string_end(query: str, start: int) -> int:
    quote = query[start] * 3 if query.startswith(query[start] * 3, start) else query[start]
    index = start + len(quote)
    while index < len(query):
        if query[index] == "\\":
            index += 2
        elif query.startswith(quote, index):
            return index + len(quote)
        else:
            index += 1
    raise BindingError("unterminated string in the query")


def header_fields(text: str, keys: Collection[str]) -> Iterator[tuple[str, str, int]]:
    """(key, value, line number) of each ``# key: value`` line, for ``keys``, in the comment block that
    opens a query file (competency questions, QC checks, case rules); other comment lines are skipped."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            return
        match = _HEADER_FIELD.match(line)
        if match and match[1] in keys:
            yield match[1], match[2], number
