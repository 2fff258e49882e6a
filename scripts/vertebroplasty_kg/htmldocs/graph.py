"""The release graph as the documentation reads it: the answers of the ``sparql/docs-*.rq`` queries.

Each query runs once on an in-memory pyoxigraph store holding the release; this module only turns
the answers into plain tables (dictionaries of IRIs and literals, sorted), which
:mod:`vertebroplasty_kg.htmldocs.model` assembles into pages. Nothing here knows about HTML.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..rdf.sparql_text import internal
from .manchester import Node, Table

Values = dict[str, list[Node]]
"""property IRI -> values, sorted."""


def _key(term: Node) -> tuple[int, str]:
    order = 0 if isinstance(term, ox.NamedNode) else 1 if isinstance(term, ox.Literal) else 2
    return order, str(term)


def _rows(store: ox.Store, name: str) -> list[dict[str, Node | None]]:
    solutions = store.query(internal(name))
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    return [{n: solution[n] for n in names} for solution in solutions]


@dataclass
class AxiomRow:
    subject: str
    property: str
    target: Node
    inferred: bool
    sources: list[str] = field(default_factory=list)


@dataclass
class ClaimRow:
    """One claim and its text anchor, as docs-claims.rq returns it (IRIs as strings)."""

    claim: str
    subject: str
    relation: str
    object: str
    certainty: str
    frequency: str
    holder: str | None
    evidence: str | None
    document: str
    anchor: str
    quote_selector: str
    position_selector: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass
class GraphTables:
    """Everything the documentation shows, read from the release by SPARQL."""

    types: dict[str, list[str]]
    literals: dict[str, Values]
    links: dict[str, Values]
    axioms: list[AxiomRow]
    disjoint_groups: dict[str, tuple[list[str], list[str]]]
    """group blank node -> (members, sources)."""
    expressions: Table
    claims: list[ClaimRow]
    conflicts: dict[str, tuple[list[str], list[str]]]
    """conflict IRI -> (claims, notes)."""

    @classmethod
    def read(cls, triples: Iterable[ox.Triple]) -> GraphTables:
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        types: dict[str, list[str]] = defaultdict(list)
        for row in _rows(store, "docs-terms.rq"):
            types[_iri(row["term"])].append(_iri(row["type"]))
        return cls(
            types={term: sorted(set(values)) for term, values in sorted(types.items())},
            literals=_table(_rows(store, "docs-annotations.rq")),
            links=_table(_rows(store, "docs-links.rq")),
            axioms=_axioms(store),
            disjoint_groups=_groups(store),
            expressions=_expressions(store),
            claims=[_claim(row) for row in _rows(store, "docs-claims.rq")],
            conflicts=_conflicts(store),
        )

    def literal_values(self, term: str, prop: str) -> list[ox.Literal]:
        return [value for value in self.literals.get(term, {}).get(prop, []) if isinstance(value, ox.Literal)]

    def link_values(self, term: str, prop: str) -> list[str]:
        return [value.value for value in self.links.get(term, {}).get(prop, []) if isinstance(value, ox.NamedNode)]


def _iri(term: Node | None) -> str:
    assert isinstance(term, ox.NamedNode), term
    return term.value


def _text(term: Node | None) -> str:
    return term.value if isinstance(term, ox.Literal) else ""


def _table(rows: list[dict[str, Node | None]]) -> dict[str, Values]:
    table: dict[str, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        value = row["value"]
        assert value is not None
        table[_iri(row["term"])][_iri(row["property"])].append(value)
    return {
        term: {prop: sorted(set(values), key=_key) for prop, values in sorted(props.items())}
        for term, props in sorted(table.items())
    }


def _axioms(store: ox.Store) -> list[AxiomRow]:
    sources: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for row in _rows(store, "docs-axiom-sources.rq"):
        target, source = row["target"], row["source"]
        if isinstance(source, ox.NamedNode) and target is not None:
            sources[(_iri(row["subject"]), _iri(row["property"]), str(target))].append(source.value)
    axioms = []
    for row in _rows(store, "docs-axioms.rq"):
        target = row["target"]
        assert target is not None
        inferred = row["inferred"]
        subject, prop = _iri(row["subject"]), _iri(row["property"])
        found = sorted(set(sources.get((subject, prop, str(target)), [])))
        axioms.append(AxiomRow(subject, prop, target, _text(inferred) == "true", found))
    return sorted(axioms, key=lambda a: (a.subject, a.property, _key(a.target)))


def _groups(store: ox.Store) -> dict[str, tuple[list[str], list[str]]]:
    groups: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for row in _rows(store, "docs-disjoint-groups.rq"):
        group, member, source = row["group"], row["member"], row["source"]
        assert group is not None
        members, sources = groups[str(group)]
        if isinstance(member, ox.NamedNode):
            members.add(member.value)
        if isinstance(source, ox.NamedNode):
            sources.add(source.value)
    return {group: (sorted(m), sorted(s)) for group, (m, s) in sorted(groups.items())}


def _expressions(store: ox.Store) -> Table:
    table: dict[str, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for row in _rows(store, "docs-expressions.rq"):
        node, value = row["node"], row["value"]
        assert isinstance(node, ox.BlankNode) and value is not None
        table[node.value][_iri(row["property"])].append(value)
    return {node: {prop: sorted(values, key=_key) for prop, values in props.items()} for node, props in table.items()}


def _claim(row: dict[str, Node | None]) -> ClaimRow:
    def optional(name: str) -> str | None:
        value = row[name]
        return value.value if isinstance(value, ox.NamedNode) else None

    return ClaimRow(
        claim=_iri(row["claim"]),
        subject=_iri(row["subject"]),
        relation=_iri(row["relation"]),
        object=_iri(row["object"]),
        certainty=_iri(row["certainty"]),
        frequency=_iri(row["frequency"]),
        holder=optional("holder"),
        evidence=optional("evidence"),
        document=_iri(row["document"]),
        anchor=_iri(row["anchor"]),
        quote_selector=_iri(row["quoteSelector"]),
        position_selector=_iri(row["positionSelector"]),
        exact=_text(row["exact"]),
        prefix=_text(row["prefix"]),
        suffix=_text(row["suffix"]),
        start=int(_text(row["start"])),
        end=int(_text(row["end"])),
    )


def _conflicts(store: ox.Store) -> dict[str, tuple[list[str], list[str]]]:
    conflicts: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for row in _rows(store, "docs-conflicts.rq"):
        claims, notes = conflicts[_iri(row["conflict"])]
        claims.add(_iri(row["claim"]))
        if isinstance(row["note"], ox.Literal):
            notes.add(row["note"].value)
    return {conflict: (sorted(c), sorted(n)) for conflict, (c, n) in sorted(conflicts.items())}
