"""OWL class expressions in a Manchester-like syntax, as tokens that a page can link and escape.

An expression is read from the RDF mapping of OWL 2 (a blank node with ``owl:intersectionOf``,
``owl:onProperty`` ... and RDF lists), given as a table ``node -> property -> values`` of the
blank-node triples. The result is a tuple of :class:`Token`: text, and the IRI a name stands for, so
the HTML renderer can make every name a link and escape every piece::

    hasAccess some PercutaneousApproach
    Vertebroplasty and (hasAccess some PercutaneousApproach)
    not (hasMethod some CavityCreation)
    hasFractureAgeInDays some xsd:integer[< 56]

Compound operands are parenthesised, so the reading never depends on operator precedence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import pyoxigraph as ox

from ..namespaces import OWL, RDF, XSD

Node = ox.NamedNode | ox.BlankNode | ox.Literal
Table = Mapping[str, Mapping[str, Sequence[Node]]]
"""Blank node id -> property IRI -> the values, in a stable order."""


@dataclass(frozen=True)
class Token:
    text: str
    iri: str | None = None
    """The IRI that a name stands for; None for keywords, punctuation and literals."""
    kind: str = "name"
    """``name``, ``keyword``, ``punct`` or ``literal`` (a CSS class in the pages)."""


Expression = tuple[Token, ...]


@dataclass(frozen=True)
class Attribute:
    """One restriction at the top level of a class expression: ``hasAccess some PercutaneousApproach``."""

    property: str
    quantifier: str
    filler: Expression
    filler_iri: str | None
    negated: bool = False


_RESTRICTIONS = {
    OWL + "someValuesFrom": "some",
    OWL + "allValuesFrom": "only",
    OWL + "hasValue": "value",
}
_CARDINALITIES = {
    OWL + "minQualifiedCardinality": "min",
    OWL + "maxQualifiedCardinality": "max",
    OWL + "qualifiedCardinality": "exactly",
    OWL + "minCardinality": "min",
    OWL + "maxCardinality": "max",
    OWL + "cardinality": "exactly",
}
_FACETS = {
    XSD + "minInclusive": ">=",
    XSD + "minExclusive": ">",
    XSD + "maxInclusive": "<=",
    XSD + "maxExclusive": "<",
    XSD + "length": "length",
    XSD + "minLength": "minLength",
    XSD + "maxLength": "maxLength",
    XSD + "pattern": "pattern",
}
_MAX_DEPTH = 32


class UnreadableExpression(ValueError):
    """A blank node that is not a class expression, data range or list this module knows."""


def _keyword(text: str) -> Token:
    return Token(text, kind="keyword")


def _punct(text: str) -> Token:
    return Token(text, kind="punct")


class Renderer:
    """Renders expressions of one graph; ``name`` gives the display name of an IRI."""

    def __init__(self, table: Table, name: Callable[[str], str]) -> None:
        self.table = table
        self.name = name

    def render(self, node: Node) -> Expression:
        """``node`` (an IRI, a literal or a blank node of the table) as tokens."""
        return tuple(self._render(node, 0))

    def conjuncts(self, node: Node) -> tuple[list[str], list[Attribute]]:
        """The named classes and the restrictions (or negated restrictions) that ``node`` is the
        intersection of; other parts (unions, enumerations) are left out."""
        if isinstance(node, ox.NamedNode):
            return [node.value], []
        if not isinstance(node, ox.BlankNode):
            return [], []
        members = self._one(node, OWL + "intersectionOf")
        if members is not None:
            named: list[str] = []
            attributes: list[Attribute] = []
            for member in self.items(members):
                more_named, more_attributes = self.conjuncts(member)
                named += more_named
                attributes += more_attributes
            return named, attributes
        complement = self._one(node, OWL + "complementOf")
        if isinstance(complement, ox.BlankNode):
            return [], [replace(a, negated=not a.negated) for a in self.conjuncts(complement)[1][:1]]
        on_property = self._one(node, OWL + "onProperty")
        if isinstance(on_property, ox.NamedNode):
            for key, word in _RESTRICTIONS.items():
                filler = self._one(node, key)
                if filler is not None:
                    iri = filler.value if isinstance(filler, ox.NamedNode) else None
                    return [], [Attribute(on_property.value, word, self.render(filler), iri)]
        return [], []

    def _values(self, node: ox.BlankNode, prop: str) -> Sequence[Node]:
        return self.table.get(node.value, {}).get(prop, ())

    def _one(self, node: ox.BlankNode, prop: str) -> Node | None:
        values = self._values(node, prop)
        return values[0] if values else None

    def items(self, node: Node, depth: int = 0) -> list[Node]:
        """The members of the RDF list that starts at ``node``."""
        members: list[Node] = []
        while node != ox.NamedNode(RDF + "nil"):
            if not isinstance(node, ox.BlankNode) or depth > 10_000:
                raise UnreadableExpression(f"not an RDF list: {node}")
            first = self._one(node, RDF + "first")
            rest = self._one(node, RDF + "rest")
            if first is None or rest is None:
                raise UnreadableExpression(f"not an RDF list: {node}")
            members.append(first)
            node = rest
            depth += 1
        return members

    def _render(self, node: Node, depth: int) -> list[Token]:
        if depth > _MAX_DEPTH:
            raise UnreadableExpression("expression nested too deeply")
        if isinstance(node, ox.NamedNode):
            return [Token(self.name(node.value), node.value)]
        if isinstance(node, ox.Literal):
            return [_literal(node)]
        for prop, word in ((OWL + "intersectionOf", "and"), (OWL + "unionOf", "or")):
            members = self._one(node, prop)
            if members is not None:
                return self._joined(self.items(members), word, depth)
        complement = self._one(node, OWL + "complementOf")
        if complement is not None:
            return [_keyword("not"), Token(" ", kind="punct"), *self._operand(complement, depth)]
        one_of = self._one(node, OWL + "oneOf")
        if one_of is not None:
            return self._enumeration(self.items(one_of), depth)
        on_property = self._one(node, OWL + "onProperty")
        if on_property is not None:
            return self._restriction(node, on_property, depth)
        on_datatype = self._one(node, OWL + "onDatatype")
        if on_datatype is not None:
            return self._datatype_restriction(node, on_datatype, depth)
        raise UnreadableExpression(f"unknown class expression {node}")

    def _operand(self, node: Node, depth: int) -> list[Token]:
        tokens = self._render(node, depth + 1)
        if isinstance(node, ox.BlankNode) and not self._is_atomic(node):
            return [_punct("("), *tokens, _punct(")")]
        return tokens

    def _is_atomic(self, node: ox.BlankNode) -> bool:
        """Enumerations and datatype restrictions read as one unit; everything else gets parentheses."""
        return bool(self._values(node, OWL + "oneOf") or self._values(node, OWL + "onDatatype"))

    def _joined(self, members: list[Node], word: str, depth: int) -> list[Token]:
        tokens: list[Token] = []
        for index, member in enumerate(members):
            if index:
                tokens += [Token(" ", kind="punct"), _keyword(word), Token(" ", kind="punct")]
            tokens += self._operand(member, depth)
        return tokens

    def _enumeration(self, members: list[Node], depth: int) -> list[Token]:
        tokens: list[Token] = [_punct("{")]
        for index, member in enumerate(members):
            if index:
                tokens.append(_punct(", "))
            tokens += self._render(member, depth + 1)
        return [*tokens, _punct("}")]

    def _property(self, prop: Node, depth: int) -> list[Token]:
        if isinstance(prop, ox.BlankNode):
            inverse = self._one(prop, OWL + "inverseOf")
            if inverse is None:
                raise UnreadableExpression(f"unknown property expression {prop}")
            return [_keyword("inverse"), _punct(" ("), *self._render(inverse, depth + 1), _punct(")")]
        return self._render(prop, depth + 1)

    def _restriction(self, node: ox.BlankNode, on_property: Node, depth: int) -> list[Token]:
        prop = self._property(on_property, depth)
        space = Token(" ", kind="punct")
        for key, word in _RESTRICTIONS.items():
            filler = self._one(node, key)
            if filler is not None:
                return [*prop, space, _keyword(word), space, *self._operand(filler, depth)]
        if self._one(node, OWL + "hasSelf") is not None:
            return [*prop, space, _keyword("Self")]
        for key, word in _CARDINALITIES.items():
            number = self._one(node, key)
            if number is not None:
                tokens = [*prop, space, _keyword(word), space, Token(number.value, kind="literal")]
                filler = self._one(node, OWL + "onClass") or self._one(node, OWL + "onDataRange")
                if filler is not None:
                    tokens += [space, *self._operand(filler, depth)]
                return tokens
        raise UnreadableExpression(f"unknown restriction {node}")

    def _datatype_restriction(self, node: ox.BlankNode, datatype: Node, depth: int) -> list[Token]:
        tokens = [*self._render(datatype, depth + 1), _punct("[")]
        facets = self._one(node, OWL + "withRestrictions")
        for index, facet in enumerate(self.items(facets) if facets is not None else []):
            if not isinstance(facet, ox.BlankNode):
                raise UnreadableExpression(f"unknown facet {facet}")
            pairs = [(prop, values[0]) for prop, values in sorted(self.table.get(facet.value, {}).items()) if values]
            for prop, value in pairs:
                if index:
                    tokens.append(_punct(", "))
                symbol = _FACETS.get(prop, self.name(prop))
                tokens += [_keyword(symbol), Token(" ", kind="punct"), *self._render(value, depth + 1)]
        return [*tokens, _punct("]")]


def _literal(literal: ox.Literal) -> Token:
    datatype = literal.datatype.value if literal.datatype else ""
    numeric = datatype.startswith(XSD) and datatype[len(XSD) :] in {
        "integer",
        "decimal",
        "double",
        "float",
        "nonNegativeInteger",
        "positiveInteger",
        "int",
        "long",
    }
    if numeric or datatype == XSD + "boolean":
        return Token(literal.value, kind="literal")
    return Token(f'"{literal.value}"', kind="literal")


def plain(expression: Expression) -> str:
    """The expression as one string (for diagrams, tests and titles)."""
    return "".join(token.text for token in expression)
