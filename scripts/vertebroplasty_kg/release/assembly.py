"""Assemble the release graph and write its serialisations, deterministically and atomically.

Pipeline (:func:`build`): ``load`` (ontology/*.ttl, and mappings/*.sssom.tsv as SKOS triples) ->
``verify`` (source checksums, every claim's text anchor) -> ``validate`` (input files, every
sentence of the sources quoted or listed as claim-free, SHACL shapes, QC checks, HermiT; any ERROR
refuses the release) -> ``write`` (the merged graph plus the subclass links the
reasoner inferred, each marked as inferred; the base and simple artefacts; a byte copy of each
mapping set; ``void.ttl``, which describes them all; and the HTML documentation in ``docs/``,
whose diagrams Graphviz draws: without ``dot`` the build stops before it starts, unless asked for
no documentation).
The same inputs always give the same bytes: blank nodes are canonicalised, triples are sorted,
and no clock time enters an artefact. A release directory is written next to its target and
swapped in only when complete, so a failed or refused build leaves the previous release untouched.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from ..checks.reasoning import reason
from ..checks.validation import ValidationReport, input_files_report, validate_project
from ..directory_swap import staged_directory
from ..errors import InputError, VkgError
from ..findings import Finding, counts
from ..htmldocs.diagrams import find_dot
from ..htmldocs.html import build_docs, write_docs
from ..inputs.anchors import check_anchors, text_anchors
from ..inputs.evidence import evidence_files, publication_triples, publications
from ..inputs.mappings import MappingSet, mapping_triples, ontology_classes, read_mapping_set
from ..inputs.questions import Question, all_questions
from ..inputs.sources import SourceDocument, source_documents
from ..namespaces import OWL, PREFIXES, RDF, RDFS
from ..project import DOCS_DIR, Project
from ..rdf.jsonld import serialize_jsonld
from ..rdf.parsing import parse_files
from ..rdf.rdfxml import serialize_rdfxml
from ..rdf.turtle_writer import serialize_turtle
from ..size_limits import triple_limit
from .artefacts import named_version, simple_triples
from .cache import keep, stamp
from .dataset_description import PREFIXES as VOID_PREFIXES
from .dataset_description import VOID_FILE, describe
from .obo_annotations import add_obo_annotations
from .version import stamp_mapping_set, stamp_version, version_of

RELEASE_NAME = "vertebroplasty-kg"
INFERRED_NAME = f"{RELEASE_NAME}-inferred.ttl"
BASE_NAME = f"{RELEASE_NAME}-base"
SIMPLE_NAME = f"{RELEASE_NAME}-simple"

IS_INFERRED = ox.NamedNode("http://www.geneontology.org/formats/oboInOwl#is_inferred")
"""Marks an inferred axiom, by an OWL axiom annotation ``oboInOwl:is_inferred "true"`` (ROBOT's convention)."""

_TYPE = ox.NamedNode(RDF + "type")
_SUBCLASS_OF = ox.NamedNode(RDFS + "subClassOf")


@dataclass(frozen=True)
class Inputs:
    """The project's hand-edited graph, checked against its sources, blank nodes canonical."""

    triples: tuple[ox.Triple, ...]
    sources: tuple[SourceDocument, ...]
    inputs: tuple[Path, ...]
    mapping_sets: tuple[MappingSet, ...] = ()


@dataclass(frozen=True)
class ReleaseGraph:
    """The merged ontology and knowledge graph, blank nodes canonical, triples sorted."""

    triples: tuple[ox.Triple, ...]
    sources: tuple[SourceDocument, ...]
    inputs: tuple[Path, ...]
    inferred: tuple[ox.Triple, ...] = ()
    """The ``rdfs:subClassOf`` links the reasoner inferred (also in ``triples``, marked), sorted."""
    mapping_sets: tuple[MappingSet, ...] = ()
    asserted: tuple[ox.Triple, ...] = ()
    """``triples`` without the inferred links and their marks: the loaded inputs, sorted."""

    def __len__(self) -> int:
        return len(self.triples)

    def base(self) -> list[ox.Triple]:
        """The base artefact: everything asserted, under the version IRI of ``{BASE_NAME}.owl``."""
        return named_version(self.asserted, f"{RELEASE_NAME}.owl", f"{BASE_NAME}.owl")

    def simple(self) -> list[ox.Triple]:
        """The simple artefact: the named class hierarchy with its annotations (:mod:`.artefacts`)."""
        return named_version(simple_triples(self.triples), f"{RELEASE_NAME}.owl", f"{SIMPLE_NAME}.owl")


class ReleaseRefused(VkgError):
    """Validation found problems at ERROR level; nothing was written."""

    exit_code = 1

    def __init__(self, findings: Iterable[Finding], out_dir: Path) -> None:
        self.findings = tuple(findings)
        errors = counts(self.findings)["ERROR"]
        super().__init__(
            f"release refused: {errors} finding{'s' if errors != 1 else ''} at ERROR level; "
            f"{out_dir} was left as it was",
            hint="fix the findings listed above, then build again (vkg validate lists them without building)",
        )


def read_inputs(project: Project) -> Inputs:
    """Load every input of ``project`` (refused with :class:`.size_limits.TooManyTriples` when they hold
    more triples than :func:`.size_limits.triple_limit`); check its source documents and every claim's text anchor;
    add the mappings of ``mappings/*.sssom.tsv`` as SKOS triples, and the annotations OBO tools read
    (:mod:`.obo_annotations`)."""
    inputs = project.ontology_files() + evidence_files(project.root)
    dataset = parse_files(inputs, root=project.root, limit=triple_limit())
    label = ox.NamedNode(RDFS + "label")
    described = {quad.subject.value for quad in dataset if quad.predicate == label}
    for triple in publication_triples(publications(project.root), described):
        dataset.add(ox.Quad(triple.subject, triple.predicate, triple.object))
    documents = source_documents(dataset, project.root)
    check_anchors(text_anchors(dataset, inputs, root=project.root), documents, inputs, root=project.root)
    mapping_sets = [read_mapping_set(path, shown_as=project.relative(path)) for path in project.mapping_files()]
    for triple in mapping_triples(mapping_sets, ontology_classes(dataset)):
        dataset.add(ox.Quad(triple.subject, triple.predicate, triple.object))
    add_obo_annotations(dataset)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    triples = tuple(sorted((quad.triple for quad in dataset), key=str))
    return Inputs(triples, tuple(documents), tuple(inputs), tuple(mapping_sets))


def read_and_validate(project: Project) -> tuple[Inputs | None, ValidationReport]:
    """Read ``project`` (:func:`read_inputs`) and run every quality gate on it (``vkg validate``,
    and ``vkg build`` before it writes anything).

    When loading stops on bad input while an input file is missing, empty or unreadable, the
    report holds the findings about those files, which are the cause, and there are no inputs;
    any other bad input raises :class:`InputError` as :func:`read_inputs` does."""
    try:
        inputs = read_inputs(project)
    except InputError:
        files = input_files_report(project)
        if files.has_errors:
            return None, files
        raise
    return inputs, validate_project(project, inputs.triples)


def inferred_links(links: Iterable[tuple[str, str]]) -> list[ox.Triple]:
    """``rdfs:subClassOf`` triples for ``(subclass, superclass)`` IRI pairs, sorted."""
    triples = {ox.Triple(ox.NamedNode(sub), _SUBCLASS_OF, ox.NamedNode(sup)) for sub, sup in links}
    return sorted(triples, key=str)


def _marked(links: list[ox.Triple]) -> list[ox.Triple]:
    """Each link, plus an OWL axiom annotation saying that it was inferred."""
    if not links:
        return []
    triples = [ox.Triple(IS_INFERRED, _TYPE, ox.NamedNode(OWL + "AnnotationProperty"))]
    for link in links:
        axiom = ox.BlankNode()
        triples += [
            link,
            ox.Triple(axiom, _TYPE, ox.NamedNode(OWL + "Axiom")),
            ox.Triple(axiom, ox.NamedNode(OWL + "annotatedSource"), link.subject),
            ox.Triple(axiom, ox.NamedNode(OWL + "annotatedProperty"), link.predicate),
            ox.Triple(axiom, ox.NamedNode(OWL + "annotatedTarget"), link.object),
            ox.Triple(axiom, IS_INFERRED, ox.Literal("true")),
        ]
    return triples


def assemble(inputs: Inputs, inferred: Iterable[tuple[str, str]] = (), *, version: str | None = None) -> ReleaseGraph:
    """The release graph: the inputs plus the ``inferred`` subclass links, each marked as inferred,
    with the header's version set to ``version`` when one is given."""
    links = inferred_links(inferred)
    asserted = tuple(inputs.triples if version is None else sorted(stamp_version(inputs.triples, version), key=str))
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in [*asserted, *_marked(links)])
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    triples = sorted((quad.triple for quad in dataset), key=str)
    return ReleaseGraph(tuple(triples), inputs.sources, inputs.inputs, tuple(links), inputs.mapping_sets, asserted)


