"""Namespaces of the project and the prefixes its release files use."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Final

VPO: Final = "https://w3id.org/vertebroplasty-kg/vpo/"
"""Classes and properties of the ontology (the TBox)."""

VKG: Final = "https://w3id.org/vertebroplasty-kg/kg/"
"""Individuals of the knowledge graph: source documents, agents, claims and their anchors."""

ONTOLOGY_IRI: Final = "https://w3id.org/vertebroplasty-kg/ontology"

OWL: Final = "http://www.w3.org/2002/07/owl#"
RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS: Final = "http://www.w3.org/2000/01/rdf-schema#"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"
SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
PROV: Final = "http://www.w3.org/ns/prov#"
OA: Final = "http://www.w3.org/ns/oa#"
DCTERMS: Final = "http://purl.org/dc/terms/"
SPDX: Final = "http://spdx.org/rdf/terms#"
SH: Final = "http://www.w3.org/ns/shacl#"
SHAPES: Final = "https://w3id.org/vertebroplasty-kg/shapes/"
"""Namespace of the project's SHACL shapes (``vsh:``)."""
VOID: Final = "http://rdfs.org/ns/void#"
DCAT: Final = "http://www.w3.org/ns/dcat#"
SCHEMA: Final = "https://schema.org/"
OBO_IN_OWL: Final = "http://www.geneontology.org/formats/oboInOwl#"
MEDIA_TYPES: Final = "https://www.iana.org/assignments/media-types/"
RELEASES: Final = "https://w3id.org/vertebroplasty-kg/releases/"
"""Where the release of each version is published (its owl:versionIRI)."""

PREFIXES: Final[dict[str, str]] = {
    "vpo": VPO,
    "vkg": VKG,
    "dcterms": DCTERMS,
    "oa": OA,
    "obo": "http://purl.obolibrary.org/obo/",
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "spdx.term": SPDX,
    "xsd": XSD,
    # the terminologies that mappings/ links to and that have no obo: IRIs (prefixes as in the SSSOM curie_map)
    "mesh": "http://id.nlm.nih.gov/mesh/",
    "snomedct": "http://snomed.info/id/",
    "umls": "https://uts.nlm.nih.gov/uts/umls/concept/",
    "cpt": "http://purl.bioontology.org/ontology/CPT/",
    "icd10cm": "http://purl.bioontology.org/ontology/ICD10CM/",
    "icd10pcs": "http://purl.bioontology.org/ontology/ICD10PCS/",
}
"""Prefixes written into every release file that supports them, in this order."""

_READABLE_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
"""A local name that Turtle and SPARQL read back after a prefix (a simplified PN_LOCAL)."""


@functools.cache
def _longest_first(prefixes: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """The prefixes, longest namespace first (sorted once per prefix table, not per IRI)."""
    return sorted(prefixes, key=lambda item: -len(item[1]))


def compact_iri(iri: str, prefixes: Mapping[str, str], *, readable: bool = True) -> str | None:
    """``iri`` as ``prefix:local`` for the longest namespace of ``prefixes`` that starts it, or None.

    ``readable``: only when Turtle and SPARQL can read the result back (tables, messages, queries);
    otherwise any non-empty local part that does not start with ``//`` (JSON-LD compact IRIs).
    """
    for prefix, namespace in _longest_first(tuple(prefixes.items())):
        if not iri.startswith(namespace):
            continue
        local = iri[len(namespace) :]
        if _READABLE_LOCAL.fullmatch(local) if readable else (local and not local.startswith("//")):
            return f"{prefix}:{local}"
    return None


DISPLAY_PREFIXES: dict[str, str] = {**PREFIXES, "vsh": SHAPES, "sh": SH}
"""Prefixes used to shorten IRIs in findings and messages (the release's, plus the shapes')."""


def compact(iri: str, prefixes: Mapping[str, str] = DISPLAY_PREFIXES) -> str:
    """``iri`` as ``prefix:local`` when a prefix covers it (:func:`compact_iri`), else as ``<iri>``."""
    return compact_iri(iri, prefixes) or f"<{iri}>"
