"""``vkg load``: put the release into the embedded store or a remote SPARQL server.

What is loaded: by default the release exactly as ``vkg build`` assembles it from ``ontology/``
(so a stale ``dist/`` is never loaded by mistake); with ``--file``, any RDF file instead -- a
release file someone downloaded, or a synthetic file for benchmarks. It goes into one named
graph: ``--graph IRI``, or else the ``owl:versionIRI`` the data gives its ontology
(``https://w3id.org/vertebroplasty-kg/ontology``), so releases of different versions can sit side
by side in one store. The evidence layer (``evidence/``) goes into a named graph of its own next to
it, ``<graph>/evidence``: every triple whose subject the evidence layer describes and the ontology
does not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..inputs.evidence import evidence_subjects
from ..namespaces import ONTOLOGY_IRI, OWL
from ..project import Project
from ..rdf.parsing import parse_files, parse_rdf
from ..release.cached_release import release_triples
from .embedded import EmbeddedStore
from .remote.endpoint import RemoteEndpoint
from .staging import LoadReport

ProgressBar = Callable[[int], AbstractContextManager[Callable[[int], None]]]
"""Given the number of triples to load, a context that gives the function a load calls with each
chunk's size (the command line shows a bar; the Python API none)."""


def read_triples(path: Path) -> list[ox.Triple]:
    """The distinct triples of an RDF file (format from its extension, :func:`.loading.rdf_format`);
    errors name file and line."""
    triples = list(dict.fromkeys(parse_rdf(path)))
    if not triples:
        raise InputError(path, "holds no triples", hint="load a release file, e.g. dist/vertebroplasty-kg.nt")
    return triples


def version_iri(triples: Sequence[ox.Triple]) -> str | None:
    """The ``owl:versionIRI`` of the project's ontology in ``triples``, if there is exactly one."""
    subject, predicate = ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(OWL + "versionIRI")
    found = {
        t.object.value
        for t in triples
        if t.subject == subject and t.predicate == predicate and isinstance(t.object, ox.NamedNode)
    }
    return found.pop() if len(found) == 1 else None


def target_graph(triples: Sequence[ox.Triple], graph: str | None, shown_as: str) -> str:
    if graph is None:
        graph = version_iri(triples)
        if graph is None:
            raise InputError(
                shown_as,
                f"no single owl:versionIRI for <{ONTOLOGY_IRI}>, so the target graph is unknown",
                hint="name the graph: --graph IRI",
            )
    try:
        return ox.NamedNode(graph).value
    except ValueError as error:
        raise InputError("--graph", f"not an absolute IRI: {graph!r} ({error})", hint="give a full IRI") from error


def load(
    project: Project | None,
    *,
    store: Path | None = None,
    endpoint: RemoteEndpoint | None = None,
    graph: str | None = None,
    source: Path | None = None,
    chunk_size: int = 100_000,
    progress: ProgressBar | None = None,
) -> LoadReport:
    """Load the release (or ``source``) into ``store`` or ``endpoint``; exactly one must be given.
    ``progress``, called with the number of triples of each graph, gives what advances a progress bar."""
    if source is not None:
        triples: Sequence[ox.Triple] = read_triples(source)
        shown_as = str(source)
    else:
        assert project is not None
        triples = release_triples(project)
        shown_as = "the release"
    target = target_graph(triples, graph, shown_as)
    into: EmbeddedStore | RemoteEndpoint
    if store is not None:
        into = EmbeddedStore(store)
    else:
        assert endpoint is not None
        into = endpoint
    evidence: list[ox.Triple] = []
    if source is None:
        assert project is not None
        triples, evidence = split_evidence(project, triples)
    evidence_report = _load_one(evidence, evidence_graph(target), into, chunk_size, progress) if evidence else None
    return replace(_load_one(triples, target, into, chunk_size, progress), evidence=evidence_report)


def evidence_graph(target: str) -> str:
    """The named graph that holds the evidence layer next to the release graph ``target``."""
    return target.rstrip("/") + "/evidence"


def split_evidence(project: Project, triples: Sequence[ox.Triple]) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """(main, evidence): the evidence triples are those whose subject the evidence layer describes
    and no file of ``ontology/`` does."""
    ontology = {quad.subject for quad in parse_files(project.ontology_files(), root=project.root)}
    ours = evidence_subjects(project.root) - ontology
    main = [t for t in triples if t.subject not in ours]
    return main, [t for t in triples if t.subject in ours]


def _load_one(
    triples: Sequence[ox.Triple],
    target: str,
    into: EmbeddedStore | RemoteEndpoint,
    chunk_size: int,
    progress: ProgressBar | None,
) -> LoadReport:
    with (progress or _no_progress)(len(triples)) as advance:
        return into.replace_graph(target, triples, chunk_size=chunk_size, progress=advance)


@contextmanager
def _no_progress(total: int) -> Iterator[Callable[[int], None]]:
    yield lambda _: None
