"""The documentation as plain dataclasses, built from the release graph (:func:`documentation`).

One :class:`TermPage` per class, property and individual of our namespaces; one :class:`ClaimView` per
claim (with its text anchor, both certainty axes, hedge words, conflicts and the axioms that formalise
it); the class tree; the references that axioms cite. Everything is sorted, so the same graph always
gives the same pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..inputs.sources import SourceDocument
from ..namespaces import DCTERMS, OBO_IN_OWL, OWL, PROV, RDFS, SKOS, VPO
from .axioms import Axiom, axioms_by_subject
from .graph import GraphTables
from .source_text import SourceText, source_text
from .terms import KIND_TITLES, Names, Ref, curie

IAO_DEFINITION = "http://purl.obolibrary.org/obo/IAO_0000115"

SYNONYMS = {
    OBO_IN_OWL + "hasExactSynonym": "exact",
    OBO_IN_OWL + "hasRelatedSynonym": "related",
    OBO_IN_OWL + "hasNarrowSynonym": "narrow",
    OBO_IN_OWL + "hasBroadSynonym": "broad",
    SKOS + "altLabel": "alternative",
}
NOTES = {
    SKOS + "scopeNote": "Scope note",
    SKOS + "editorialNote": "Editorial note",
    SKOS + "note": "Note",
    SKOS + "example": "Example",
    RDFS + "comment": "Comment",
    DCTERMS + "description": "Description",
    DCTERMS + "bibliographicCitation": "Citation",
}
MAPPINGS = {
    SKOS + "exactMatch": "exact match",
    SKOS + "closeMatch": "close match",
    SKOS + "broadMatch": "broad match",
    SKOS + "narrowMatch": "narrow match",
    SKOS + "relatedMatch": "related match",
}
CLAIM_ROLES = {
    VPO + "claimSubject": "subject",
    VPO + "claimObject": "object",
    VPO + "claimRelation": "relation",
    VPO + "hasCertainty": "certainty",
    VPO + "hasFrequency": "frequency",
    PROV + "wasAttributedTo": "holder",
    PROV + "wasDerivedFrom": "source",
}
_SHOWN = {
    RDFS + "label",
    SKOS + "prefLabel",
    SKOS + "definition",
    IAO_DEFINITION,
    OWL + "deprecated",
    DCTERMS + "isReplacedBy",
    DCTERMS + "source",
    RDFS + "subClassOf",
    OWL + "equivalentClass",
    OWL + "disjointWith",
    RDFS + "domain",
    RDFS + "range",
    RDFS + "subPropertyOf",
    OWL + "inverseOf",
    VPO + "hedgeWords",
    VPO + "hasTextAnchor",
    VPO + "conflictingClaim",
    OBO_IN_OWL + "hasDbXref",
    *SYNONYMS,
    *NOTES,
    *MAPPINGS,
    *CLAIM_ROLES,
}
"""Properties each page shows in a section of its own; the rest go to the page's list of other facts."""


@dataclass(frozen=True)
class Parent:
    ref: Ref
    inferred: bool


@dataclass(frozen=True)
class Part:
    """A node shown inside its owner's page (a document's checksum), with its literal values."""

    ref: Ref
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Fact:
    """Another statement about a term: its property and the values (links, parts or text)."""

    property: Ref
    links: tuple[Ref, ...] = ()
    texts: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class ClaimView:
    ref: Ref
    number: str
    """The claim's local name, which is also its anchor on the source page (``claim-26``)."""
    subject: Ref
    relation: Ref
    object: Ref
    certainty: Ref
    frequency: Ref
    hedge_words: tuple[str, ...]
    holder: Ref | None
    evidence: Ref | None
    document: Ref
    anchor: Ref
    quote_selector: Ref
    position_selector: Ref
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    quote_href: str
    """The source page, at this claim's highlighted span: ``sources/NAME.html#claim-26``."""
    conflicts: tuple[str, ...] = ()
    """IRIs of the claim conflicts this claim is part of."""
    formalised_by: tuple[Axiom, ...] = ()
    example_of: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class ConflictView:
    ref: Ref
    claims: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class TermPage:
    ref: Ref
    kind: str
    definitions: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, str], ...] = ()
    """(scope, text): exact, related, narrow, broad, alternative."""
    notes: tuple[tuple[str, str], ...] = ()
    replaced_by: tuple[Ref, ...] = ()
    parents: tuple[Parent, ...] = ()
    children: tuple[Parent, ...] = ()
    axioms: tuple[Axiom, ...] = ()
    mappings: tuple[tuple[str, Ref], ...] = ()
    xrefs: tuple[str, ...] = ()
    claims: tuple[tuple[str, str], ...] = ()
    """(role, claim IRI): the claims that name this term, and as what."""
    used_in: tuple[Ref, ...] = ()
    """Terms whose axioms mention this one."""
    cited_by: tuple[Axiom, ...] = ()
    """Axioms that name this term as their source."""
    members: tuple[Ref, ...] = ()
    """For a concept scheme: its concepts."""
    facts: tuple[Fact, ...] = ()

    @property
    def deprecated(self) -> bool:
        return self.ref.deprecated


