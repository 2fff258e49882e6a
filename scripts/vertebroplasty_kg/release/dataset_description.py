"""``dist/void.ttl``: the release described as a dataset (VoID, DCAT, Dublin Core terms).

It states what a catalogue or a triple store needs before loading anything: title, description,
licence, creators and version (from the ontology header), the sizes of the release (computed
from its triples by ``sparql/release-counts.rq``), every distribution with its media type, byte
size and SHA-256, and the competency questions as SPARQL examples (``sh:SPARQLSelectExecutable``,
as UniProt and the SIB publish theirs). Nothing in it comes from the clock: its date is the
``SOURCE_DATE_EPOCH`` date, and without one it has none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from ..inputs.questions import Question
from ..namespaces import DCAT, DCTERMS, MEDIA_TYPES, ONTOLOGY_IRI, OWL, RDF, RDFS, SCHEMA, SH, SPDX, VOID, VPO, XSD
from ..rdf.sparql_text import internal
from .version import release_iri

VOID_FILE = "void.ttl"

PREFIXES = {
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "sh": SH,
    "spdx.term": SPDX,
    "void": VOID,
    "vpo": VPO,
    "xsd": XSD,
}

MEDIA_TYPE = {
    ".ttl": "text/turtle",
    ".owl": "application/rdf+xml",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".tsv": "text/tab-separated-values",
}
"""File extension -> IANA media type of a release distribution."""

_HEADER = (DCTERMS + "title", DCTERMS + "description", DCTERMS + "license", DCTERMS + "creator")


@dataclass(frozen=True)
class Sizes:
    """What ``sparql/release-counts.rq`` counts in a release."""

    triples: int
    subjects: int
    classes: int
    properties: int
    individuals: int
    claims: int
    conflicts: int
    mappings: int


def sizes(triples: Iterable[ox.Triple]) -> Sizes:
    """The sizes of the graph ``triples``."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    result = store.query(internal("release-counts.rq"))
    assert isinstance(result, ox.QuerySolutions)
    (row,) = list(result)
    values = {}
    for name in Sizes.__dataclass_fields__:
        term = row[name]
        assert isinstance(term, ox.Literal)
        values[name] = int(term.value)
    return Sizes(**values)


def media_type(name: str) -> str | None:
    """The IANA media type of the release file ``name``, or None for a file that is not a distribution."""
    for extension, kind in MEDIA_TYPE.items():
        if name.endswith(extension):
            return kind
    return None


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_node(XSD + "nonNegativeInteger"))


def describe(
    release_triples: Sequence[ox.Triple],
    version: str,
    files: Mapping[str, bytes],
    questions: Sequence[Question],
    issued: date | None = None,
) -> list[ox.Triple]:
    """The VoID/DCAT description of release ``version``: its header, its ``sizes``, one distribution
    for each of ``files`` (name -> bytes) that has a media type, and ``questions`` as SPARQL examples."""
    folder = release_iri(version)
    dataset = _node(folder)
    a = _node(RDF + "type")
    out = [
        ox.Triple(dataset, a, _node(VOID + "Dataset")),
        ox.Triple(dataset, a, _node(DCAT + "Dataset")),
        ox.Triple(dataset, _node(DCAT + "version"), ox.Literal(version)),
        ox.Triple(dataset, _node(OWL + "versionInfo"), ox.Literal(version)),
        ox.Triple(dataset, _node(DCTERMS + "isVersionOf"), _node(ONTOLOGY_IRI)),
        ox.Triple(dataset, _node(VOID + "uriSpace"), ox.Literal("https://w3id.org/vertebroplasty-kg/")),
        ox.Triple(
            dataset, _node(VOID + "exampleResource"), _node("https://w3id.org/vertebroplasty-kg/vpo/Vertebroplasty")
        ),
    ]
    ontology = _node(ONTOLOGY_IRI)
    for triple in release_triples:
        if triple.subject == ontology and triple.predicate.value in _HEADER:
            out.append(ox.Triple(dataset, triple.predicate, triple.object))
    if issued is not None:
        out.append(
            ox.Triple(dataset, _node(DCTERMS + "issued"), ox.Literal(issued.isoformat(), datatype=_node(XSD + "date")))
        )
    counted = sizes(release_triples)
    for name, value in (
        ("triples", counted.triples),
        ("distinctSubjects", counted.subjects),
        ("classes", counted.classes),
        ("properties", counted.properties),
        ("entities", counted.individuals),
    ):
        out.append(ox.Triple(dataset, _node(VOID + name), _integer(value)))
    for local, cls, value in (
        ("claims", "https://w3id.org/vertebroplasty-kg/vpo/Claim", counted.claims),
        ("conflicts", "https://w3id.org/vertebroplasty-kg/vpo/ClaimConflict", counted.conflicts),
    ):
        partition = _node(f"{folder}void#{local}")
        out += [
            ox.Triple(dataset, _node(VOID + "classPartition"), partition),
            ox.Triple(partition, _node(VOID + "class"), _node(cls)),
            ox.Triple(partition, _node(VOID + "entities"), _integer(value)),
        ]
    mappings = _node(f"{folder}void#mappings")
    out += [
        ox.Triple(dataset, _node(VOID + "subset"), mappings),
        ox.Triple(mappings, a, _node(VOID + "Linkset")),
        ox.Triple(mappings, _node(RDFS + "label"), ox.Literal("SKOS mappings to medical terminologies", language="en")),
        ox.Triple(mappings, _node(VOID + "triples"), _integer(counted.mappings)),
    ]
    for name, data in sorted(files.items()):
        kind = media_type(name)
        if kind is None:
            continue
        distribution = _node(folder + name)
        checksum = _node(f"{folder}{name}#sha256")
        out += [
            ox.Triple(dataset, _node(DCAT + "distribution"), distribution),
            ox.Triple(distribution, a, _node(DCAT + "Distribution")),
            ox.Triple(distribution, _node(DCAT + "downloadURL"), distribution),
            ox.Triple(distribution, _node(DCAT + "mediaType"), _node(MEDIA_TYPES + kind)),
            ox.Triple(distribution, _node(DCAT + "byteSize"), _integer(len(data))),
            ox.Triple(distribution, _node(SPDX + "checksum"), checksum),
            ox.Triple(checksum, a, _node(SPDX + "Checksum")),
            ox.Triple(checksum, _node(SPDX + "algorithm"), _node(SPDX + "checksumAlgorithm_sha256")),
            ox.Triple(checksum, _node(SPDX + "checksumValue"), ox.Literal(hashlib.sha256(data).hexdigest())),
        ]
        if kind != "text/tab-separated-values":
            out.append(ox.Triple(dataset, _node(VOID + "dataDump"), distribution))
    for question in questions:
        example = _node(f"{folder}queries/{question.name}.rq")
        out += [
            ox.Triple(example, a, _node(SH + "SPARQLExecutable")),
            ox.Triple(example, a, _node(SH + "SPARQLSelectExecutable")),
            ox.Triple(example, _node(RDFS + "comment"), ox.Literal(question.question, language="en")),
            ox.Triple(example, _node(SH + "select"), ox.Literal(question.text)),
            ox.Triple(example, _node(SCHEMA + "target"), dataset),
        ]
    return sorted(set(out), key=str)
