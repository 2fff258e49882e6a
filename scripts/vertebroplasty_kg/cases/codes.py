"""Resolve a code to the classes of the ontology it stands for, through the release's verified mappings only.

A code IRI (ICD-10-CM, SNOMED CT, CPT, ICD-10-PCS, MeSH) resolves to a class when the release maps the
class to it by ``skos:exactMatch`` or ``skos:narrowMatch`` (the code is narrower than the class), or,
for ICD-10-CM only, when its dotted form extends a code so mapped (``M80.08XA`` under ``M80.08``: the
code system's hierarchy is in its characters). A class of the ontology resolves to itself.
``closeMatch``, ``relatedMatch`` and ``broadMatch`` never classify, and a code that resolves to nothing
stays unresolved: its label is never read to guess a class.

:func:`coded_types` applies this to case records: a fracture or procedure recorded with a code
(``vpo:recordedCode``) is also of the classes its codes resolve to, and a fracture whose codes and
type name no cause gets the cause note ``"unknown"``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import PREFIXES, RDF, VPO
from ..rdf.sparql_text import internal

ICD10CM = PREFIXES["icd10cm"]
VERTEBRAL_FRACTURE = VPO + "VertebralFracture"
PROCEDURE = VPO + "Procedure"
CAUSE_CLASSES = frozenset(
    VPO + name
    for name in (
        "OsteoporoticVertebralCompressionFracture",
        "MalignantVertebralCompressionFracture",
        "MetastaticVertebralFracture",
    )
)
"""The fracture classes that say a cause (shapes/case-records.ttl lists them as the fracture's type)."""

_TYPE = ox.NamedNode(RDF + "type")
_RECORDED_CODE = ox.NamedNode(VPO + "recordedCode")
_RECORDS_FRACTURE = ox.NamedNode(VPO + "recordsFracture")
_RECORDS_PROCEDURE = ox.NamedNode(VPO + "recordsProcedure")
_CAUSE_NOTE = ox.NamedNode(VPO + "fractureCauseNote")


@dataclass(frozen=True)
class CodeResolver:
    """The release's classifying mappings (code → classes) and its class hierarchy (class → ancestors)."""

    mapped: Mapping[str, frozenset[str]]
    ancestors: Mapping[str, frozenset[str]]

    @classmethod
    def from_store(cls, store: ox.Store) -> CodeResolver:
        """Read the mappings and the hierarchy from a store whose default graph holds the release."""
        mapped: dict[str, set[str]] = defaultdict(set)
        for row in _select(store, "assess-code-mappings.rq"):
            mapped[row["code"].value].add(row["class"].value)
        ancestors: dict[str, set[str]] = defaultdict(set)
        for row in _select(store, "assess-class-ancestors.rq"):
            ancestors[row["class"].value].add(row["ancestor"].value)
        return cls(
            {code: frozenset(classes) for code, classes in mapped.items()},
            {name: frozenset(above) for name, above in ancestors.items()},
        )

    def is_class(self, iri: str) -> bool:
        """Whether ``iri`` is a named class of the ontology."""
        return iri in self.ancestors

    def classes(self, code: str) -> frozenset[str]:
        """The classes of the ontology that ``code`` resolves to (empty when it resolves to none)."""
        if code in self.ancestors:
            return frozenset({code})
        found = set(self.mapped.get(code, ()))
        if code.startswith(ICD10CM):
            local = code[len(ICD10CM) :]
            for end in range(len(local) - 1, 2, -1):  # M80.08XA: M80.08X, M80.08, M80.0, M80
                found |= self.mapped.get(ICD10CM + local[:end], frozenset())
        return frozenset(found)

    def under(self, classes: Iterable[str], ancestor: str) -> frozenset[str]:
        """Those of ``classes`` that are ``ancestor`` or below it."""
        return frozenset(c for c in classes if ancestor in self.ancestors.get(c, ()))

    def names_a_cause(self, classes: Iterable[str]) -> bool:
        """Whether one of ``classes`` is a fracture class that says the fracture's cause."""
        return any(self.ancestors.get(c, frozenset()) & CAUSE_CLASSES for c in classes)


def _select(store: ox.Store, name: str) -> ox.QuerySolutions:
    solutions = store.query(internal(name))
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions


def coded_types(triples: Sequence[ox.Triple], resolver: CodeResolver) -> list[ox.Triple]:
    """The types that the codes of recorded fractures and procedures give them.

    A fracture (object of ``vpo:recordsFracture``) with codes gets each resolved class that is a
    vertebral fracture, or ``vpo:VertebralFracture`` when none is and the record gives it no type;
    when neither its type nor its codes say a cause and it has no cause note, it gets the note
    ``"unknown"``. A procedure (object of ``vpo:recordsProcedure``) gets each resolved class that is a
    procedure; with none, its kind stays unknown.
    """
    codes: dict[ox.NamedNode | ox.BlankNode, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    fractures: set[str] = set()
    procedures: set[str] = set()
    noted: set[str] = set()
    for t in triples:
        subject = t.subject
        if t.predicate == _RECORDED_CODE and isinstance(t.object, ox.NamedNode):
            if isinstance(subject, (ox.NamedNode, ox.BlankNode)):
                codes[subject].add(t.object.value)
        elif t.predicate == _TYPE and isinstance(t.object, ox.NamedNode):
            types[str(subject)].add(t.object.value)
        elif t.predicate == _RECORDS_FRACTURE:
            fractures.add(str(t.object))
        elif t.predicate == _RECORDS_PROCEDURE:
            procedures.add(str(t.object))
        elif t.predicate == _CAUSE_NOTE:
            noted.add(str(subject))
    derived: list[ox.Triple] = []
    for node in sorted(codes, key=str):
        key = str(node)
        resolved = frozenset().union(*(resolver.classes(code) for code in sorted(codes[node])))
        given = types.get(key, set())
        if key in fractures:
            added = set(resolver.under(resolved, VERTEBRAL_FRACTURE))
            if not added and not given:
                added = {VERTEBRAL_FRACTURE}
            if not resolver.names_a_cause(added | given) and key not in noted:
                derived.append(ox.Triple(node, _CAUSE_NOTE, ox.Literal("unknown")))
        elif key in procedures:
            added = set(resolver.under(resolved, PROCEDURE))
        else:
            continue
        derived += [ox.Triple(node, _TYPE, ox.NamedNode(c)) for c in sorted(added - given)]
    return derived
