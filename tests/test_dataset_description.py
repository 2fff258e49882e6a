"""dist/void.ttl describes the release as a dataset: its sizes equal what a user counts in the
release, its distributions' sizes and SHA-256 values match the files, its SPARQL examples are the
competency questions; `vkg build --version` and SOURCE_DATE_EPOCH stamp every artefact alike."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, SKOS, VOID

from vertebroplasty_kg.inputs.questions import all_questions
from vertebroplasty_kg.project import Project

SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
VPO = rdflib.Namespace("https://w3id.org/vertebroplasty-kg/vpo/")
RELEASE = rdflib.URIRef("https://w3id.org/vertebroplasty-kg/releases/0.1.0/")
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


@pytest.fixture(scope="module")
def void(release_dir: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(release_dir / "void.ttl", format="turtle")


def integer(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef) -> int:
    value = graph.value(subject, predicate)
    assert isinstance(value, rdflib.Literal), (subject, predicate)
    return int(value)


def test_sizes_are_those_a_user_counts_in_the_release(void: rdflib.Graph, release_graph: rdflib.Graph) -> None:
    g = release_graph
    classes = {c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, rdflib.URIRef)}
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    properties = {p for kind in kinds for p in g.subjects(RDF.type, kind)}
    individuals = {x for x, c in g.subject_objects(RDF.type) if isinstance(x, rdflib.URIRef) and c in classes}
    assert integer(void, RELEASE, VOID.triples) == len(g) > 2000
    assert integer(void, RELEASE, VOID.distinctSubjects) == len(set(g.subjects()))
    assert integer(void, RELEASE, VOID.classes) == len(classes)
    assert integer(void, RELEASE, VOID.properties) == len(properties)
    assert integer(void, RELEASE, VOID.entities) == len(individuals)
    partitions = {
        void.value(p, VOID["class"]): integer(void, p, VOID.entities)
        for p in void.objects(RELEASE, VOID.classPartition)
    }
    assert partitions == {VPO.Claim: len(set(g.subjects(RDF.type, VPO.Claim))), VPO.ClaimConflict: 13}
    (linkset,) = void.objects(RELEASE, VOID.subset)
    assert integer(void, linkset, VOID.triples) == sum(len(list(g.subject_objects(m))) for m in MATCHES) == 133


def test_every_distribution_has_its_true_size_and_checksum(void: rdflib.Graph, release_dir: Path) -> None:
    described = {}
    for distribution in void.objects(RELEASE, DCAT.distribution):
        name = str(distribution).removeprefix(str(RELEASE))
        data = (release_dir / name).read_bytes()
        checksum = void.value(distribution, SPDX.checksum)
        assert void.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest(), name
        assert integer(void, distribution, DCAT.byteSize) == len(data), name
        described[name] = str(void.value(distribution, DCAT.mediaType)).rsplit("/", 2)[-2:]
    assert described == {
        "vertebroplasty-kg.ttl": ["text", "turtle"],
        "vertebroplasty-kg-inferred.ttl": ["text", "turtle"],
        "vertebroplasty-kg.owl": ["application", "rdf+xml"],
        "vertebroplasty-kg.nt": ["application", "n-triples"],
        "vertebroplasty-kg.jsonld": ["application", "ld+json"],
        "vertebroplasty-kg.sssom.tsv": ["text", "tab-separated-values"],
        "vertebroplasty-kg-base.owl": ["application", "rdf+xml"],
        "vertebroplasty-kg-base.ttl": ["text", "turtle"],
        "vertebroplasty-kg-simple.owl": ["application", "rdf+xml"],
    }


def test_header_and_examples(void: rdflib.Graph, release_graph: rdflib.Graph, root: Path) -> None:
    ontology = rdflib.URIRef("https://w3id.org/vertebroplasty-kg/ontology")
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator):
        assert void.value(RELEASE, predicate) == release_graph.value(ontology, predicate), predicate
    assert str(void.value(RELEASE, DCAT.version)) == str(release_graph.value(ontology, OWL.versionInfo)) == "0.1.0"
    assert void.value(RELEASE, DCTERMS.issued) is None  # no SOURCE_DATE_EPOCH, no date
    questions = {q.name: q for q in all_questions(Project.at(root))}
    examples = set(void.subjects(RDF.type, SH.SPARQLSelectExecutable))
    assert len(examples) == len(questions) >= 20
    for example in examples:
        name = str(example).rsplit("/", 1)[1].removesuffix(".rq")
        assert str(void.value(example, SH.select)) == questions[name].text


def vkg_build(root: Path, out: Path, *args: str, epoch: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    command = [sys.executable, "-m", "vertebroplasty_kg", "--root", str(root), "build", "-o", str(out), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


@pytest.mark.slow
def test_version_and_date_stamp_every_artefact(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = vkg_build(root, out, "--version", "0.2.0", epoch="1764547200")  # 2025-12-01T00:00:00Z
    assert result.returncode == 0, result.stderr
    version_iri = rdflib.URIRef("https://w3id.org/vertebroplasty-kg/releases/0.2.0/vertebroplasty-kg.owl")
    ontology = rdflib.URIRef("https://w3id.org/vertebroplasty-kg/ontology")
    for name, fmt in [("ttl", "turtle"), ("owl", "xml"), ("nt", "nt"), ("jsonld", "json-ld")]:
        g = rdflib.Graph().parse(out / f"vertebroplasty-kg.{name}", format=fmt)
        assert list(g.objects(ontology, OWL.versionIRI)) == [version_iri], name
        assert [str(v) for v in g.objects(ontology, OWL.versionInfo)] == ["0.2.0"], name
    void = rdflib.Graph().parse(out / "void.ttl", format="turtle")
    dataset = rdflib.URIRef("https://w3id.org/vertebroplasty-kg/releases/0.2.0/")
    assert str(void.value(dataset, DCAT.version)) == "0.2.0"
    assert void.value(dataset, DCTERMS.issued) == rdflib.Literal("2025-12-01", datatype=rdflib.XSD.date)
    assert "# mapping_set_version: 0.2.0\n" in (out / "vertebroplasty-kg.sssom.tsv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "epoch", "message"),
    [
        (("--version", "two"), None, "--version: 'two' is not a release version"),
        ((), "yesterday", "SOURCE_DATE_EPOCH: 'yesterday' is not a number of seconds"),
    ],
)
def test_a_bad_version_or_date_is_refused_and_nothing_written(
    root: Path, tmp_path: Path, args: tuple[str, ...], epoch: str | None, message: str
) -> None:
    out = tmp_path / "dist"
    result = vkg_build(root, out, *args, epoch=epoch)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {message}") and "hint: " in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
