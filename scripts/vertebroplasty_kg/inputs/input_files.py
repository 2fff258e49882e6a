"""The project's input files: the ones it cannot do without are there, and none is empty or unreadable.

A release built without its claims, its shapes or its mappings would still be valid RDF, so their
absence must be said out loud. :data:`REQUIRED` names the files that must exist; every file of
the folders that ``vkg build`` reads (:data:`READ`) must also be a regular, readable file with
something in it. Findings (all ERROR):

- ``missing_input_file``: a required file is not there;
- ``empty_input_file``: a file holds nothing, or only white space;
- ``unreadable_input_file``: a directory, a symbolic link to nothing, or a file that cannot be read,
  where a file is expected.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..findings import Finding
from ..project import folder_files

MISSING = "missing_input_file"
EMPTY = "empty_input_file"
UNREADABLE = "unreadable_input_file"


@dataclass(frozen=True)
class Required:
    path: str
    """Relative to the project root."""
    holds: str
    """What the project loses without it, for the message."""


REQUIRED: tuple[Required, ...] = (
    Required("ontology/vertebroplasty-ontology.ttl", "the ontology: its header, classes, properties and axioms"),
    Required("ontology/claim-vocabulary.ttl", "the claim model: claim relations, certainty and frequency schemes"),
    Required("ontology/source-documents.ttl", "the source documents and their checksums"),
    Required("ontology/claims.ttl", "the claims, each quoting its source"),
    Required("ontology/references.ttl", "the documents that axioms cite"),
    Required("ontology/case-records.ttl", "the case-record vocabulary"),
    Required("ontology/case-assessment.ttl", "the case-assessment vocabulary"),
    Required("shapes/ontology-qc.ttl", "the shapes of the ontology's terms and header"),
    Required("shapes/claims.ttl", "the shapes of claims, anchors and conflicts"),
    Required("shapes/case-records.ttl", "the shapes of case records"),
    Required("mappings/vertebroplasty-kg.sssom.tsv", "the mappings to external terminologies"),
    Required("sources/vertebroplasty-patient-information.txt", "the source text that the claims quote"),
)
"""The files the project cannot do without, and what each holds."""

READ: tuple[tuple[str, str, str], ...] = (
    ("ontology", "*.ttl", "a Turtle file"),
    ("shapes", "*.ttl", "a Turtle file of SHACL shapes"),
    ("mappings", "*.sssom.tsv", "an SSSOM TSV mapping set"),
    ("sources", "*.txt", "a source text"),
    ("sources", "*.claim-free.tsv", "a tab-separated list of sentences"),
    ("evidence", "*.ttl", "a Turtle file"),
    ("queries/qc", "*.rq", "a SPARQL query file (.rq)"),
)
"""The folders ``vkg build`` reads, the files it reads in each, and what each should be."""


def _candidates(root: Path) -> Iterator[tuple[Path, str]]:
    """Every file that ``vkg build`` would read, and what it should be, sorted; required ones included."""
    expected = {root / required.path: "a file" for required in REQUIRED}
    for folder, pattern, kind in READ:
        for path in folder_files(root / folder, pattern):
            expected[path] = kind
    yield from sorted(expected.items())


def _problem(path: Path, kind: str, shown: str) -> Finding | None:
    if not path.exists() and not path.is_symlink():
        return None  # a required file that is missing is reported as such
    try:
        with path.open("rb") as handle:
            data = handle.read(65536)
            while data and not data.strip():
                data = handle.read(65536)
    except OSError as error:
        problem = InputError.unreadable(path, error, expected=kind, shown_as=shown)
        detail = problem.message.removeprefix(f"{shown}: ")
        return Finding("ERROR", UNREADABLE, shown, message=f"{detail[:1].upper()}{detail[1:]}; {problem.hint}.")
    if not data:
        return Finding(
            "ERROR", EMPTY, shown, message="The file is empty: restore it from version control, or remove it."
        )
    return None


def input_file_findings(root: Path) -> list[Finding]:
    """The missing, empty and unreadable input files of the project at ``root``."""
    findings = [
        Finding(
            "ERROR",
            MISSING,
            required.path,
            message=f"The project needs this file, which holds {required.holds}: restore it from version control.",
        )
        for required in REQUIRED
        if not (root / required.path).exists() and not (root / required.path).is_symlink()
    ]
    for path, kind in _candidates(root):
        found = _problem(path, kind, str(path.relative_to(root)))
        if found is not None:
            findings.append(found)
    return findings
