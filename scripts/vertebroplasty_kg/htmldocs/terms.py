"""Names, kinds and addresses of the terms the documentation shows.

Every IRI of the release is one of: a term of our own namespaces with a page of its own
(``class/NAME.html``, ``claim/NAME.html`` ...: classes, properties, claims, conflicts, concept schemes and
concepts, source documents, agents, other individuals); a part shown inside its owner's page (a
claim's text anchor and selectors, a document's checksum: ``claim/claim-26.html#claim-26-anchor``); an
external reference listed on ``references.html``; or an external term, linked to its own IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from ..namespaces import DCTERMS, OA, OWL, PREFIXES, PROV, RDFS, SKOS, SPDX, VKG, VPO
from .graph import GraphTables

KIND_TITLES: dict[str, str] = {
    "class": "Classes",
    "object-property": "Object properties",
    "datatype-property": "Datatype properties",
    "annotation-property": "Annotation properties",
    "claim": "Claims",
    "conflict": "Claim conflicts",
    "scheme": "Concept schemes",
    "concept": "Concepts",
    "document": "Source documents",
    "agent": "Agents",
    "reference": "References",
    "individual": "Other individuals",
}
"""The kinds of term that have pages, in the order the index lists them."""

KIND_NAMES: dict[str, str] = {
    "class": "class",
    "object-property": "object property",
    "datatype-property": "datatype property",
    "annotation-property": "annotation property",
    "claim": "claim",
    "conflict": "claim conflict",
    "scheme": "concept scheme",
    "concept": "concept",
    "document": "source document",
    "agent": "agent",
    "reference": "reference",
    "individual": "individual",
}

_BY_TYPE: list[tuple[str, str]] = [
    (OWL + "Ontology", "ontology"),
    (OWL + "Class", "class"),
    (RDFS + "Class", "class"),
    (OWL + "ObjectProperty", "object-property"),
    (OWL + "DatatypeProperty", "datatype-property"),
    (OWL + "AnnotationProperty", "annotation-property"),
    (VPO + "EvidenceClaim", "individual"),  # no text anchor: shown as an individual with its facts
    (VPO + "Claim", "claim"),
    (VPO + "ClaimConflict", "conflict"),
    (SKOS + "ConceptScheme", "scheme"),
    (SKOS + "Concept", "concept"),
    (OA + "SpecificResource", "part"),
    (OA + "TextQuoteSelector", "part"),
    (OA + "TextPositionSelector", "part"),
    (SPDX + "Checksum", "part"),
    (PROV + "Agent", "agent"),
    (DCTERMS + "BibliographicResource", "reference"),
    (PROV + "Entity", "document"),
]
_OURS = (VPO, VKG)
PAGE_DIRS = {
    "class": "class",
    "object-property": "property",
    "datatype-property": "property",
    "annotation-property": "property",
    "claim": "claim",
    "conflict": "conflict",
    "scheme": "concept",
    "concept": "concept",
}
"""Kind -> the folder of its pages (other kinds: ``individual``). Folders by kind, not by namespace, keep
``vpo:claimRelation`` and ``vpo:ClaimRelation`` apart on a case-insensitive disk."""
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_LABELS = (SKOS + "prefLabel", RDFS + "label", DCTERMS + "title")  # a concept is shown by its preferred label


@dataclass(frozen=True)
class Ref:
    """A link to a term: what to show, where it goes, and whether it leaves the documentation."""

    iri: str
    text: str
    href: str
    """Relative to the documentation's root for our pages, else the term's own IRI."""
    curie: str
    external: bool = False
    deprecated: bool = False

    @property
    def anchor_id(self) -> str:
        """The id of the element that shows this term on its owner's page (the fragment of ``href``)."""
        return self.href.rsplit("#", 1)[1] if "#" in self.href else short_name(self.iri)


