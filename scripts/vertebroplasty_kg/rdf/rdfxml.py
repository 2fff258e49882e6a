"""RDF/XML in the style of the OWL API, written the same way for the same triples.

OBO tools read RDF/XML as the OWL API writes it, not as any RDF/XML: pronto looks for the
``owl:Ontology`` element among the first ones, and browsers expect one typed element per entity.
So :func:`serialize_rdfxml` writes

- the ``owl:Ontology`` header first, then one element per named node, grouped by kind as the OWL
  API groups them (annotation properties, object properties, data properties, datatypes, classes,
  individuals, other nodes), each typed by its kind (``<owl:Class rdf:about="...">``); further
  types are ``rdf:type`` children;
- each ``owl:Axiom`` that annotates a statement right after the element of the statement's subject,
  and the other top-level blank nodes (``owl:AllDisjointClasses``, ...) at the end;
- anonymous class expressions nested where they are used, RDF lists as ``rdf:parseType="Collection"``,
  and a blank node that is used more than once (an axiom annotation names the same restriction as
  the axiom) once in full with an ``rdf:nodeID``, elsewhere by that ``rdf:nodeID``, so that a reader
  gets back exactly the triples that were written.

Elements, properties and values are sorted (blank nodes by what they hold, not by their labels), and
node IDs are numbered in the order they are written: the same triples give the same bytes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from ..namespaces import OWL, RDF, RDFS, XSD

Subject = ox.NamedNode | ox.BlankNode
Object = ox.NamedNode | ox.BlankNode | ox.Literal

_KINDS = (
    (OWL + "Ontology", "Ontology"),
    (OWL + "AnnotationProperty", "Annotation properties"),
    (OWL + "ObjectProperty", "Object properties"),
    (OWL + "DatatypeProperty", "Data properties"),
    (RDFS + "Datatype", "Datatypes"),
    (OWL + "Class", "Classes"),
    (OWL + "NamedIndividual", "Individuals"),
)
"""The kinds of named node, in the order of their sections; a node goes under the first kind it has."""
_ANONYMOUS_KINDS = (OWL + "Restriction", OWL + "Class", RDFS + "Datatype", OWL + "Axiom", OWL + "AllDisjointClasses")
_OTHER = "Other nodes"
_GENERAL = "General axioms"
_TYPE, _FIRST, _REST, _NIL = RDF + "type", RDF + "first", RDF + "rest", RDF + "nil"
_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")
_SPLIT = re.compile(r"^(.*[/#:])([A-Za-z_][A-Za-z0-9._-]*)$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_INDENT = "    "


def serialize_rdfxml(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> bytes:
    """``triples`` as RDF/XML in OWL API style; ``prefixes`` become the ``xmlns`` declarations.

    Raises ``ValueError`` for what RDF/XML cannot hold: a predicate or type IRI that does not end
    in an XML name, or a literal with characters that XML 1.0 forbids.
    """
    return _Writer(list(triples), prefixes).document().encode("utf-8")


def _escape(text: str, *, attribute: bool = False) -> str:
    if _NOT_XML.search(text):
        raise ValueError(f"XML 1.0 cannot hold this text: {text!r}")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


class _Writer:
    def __init__(self, triples: list[ox.Triple], prefixes: Mapping[str, str]) -> None:
        self.properties: dict[Subject, list[tuple[str, Object]]] = defaultdict(list)
        self.uses: Counter[ox.BlankNode] = Counter()
        for triple in set(triples):
            subject, obj = triple.subject, triple.object
            if not isinstance(subject, ox.NamedNode | ox.BlankNode) or isinstance(obj, ox.Triple):
                raise ValueError(f"RDF/XML cannot hold an RDF-star triple: {triple}")
            self.properties[subject].append((triple.predicate.value, obj))
            if isinstance(obj, ox.BlankNode):
                self.uses[obj] += 1
        self.namespaces = self._namespaces(prefixes)
        self.qnames: dict[str, str] = {}
        self.node_ids: dict[ox.BlankNode, str] = {}
        self.written: set[ox.BlankNode] = set()
        self.lines: list[str] = []

    # names -------------------------------------------------------------------------------------

    def _namespaces(self, prefixes: Mapping[str, str]) -> dict[str, str]:
        """Prefix -> namespace: ``prefixes`` (with ``rdf``), plus ``ns1``, ``ns2``... for other predicates and types."""
        found = {"rdf": RDF, **prefixes}
        known = set(found.values())
        needed = {p for props in self.properties.values() for p, _ in props}
        needed |= {kind for kind, _ in _KINDS} | set(_ANONYMOUS_KINDS)
        missing = sorted({match[1] for iri in needed if not self._known(iri, known) and (match := _SPLIT.match(iri))})
        for number, namespace in enumerate(missing, start=1):
            found[f"ns{number}"] = namespace
        return found

    @staticmethod
    def _known(iri: str, namespaces: set[str]) -> bool:
        return any(iri.startswith(ns) and _NCNAME.fullmatch(iri[len(ns) :]) for ns in namespaces)

    def qname(self, iri: str) -> str:
        if iri in self.qnames:
            return self.qnames[iri]
        candidates = [(len(ns), p) for p, ns in self.namespaces.items() if iri.startswith(ns)]
        for _, prefix in sorted(candidates, reverse=True):
            local = iri[len(self.namespaces[prefix]) :]
            if _NCNAME.fullmatch(local):
                self.qnames[iri] = f"{prefix}:{local}"
                return self.qnames[iri]
        raise ValueError(f"RDF/XML cannot name <{iri}> as an element: it does not end in an XML name")

    # order -------------------------------------------------------------------------------------

    def key(self, term: Object, seen: frozenset[ox.BlankNode] = frozenset()) -> tuple[object, ...]:
        """A sort key that depends on what a blank node holds, not on its label."""
        if isinstance(term, ox.NamedNode):
            return (0, term.value)
        if isinstance(term, ox.Literal):
            return (1, term.value, term.language or "", term.datatype.value)
        if term in seen:
            return (3, term.value)
        inner = seen | {term}
        return (2, tuple(sorted((p, self.key(o, inner)) for p, o in self.properties.get(term, []))), term.value)

    def kind(self, subject: Subject, kinds: Iterable[str]) -> str | None:
        types = {o.value for p, o in self.properties[subject] if p == _TYPE and isinstance(o, ox.NamedNode)}
        return next((kind for kind in kinds if kind in types), None)

    # document ----------------------------------------------------------------------------------

    def document(self) -> str:
        declarations = "\n".join(f'     xmlns:{p}="{_escape(ns, attribute=True)}"' for p, ns in self.namespaces.items())
        self.lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<rdf:RDF {declarations.lstrip()}>"]
        axioms: dict[Subject, list[ox.BlankNode]] = defaultdict(list)
        sections: dict[str, list[Subject]] = defaultdict(list)
        for subject in self.properties:
            if isinstance(subject, ox.NamedNode):
                found = self.kind(subject, (kind for kind, _ in _KINDS))
                sections[dict(_KINDS).get(found or "", _OTHER)].append(subject)
            elif self.uses[subject] == 0:
                source = self._annotated_source(subject)
                if source is not None:
                    axioms[source].append(subject)
                else:
                    sections[_GENERAL].append(subject)
        for title in [title for _, title in _KINDS] + [_OTHER, _GENERAL]:
            members = sorted(sections[title], key=self.key)
            if members:
                self.lines += ["", f"{_INDENT}<!-- {title} -->", ""]
            for subject in members:
                self.node(subject, 1)
                for axiom in sorted(axioms.pop(subject, []), key=self.key):
                    self.node(axiom, 1)
        for subject in sorted((s for s in self.properties if isinstance(s, ox.BlankNode)), key=self.key):
            if subject not in self.written:  # in a cycle of blank nodes, or annotating a node with no element
                self.node(subject, 1)
        self.lines.append("</rdf:RDF>")
        return "\n".join(self.lines) + "\n"

    def _annotated_source(self, node: ox.BlankNode) -> ox.NamedNode | None:
        if self.kind(node, [OWL + "Axiom"]) is None:
            return None
        sources = [o for p, o in self.properties[node] if p == OWL + "annotatedSource"]
        source = sources[0] if len(sources) == 1 else None
        return source if isinstance(source, ox.NamedNode) and source in self.properties else None

    def node_id(self, node: ox.BlankNode) -> str:
        return self.node_ids.setdefault(node, f"genid{len(self.node_ids) + 1}")

    def node(self, subject: Subject, depth: int) -> None:
        """The element of ``subject`` with its properties, at ``depth`` (1: a top-level element)."""
        kinds = [kind for kind, _ in _KINDS] if isinstance(subject, ox.NamedNode) else list(_ANONYMOUS_KINDS)
        kind = self.kind(subject, kinds)
        tag = self.qname(kind) if kind else "rdf:Description"
        if isinstance(subject, ox.NamedNode):
            attribute = f' rdf:about="{_escape(subject.value, attribute=True)}"'
        else:
            self.written.add(subject)
            uses = self.uses[subject]
            # a node used twice, or used by a node written later (a cycle of blank nodes), needs its ID
            named = uses > 1 or (depth == 1 and uses == 1)
            attribute = f' rdf:nodeID="{self.node_id(subject)}"' if named else ""
        own = [(p, o) for p, o in self.properties.get(subject, []) if not (p == _TYPE and kind and o.value == kind)]
        own.sort(key=lambda po: (po[0] != _TYPE, po[0], self.key(po[1])))
        if not own:
            self.lines.append(f"{_INDENT * depth}<{tag}{attribute}/>")
            return
        self.lines.append(f"{_INDENT * depth}<{tag}{attribute}>")
        for predicate, obj in own:
            self.property(self.qname(predicate), obj, depth + 1)
        self.lines.append(f"{_INDENT * depth}</{tag}>")

    def property(self, name: str, obj: Object, depth: int) -> None:
        pad = _INDENT * depth
        if isinstance(obj, ox.NamedNode):
            self.lines.append(f'{pad}<{name} rdf:resource="{_escape(obj.value, attribute=True)}"/>')
        elif isinstance(obj, ox.Literal):
            if obj.language:
                attribute = f' xml:lang="{obj.language}"'
            elif obj.datatype.value != XSD + "string":
                attribute = f' rdf:datatype="{_escape(obj.datatype.value, attribute=True)}"'
            else:
                attribute = ""
            self.lines.append(f"{pad}<{name}{attribute}>{_escape(obj.value)}</{name}>")
        elif (items := self.collection(obj)) is not None:
            self.lines.append(f'{pad}<{name} rdf:parseType="Collection">')
            for item in items:
                self.item(item, depth + 1)
            self.lines.append(f"{pad}</{name}>")
        elif obj in self.written or obj not in self.properties:
            self.lines.append(f'{pad}<{name} rdf:nodeID="{self.node_id(obj)}"/>')
        else:
            self.lines.append(f"{pad}<{name}>")
            self.node(obj, depth + 1)
            self.lines.append(f"{pad}</{name}>")

    def item(self, item: ox.NamedNode | ox.BlankNode, depth: int) -> None:
        if isinstance(item, ox.NamedNode):
            self.lines.append(f'{_INDENT * depth}<rdf:Description rdf:about="{_escape(item.value, attribute=True)}"/>')
        elif item in self.written or item not in self.properties:
            self.lines.append(f'{_INDENT * depth}<rdf:Description rdf:nodeID="{self.node_id(item)}"/>')
        else:
            self.node(item, depth)

    def collection(self, head: ox.BlankNode) -> list[ox.NamedNode | ox.BlankNode] | None:
        """The members of the RDF list at ``head``, if ``rdf:parseType="Collection"`` gives back exactly its triples."""
        items: list[ox.NamedNode | ox.BlankNode] = []
        cells: list[ox.BlankNode] = []
        node: Object = head
        while node != ox.NamedNode(_NIL):
            if not isinstance(node, ox.BlankNode) or node in cells or node in self.written or self.uses[node] != 1:
                return None
            props = dict(self.properties.get(node, []))
            if sorted(p for p, _ in self.properties.get(node, [])) != [_FIRST, _REST]:
                return None
            first = props[_FIRST]
            if isinstance(first, ox.Literal):
                return None
            items.append(first)
            cells.append(node)
            node = props[_REST]
        self.written.update(cells)
        return items
