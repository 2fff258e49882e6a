"""Read FHIR R4 JSON files as resources, each with where it is: a Bundle per ``.json`` file, or NDJSON
(``.ndjson``, one resource a line), and validate a resource's structure.

Structure is checked by the ``fhir.resources`` models of FHIR R4B (4.3.0): the package has had no R4
(4.0.1) models since its version 7.0, and R4B differs from R4 only in resources that `vkg assess` does
not read (medication definitions, evidence, subscriptions), so a Patient, Condition, Procedure or
Bundle of R4 is one of R4B. A file that is not JSON, or not a Bundle, raises :class:`InputError` with
the file, line and column (or JSON path); an invalid resource is the caller's to report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError

FHIR_SUFFIXES = (".json", ".ndjson")
IRI_BASE = "urn:vkg:fhir:"
"""The IRI of a resource without an absolute fullUrl: urn:vkg:fhir:{resourceType}/{id}."""

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_BUNDLE_HINT = 'a .json file holds one Bundle: {"resourceType": "Bundle", "type": "collection", "entry": [...]}'

StructureError = tuple[tuple[str | int, ...], str, str]
"""A structural error: the steps of its JSON path within the resource, the message, the value at fault."""


@dataclass(frozen=True)
class FhirEntry:
    """One resource of a file: its JSON object and where it is."""

    resource: dict[str, Any]
    path: str  # the JSON path of the resource: "entry[3].resource" in a Bundle, "" on an NDJSON line
    file: Path
    line: int | None = None  # NDJSON: the line
    full_url: str | None = None

    def at(self, *steps: str | int) -> str:
        """The JSON path of an element of the resource."""
        return json_path(self.path, steps) or "(the resource)"

    def place(self) -> str:
        return f"{self.file.name}:{self.line}" if self.line is not None else self.file.name

    def name(self) -> str:
        kind = str(self.resource.get("resourceType", "resource"))
        ident = self.resource.get("id")
        return f"{kind}/{ident}" if isinstance(ident, str) and ident else f"{kind} at {self.at()}"

    def iri(self) -> str | None:
        """The resource's IRI: its absolute fullUrl, else urn:vkg:fhir:{type}/{id}."""
        if self.full_url and _ABSOLUTE_IRI.match(self.full_url):
            return self.full_url
        ident = self.resource.get("id")
        return f"{IRI_BASE}{self.resource.get('resourceType')}/{ident}" if isinstance(ident, str) and ident else None


def is_fhir(path: Path) -> bool:
    """Whether ``path`` is read as FHIR (by its extension)."""
    return path.suffix.lower() in FHIR_SUFFIXES


def entries(paths: Sequence[Path]) -> Iterator[FhirEntry]:
    """Every resource of the FHIR files at ``paths``, in file order."""
    for path in paths:
        if path.suffix.lower() == ".ndjson":
            yield from _ndjson(path)
        else:
            yield from _bundle(path)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read: {error}", hint="give a readable UTF-8 JSON file") from error


def _json(text: str, path: Path, line: int | None = None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            path,
            f"JSON syntax error: {error.msg}",
            line=line if line is not None else error.lineno,
            column=error.colno,
            hint="fix the JSON at that place (FHIR R4 JSON: https://hl7.org/fhir/R4/json.html)",
        ) from error


def _ndjson(path: Path) -> Iterator[FhirEntry]:
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        resource = _json(line, path, number)
        if not isinstance(resource, dict):
            raise InputError(
                path, "a line is not a JSON object", line=number, hint="put one FHIR resource on each line"
            )
        yield FhirEntry(resource, "", path, number)


def _bundle(path: Path) -> Iterator[FhirEntry]:
    bundle = _json(_read_text(path), path)
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise InputError(path, 'the file is not a FHIR Bundle (resourceType "Bundle")', hint=_BUNDLE_HINT)
    envelope = {key: value for key, value in bundle.items() if key != "entry"}
    errors = structure_errors("Bundle", envelope)
    if errors:
        steps, message, _ = errors[0]
        where = json_path("", steps) or "(the Bundle)"
        raise InputError(path, f"the Bundle is not valid FHIR: {where}: {message}", hint=_BUNDLE_HINT)
    entries = bundle.get("entry", [])
    if not isinstance(entries, list):
        raise InputError(path, "entry: a Bundle's entries are a JSON array", hint=_BUNDLE_HINT)
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            raise InputError(path, f"entry[{index}]: an entry has a resource (a JSON object)", hint=_BUNDLE_HINT)
        full_url = entry.get("fullUrl")
        yield FhirEntry(
            resource, f"entry[{index}].resource", path, full_url=full_url if isinstance(full_url, str) else None
        )


def json_path(start: str, steps: Sequence[str | int]) -> str:
    """``start`` and ``steps`` as one JSON path: ``entry[3].resource`` and (code, coding, 0) give
    ``entry[3].resource.code.coding[0]``."""
    shown = start
    for step in steps:
        shown += f"[{step}]" if isinstance(step, int) else f".{step}" if shown else step
    return shown


def structure_errors(kind: str, resource: dict[str, Any]) -> list[StructureError]:
    """The structural errors of ``resource`` as a FHIR R4B ``kind``: (steps of its JSON path, message, value)."""
    import pydantic  # with the FHIR models, only when there is a FHIR file: RDF case files do without them
    from fhir.resources.R4B import get_fhir_model_class

    model = get_fhir_model_class(kind)
    try:
        model.model_validate(resource)
    except pydantic.ValidationError as error:
        found = []
        for item in error.errors():
            value = item.get("input")
            shown = json.dumps(value, ensure_ascii=False) if isinstance(value, (str, int, float, bool)) else ""
            found.append((tuple(item["loc"]), item["msg"], shown))
        return found
    return []