def reasoned_release(project: Project) -> ReleaseGraph:
    """The release graph of ``project`` with its inferred links, without the other quality gates.

    This is what ``vkg query`` answers from: the triples ``vkg build`` would write, assembled in
    memory so that answers never come from a stale ``dist/``.
    """
    inputs = read_inputs(project)
    return assemble(inputs, reason(inputs.triples).inferred_subclass_of)


@dataclass(frozen=True)
class Built:
    release: ReleaseGraph
    report: ValidationReport
    written: list[Path]


def build(
    project: Project,
    out_dir: Path,
    *,
    version: str | None = None,
    issued: date | None = None,
    docs: bool = True,
) -> Built:
    """Load, verify, validate and write the release (with its HTML documentation when ``docs``);
    raise :class:`ReleaseRefused` on any ERROR, and :class:`EnvironmentProblem` before anything else
    when the documentation is wanted and Graphviz's ``dot`` is missing.

    ``version`` (checked by :func:`.release_version.checked_version`) replaces the ontology header's
    version in every artefact; ``issued`` dates ``void.ttl`` (from ``SOURCE_DATE_EPOCH``)."""
    dot = find_dot() if docs else None
    before = stamp(project) if version is None else None  # before the inputs are read: see cache.keep
    inputs, report = read_and_validate(project)
    if inputs is None or report.has_errors:
        raise ReleaseRefused(report.findings, out_dir)
    release = assemble(inputs, report.inferred_subclass_of, version=version)
    written = write_release(release, out_dir, all_questions(project), issued, dot=dot)
    if before is not None:  # the release vkg query would reason out; with --version its IRIs differ
        keep(project, before, release.triples)
    return Built(release, report, written)


