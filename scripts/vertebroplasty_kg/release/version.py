"""The version a release carries, and the date it is stamped with.

A release is versioned by the ontology header's ``owl:versionInfo`` and ``owl:versionIRI``
(``https://w3id.org/vertebroplasty-kg/releases/VERSION/vertebroplasty-kg.owl``). ``vkg build
--version X`` rewrites both in the release graph, and the ``mapping_set_version`` line of each
SSSOM copy, so every artefact says the same version. The date comes only from
``SOURCE_DATE_EPOCH`` (reproducible-builds.org), never from the clock: without it a release
carries no date, and the same inputs always give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import ONTOLOGY_IRI, OWL, RELEASES

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"

_VERSION = re.compile(r"\d+\.\d+\.\d+(?:[-+.][0-9A-Za-z.-]+)?")
_ONTOLOGY = ox.NamedNode(ONTOLOGY_IRI)
_VERSION_INFO = ox.NamedNode(OWL + "versionInfo")
_VERSION_IRI = ox.NamedNode(OWL + "versionIRI")
_SSSOM_VERSION = re.compile(rb"(?m)^# mapping_set_version: .*$")


def checked_version(version: str) -> str:
    """``version`` if it is a release version (``1.2.0``, ``1.2.0-rc.1``); else :class:`InputError`."""
    if not _VERSION.fullmatch(version):
        raise InputError(
            "--version",
            f"{version!r} is not a release version",
            hint="give MAJOR.MINOR.PATCH, optionally with a suffix, e.g. --version 0.2.0 or --version 0.2.0-rc.1",
        )
    return version


def version_of(triples: Iterable[ox.Triple]) -> str | None:
    """The ``owl:versionInfo`` of the ontology header, if there is exactly one."""
    found = {
        t.object.value
        for t in triples
        if t.subject == _ONTOLOGY and t.predicate == _VERSION_INFO and isinstance(t.object, ox.Literal)
    }
    return found.pop() if len(found) == 1 else None


def release_iri(version: str) -> str:
    """The folder IRI of release ``version``; its files are named under it."""
    return f"{RELEASES}{version}/"


def stamp_version(triples: Iterable[ox.Triple], version: str) -> list[ox.Triple]:
    """``triples`` with the ontology header's version info and version IRI set to ``version``."""
    kept = [t for t in triples if not (t.subject == _ONTOLOGY and t.predicate in (_VERSION_INFO, _VERSION_IRI))]
    return [
        *kept,
        ox.Triple(_ONTOLOGY, _VERSION_INFO, ox.Literal(version)),
        ox.Triple(_ONTOLOGY, _VERSION_IRI, ox.NamedNode(f"{release_iri(version)}vertebroplasty-kg.owl")),
    ]


def stamp_mapping_set(data: bytes, version: str) -> bytes:
    """An SSSOM file's bytes with its ``mapping_set_version`` line set to ``version``."""
    return _SSSOM_VERSION.sub(f"# mapping_set_version: {version}".encode(), data, count=1)


def release_date(environment: Mapping[str, str]) -> date | None:
    """The UTC date of ``SOURCE_DATE_EPOCH`` in ``environment``, or None when it is not set."""
    value = environment.get(SOURCE_DATE_EPOCH)
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise InputError(
            SOURCE_DATE_EPOCH,
            f"{value!r} is not a number of seconds since 1970-01-01",
            hint="set it to an integer, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it",
        )
    return datetime.fromtimestamp(int(value), tz=timezone.utc).date()
