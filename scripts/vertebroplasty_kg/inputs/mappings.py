"""SSSOM mapping sets: read ``mappings/*.sssom.tsv`` and turn the mappings into SKOS triples.

A mapping set is an SSSOM TSV file with an embedded YAML header (lines starting with ``#``). The
reader checks what the release depends on and reports the first problem with file and line:
the header's required keys, a CURIE whose prefix is not in the ``curie_map``, a predicate outside
the five SKOS mapping relations, a subject outside this ontology's namespace, a row with the wrong
number of cells, and a duplicate mapping. Full schema validation is ``sssom validate`` (sssom-py),
which the tests run. A mapping that two files both hold (a copied mapping set) is a finding,
``duplicate_mapping`` (:func:`duplicate_mapping_findings`), found by the same check as a duplicate
within one file.

In the release each mapping becomes one triple ``subject skos:*Match object``; an exact match also
gives ``subject oboInOwl:hasDbXref "CURIE"``, the form OBO tools show as a cross-reference. The
SKOS mapping properties and ``oboInOwl:hasDbXref`` are declared annotation properties, so the
merged ontology stays in OWL 2 DL although the objects are IRIs of other terminologies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from ..errors import InputError
from ..findings import Finding
from ..namespaces import OBO_IN_OWL, OWL, RDF, SKOS, VPO, compact

HAS_DB_XREF = ox.NamedNode(OBO_IN_OWL + "hasDbXref")

MAPPING_PREDICATES: tuple[str, ...] = tuple(
    SKOS + name for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
)
"""The predicates a mapping may use: SKOS's five mapping relations."""
EXACT_MATCH = SKOS + "exactMatch"

REQUIRED_COLUMNS: tuple[str, ...] = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "object_source",
    "object_source_version",
    "comment",
)
REQUIRED_METADATA: tuple[str, ...] = ("curie_map", "mapping_set_id", "mapping_set_version", "license")
CURIE_COLUMNS: tuple[str, ...] = ("subject_id", "predicate_id", "object_id", "mapping_justification", "object_source")

BUILT_IN_PREFIXES: Mapping[str, str] = {
    "owl": OWL,
    "rdf": RDF,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "skos": SKOS,
    "sssom": "https://w3id.org/sssom/",
}
"""Prefixes every SSSOM file may use without declaring them (the SSSOM specification's built-ins)."""

_CURIE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]*):(\S+)$")
_HINT_FORMAT = "see https://mapping-commons.github.io/sssom/spec-formats-tsv/ for the SSSOM TSV format"


@dataclass(frozen=True)
class MappingRow:
    """One row of a mapping set, with the line it was read from."""

    line: int
    subject_id: str
    predicate_id: str
    object_id: str
    cells: Mapping[str, str]

    def key(self) -> tuple[str, str, str]:
        return (self.subject_id, self.predicate_id, self.object_id)


def expand(curie: str, curie_map: Mapping[str, str]) -> str:
    """The IRI of ``curie`` under ``curie_map`` (which the reader has already checked it against)."""
    prefix, local = curie.split(":", 1)
    return curie_map[prefix] + local


class FirstSeen:
    """Where each mapping was first seen, to find it again: the duplicate check, for the rows of one
    file and across the files of ``mappings/``. Mappings are compared by the IRIs of subject,
    predicate and object, so two files that spell a prefix differently still agree."""

    def __init__(self) -> None:
        self._where: dict[tuple[str, str, str], tuple[str, int]] = {}

    def add(self, mapping: MappingRow, curie_map: Mapping[str, str], shown_as: str) -> tuple[str, int] | None:
        """Record ``mapping`` of file ``shown_as``; return the file and line that had it first, if any."""
        key = (
            expand(mapping.subject_id, curie_map),
            expand(mapping.predicate_id, curie_map),
            expand(mapping.object_id, curie_map),
        )
        first = self._where.get(key)
        if first is None:
            self._where[key] = (shown_as, mapping.line)
        return first


@dataclass(frozen=True)
class MappingSet:
    """A parsed SSSOM TSV file: its metadata, its prefix map and its mapping rows."""

    path: Path
    shown_as: str
    data: bytes
    metadata: Mapping[str, Any]
    curie_map: Mapping[str, str]
    columns: tuple[str, ...]
    mappings: tuple[MappingRow, ...]

    def expand(self, curie: str) -> str:
        """The IRI of ``curie`` (which the reader has already checked)."""
        return expand(curie, self.curie_map)

    def __len__(self) -> int:
        return len(self.mappings)


