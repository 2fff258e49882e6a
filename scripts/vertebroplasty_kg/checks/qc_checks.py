"""SPARQL quality-control checks: one ``queries/qc/<name>.rq`` per check, run with pyoxigraph.

Each check opens with a header that names it and says how bad its findings are::

    # check: missing_label
    # level: ERROR
    # description: A named node that says more than its type ... has no rdfs:label ...

and selects ``?entity ?property ?value``: one row per offending node (``?property`` and ``?value``
may be unbound). The checks follow ROBOT's ``report`` queries with ROBOT's semantics, on every node
of the graph (each matches at least what ROBOT's query matches; ``queries/README.md`` gives the
report profile), plus the project's own checks and the OWL 2 DL profile checks ``dl_*``. Being
plain SELECT queries, they also run in ``robot verify`` or any SPARQL 1.1 store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..findings import SEVERITIES, Finding, Severity, show
from ..project import folder_files
from ..rdf.sparql_text import header_fields, not_a_query

_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_COLUMNS = ("entity", "property", "value")


@dataclass(frozen=True)
class Check:
    name: str
    level: Severity
    description: str
    query: str
    path: Path


def read_check(path: Path, *, shown_as: str | None = None) -> Check:
    """The check in ``path``; raises :class:`InputError` for a missing or malformed header."""
    name = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError.unreadable(path, error, expected="a SPARQL query file (.rq)", shown_as=name) from error
    except UnicodeDecodeError as error:
        raise InputError(name, f"not UTF-8: {error.reason}", hint="save the file as UTF-8") from error
    header: dict[str, str] = {}
    lines: dict[str, int] = {}
    for key, value, number in header_fields(text, ("check", "level", "description")):
        if key in header:
            raise InputError(name, f"'{key}' appears twice in the header", line=number)
        header[key], lines[key] = value, number
    hint = "start the file with '# check: <name>', '# level: ERROR|WARN|INFO' and '# description: <text>'"
    missing = [key for key in ("check", "level", "description") if not header.get(key)]
    if missing:
        raise InputError(name, f"the header lacks {', '.join(missing)}", line=1, hint=hint)
    expected = path.stem.replace("-", "_")
    if header["check"] != expected or not _NAME.match(header["check"]):
        raise InputError(
            name,
            f"check '{header['check']}' does not match the file name (expected '{expected}')",
            line=lines["check"],
            hint=hint,
        )
    level = header["level"]
    if level not in SEVERITIES:
        raise InputError(name, f"level '{level}' is not one of {', '.join(SEVERITIES)}", line=lines["level"], hint=hint)
    return Check(header["check"], level, header["description"], text, path)


def read_checks(folder: Path, *, root: Path | None = None) -> list[Check]:
    """Every ``*.rq`` check in ``folder``, sorted by name."""
    checks = []
    for path in folder_files(folder, "*.rq"):
        shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else None
        checks.append(read_check(path, shown_as=shown))
    if not checks:
        raise InputError(folder, "no QC checks (*.rq) found", hint="restore queries/qc/ from git")
    return checks


def store_of(triples: Iterable[ox.Triple]) -> ox.Store:
    """An in-memory store holding ``triples`` in its default graph."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def run_check(check: Check, store: ox.Store) -> list[Finding]:
    """The findings of ``check`` on ``store``: one per row."""
    try:
        solutions = store.query(check.query)
    except SyntaxError as error:
        raise not_a_query(check.query, str(check.path), error) from error
    if not isinstance(solutions, ox.QuerySolutions):
        raise InputError(check.path, "a check must be a SELECT query", hint="select ?entity ?property ?value")
    names = {variable.value for variable in solutions.variables}
    if "entity" not in names:
        raise InputError(check.path, "a check must select ?entity", hint="select ?entity ?property ?value")
    findings = []
    for row in solutions:
        entity, prop, value = (row[column] if column in names else None for column in _COLUMNS)
        findings.append(Finding(check.level, check.name, show(entity), show(prop), show(value), check.description))
    return findings


def run_checks(checks: Iterable[Check], store: ox.Store) -> list[Finding]:
    return [finding for check in checks for finding in run_check(check, store)]
