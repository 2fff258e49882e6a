"""Findings: one type for every quality problem, whatever found it, and one table to show them.

A SHACL result, a row of a QC query and a reasoner result (an unsatisfiable class, an inconsistent
ontology, an OWL 2 DL violation) all become a :class:`Finding`. Severities follow ROBOT: ``ERROR``
must be fixed before a release (``vkg build`` refuses one), ``WARN`` should be fixed, ``INFO`` may be.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import pyoxigraph as ox

from .namespaces import XSD, compact

Severity = Literal["ERROR", "WARN", "INFO"]
SEVERITIES: tuple[Severity, ...] = ("ERROR", "WARN", "INFO")


XSD_STRING = XSD + "string"

COLUMNS = ("severity", "check", "entity", "path", "value", "message")
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
