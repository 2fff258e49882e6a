"""SHACL validation with pyshacl against the shapes in ``shapes/``.

pyshacl runs without inference (``sh:targetClass`` already follows ``rdfs:subClassOf`` in the data)
and in advanced mode, for the SPARQL-based target that picks out this ontology's own terms. Each
validation result becomes a :class:`ShapeResult` (which keeps the constraint component, for tests
and for ``-v``) and then a :class:`Finding` whose check is the IRI of the shape that failed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

from ..errors import InputError
from ..findings import Finding, Severity, show_literal
from ..namespaces import SH, compact
from ..project import SHAPES_DIR, folder_files
from ..rdf.parsing import parse_turtle, to_rdflib

_SH = rdflib.Namespace(SH)
_SEVERITY: dict[rdflib.term.Node, Severity] = {_SH.Violation: "ERROR", _SH.Warning: "WARN", _SH.Info: "INFO"}


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL validation result, its terms shown as in the findings table."""

    severity: Severity
    shape: str
    focus: str
    path: str
    value: str
    component: str
    message: str

    def finding(self) -> Finding:
        return Finding(self.severity, self.shape, self.focus, self.path, self.value, self.message)


def show_node(node: rdflib.term.Node | None) -> str:
    """An rdflib term for the table: a compact IRI, ``_:label`` or a quoted literal."""
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        return compact(str(node))
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    if isinstance(node, rdflib.Literal):
        return show_literal(str(node), node.language, str(node.datatype) if node.datatype else None)
    return str(node)


def shape_files(root: Path) -> list[Path]:
    return folder_files(root / SHAPES_DIR, "*.ttl")


def read_shapes(paths: Iterable[Path], *, root: Path | None = None) -> rdflib.Graph:
    """The shapes graph from ``paths``; a syntax error names its file and line."""
    triples: list[ox.Triple] = []
    for path in paths:
        shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        triples += parse_turtle(path, shown_as=shown)
    if not triples:
        raise InputError(root / SHAPES_DIR if root else "shapes", "no SHACL shapes found", hint="restore shapes/")
    return to_rdflib(triples)


def validate_graph(data: rdflib.Graph, shapes: rdflib.Graph) -> list[ShapeResult]:
    """Every SHACL result of ``data`` against ``shapes``: the report's own results (``sh:result``), not
    the nested ones a ``sh:node`` violation carries as its ``sh:detail``.

    ``inplace``: in advanced mode pyshacl would otherwise validate a full copy of ``data`` (in case
    SHACL rules add triples to it); without inference and with no rules in the shapes, nothing is
    added, and the copy would double the memory that the data takes."""
    import pyshacl

    try:
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none", inplace=True)
    except Exception as error:  # pyshacl raises its own error types for malformed shapes
        raise InputError(
            "shapes/", f"the SHACL shapes cannot be used: {error}", hint="fix the shape it names"
        ) from error
    assert isinstance(report, rdflib.Graph)
    return [_result(report, node) for node in report.objects(None, _SH.result)]


def _result(report: rdflib.Graph, node: rdflib.term.Node) -> ShapeResult:
    def value(predicate: rdflib.URIRef) -> rdflib.term.Node | None:
        return report.value(node, predicate)

    shape = value(_SH.sourceShape)
    component = value(_SH.sourceConstraintComponent)
    shown_shape = compact(str(shape)) if isinstance(shape, rdflib.URIRef) else show_node(component)
    messages = sorted(str(message) for message in report.objects(node, _SH.resultMessage))
    return ShapeResult(
        severity=_SEVERITY.get(value(_SH.resultSeverity), "ERROR"),  # type: ignore[arg-type]
        shape=shown_shape,
        focus=show_node(value(_SH.focusNode)),
        path=show_node(value(_SH.resultPath)),
        value=show_node(value(_SH.value)),
        component=str(component or ""),
        message=" / ".join(messages),
    )


def shape_findings(results: Iterable[ShapeResult]) -> list[Finding]:
    return [result.finding() for result in results]


def validate_triples(triples: Iterable[ox.Triple], shapes: rdflib.Graph) -> list[ShapeResult]:
    return validate_graph(to_rdflib(triples), shapes)
