"""Turn ``--param NAME=VALUE`` into RDF terms that are bound to query variables, never pasted into text.

How a value becomes a term:

- a parameter declared ``IRI`` takes ``<full IRI>`` or a compact IRI with a known prefix
  (``vpo:Vertebroplasty``, see :data:`.namespaces.PREFIXES`); anything else is refused;
- a parameter declared ``string`` takes the value as it is, as an ``xsd:string`` literal, whatever
  characters it holds (quotes, braces and SPARQL keywords included);
- a parameter declared ``integer`` takes an optionally signed whole number, as ``xsd:integer``;
- a parameter of a query file without a header is guessed: ``<...>`` or a compact IRI with a known
  prefix is an IRI, an optionally signed whole number is an ``xsd:integer``, other text is an
  ``xsd:string`` literal, and text that looks like a compact IRI with an unknown prefix is refused.

The term is handed to the engine as an initial binding (pyoxigraph ``substitutions``, rdflib
``initBindings``), so a value can never change what the query says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from ..errors import InputError
from ..inputs.questions import Parameter, Question, mentions
from ..namespaces import PREFIXES, XSD
from ..rdf.terms import Term

_LOOKS_LIKE_CURIE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*:\S*$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_KNOWN = ", ".join(f"{prefix}:" for prefix in PREFIXES)


def _iri(value: str, where: str) -> ox.NamedNode:
    if value.startswith("<"):
        if not value.endswith(">"):
            raise InputError(where, f"{value!r} opens '<' but does not end with '>'", hint="write a full IRI as <...>")
        iri = value[1:-1]
    else:
        prefix, colon, local = value.partition(":")
        if not colon or prefix not in PREFIXES:
            problem = f"unknown prefix {prefix!r} in {value!r}" if colon else f"{value!r} is not an IRI"
            raise InputError(
                where,
                problem,
                hint=f"write a full IRI in angle brackets (<https://...>) or use a known prefix: {_KNOWN}",
            )
        iri = PREFIXES[prefix] + local
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise InputError(
            where, f"{value!r} is not a valid IRI: {error}", hint="an IRI has no spaces, quotes, braces or '<>'"
        ) from error


def _integer(value: str) -> ox.Literal:
    """The canonical ``xsd:integer`` of a whole number of any length (no sign for zero, no leading zeros)."""
    digits = value.lstrip("+-").lstrip("0") or "0"
    sign = "-" if value.startswith("-") and digits != "0" else ""
    return ox.Literal(sign + digits, datatype=ox.NamedNode(XSD + "integer"))


def text_argument(value: str, where: str) -> str:
    """``value`` when it is valid Unicode text; command-line bytes that are not UTF-8 are refused."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        shown = value.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        raise InputError(
            where,
            f"{shown!r} is not valid UTF-8 text (byte at position {error.start})",
            hint="give the value in UTF-8, e.g. set a UTF-8 locale (LANG=C.UTF-8) in the shell",
        ) from error
    return value


def iri_argument(value: str, where: str) -> str:
    """``value`` when it is an absolute IRI (e.g. a ``--graph`` name), else :class:`InputError` naming ``where``."""
    text_argument(value, where)
    try:
        return ox.NamedNode(value).value
    except ValueError as error:
        raise InputError(
            where,
            f"{value!r} is not an absolute IRI: {error}",
            hint="give a full IRI such as https://w3id.org/vertebroplasty-kg/release/0.1.0, without <> or spaces",
        ) from error


def to_term(value: str, kind: str | None, where: str) -> Term:
    """``value`` as a term of ``kind`` (``None``: guessed). Raises :class:`InputError` naming ``where``."""
    text_argument(value, where)
    if kind == "IRI":
        return _iri(value, where)
    if kind == "integer":
        if not _INTEGER.match(value):
            raise InputError(where, f"{value!r} is not a whole number", hint="give an integer such as 56")
        return _integer(value)
    if kind == "string":
        return ox.Literal(value)
    if value.startswith("<") and value.endswith(">"):
        return _iri(value, where)
    if _INTEGER.match(value):
        return _integer(value)
    if _LOOKS_LIKE_CURIE.match(value) and "://" not in value:
        return _iri(value, where)
    if "://" in value:
        raise InputError(where, f"{value!r} looks like an IRI", hint="write a full IRI in angle brackets: <...>")
    return ox.Literal(value)


def parse_assignments(assignments: Iterable[str]) -> dict[str, str]:
    """``["name=value", ...]`` (a leading ``?`` on the name is allowed) as a dict."""
    values: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        name = name.strip().lstrip("?$")
        if not equals or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise InputError(
                "--param", f"cannot read {assignment!r}", hint="write --param NAME=VALUE, e.g. concept=vpo:Kyphoplasty"
            )
        if name in values:
            raise InputError("--param", f"?{name} is given twice", hint="give each parameter once")
        values[name] = value
    return values


def _declared(question: Question, name: str) -> Parameter | None:
    parameter = question.parameter(name)
    if parameter is None and question.parameters:
        declared = ", ".join(f"?{p.name}" for p in question.parameters)
        raise InputError(question.where, f"the query has no parameter ?{name}", hint=f"its parameters are {declared}")
    if parameter is None and question.question:  # a header that says '# parameters: none'
        raise InputError(
            question.where,
            f"the question takes no parameters (given ?{name})",
            hint="its header says '# parameters: none'; ask it without --param",
        )
    if parameter is None and not mentions(question.text, name):
        raise InputError(
            question.where,
            f"the query has no variable ?{name}",
            hint="bind only variables that the query uses",
        )
    return parameter


def bindings(question: Question, given: Mapping[str, str]) -> dict[str, Term]:
    """The terms to bind for ``question``: the values ``given`` and the defaults of the others."""
    terms: dict[str, Term] = {}
    for name, value in given.items():
        parameter = _declared(question, name)
        terms[name] = to_term(value, parameter.kind if parameter else None, f"--param {name}")
    for parameter in question.parameters:
        if parameter.name in terms:
            continue
        if parameter.default is None:
            raise InputError(
                question.where,
                f"parameter ?{parameter.name} has no default",
                hint=f"give it with --param {parameter.name}=VALUE",
            )
        terms[parameter.name] = to_term(_unquote(parameter.default), parameter.kind, question.where)
    return terms


def _unquote(default: str) -> str:
    """A header default may be written in double quotes to show spaces: ``(default "back pain")``."""
    if len(default) >= 2 and default.startswith('"') and default.endswith('"'):
        return default[1:-1]
    return default
