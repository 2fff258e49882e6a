"""A SHACL shapes graph read for a validator: each shape's parameters, its lists, its name in messages.

:class:`ShapesGraph` refuses, with the file and the shape, a parameter that its validator does not
implement (``known``), so that a constraint is never silently ignored; it names a blank-node shape
by where it hangs (``ex:S sh:property [...]``), since its label is new at every parse.
"""

from __future__ import annotations

from collections.abc import Collection

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import OWL, RDF, RDFS, SH, compact
from ..rdf.parsing import Term

TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")


def _sh(name: str) -> ox.NamedNode:
    return ox.NamedNode(SH + name)


class ShapesGraph:
    """The shapes of one file (``shown``, as messages name it) in ``shapes``."""

    def __init__(self, shapes: ox.Store, shown: str, known: Collection[str], *, reader: str) -> None:
        self.shapes = shapes
        self.file = shown
        self.known = known
        self.reader = reader

    def params(self, shape: Term) -> dict[str, list[Term]]:
        if isinstance(shape, ox.Literal):
            raise self.refuse(shape, "a literal where a shape was expected")
        found: dict[str, list[Term]] = {}
        for quad in self.shapes.quads_for_pattern(shape, None, None):
            name = quad.predicate.value
            if name.startswith(SH) and not isinstance(quad.object, ox.Triple):
                found.setdefault(name[len(SH) :], []).append(quad.object)
        for name in sorted(found):
            if name not in self.known:
                raise self.refuse(shape, f"sh:{name} is not implemented")
        for values in found.values():
            values.sort(key=str)
        return found

    def refuse(self, shape: Term, problem: str) -> InputError:
        return InputError(
            self.file,
            f"shape {self.name(shape)}: {problem} by {self.reader}",
            hint="use only the SHACL Core constraints that shapes/README.md lists as implemented",
        )

    def name(self, shape: Term | ox.Triple, depth: int = 0) -> str:
        """A shape's compact IRI; a blank-node shape by where it hangs (``ex:S sh:property [...]``)."""
        if isinstance(shape, ox.NamedNode):
            return compact(shape.value)
        parents = sorted(self.shapes.quads_for_pattern(None, None, shape), key=str)
        if not parents or depth > 5:
            return "a blank-node shape"
        parent = parents[0]
        if parent.predicate == ox.NamedNode(RDF + "first"):  # a member of a list: name the list's owner
            heads = self.list_owner(parent.subject)
            if heads is not None:
                return f"{self.name(heads.subject, depth + 1)} {compact(heads.predicate.value)} (...)"
        return f"{self.name(parent.subject, depth + 1)} {compact(parent.predicate.value)} [...]"

    def list_owner(self, node: Term | ox.Triple) -> ox.Quad | None:
        """The triple whose object is the RDF list that ``node`` is a cell of."""
        rest = ox.NamedNode(RDF + "rest")
        for _ in range(1000):
            owners = list(self.shapes.quads_for_pattern(None, None, node))
            if not owners:
                return None
            if owners[0].predicate != rest:
                return owners[0]
            node = owners[0].subject
        return None

    def members(self, shape: Term, head: Term) -> list[Term]:
        """The members of the RDF list ``head``."""
        first, rest, nil = ox.NamedNode(RDF + "first"), ox.NamedNode(RDF + "rest"), ox.NamedNode(RDF + "nil")
        items: list[Term] = []
        node = head
        while node != nil:
            if isinstance(node, ox.Literal):
                raise self.refuse(shape, "a broken RDF list")
            quads = list(self.shapes.quads_for_pattern(node, None, None))
            values = [q.object for q in quads if q.predicate == first]
            nexts = [q.object for q in quads if q.predicate == rest]
            if len(values) != 1 or len(nexts) != 1 or isinstance(values[0], ox.Triple):
                raise self.refuse(shape, "a broken RDF list")
            items.append(values[0])
            node = nexts[0]  # type: ignore[assignment]
        return items

    def shape_nodes(self) -> list[Term]:
        """Every shape with targets (an explicit target, or an implicit class target), in a fixed order."""
        found: set[Term] = set()
        for name in TARGETS:
            found |= {q.subject for q in self.shapes.quads_for_pattern(None, _sh(name), None)}  # type: ignore[misc]
        for kind in ("NodeShape", "PropertyShape"):
            for quad in self.shapes.quads_for_pattern(None, ox.NamedNode(RDF + "type"), _sh(kind)):
                if self.is_class(quad.subject):  # type: ignore[arg-type]
                    found.add(quad.subject)  # type: ignore[arg-type]
        return sorted(found, key=str)

    def is_class(self, node: Term) -> bool:
        types = {q.object for q in self.shapes.quads_for_pattern(node, ox.NamedNode(RDF + "type"), None)}  # type: ignore[arg-type]
        return bool(types & {ox.NamedNode(RDFS + "Class"), ox.NamedNode(OWL + "Class")})

    def deactivated(self, params: dict[str, list[Term]]) -> bool:
        return any(isinstance(v, ox.Literal) and v.value == "true" for v in params.get("deactivated", []))
