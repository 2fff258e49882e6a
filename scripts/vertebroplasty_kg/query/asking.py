"""Asking a question: open the store to ask (the release of the working tree, a release file, the
on-disk store or a server) and answer a question on it, parameters bound.

The default store is the release assembled in memory from the working tree (the same triples
``vkg build`` writes, checked the same way; :mod:`vertebroplasty_kg.release.cached_release` keeps it while no
input changes), loaded into pyoxigraph: answers never come from a stale ``dist/``, and no build is
needed first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..errors import InputError
from ..inputs.questions import Question
from ..project import Project
from ..rdf.sparql_text import internal
from ..release.cached_release import Assemble
from ..release.cached_release import release_store as release_store_of
from ..stores.answers import Answer
from ..stores.memory import MemoryStore
from ..stores.store import Store, select
from .parameters import bindings

if TYPE_CHECKING:  # the stores are imported by the request that uses one
    from ..stores.remote.endpoint import RemoteEndpoint


def release_store(project: Project, assemble: Assemble | None = None) -> MemoryStore:
    """The release of ``project``'s working tree, in an in-memory pyoxigraph store: from the cache of
    :mod:`vertebroplasty_kg.release.cache` when no input has changed since it was reasoned, else
    ``assemble()``-d again (by default: reasoned; see :func:`.cached_release.release_store`)."""
    return MemoryStore(release_store_of(project, assemble), f"release assembled from {project.relative(project.root)}")


def open_store(
    project: Callable[[], Project],
    *,
    data: Path | None = None,
    store: Path | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    assemble: Assemble | None = None,
) -> Store:
    """The store to ask: a release file (``data``), the on-disk store, a server, or else the working
    tree's release (``project`` is called only then; :func:`release_store` tells what ``assemble``
    does). ``graph`` is the default graph on a store or server; on a server without one, the graphs
    that hold the release (:func:`release_graphs`)."""
    if data is not None:
        return MemoryStore.from_file(data)
    if store is not None:
        from ..stores.embedded import EmbeddedStore

        return _holding(EmbeddedStore(store, graph), graph)
    if endpoint is not None:
        from ..stores.remote.endpoint import RemoteEndpoint

        remote = RemoteEndpoint.connect(endpoint, graph=graph)
        if graph is None:
            remote.graphs = release_graphs(remote, endpoint)
        shown = ", ".join(f"<{name}>" for name in remote.graphs) or "its default graph"
        remote.description = f"SPARQL endpoint {endpoint}, {shown}"
        return _holding(remote, graph)
    return release_store(project(), assemble)


def _holding(store: Store, graph: str | None) -> Store:
    """``store``, once it is known to hold triples in ``graph`` (a typo would give empty answers)."""
    if graph is None:
        return store
    if not store.run(internal("default-graph-has-triples.rq"), where="default-graph-has-triples.rq").boolean:
        raise InputError(
            "--graph",
            f"<{graph}> holds no triples in the {store.description}",
            hint="give a graph that `vkg load` filled (it prints the IRI), or leave --graph out",
        )
    return store


def release_graphs(endpoint: RemoteEndpoint, url: str) -> tuple[str, ...]:
    """The graphs to query on a server when no ``--graph`` is given: the one named graph that holds the
    release (where ``vkg load`` put it) with its evidence graph, else the server's default graph."""
    found = endpoint.release_graphs()
    graphs = sorted({graph for graph, _ in found})
    if len(graphs) > 1:
        listed = ", ".join(f"<{graph}> ({version})" for graph, version in found)
        raise InputError(
            "--endpoint",
            f"{url} holds the release in {len(graphs)} graphs: {listed}",
            hint="choose one with --graph IRI",
        )
    if not graphs:
        return ()
    from ..stores.release_load import evidence_graph

    return (graphs[0], evidence_graph(graphs[0]))


@runtime_checkable
class _CountsGraphs(Protocol):
    """A store that counts the triples of any named graph (the on-disk store, a server)."""

    def count(self, graph: str) -> int: ...


def evidence_left_out(store: Store, graph: str | None) -> str | None:
    """The evidence graph beside ``graph`` (``<graph>/evidence``, where ``vkg load`` puts the
    release's evidence) when ``graph`` is queried alone and that graph holds triples: the answers about
    evidence then differ from those without ``--graph``, which merge the two. None otherwise."""
    if graph is None or not isinstance(store, _CountsGraphs):
        return None
    from ..stores.release_load import evidence_graph

    evidence = evidence_graph(graph)
    return evidence if evidence != graph and store.count(evidence) > 0 else None


def answer(store: Store, question: Question, given: dict[str, str] | None = None) -> Answer:
    """``question`` answered by ``store``, its parameters bound to ``given`` values or their defaults."""
    return select(store, question.text, bindings(question, given or {}), where=question.where)
