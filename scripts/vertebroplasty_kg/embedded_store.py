"""The embedded store: an on-disk Oxigraph database (pyoxigraph ``Store(path)``, RocksDB) in a directory.

Loading is atomic and idempotent as for a remote server (see :mod:`.remote_load`): the triples go
into a staging graph by pyoxigraph's bulk loader (``bulk_extend``, in chunks so that progress can be
shown), the staging graph is counted, and one transactional ``MOVE`` replaces the target graph. A
load that dies half-way leaves only a staging graph behind, which the next load removes.

Queries see the loaded graph as their default graph: the graph named when the store is opened, or
else the union of all named graphs (pyoxigraph ``use_default_graph_as_union``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from .errors import EnvironmentProblem, InputError
from .sparql_results import QueryAnswer, from_oxigraph, triple_count
from .sparql_text import Bindable, BindingError, bind_values, internal
from .staging import STAGING_INFIX, LoadReport, staging_graph

BULK_LOADER = "pyoxigraph bulk loader"


def open_store(path: Path, *, read_only: bool) -> ox.Store:
    """The Oxigraph store in ``path`` (created when writing to a new or empty directory)."""
    if read_only and not (path / "CURRENT").is_file():
        raise InputError(path, "no Oxigraph store here", hint=f"load one first: vkg load --store {path}")
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").is_file():
        raise InputError(
            path, "the directory is not empty and holds no Oxigraph store", hint="choose a new or empty directory"
        )
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
    store = open_store(path, read_only=False)
    target = ox.NamedNode(graph)
    prefix = graph + STAGING_INFIX
    for leftover in [name for name in store.named_graphs() if isinstance(name, ox.NamedNode)]:
        if leftover.value.startswith(prefix):
            store.remove_graph(leftover)
    previous = count(store, target)
    staging = ox.NamedNode(staging_graph(graph))
    try:
        for start in range(0, len(triples), chunk_size):
            chunk = triples[start : start + chunk_size]
            store.bulk_extend(ox.Quad(triple.subject, triple.predicate, triple.object, staging) for triple in chunk)
            if progress is not None:
                progress(len(chunk))
        staged = count(store, staging)
        if staged != len(triples):
            raise EnvironmentProblem(
                f"the staging graph holds {staged} triples, but {len(triples)} were loaded",
                hint="the store did not keep every triple; the graph was not replaced",
            )
        store.update(internal("replace-graph.ru", staging=staging.value, target=graph))
    except BaseException:
        store.remove_graph(staging)
        raise
    store.flush()
    return LoadReport(graph, count(store, target), previous, BULK_LOADER, -(-len(triples) // chunk_size))


class EmbeddedStore:
    """Read-only queries over the store at ``path``; ``graph`` (if given) is their default graph."""

    def __init__(self, path: Path, graph: str | None = None) -> None:
        self.path = path
        self.graph = graph
        self.store = open_store(path, read_only=True)

    def run(self, query: str, bindings: Mapping[str, Bindable] | None = None) -> QueryAnswer:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query with ``bindings`` for its parameters.

        Parameters are bound by the same inline VALUES block as on a remote endpoint, so both run
        the same text (pyoxigraph's ``substitutions`` would also refuse a variable that the query
        does not project).
        """
        try:
            text = bind_values(query, bindings or {})
            if self.graph is None:
                result = self.store.query(text, use_default_graph_as_union=True)
            else:
                result = self.store.query(text, default_graph=ox.NamedNode(self.graph))
        except (SyntaxError, BindingError) as error:
            hint = "fix the query or its parameters"
            raise InputError("query", f"cannot run the query: {error}", hint=hint) from error
        return from_oxigraph(result)
