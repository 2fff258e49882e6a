"""SHACL Core shapes compiled to SPARQL queries, so that pyoxigraph validates a registry at scale.

pyshacl needs about three minutes per million triples; the same shapes as SPARQL, run by
pyoxigraph, need seconds. Each constraint of a shape with targets becomes one SELECT query
(``sparql/shacl-value-check.rq`` or ``sparql/shacl-count-check.rq``) that returns the focus node
and, where SHACL reports one, the value node of every violation. Shapes reached through
``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone`` and ``sh:qualifiedValueShape`` become
boolean SPARQL expressions inside those queries, following the SPARQL definitions of the SHACL
Core constraint components (SHACL 1.0, section 4 and appendix).

Implemented: the targets ``sh:targetClass`` (and implicit class targets), ``sh:targetNode``,
``sh:targetSubjectsOf`` and ``sh:targetObjectsOf``; ``sh:path`` as a single property; and the
components in :data:`VALUE_COMPONENTS` and :data:`COUNT_COMPONENTS`. Any other ``sh:`` parameter
on a shape (``sh:closed``, ``sh:equals``, ``sh:languageIn``, ``sh:sparql``, a path expression...)
is refused with an :class:`InputError` that names the file, the shape and the parameter, rather
than silently ignored.

One deliberate difference from pyshacl: ``sh:datatype`` also checks the lexical form of
``xsd:gYear`` and the other date and time types (SHACL says an ill-formed literal does not have
the datatype); rdflib, under pyshacl, checks the form of dates but not of ``xsd:gYear``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

import pyoxigraph as ox

from ..findings import Severity
from ..namespaces import RDF, RDFS, SH, XSD, compact
from ..rdf.parsing import Term, parse_turtle
from ..rdf.sparql_text import internal
from .shapes_graph import TARGETS, ShapesGraph

VALUE_COMPONENTS = (
    "class",
    "datatype",
    "nodeKind",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "minLength",
    "maxLength",
    "pattern",
    "in",
    "node",
    "not",
    "and",
    "or",
    "xone",
)
"""Constraints on each value node (on the focus node itself, for a node shape)."""
COUNT_COMPONENTS = ("minCount", "maxCount", "hasValue", "qualifiedValueShape")
"""Constraints on the number of values of a property shape (``sh:hasValue`` on a node shape is a value constraint)."""
_OTHER = (
    "path",
    "property",
    "flags",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint",
    "message",
    "severity",
    "deactivated",
    "name",
    "description",
    "order",
    "group",
    "defaultValue",
)
KNOWN = frozenset((*VALUE_COMPONENTS, *COUNT_COMPONENTS, *TARGETS, *_OTHER))
NESTED_COUNT_LIMIT = 5
"""Largest count that a shape inside sh:or, sh:node... may require (each counted value is a variable)."""

_LEXICAL_CHECKS = frozenset(
    XSD + name
    for name in (
        "boolean",
        "date",
        "dateTime",
        "dayTimeDuration",
        "decimal",
        "double",
        "duration",
        "float",
        "gDay",
        "gMonth",
        "gMonthDay",
        "gYear",
        "gYearMonth",
        "integer",
        "time",
        "yearMonthDuration",
    )
)
"""Datatypes whose lexical form pyoxigraph can check (by casting the string); others are checked by IRI only."""
_NODE_KINDS = {
    "IRI": "isIRI({v})",
    "BlankNode": "isBlank({v})",
    "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))",
    "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}
_COMPARISONS = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
_SEVERITIES: dict[str, Severity] = {SH + "Violation": "ERROR", SH + "Warning": "WARN", SH + "Info": "INFO"}


def _instance_of(value: str, cls: str) -> str:
    """``value`` is an instance of ``cls`` or of one of its subclasses, as a group pattern.

    Not ``rdf:type/rdfs:subClassOf*``: Virtuoso 7.2 misses that path's zero-length step, so the
    class itself and its subclasses are two branches (tests/test_rule_portability.py)."""
    return f"{{ {value} <{RDF}type> {cls} }} UNION {{ {value} <{RDF}type>/<{RDFS}subClassOf>+ {cls} }}"


@dataclass(frozen=True)
class ShapeCheck:
    """One constraint of one shape, as a query over the data graph."""

    shape: str
    """The shape as pyshacl names it: its compact IRI, or the component's for a blank-node shape."""
    path: str
    components: tuple[str, ...]
    """The constraint components the query checks (several, when the shape's message covers them all)."""
    message: str
    severity: Severity
    query: str
    reports_value: bool


@dataclass(frozen=True)
class Violation:
    check: ShapeCheck
    focus: Term
    value: Term | None


