"""Assemble the release graph and write its serialisations, deterministically and atomically.

Pipeline: ``load`` (ontology/*.ttl) -> ``verify sources`` -> ``add mappings`` (mappings/*.sssom.tsv as
SKOS triples) -> [quality gates] -> ``write`` (the serialisations, plus a byte copy of each mapping set).
The same inputs always give the same bytes: blank nodes are canonicalised, triples are sorted,
and no clock time enters an artefact. A release directory is written next to its target and
swapped in only when complete, so a failed build leaves the previous release untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .anchors import check_anchors, text_anchors
from .errors import EnvironmentProblem
from .jsonld import serialize_jsonld
from .loading import load_files, to_rdflib
from .mappings import MappingSet, mapping_triples, ontology_classes, read_mapping_set
from .namespaces import PREFIXES
from .project import Project
from .sources import SourceDocument, source_documents

RELEASE_NAME = "vertebroplasty-kg"


@dataclass(frozen=True)
class ReleaseGraph:
    """The merged ontology and knowledge graph, blank nodes canonical, triples sorted."""

    triples: tuple[ox.Triple, ...]
    sources: tuple[SourceDocument, ...]
    inputs: tuple[Path, ...]
    mapping_sets: tuple[MappingSet, ...] = ()

    def __len__(self) -> int:
        return len(self.triples)


def assemble(project: Project) -> ReleaseGraph:
    """Load every input of ``project``; check its source documents and every claim's text anchor;
    add the mappings of ``mappings/*.sssom.tsv`` as SKOS triples."""
    inputs = project.ontology_files()
    dataset = load_files(inputs, root=project.root)
    documents = source_documents(dataset, project.root)
    check_anchors(text_anchors(dataset), documents)
    mapping_sets = [read_mapping_set(path, shown_as=project.relative(path)) for path in project.mapping_files()]
    for triple in mapping_triples(mapping_sets, ontology_classes(dataset)):
        dataset.add(ox.Quad(triple.subject, triple.predicate, triple.object))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    triples = sorted((quad.triple for quad in dataset), key=str)
    return ReleaseGraph(tuple(triples), tuple(documents), tuple(inputs), tuple(mapping_sets))


def _turtle(release: ReleaseGraph) -> bytes:
    # rdflib's longturtle nests blank nodes (OWL restrictions read as they were written) and
    # sorts subjects and predicates; with canonical blank nodes its output is stable.
    return to_rdflib(release.triples, PREFIXES).serialize(format="longturtle", encoding="utf-8")


def _with_oxigraph(fmt: ox.RdfFormat) -> Callable[[ReleaseGraph], bytes]:
    def write(release: ReleaseGraph) -> bytes:
        data = ox.serialize(release.triples, format=fmt, prefixes=PREFIXES)
        assert data is not None
        return data

    return write


def _ntriples(release: ReleaseGraph) -> bytes:
    data = ox.serialize(release.triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return b"".join(sorted(data.splitlines(keepends=True)))


WRITERS: dict[str, Callable[[ReleaseGraph], bytes]] = {
    "ttl": _turtle,
    "owl": _with_oxigraph(ox.RdfFormat.RDF_XML),
    "nt": _ntriples,
    "jsonld": lambda release: serialize_jsonld(release.triples, PREFIXES),
}
"""File extension -> writer. ``.owl`` is RDF/XML, the format OWL tools read first."""


def release_files(out_dir: Path) -> list[Path]:
    """The serialisations of the release graph in ``out_dir`` (mapping sets come after them)."""
    return [out_dir / f"{RELEASE_NAME}.{extension}" for extension in WRITERS]


def write_release(release: ReleaseGraph, out_dir: Path) -> list[Path]:
    """Write every serialisation of ``release``, and a copy of each of its mapping sets, into ``out_dir``,
    replacing it atomically."""
    out_dir = out_dir.resolve()
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".partial", dir=out_dir.parent))
    except OSError as error:
        raise EnvironmentProblem(
            f"cannot write next to {out_dir}: {error.strerror or error}",
            hint="choose a writable --output directory",
        ) from error
    try:
        os.chmod(staging, 0o755)
        for extension, writer in WRITERS.items():
            (staging / f"{RELEASE_NAME}.{extension}").write_bytes(writer(release))
        for mapping_set in release.mapping_sets:
            (staging / mapping_set.path.name).write_bytes(mapping_set.data)
        _swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [*release_files(out_dir), *(out_dir / mapping_set.path.name for mapping_set in release.mapping_sets)]


def _swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging``; on failure the old ``target`` is put back."""
    if not target.exists():
        staging.rename(target)
        return
    retired = target.with_name(f".{target.name}.{os.getpid()}.old")
    target.rename(retired)
    try:
        staging.rename(target)
    except BaseException:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)