def curie(iri: str) -> str:
    """``prefix:local`` with the release's prefixes, else ``<iri>``."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(best) and iri != namespace:
            best = namespace
            found = f"{prefix}:{iri[len(namespace) :]}"
    return found if best else f"<{iri}>"


def short_name(iri: str) -> str:
    """The local name for our terms (``hasAccess``), a CURIE for others (``xsd:integer``)."""
    for namespace in _OURS:
        if iri.startswith(namespace):
            return iri[len(namespace) :]
    return curie(iri)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "reference"


class Names:
    """The kind, label and address of every IRI of the release."""

    def __init__(self, tables: GraphTables) -> None:
        self.tables = tables
        self.kinds = {term: self._kind(term, types) for term, types in tables.types.items()}
        self.labels = {term: self._label(term) for term in {*tables.types, *tables.literals}}
        self.owners = self._owners()
        self.reference_ids = self._reference_ids()
        self._check_pages()

    def _kind(self, term: str, types: list[str]) -> str:
        if self.tables.literal_values(term, VPO + "localPath"):
            return "document"
        concept_types = {SKOS + "Concept"} | {
            t for t in types if SKOS + "Concept" in self.tables.link_values(t, RDFS + "subClassOf")
        }
        for type_iri, kind in _BY_TYPE:
            if type_iri in types or (kind == "concept" and concept_types & set(types)):
                return kind
        return "individual"

    def _label(self, term: str) -> str:
        for prop in _LABELS:
            values = self.tables.literal_values(term, prop)
            english = [v for v in values if v.language in (None, "en")] or values
            if english:
                return english[0].value
        return short_name(term)

    def _owners(self) -> dict[str, str]:
        """part IRI -> the IRI of the page it is shown on (a claim or a document)."""
        owners: dict[str, str] = {}
        for term, props in self.tables.links.items():
            for values in props.values():
                for value in values:
                    if self.kinds.get(value.value) == "part" and self.kinds.get(term) != "part":
                        owners.setdefault(value.value, term)
        for term, props in self.tables.links.items():  # selectors hang off an anchor
            if self.kinds.get(term) == "part" and term in owners:
                for values in props.values():
                    for value in values:
                        if self.kinds.get(value.value) == "part":
                            owners.setdefault(value.value, owners[term])
        return owners

    def _reference_ids(self) -> dict[str, str]:
        ids: dict[str, str] = {}
        for term in sorted(t for t, kind in self.kinds.items() if kind == "reference" and not self.has_page(t)):
            base = slug(self.labels.get(term, term))
            candidate, number = base, 2
            while candidate in ids.values():
                candidate, number = f"{base}-{number}", number + 1
            ids[term] = candidate
        return ids

    def has_page(self, iri: str) -> bool:
        kind = self.kinds.get(iri)
        return kind in KIND_TITLES and iri.startswith(_OURS)

    def page(self, iri: str) -> str:
        """The page of a term that has one: ``class/Vertebroplasty.html``, ``claim/claim-26.html``."""
        if not self.has_page(iri):
            raise KeyError(iri)
        return f"{PAGE_DIRS.get(self.kinds[iri], 'individual')}/{short_name(iri)}.html"

    def _check_pages(self) -> None:
        seen: dict[str, str] = {}
        for iri in sorted(i for i in self.kinds if self.has_page(i)):
            local = short_name(iri)
            if not _SAFE_NAME.fullmatch(local):
                raise InputError(
                    iri, f"cannot name a documentation page after {local!r}", hint="use a plain local name"
                )
            folded = self.page(iri).lower()
            if folded in seen:
                raise InputError(
                    iri,
                    f"its documentation page would overwrite that of <{seen[folded]}> on a case-insensitive disk",
                    hint="give the two terms local names that differ in more than case",
                )
            seen[folded] = iri

    def href(self, iri: str) -> tuple[str, bool]:
        """Where a link to ``iri`` goes, and whether that is outside the documentation."""
        if self.has_page(iri):
            return self.page(iri), False
        if iri in self.owners and self.has_page(self.owners[iri]):
            return f"{self.page(self.owners[iri])}#{short_name(iri)}", False
        if iri in self.reference_ids:
            return f"references.html#{self.reference_ids[iri]}", False
        return iri, True

    def ref(self, iri: str) -> Ref:
        href, external = self.href(iri)
        deprecated = any(v.value == "true" for v in self.tables.literal_values(iri, OWL + "deprecated"))
        return Ref(iri, self.labels.get(iri, curie(iri)), href, curie(iri), external, deprecated)

    def name(self, iri: str) -> str:
        """The name an expression shows for ``iri``."""
        return short_name(iri)
