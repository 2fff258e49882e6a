"""The logical axioms of each named term, readable: kind, Manchester-like expression, inferred or not,
and where each comes from (the ``dcterms:source`` of its ``owl:Axiom`` annotation)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import OWL, RDF, RDFS
from .graph import AxiomRow, GraphTables
from .manchester import Attribute, Expression, Renderer, Token
from .terms import Names, Ref

KINDS: dict[str, tuple[str, str]] = {
    RDFS + "subClassOf": ("SubClassOf", "Subclass of"),
    OWL + "equivalentClass": ("EquivalentTo", "Equivalent to"),
    OWL + "disjointWith": ("DisjointWith", "Disjoint with"),
    RDFS + "subPropertyOf": ("SubPropertyOf", "Sub-property of"),
    OWL + "inverseOf": ("InverseOf", "Inverse of"),
    OWL + "propertyDisjointWith": ("DisjointWith", "Disjoint with"),
    RDFS + "domain": ("Domain", "Domain"),
    RDFS + "range": ("Range", "Range"),
    RDF + "type": ("Characteristics", "Characteristic"),
}
"""Axiom property -> (Manchester frame keyword, heading on a page), in the order pages list them."""
ALL_DISJOINT = ("DisjointClasses", "Mutually disjoint with")


@dataclass(frozen=True)
class Axiom:
    subject: Ref
    kind: str
    """The Manchester keyword: ``SubClassOf``, ``EquivalentTo``, ``DisjointWith``, ``Domain`` ..."""
    heading: str
    expression: Expression
    inferred: bool
    sources: tuple[Ref, ...]
    named_parent: str | None = None
    """The superclass, for a subclass axiom whose superclass is a named class."""
    mentions: frozenset[str] = frozenset()
    """Every IRI that the expression names."""
    genus: tuple[str, ...] = ()
    """For a class axiom: the named classes its expression is an intersection of."""
    attributes: tuple[Attribute, ...] = ()
    """For a class axiom: the restrictions at the top level of its expression."""

    @property
    def text(self) -> str:
        return "".join(token.text for token in self.expression)


def _characteristic(iri: str) -> str:
    return iri.removeprefix(OWL).removesuffix("Property")


def _order(axiom: Axiom) -> tuple[int, bool, bool, str]:
    kinds = [kind for kind, _ in KINDS.values()] + [ALL_DISJOINT[0]]
    return kinds.index(axiom.kind), axiom.inferred, axiom.named_parent is None, axiom.text.lower()


def axioms_by_subject(tables: GraphTables, names: Names) -> dict[str, tuple[Axiom, ...]]:
    """Subject IRI -> its axioms, asserted before inferred, in a stable order."""
    renderer = Renderer(tables.expressions, names.name)
    found: dict[str, list[Axiom]] = defaultdict(list)

    def sources(iris: list[str]) -> tuple[Ref, ...]:
        return tuple(sorted((names.ref(i) for i in iris), key=lambda r: (r.text.lower(), r.iri)))

    for row in tables.axioms:
        found[row.subject].append(_axiom(row, renderer, names, sources(row.sources)))
        if row.property == OWL + "disjointWith" and isinstance(row.target, ox.NamedNode):
            mirrored = AxiomRow(row.target.value, row.property, ox.NamedNode(row.subject), row.inferred, row.sources)
            found[row.target.value].append(_axiom(mirrored, renderer, names, sources(row.sources)))
    for members, group_sources in tables.disjoint_groups.values():
        for member in members:
            others = [m for m in members if m != member]
            expression: list[Token] = []
            for index, other in enumerate(others):
                if index:
                    expression.append(Token(", ", kind="punct"))
                expression.append(Token(names.name(other), other))
            found[member].append(
                Axiom(
                    names.ref(member),
                    *ALL_DISJOINT,
                    tuple(expression),
                    False,
                    sources(group_sources),
                    mentions=frozenset(others),
                )
            )
    return {subject: tuple(sorted(set(axioms), key=_order)) for subject, axioms in sorted(found.items())}


def _axiom(row: AxiomRow, renderer: Renderer, names: Names, sources: tuple[Ref, ...]) -> Axiom:
    kind, heading = KINDS[row.property]
    if row.property == RDF + "type" and isinstance(row.target, ox.NamedNode):
        expression: Expression = (Token(_characteristic(row.target.value), kind="keyword"),)
    else:
        expression = renderer.render(row.target)
    named = row.target.value if row.property == RDFS + "subClassOf" and isinstance(row.target, ox.NamedNode) else None
    mentions = frozenset(token.iri for token in expression if token.iri)
    genus: list[str] = []
    attributes: list[Attribute] = []
    if row.property in (RDFS + "subClassOf", OWL + "equivalentClass"):
        genus, attributes = renderer.conjuncts(row.target)
    return Axiom(
        names.ref(row.subject),
        kind,
        heading,
        expression,
        row.inferred,
        sources,
        named,
        mentions,
        tuple(genus),
        tuple(attributes),
    )