def _ntriples(release: ReleaseGraph) -> bytes:
    data = ox.serialize(release.triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return b"".join(sorted(data.splitlines(keepends=True)))


WRITERS: dict[str, Callable[[ReleaseGraph], bytes]] = {
    "ttl": lambda release: serialize_turtle(release.triples, PREFIXES),
    "owl": lambda release: serialize_rdfxml(release.triples, PREFIXES),
    "nt": _ntriples,
    "jsonld": lambda release: serialize_jsonld(release.triples, PREFIXES),
}
"""File extension -> writer of the whole release. ``.owl`` is RDF/XML as the OWL API writes it, the format OWL
tools read first."""

EXTRA_WRITERS: dict[str, Callable[[ReleaseGraph], bytes]] = {
    INFERRED_NAME: lambda release: serialize_turtle(release.inferred, PREFIXES),
    f"{BASE_NAME}.owl": lambda release: serialize_rdfxml(release.base(), PREFIXES),
    f"{BASE_NAME}.ttl": lambda release: serialize_turtle(release.base(), PREFIXES),
    f"{SIMPLE_NAME}.owl": lambda release: serialize_rdfxml(release.simple(), PREFIXES),
}
"""File name -> writer of a partial artefact: the inferred subclass links on their own; the base and
simple artefacts of the Ontology Development Kit's conventions (:mod:`.artefacts`)."""


def release_files(out_dir: Path) -> list[Path]:
    """The files of a release: the four whole-release serialisations, then the partial artefacts, then
    the dataset description."""
    return [
        *(out_dir / f"{RELEASE_NAME}.{extension}" for extension in WRITERS),
        *(out_dir / name for name in EXTRA_WRITERS),
        out_dir / VOID_FILE,
    ]


def release_contents(
    release: ReleaseGraph, questions: Sequence[Question] = (), issued: date | None = None
) -> dict[str, bytes]:
    """Every file of ``release`` by name: the serialisations, the partial artefacts, each mapping set
    (its ``mapping_set_version`` line set to the release's version) and ``void.ttl``, which
    describes all of them."""
    version = version_of(release.triples)
    if version is None:
        raise VkgError(
            "the ontology header has no single owl:versionInfo",
            hint="give <https://w3id.org/vertebroplasty-kg/ontology> exactly one owl:versionInfo in ontology/",
        )
    files = {f"{RELEASE_NAME}.{extension}": writer(release) for extension, writer in WRITERS.items()}
    files |= {name: extra(release) for name, extra in EXTRA_WRITERS.items()}
    for mapping_set in release.mapping_sets:
        files[mapping_set.path.name] = stamp_mapping_set(mapping_set.data, version)
    description = describe(release.triples, version, files, questions, issued)
    files[VOID_FILE] = serialize_turtle(description, VOID_PREFIXES)
    return files


def write_release(
    release: ReleaseGraph,
    out_dir: Path,
    questions: Sequence[Question] = (),
    issued: date | None = None,
    *,
    dot: str | None = None,
) -> list[Path]:
    """Write every file of ``release`` (:func:`release_contents`) and, given the ``dot`` program, its
    HTML documentation into ``out_dir``, replacing it atomically."""
    documentation = build_docs(release.triples, release.sources, dot) if dot is not None else None
    out_dir = out_dir.resolve()
    contents = release_contents(release, questions, issued)
    with staged_directory(out_dir, hint="choose a writable --output directory") as staging:
        os.chmod(staging, 0o755)
        for name, data in contents.items():
            (staging / name).write_bytes(data)
        if documentation is not None:
            write_docs(documentation, staging / DOCS_DIR)
    docs_dir = [out_dir / DOCS_DIR] if documentation is not None else []
    return [
        *release_files(out_dir),
        *(out_dir / mapping_set.path.name for mapping_set in release.mapping_sets),
        *docs_dir,
    ]