def _read(path: Path, shown_as: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError.unreadable(path, error, expected="an SSSOM TSV mapping set", shown_as=shown_as) from error


def _header_and_body(data: bytes, shown_as: str) -> tuple[list[str], list[str]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(shown_as, f"not UTF-8: {error.reason}", hint="save the file as UTF-8") from error
    lines = text.splitlines()
    header_length = 0
    while header_length < len(lines) and lines[header_length].startswith("#"):
        header_length += 1
    return lines[:header_length], lines[header_length:]


def _metadata(header: list[str], shown_as: str) -> dict[str, Any]:
    if not header:
        raise InputError(
            shown_as,
            "no embedded YAML header (lines starting with '#')",
            line=1,
            hint="start the file with '# curie_map:', '# mapping_set_id:', '# mapping_set_version:' and '# license:'",
        )
    try:
        loaded = yaml.safe_load("\n".join(line[1:] for line in header))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and context_mark is not None:
            problem = f"{problem} ({context} started on line {context_mark.line + 1})"
        raise InputError(
            shown_as,
            f"YAML header: {problem}",
            line=(mark.line + 1) if mark is not None else 1,
            hint="the header is YAML after the leading '#': indent nested keys by spaces, write 'key: value'",
        ) from error
    if not isinstance(loaded, dict):
        raise InputError(shown_as, "the YAML header is not a mapping of keys to values", line=1, hint=_HINT_FORMAT)
    missing = [key for key in REQUIRED_METADATA if not loaded.get(key)]
    if missing:
        raise InputError(
            shown_as,
            f"the header lacks {', '.join(missing)}",
            line=1,
            hint=f"every mapping set here declares {', '.join(REQUIRED_METADATA)}",
        )
    return loaded


def _curie_map(metadata: Mapping[str, Any], header: list[str], shown_as: str) -> dict[str, str]:
    declared = metadata["curie_map"]
    line = next((i + 1 for i, text in enumerate(header) if text[1:].strip().startswith("curie_map")), 1)
    if not isinstance(declared, dict) or not all(isinstance(v, str) for v in declared.values()):
        raise InputError(shown_as, "curie_map is not a map of prefixes to IRI prefixes", line=line, hint=_HINT_FORMAT)
    for prefix, namespace in declared.items():
        built_in = BUILT_IN_PREFIXES.get(str(prefix))
        if built_in is not None and built_in != namespace:
            raise InputError(
                shown_as,
                f"curie_map redefines the built-in prefix {prefix!r} as {namespace!r}",
                line=line,
                hint=f"SSSOM fixes {prefix}: to {built_in}; remove the entry or correct it",
            )
    return {**BUILT_IN_PREFIXES, **{str(prefix): namespace for prefix, namespace in declared.items()}}


def _check_curie(value: str, column: str, curie_map: Mapping[str, str], shown_as: str, line: int) -> None:
    match = _CURIE.match(value)
    if match is None:
        raise InputError(
            shown_as,
            f"{column} {value!r} is not a CURIE (prefix:identifier)",
            line=line,
            hint="write identifiers as CURIEs whose prefix is declared in the curie_map, e.g. mesh:D054854",
        )
    if match.group(1) not in curie_map:
        raise InputError(
            shown_as,
            f"{column} {value!r}: prefix {match.group(1)!r} is not in the curie_map",
            line=line,
            hint=f"declare '{match.group(1)}: <IRI prefix>' under curie_map in the header (Bioregistry's prefix)",
        )


def _rows(
    body: list[str], first_line: int, curie_map: Mapping[str, str], shown_as: str
) -> tuple[tuple[str, ...], list[MappingRow]]:
    if not body or not body[0].strip():
        raise InputError(shown_as, "no column header after the YAML header", line=first_line, hint=_HINT_FORMAT)
    columns = tuple(body[0].split("\t"))
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise InputError(
            shown_as,
            f"the column header lacks {', '.join(missing)}",
            line=first_line,
            hint=f"the columns are tab-separated; required: {' '.join(REQUIRED_COLUMNS)}",
        )
    rows: list[MappingRow] = []
    seen = FirstSeen()
    for offset, text in enumerate(body[1:], start=1):
        line = first_line + offset
        if not text.strip():
            continue
        cells = text.split("\t")
        if len(cells) != len(columns):
            raise InputError(
                shown_as,
                f"{len(cells)} cells, but the header has {len(columns)} columns",
                line=line,
                hint="separate cells by exactly one tab; leave an empty cell between two tabs",
            )
        row = dict(zip(columns, cells, strict=True))
        for column in CURIE_COLUMNS:
            _check_curie(row[column], column, curie_map, shown_as, line)
        mapping = MappingRow(line, row["subject_id"], row["predicate_id"], row["object_id"], row)
        _check_row(mapping, curie_map, shown_as)
        first = seen.add(mapping, curie_map, shown_as)
        if first is not None:
            raise InputError(
                shown_as,
                f"duplicate mapping {' '.join(mapping.key())} (first on line {first[1]})",
                line=line,
                hint="keep one row per subject, predicate and object",
            )
        rows.append(mapping)
    return columns, rows


def _check_row(mapping: MappingRow, curie_map: Mapping[str, str], shown_as: str) -> None:
    def iri(curie: str) -> str:
        return expand(curie, curie_map)

    if iri(mapping.predicate_id) not in MAPPING_PREDICATES:
        raise InputError(
            shown_as,
            f"predicate {mapping.predicate_id!r} is not a SKOS mapping relation",
            line=mapping.line,
            hint="use skos:exactMatch only for the same meaning, else closeMatch, broadMatch, narrowMatch "
            "or relatedMatch",
        )
    for column, curie in (("subject_id", mapping.subject_id), ("object_id", mapping.object_id)):
        try:
            ox.NamedNode(iri(curie))
        except ValueError as error:
            raise InputError(
                shown_as,
                f"{column} {curie!r} expands to {iri(curie)!r}, which is not an IRI: {error}",
                line=mapping.line,
                hint="check the identifier and its prefix's IRI in the curie_map",
            ) from error
    if not iri(mapping.subject_id).startswith(VPO):
        raise InputError(
            shown_as,
            f"subject {mapping.subject_id!r} is not a term of this ontology (namespace {VPO})",
            line=mapping.line,
            hint="the subject column holds our classes (vpo:...); the object column the external code",
        )


def read_mapping_set(path: Path, *, shown_as: str | None = None) -> MappingSet:
    """Parse the SSSOM TSV file at ``path``; raise :class:`InputError` naming file and line on a problem."""
    name = shown_as or str(path)
    data = _read(path, name)
    header, body = _header_and_body(data, name)
    metadata = _metadata(header, name)
    curie_map = _curie_map(metadata, header, name)
    columns, rows = _rows(body, len(header) + 1, curie_map, name)
    return MappingSet(path, name, data, metadata, curie_map, columns, tuple(rows))


DUPLICATE_MAPPING = "duplicate_mapping"


def duplicate_mapping_findings(mapping_sets: Iterable[MappingSet]) -> list[Finding]:
    """An ERROR for each mapping that an earlier file of ``mapping_sets`` already holds, naming both
    files and lines (a duplicate within one file stops :func:`read_mapping_set` already)."""
    seen = FirstSeen()
    findings = []
    for mapping_set in mapping_sets:
        for mapping in mapping_set.mappings:
            first = seen.add(mapping, mapping_set.curie_map, mapping_set.shown_as)
            if first is None:
                continue
            findings.append(
                Finding(
                    "ERROR",
                    DUPLICATE_MAPPING,
                    compact(mapping_set.expand(mapping.subject_id)),
                    compact(mapping_set.expand(mapping.predicate_id)),
                    mapping.object_id,
                    f"{mapping_set.shown_as}:{mapping.line} holds the same mapping as {first[0]}:{first[1]}, so the "
                    "release would count it twice: keep each subject, predicate and object in one row of one "
                    "file of mappings/ (a copied mapping set: remove the copy).",
                )
            )
    return findings


def ontology_classes(dataset: ox.Dataset) -> set[str]:
    """The IRIs declared ``owl:Class`` in ``dataset``."""
    declared = dataset.quads_for_object(ox.NamedNode(OWL + "Class"))
    return {quad.subject.value for quad in declared if isinstance(quad.subject, ox.NamedNode)}


def _declarations() -> list[ox.Triple]:
    annotation_property = ox.NamedNode(OWL + "AnnotationProperty")
    properties = [*MAPPING_PREDICATES, HAS_DB_XREF.value]
    return [ox.Triple(ox.NamedNode(iri), ox.NamedNode(RDF + "type"), annotation_property) for iri in properties]


def mapping_triples(mapping_sets: Iterable[MappingSet], classes: set[str]) -> list[ox.Triple]:
    """The SKOS triples (and exact-match cross-references) of ``mapping_sets``.

    Raises :class:`InputError` when a subject is not in ``classes``, the IRIs of the ontology's classes.
    """
    triples: list[ox.Triple] = []
    for mapping_set in mapping_sets:
        for mapping in mapping_set.mappings:
            subject = mapping_set.expand(mapping.subject_id)
            if subject not in classes:
                raise InputError(
                    mapping_set.shown_as,
                    f"subject {mapping.subject_id} is not a class of the ontology",
                    line=mapping.line,
                    hint="correct the spelling, or declare the class in ontology/ first",
                )
            predicate = mapping_set.expand(mapping.predicate_id)
            triples.append(
                ox.Triple(
                    ox.NamedNode(subject), ox.NamedNode(predicate), ox.NamedNode(mapping_set.expand(mapping.object_id))
                )
            )
            if predicate == EXACT_MATCH:
                triples.append(ox.Triple(ox.NamedNode(subject), HAS_DB_XREF, ox.Literal(mapping.object_id)))
    return [*_declarations(), *triples] if triples else triples