@dataclass(frozen=True)
class TreeNode:
    ref: Ref
    inferred: bool
    children: tuple[TreeNode, ...]


@dataclass(frozen=True)
class Documentation:
    ontology: TermPage | None
    pages: tuple[TermPage, ...]
    claims: dict[str, ClaimView]
    conflicts: dict[str, ConflictView]
    texts: tuple[SourceText, ...]
    tree: tuple[TreeNode, ...]
    references: tuple[TermPage, ...]
    """Every reference an axiom may cite, ours and external, by label."""
    names: Names
    axioms: tuple[Axiom, ...] = field(default=())

    def by_kind(self) -> list[tuple[str, list[TermPage]]]:
        groups: dict[str, list[TermPage]] = defaultdict(list)
        for page in self.pages:
            groups[page.kind].append(page)
        return [(title, groups[kind]) for kind, title in KIND_TITLES.items() if groups.get(kind)]


def _sort_refs(refs: Iterable[Ref]) -> tuple[Ref, ...]:
    return tuple(sorted(set(refs), key=lambda r: (r.text.lower(), r.iri)))


def _texts(tables: GraphTables, term: str, props: Iterable[str]) -> tuple[str, ...]:
    found: list[str] = []
    for prop in props:
        for value in tables.literal_values(term, prop):
            if value.value not in found:
                found.append(value.value)
    return tuple(found)