def compile_shapes(paths: Sequence[Path], *, root: Path | None = None) -> list[ShapeCheck]:
    """The checks of every shape with targets in ``paths``; :class:`InputError` for what is not implemented."""
    checks: list[ShapeCheck] = []
    for path in paths:
        shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        shapes = ox.Store()
        shapes.extend(ox.Quad(t.subject, t.predicate, t.object) for t in parse_turtle(path, shown_as=shown))
        checks += _Compiler(shapes, shown).checks()
    return checks


def violations(
    store: ox.Store, checks: Sequence[ShapeCheck], graph: ox.NamedNode | ox.DefaultGraph
) -> Iterator[Violation]:
    """Every violation of ``checks`` by the triples of ``graph`` in ``store``."""
    for check in checks:
        solutions = store.query(check.query, default_graph=graph)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            focus = row["focus"]
            if focus is None or isinstance(focus, ox.Triple):
                continue
            value = row["value"] if check.reports_value else None
            yield Violation(check, focus, None if isinstance(value, ox.Triple) else value)


def _constant(term: Term) -> str:
    return str(term)


class _Compiler(ShapesGraph):
    def __init__(self, shapes: ox.Store, shown: str) -> None:
        super().__init__(shapes, shown, KNOWN, reader="the SPARQL validation of vkg assess")
        self.fresh = itertools.count(1)
        self.templates = {
            name: Template(internal(f"shacl-{name}-check.rq"))
            for name in ("node", "value", "count", "min-one", "max-one")
        }

    # --- top-level checks ---------------------------------------------------------------------

    def checks(self) -> list[ShapeCheck]:
        out: list[ShapeCheck] = []
        for shape in self.shape_nodes():
            params = self.params(shape)
            if self.deactivated(params):
                continue
            targets = self.targets(shape, params)
            if "path" in params:
                out += self.property_checks(shape, params, targets)
            else:
                out += self.node_checks(shape, params, targets)
        return out

    def targets(self, shape: Term, params: dict[str, list[Term]]) -> str:
        patterns: list[str] = []
        classes = list(params.get("targetClass", []))
        if self.is_class(shape):
            classes.append(shape)
        patterns += [_instance_of("?focus", self.iri(shape, c)) for c in classes]
        patterns += [f"VALUES ?focus {{ {self.iri(shape, n, literal_ok=True)} }}" for n in params.get("targetNode", [])]
        patterns += [f"?focus {self.iri(shape, p)} []" for p in params.get("targetSubjectsOf", [])]
        patterns += [f"[] {self.iri(shape, p)} ?focus" for p in params.get("targetObjectsOf", [])]
        return " UNION ".join(f"{{ {p} }}" for p in patterns)

    def iri(self, shape: Term, term: Term, *, literal_ok: bool = False) -> str:
        if isinstance(term, ox.NamedNode) or (literal_ok and isinstance(term, ox.Literal)):
            return _constant(term)
        raise self.refuse(shape, f"{term} where an IRI was expected")

    def path(self, shape: Term, params: dict[str, list[Term]]) -> str:
        paths = params["path"]
        if len(paths) != 1 or not isinstance(paths[0], ox.NamedNode):
            raise self.refuse(shape, "a sh:path other than a single property IRI is not implemented")
        return _constant(paths[0])

    def check(
        self, shape: Term, params: dict[str, list[Term]], components: Sequence[str], query: str, *, value: bool
    ) -> ShapeCheck:
        messages = sorted(m.value for m in params.get("message", []) if isinstance(m, ox.Literal))
        shown_path = compact(params["path"][0].value) if "path" in params else ""
        names = [n.value for n in params.get("name", []) if isinstance(n, ox.Literal)]
        default = f"{names[0] if names else self.name(shape)}: breaks sh:{components[0]} ({self.name(shape)})"
        severity = _SEVERITIES.get(next((s.value for s in params.get("severity", [])), SH + "Violation"), "ERROR")
        iris = tuple(compact(SH + c[0].upper() + c[1:] + "ConstraintComponent") for c in components)
        return ShapeCheck(
            shape=self.name(shape) if isinstance(shape, ox.NamedNode) else iris[0],
            path=shown_path,
            components=iris,
            message=" / ".join(messages) or default,
            severity=severity,
            query=query,
            reports_value=value,
        )

    @staticmethod
    def grouped(params: dict[str, list[Term]], items: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
        """``items`` in one group when the shape has a message (their results differ in nothing else),
        one group each otherwise (each keeps its own default message)."""
        if not items:
            return []
        return [items] if params.get("message") else [[item] for item in items]

    def value_checks(
        self, shape: Term, params: dict[str, list[Term]], targets: str, path: str | None
    ) -> list[ShapeCheck]:
        """The value constraints of ``shape``: on the values of ``path``, or on the focus node (None)."""
        out: list[ShapeCheck] = []
        conditions = self.value_conditions(shape, params, "?value", node_level=path is None)
        for group in self.grouped(params, conditions):
            condition = " && ".join(f"COALESCE({c}, false)" for _, c in group)
            if path is None:
                query = self.templates["node"].substitute(targets=targets, condition=condition)
            else:
                query = self.templates["value"].substitute(targets=targets, path=path, condition=condition)
            out.append(self.check(shape, params, [name for name, _ in group], query, value=True))
        return out

    def node_checks(self, shape: Term, params: dict[str, list[Term]], targets: str) -> list[ShapeCheck]:
        out = self.value_checks(shape, params, targets, None)
        for child in params.get("property", []):
            child_params = self.params(child)
            if not self.deactivated(child_params):
                out += self.property_checks(child, child_params, targets)
        return out

    def property_checks(self, shape: Term, params: dict[str, list[Term]], targets: str) -> list[ShapeCheck]:
        if "path" not in params:
            raise self.refuse(shape, "sh:property names a shape without sh:path")
        if "property" in params:
            raise self.refuse(shape, "sh:property on a property shape is not implemented")
        path = self.path(shape, params)
        out = self.value_checks(shape, params, targets, path)
        for component, condition, test in self.count_tests(shape, params, "?value"):
            if test == ">= 1":  # the common cases, without counting (nor a table of all focus nodes)
                query = self.templates["min-one"].substitute(targets=targets, path=path, condition=condition)
            elif condition == "true" and test == "<= 1":
                query = self.templates["max-one"].substitute(targets=targets, path=path)
            else:
                test = f"COUNT(DISTINCT ?value) {test}"
                query = self.templates["count"].substitute(targets=targets, path=path, condition=condition, test=test)
            out.append(self.check(shape, params, [component], query, value=False))
        return out

    # --- constraints as SPARQL expressions -------------------------------------------------------

    def var(self) -> str:
        return f"?v{next(self.fresh)}"

    def count_tests(self, shape: Term, params: dict[str, list[Term]], v: str) -> list[tuple[str, str, str]]:
        """(component, which values count, the test their number must pass) for each count constraint."""
        tests: list[tuple[str, str, str]] = []
        for n in params.get("minCount", []):
            tests.append(("minCount", "true", f">= {self.integer(shape, n)}"))
        for n in params.get("maxCount", []):
            tests.append(("maxCount", "true", f"<= {self.integer(shape, n)}"))
        for value in params.get("hasValue", []):
            tests.append(("hasValue", self.same_term(shape, v, value), ">= 1"))
        for qualified in params.get("qualifiedValueShape", []):
            disjoint = params.get("qualifiedValueShapesDisjoint", [])
            if any(isinstance(d, ox.Literal) and d.value == "true" for d in disjoint):
                raise self.refuse(shape, "sh:qualifiedValueShapesDisjoint true is not implemented")
            condition = self.conforms(qualified, v)
            for n in params.get("qualifiedMinCount", []):
                tests.append(("qualifiedMinCount", condition, f">= {self.integer(shape, n)}"))
            for n in params.get("qualifiedMaxCount", []):
                tests.append(("qualifiedMaxCount", condition, f"<= {self.integer(shape, n)}"))
        return tests

    def integer(self, shape: Term, term: Term) -> int:
        if isinstance(term, ox.Literal) and term.value.isdigit():
            return int(term.value)
        raise self.refuse(shape, f"{term} where a non-negative integer was expected")

    def same_term(self, shape: Term, v: str, term: Term) -> str:
        """True when ``v`` is the constant ``term`` (RDF term equality, as sh:in and sh:hasValue compare).

        Not ``sameTerm(v, constant)``: inside ``||``, ``COALESCE`` or ``BIND``, Virtuoso 7.2 finds no
        IRI equal to a constant that way, and it never finds a literal; it does compare the parts
        (tests/test_rule_portability.py runs vkg assess on Virtuoso)."""
        if isinstance(term, ox.BlankNode):
            raise self.refuse(shape, "a blank node as a constant (sh:in, sh:hasValue) is not implemented")
        if isinstance(term, ox.NamedNode):
            return f"(isIRI({v}) && {v} = {_constant(term)})"
        lexical = _constant(ox.Literal(term.value))
        if term.language:
            return f"(isLiteral({v}) && LANG({v}) = {_constant(ox.Literal(term.language))} && STR({v}) = {lexical})"
        datatype = _constant(term.datatype)
        return f'(isLiteral({v}) && LANG({v}) = "" && DATATYPE({v}) = {datatype} && STR({v}) = {lexical})'

    def value_conditions(
        self, shape: Term, params: dict[str, list[Term]], v: str, *, node_level: bool
    ) -> list[tuple[str, str]]:
        """(component, SPARQL expression true when ``v`` satisfies it) for each value constraint."""
        conditions: list[tuple[str, str]] = []
        for component in VALUE_COMPONENTS:
            for argument in params.get(component, []):
                conditions.append((component, self.condition(shape, params, component, argument, v)))
        if node_level:
            for value in params.get("hasValue", []):
                conditions.append(("hasValue", self.same_term(shape, v, value)))
        return conditions

    def condition(self, shape: Term, params: dict[str, list[Term]], component: str, argument: Term, v: str) -> str:
        if component == "class":
            return f"EXISTS {{ {_instance_of(v, self.iri(shape, argument))} }}"
        if component == "datatype":
            datatype = self.iri(shape, argument)
            lexical = f" && isLiteral({datatype}(STR({v})))" if argument.value in _LEXICAL_CHECKS else ""
            return f"(isLiteral({v}) && DATATYPE({v}) = {datatype}{lexical})"
        if component == "nodeKind":
            kind = argument.value.removeprefix(SH) if isinstance(argument, ox.NamedNode) else ""
            if kind not in _NODE_KINDS:
                raise self.refuse(shape, f"sh:nodeKind {argument} is not a SHACL node kind")
            return _NODE_KINDS[kind].format(v=v)
        if component in _COMPARISONS:
            if not isinstance(argument, ox.Literal):
                raise self.refuse(shape, f"sh:{component} needs a literal")
            return f"({v} {_COMPARISONS[component]} {_constant(argument)})"
        if component in ("minLength", "maxLength"):
            test = ">=" if component == "minLength" else "<="
            return f"(!isBlank({v}) && STRLEN(STR({v})) {test} {self.integer(shape, argument)})"
        if component == "pattern":
            flags = [f.value for f in params.get("flags", []) if isinstance(f, ox.Literal)]
            extra = f", {_constant(ox.Literal(flags[0]))}" if flags else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {_constant(ox.Literal(argument.value))}{extra}))"
        if component == "in":
            allowed = [self.same_term(shape, v, t) for t in self.members(shape, argument)]
            return "(" + (" || ".join(allowed) or "false") + ")"
        if component == "node":
            return self.conforms(argument, v)
        if component == "not":
            return f"!{self.conforms(argument, v)}"
        members = [self.conforms(member, v) for member in self.members(shape, argument)]
        if component == "and":
            return "(" + (" && ".join(members) or "true") + ")"
        if component == "or":
            return "(" + (" || ".join(members) or "false") + ")"
        return "((" + " + ".join(f"IF({m}, 1, 0)" for m in members) + ") = 1)" if members else "false"

    def conforms(self, shape: Term, v: str) -> str:
        """A SPARQL expression that is true when the node ``v`` conforms to ``shape``."""
        params = self.params(shape)
        if self.deactivated(params):
            return "true"
        parts: list[str] = []
        if "path" in params:
            if "property" in params:
                raise self.refuse(shape, "sh:property on a property shape is not implemented")
            path = self.path(shape, params)
            for _, condition in self.value_conditions(shape, params, "?each", node_level=False):
                each = self.var()
                parts.append(
                    f"NOT EXISTS {{ {v} {path} {each} . FILTER(!COALESCE({condition.replace('?each', each)}, false)) }}"
                )
            for _, condition, test in self.count_tests(shape, params, "?each"):
                parts.append(self.count_expression(shape, v, path, condition, test))
        else:
            parts += [condition for _, condition in self.value_conditions(shape, params, v, node_level=True)]
            parts += [self.conforms(child, v) for child in params.get("property", [])]
        return "(" + " && ".join(f"COALESCE({part}, false)" for part in parts) + ")" if parts else "true"

    def count_expression(self, shape: Term, v: str, path: str, condition: str, test: str) -> str:
        """``test`` (``>= n`` or ``<= n``) on the number of values of ``v`` that meet ``condition``."""
        operator, number = test.split()
        n = int(number)
        needed = n if operator == ">=" else n + 1
        if needed > NESTED_COUNT_LIMIT:
            raise self.refuse(shape, f"a count above {NESTED_COUNT_LIMIT} inside another shape is not implemented")
        if needed == 0:
            return "true" if operator == ">=" else "false"
        names = [self.var() for _ in range(needed)]
        patterns = " . ".join(f"{v} {path} {name}" for name in names)
        tests = [f"COALESCE({condition.replace('?each', name)}, false)" for name in names]
        tests += [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2)]
        exists = f"EXISTS {{ {patterns} . FILTER({' && '.join(tests)}) }}"
        return exists if operator == ">=" else f"!{exists}"
