"""Findings: one type for every quality problem, whatever found it, and one table to show them.

A SHACL result, a row of a QC query and a reasoner result (an unsatisfiable class, an inconsistent
ontology, an OWL 2 DL violation) all become a :class:`Finding`. Severities follow ROBOT: ``ERROR``
must be fixed before a release (``vkg build`` refuses one), ``WARN`` should be fixed, ``INFO`` may be.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pyoxigraph as ox

from .namespaces import PREFIXES, XSD, compact_iri

Severity = Literal["ERROR", "WARN", "INFO"]
SEVERITIES: tuple[Severity, ...] = ("ERROR", "WARN", "INFO")

SHAPES: str = "https://w3id.org/vertebroplasty-kg/shapes/"
"""Namespace of the project's SHACL shapes (``vsh:``)."""

SH: str = "http://www.w3.org/ns/shacl#"

DISPLAY_PREFIXES: dict[str, str] = {**PREFIXES, "vsh": SHAPES, "sh": SH}
"""Prefixes used to shorten IRIs in the findings table (the release's, plus the shapes')."""

XSD_STRING = XSD + "string"

COLUMNS = ("severity", "check", "entity", "path", "value", "message")
VALUE_WIDTH = 60
"""Values longer than this are cut short in the table (never in TSV)."""


@dataclass(frozen=True)
class Finding:
    """One quality problem: how bad, which check found it, where, and what to do about it.

    ``entity`` is the node at fault (a class, a claim, the ontology), ``path`` the property
    involved, ``value`` the offending value; all three are shown as compact IRIs or literals
    and may be empty. ``message`` says what is wrong in words.
    """

    severity: Severity
    check: str
    entity: str
    path: str = ""
    value: str = ""
    message: str = ""
    sort_key: tuple[int, str, str, str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        rank = SEVERITIES.index(self.severity)
        object.__setattr__(self, "sort_key", (rank, self.check, self.entity, self.path, self.value))

    def cells(self) -> tuple[str, str, str, str, str, str]:
        return (self.severity, self.check, self.entity, self.path, self.value, self.message)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Errors first, then by check, entity, path and value; duplicates dropped."""
    return sorted(set(findings), key=lambda finding: (finding.sort_key, finding.message))


def compact(iri: str, prefixes: Mapping[str, str] = DISPLAY_PREFIXES) -> str:
    """``iri`` as ``prefix:local`` when a prefix covers it (:func:`~.namespaces.compact_iri`), else as ``<iri>``."""
    return compact_iri(iri, prefixes) or f"<{iri}>"


def show_literal(value: str, language: str | None = None, datatype: str | None = None) -> str:
    """A literal as Turtle would write it: quoted, with its language tag or compact datatype."""
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if language:
        return f"{quoted}@{language}"
    if datatype and datatype != XSD_STRING:
        return f"{quoted}^^{compact(datatype)}"
    return quoted


def show(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """A pyoxigraph term for the table: a compact IRI, ``_:label`` or a quoted literal."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return show_literal(term.value, term.language, term.datatype.value)
    return str(term)


def counts(findings: Iterable[Finding]) -> Counter[str]:
    return Counter(finding.severity for finding in findings)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(finding.severity == "ERROR" for finding in findings)


def summary(findings: Iterable[Finding]) -> str:
    """``2 errors, 1 warning`` (or ``no findings``)."""
    found = counts(findings)
    if not found:
        return "no findings"
    words = {"ERROR": "error", "WARN": "warning", "INFO": "note"}
    parts = [f"{found[level]} {words[level]}{'s' if found[level] != 1 else ''}" for level in SEVERITIES if found[level]]
    return ", ".join(parts)


def _one_line(text: str) -> str:
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _shorten(text: str, width: int = VALUE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def render_table(findings: Iterable[Finding]) -> str:
    """The findings as a table with aligned columns, a header and a rule; message last, unpadded."""
    rows = []
    for finding in sort_findings(findings):
        cells = [_one_line(cell) for cell in finding.cells()]
        cells[4] = _shorten(cells[4])
        rows.append(tuple(cells))
    header = tuple(column.upper() for column in COLUMNS)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(COLUMNS) - 1)]

    def line(cells: tuple[str, ...]) -> str:
        padded = [cell.ljust(width) for cell, width in zip(cells[:-1], widths, strict=True)]
        return "  ".join([*padded, cells[-1]]).rstrip()

    rule = "  ".join("-" * width for width in [*widths, len(header[-1])])
    return "\n".join([line(header), rule, *(line(row) for row in rows)]) + "\n"


def render_tsv(findings: Iterable[Finding]) -> str:
    """The findings as tab-separated values with a header line (tabs and newlines in cells escaped)."""
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(_one_line(cell) for cell in finding.cells()) for finding in sort_findings(findings)]
    return "\n".join(lines) + "\n"