class _Builder:
    def __init__(self, tables: GraphTables, names: Names, documents: Iterable[SourceDocument]) -> None:
        self.tables, self.names = tables, names
        self.axioms = axioms_by_subject(tables, names)
        self.all_axioms = tuple(a for axioms in self.axioms.values() for a in axioms)
        self.texts = tuple(
            source_text(names.ref(doc.iri), doc, [c for c in tables.claims if c.document == doc.iri])
            for doc in sorted(documents, key=lambda d: d.iri)
        )
        self.text_pages = {text.document.iri: text.href for text in self.texts}

    def claims(self) -> dict[str, ClaimView]:
        views: dict[str, ClaimView] = {}
        conflicts: dict[str, list[str]] = defaultdict(list)
        for conflict, (claims, _) in self.tables.conflicts.items():
            for claim in claims:
                conflicts[claim].append(conflict)
        ref = self.names.ref
        for row in self.tables.claims:
            if row.claim in views:
                continue
            number = self.names.name(row.claim)
            page = self.text_pages.get(row.document, "")
            views[row.claim] = ClaimView(
                ref=ref(row.claim),
                number=number,
                subject=ref(row.subject),
                relation=ref(row.relation),
                object=ref(row.object),
                certainty=ref(row.certainty),
                frequency=ref(row.frequency),
                hedge_words=_texts(self.tables, row.claim, [VPO + "hedgeWords"]),
                holder=ref(row.holder) if row.holder else None,
                evidence=ref(row.evidence) if row.evidence else None,
                document=ref(row.document),
                anchor=ref(row.anchor),
                quote_selector=ref(row.quote_selector),
                position_selector=ref(row.position_selector),
                exact=row.exact,
                prefix=row.prefix,
                suffix=row.suffix,
                start=row.start,
                end=row.end,
                quote_href=f"{page}#{number}" if page else "",
                conflicts=tuple(sorted(conflicts.get(row.claim, []))),
                formalised_by=tuple(a for a in self.all_axioms if row.claim in {s.iri for s in a.sources}),
                example_of=_sort_refs(ref(i) for i in self.tables.link_values(row.claim, VPO + "exampleOf")),
            )
        return views

    def page(self, iri: str) -> TermPage:
        tables, names = self.tables, self.names
        ref = names.ref
        parents = [a for a in self.axioms.get(iri, ()) if a.named_parent is not None]
        children = [a for a in self.all_axioms if a.named_parent == iri]
        return TermPage(
            ref=ref(iri),
            kind=names.kinds.get(iri, "individual"),
            definitions=_texts(tables, iri, [SKOS + "definition", IAO_DEFINITION]),
            synonyms=tuple(
                (scope, value.value) for prop, scope in SYNONYMS.items() for value in tables.literal_values(iri, prop)
            ),
            notes=tuple(
                (title, value.value) for prop, title in NOTES.items() for value in tables.literal_values(iri, prop)
            ),
            replaced_by=_sort_refs(ref(i) for i in tables.link_values(iri, DCTERMS + "isReplacedBy")),
            parents=tuple(Parent(ref(a.named_parent), a.inferred) for a in parents if a.named_parent),
            children=tuple(sorted({Parent(ref(a.subject.iri), a.inferred) for a in children}, key=_parent_key)),
            axioms=self.axioms.get(iri, ()),
            mappings=tuple(
                (label, r)
                for prop, label in MAPPINGS.items()
                for r in _sort_refs(ref(i) for i in tables.link_values(iri, prop))
            ),
            xrefs=_texts(tables, iri, [OBO_IN_OWL + "hasDbXref"]),
            claims=self._claims_naming(iri),
            used_in=_sort_refs(a.subject for a in self.all_axioms if iri in a.mentions and a.subject.iri != iri),
            cited_by=tuple(a for a in self.all_axioms if iri in {s.iri for s in a.sources}),
            members=_sort_refs(
                ref(term)
                for term, props in tables.links.items()
                if iri in {v.value for v in props.get(SKOS + "inScheme", [])}
            ),
            facts=self._facts(iri),
        )

    def _claims_naming(self, iri: str) -> tuple[tuple[str, str], ...]:
        found: list[tuple[str, str]] = []
        for claim, props in self.tables.links.items():
            for prop, role in CLAIM_ROLES.items():
                if iri in {v.value for v in props.get(prop, [])} and self.names.kinds.get(claim) == "claim":
                    found.append((role, claim))
        return tuple(sorted(found, key=lambda rc: (rc[1], list(CLAIM_ROLES.values()).index(rc[0]))))

    def _facts(self, iri: str) -> tuple[Fact, ...]:
        facts: list[Fact] = []
        props = sorted(
            {*self.tables.literals.get(iri, {}), *self.tables.links.get(iri, {})} - _SHOWN,
            key=lambda p: (self.names.ref(p).text.lower(), p),
        )
        for prop in props:
            targets = self.tables.link_values(iri, prop)
            links = _sort_refs(self.names.ref(i) for i in targets if self.names.kinds.get(i) != "part")
            parts = tuple(self._part(i) for i in targets if self.names.kinds.get(i) == "part")
            texts = tuple(v.value for v in self.tables.literal_values(iri, prop))
            facts.append(Fact(self.names.ref(prop), links, texts, parts))
        return tuple(facts)

    def _part(self, iri: str) -> Part:
        values = [
            (curie(prop), value.value)
            for prop, found in {**self.tables.literals.get(iri, {}), **self.tables.links.get(iri, {})}.items()
            for value in found
        ]
        return Part(self.names.ref(iri), tuple(sorted(values)))

    def tree(self, pages: dict[str, TermPage]) -> tuple[TreeNode, ...]:
        classes = {iri for iri, page in pages.items() if page.kind == "class" and not page.deprecated}
        parents = {iri: [p for p in pages[iri].parents] for iri in classes}
        children: dict[str, list[Parent]] = defaultdict(list)
        roots: set[str] = set()
        for iri in classes:
            for parent in parents[iri]:
                children[parent.ref.iri].append(Parent(pages[iri].ref, parent.inferred))
                if parent.ref.iri not in classes:
                    roots.add(parent.ref.iri)
            if not parents[iri]:
                roots.add(iri)

        def node(ref: Ref, inferred: bool, path: frozenset[str]) -> TreeNode:
            below = sorted(children.get(ref.iri, []), key=_parent_key)
            return TreeNode(
                ref,
                inferred,
                tuple(node(c.ref, c.inferred, path | {c.ref.iri}) for c in below if c.ref.iri not in path),
            )

        top = sorted((self.names.ref(iri) for iri in roots), key=lambda r: (r.external, r.text.lower(), r.iri))
        return tuple(node(ref, False, frozenset({ref.iri})) for ref in top)


def _parent_key(parent: Parent) -> tuple[str, str, bool]:
    return parent.ref.text.lower(), parent.ref.iri, parent.inferred


def documentation(triples: Iterable[ox.Triple], documents: Iterable[SourceDocument]) -> Documentation:
    """The documentation of the release made of ``triples``, whose claims quote ``documents``."""
    tables = GraphTables.read(triples)
    names = Names(tables)
    builder = _Builder(tables, names, documents)
    claims = builder.claims()
    iris = sorted(iri for iri in names.kinds if names.has_page(iri))
    pages = {iri: builder.page(iri) for iri in iris}
    conflicts = {
        iri: ConflictView(names.ref(iri), tuple(cs), tuple(notes)) for iri, (cs, notes) in tables.conflicts.items()
    }
    ontology = next((builder.page(i) for i, kind in sorted(names.kinds.items()) if kind == "ontology"), None)
    references = sorted(
        (pages[i] if i in pages else builder.page(i) for i, k in names.kinds.items() if k == "reference"),
        key=lambda p: (p.ref.text.lower(), p.ref.iri),
    )
    ordered = sorted(pages.values(), key=lambda p: (list(KIND_TITLES).index(p.kind), p.ref.text.lower(), p.ref.iri))
    return Documentation(
        ontology=ontology,
        pages=tuple(ordered),
        claims=claims,
        conflicts=conflicts,
        texts=builder.texts,
        tree=builder.tree(pages),
        references=tuple(references),
        names=names,
        axioms=builder.all_axioms,
    )
