"""The embedded store: an on-disk Oxigraph database (pyoxigraph ``Store(path)``, RocksDB) in a directory.

A load builds the next version of the store in a sibling directory with pyoxigraph's bulk loader
(``bulk_extend``, in chunks so that progress can be shown): the quads of every *other* graph are
copied over, the new triples go into the target graph, the target is counted, and the directory is
then swapped in by two renames. A load that fails or is killed half-way leaves the store as it
was (the next load removes the half-built directory), and loading again replaces the graph.

Why not a staging graph and ``MOVE``, as for a server: a ``MOVE`` runs as one transaction, and
Oxigraph's transactional writes manage about 10k triples/s (200k triples took 23 s) against about
100k triples/s for the bulk loader, which is not transactional.

Queries see the loaded graph as their default graph: the graph named when the store is opened, or
else the union of all named graphs (pyoxigraph ``use_default_graph_as_union``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from ..directory_swap import PARTIAL_SUFFIX, staged_directory
from ..errors import EnvironmentProblem, InputError
from ..rdf.sparql_text import bind_values, internal
from ..rdf.terms import Term
from .answers import Answer, from_oxigraph, triple_count
from .memory import query_oxigraph
from .staging import LoadReport

BULK_LOADER = "pyoxigraph bulk loader"
MARKER = "CURRENT"
"""A file every RocksDB database directory holds."""


def open_store(path: Path, *, read_only: bool) -> ox.Store:
    """The Oxigraph store in ``path`` (created when writing to a new or empty directory)."""
    if read_only and not (path / MARKER).is_file():
        raise InputError(path, "no Oxigraph store here", hint=f"load one first: vkg load --store {path}")
    _refuse_foreign(path)
    try:
        if read_only:
            return ox.Store.read_only(str(path))
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as error:
        if "lock" in str(error).lower():
            raise EnvironmentProblem(
                f"the store {path} is in use by another process",
                hint="stop the other process that holds it (a running vkg load, or oxigraph serve), then retry",
            ) from error
        raise EnvironmentProblem(f"cannot open the store {path}: {error}", hint="check the directory") from error


def _refuse_foreign(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise InputError(path, "not a directory", hint="give a directory for the store")
    if path.is_dir() and any(path.iterdir()) and not (path / MARKER).is_file():
        raise InputError(
            path, "the directory is not empty and holds no Oxigraph store", hint="choose a new or empty directory"
        )


def count(store: ox.Store, graph: ox.NamedNode) -> int:
    """Number of triples in the named graph ``graph`` (0 when it does not exist)."""
    answer = from_oxigraph(store.query(bind_values(internal("count-triples.rq"), {"graph": graph})))
    return triple_count(answer)


def load_embedded(
    path: Path,
    triples: Sequence[ox.Triple],
    graph: str,
    *,
    chunk_size: int = 100_000,
    progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Replace ``graph`` in the store at ``path`` by ``triples`` (distinct triples), or leave it as it was."""
    path = path.absolute()
    _recover(path)
    _refuse_foreign(path)
    with staged_directory(path, hint="choose a writable directory") as staging:
        previous = _build(path, staging, triples, ox.NamedNode(graph), chunk_size, progress or (lambda _: None))
    loaded = count(open_store(path, read_only=True), ox.NamedNode(graph))
    return LoadReport(graph, loaded, previous, BULK_LOADER, -(-len(triples) // chunk_size))


def _build(
    path: Path,
    staging: Path,
    triples: Sequence[ox.Triple],
    target: ox.NamedNode,
    chunk_size: int,
    progress: Callable[[int], None],
) -> int:
    """Write the next store into ``staging``; return how many triples ``target`` held before."""
    new = ox.Store(str(staging))
    previous = kept = 0
    if (path / MARKER).is_file():
        old = open_store(path, read_only=False)  # holds the lock, so no one else writes meanwhile
        previous = count(old, target)
        copied = _Counted(quad for quad in old.quads_for_pattern(None, None, None) if quad.graph_name != target)
        new.bulk_extend(copied)
        kept = copied.seen
    for start in range(0, len(triples), chunk_size):
        chunk = triples[start : start + chunk_size]
        new.bulk_extend(ox.Quad(triple.subject, triple.predicate, triple.object, target) for triple in chunk)
        progress(len(chunk))
    loaded = count(new, target)
    if loaded != len(triples) or len(new) != kept + len(triples):
        raise EnvironmentProblem(
            f"the new store holds {loaded} triples in <{target.value}> and {len(new) - loaded} others, "
            f"expected {len(triples)} and {kept}",
            hint="the store was left as it was; report this with the input that caused it",
        )
    new.flush()
    return previous


class _Counted:
    """The quads of an iterator, counted as they pass."""

    def __init__(self, quads: Iterator[ox.Quad]) -> None:
        self.quads = quads
        self.seen = 0

    def __iter__(self) -> Iterator[ox.Quad]:
        for quad in self.quads:
            self.seen += 1
            yield quad


def _recover(path: Path) -> None:
    """Clean up after a load that was killed: drop half-built stores, restore a store left aside."""
    if not path.parent.is_dir():
        return
    for partial in path.parent.glob(f".{path.name}.*{PARTIAL_SUFFIX}"):
        shutil.rmtree(partial, ignore_errors=True)
    retired = sorted(path.parent.glob(f".{path.name}.*.old"))
    if retired and not path.exists():
        retired.pop().rename(path)
    for old in retired:
        shutil.rmtree(old, ignore_errors=True)


class EmbeddedStore:
    """The on-disk store at ``path``: read-only queries (``graph``, if given, is their default graph;
    else the union of all graphs) and atomic replacement of a named graph (:func:`load_embedded`)."""

    def __init__(self, path: Path, graph: str | None = None, description: str | None = None) -> None:
        self.path = path
        self.graph = graph
        self.description = description or f"embedded store {path}"
        self._store: ox.Store | None = None

    @property
    def store(self) -> ox.Store:
        """The store, opened read-only when first used (a load never runs beside an open handle)."""
        if self._store is None:
            self._store = open_store(self.path, read_only=True)
        return self._store

    def count(self, graph: str) -> int:
        """Number of triples in the named graph ``graph``, whatever graph queries see (0 when there is none)."""
        return count(self.store, ox.NamedNode(graph))

    def replace_graph(
        self,
        graph: str,
        triples: Sequence[ox.Triple],
        *,
        chunk_size: int = 100_000,
        progress: Callable[[int], None] | None = None,
    ) -> LoadReport:
        self._store = None
        return load_embedded(self.path, triples, graph, chunk_size=chunk_size, progress=progress)

    def run(self, query: str, bindings: Mapping[str, Term] | None = None, *, where: str = "query") -> Answer:
        """The answer to ``query``, from the store on disk (:func:`~.memory.query_oxigraph`)."""
        return query_oxigraph(self.store, query, bindings, where=where, graph=self.graph)
