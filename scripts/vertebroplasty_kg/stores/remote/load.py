"""Load triples into a named graph of a remote SPARQL service, atomically and idempotently.

1. Count the target graph (this also checks that the server answers and accepts the credentials).
2. Send the triples in chunks into a new staging graph ``<target>-staging-<nonce>``: by the Graph
   Store HTTP Protocol (PUT the first chunk, POST the others) when a graph store URL is given,
   else -- or when the server does not offer it -- by SPARQL Update ``INSERT DATA``.
3. Count the staging graph: it must hold exactly the triples sent.
4. Swap: ``MOVE <staging> TO <target>``, one update request, which replaces the target.
5. Count the target again.

A failure before the swap leaves the target as it was and the staging graph is dropped (if the
server still answers; otherwise the error names the graph to drop). Loading again replaces the
graph, so it never holds two copies.

Chunks never split the triples that share a blank node: each request is its own document, so a
blank node cut in two would become two nodes. Update chunks hold at most ``UPDATE_CHUNK`` triples
(Virtuoso 7 rejects an ``INSERT DATA`` of 2,000 triples: "generated SQL text has exceeded 10000
lines"), and those with blank nodes use ``INSERT {...} WHERE {}`` (Virtuoso refuses blank nodes in
``INSERT DATA``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import pyoxigraph as ox

from ...errors import VkgError
from ...rdf.sparql_text import fill, internal
from ..staging import LoadReport, chunks, staging_graph
from .http import EndpointError


class _Urls(Protocol):
    @property
    def graph_store(self) -> str | None: ...


class _Http(Protocol):
    @property
    def timeout(self) -> float: ...


class GraphService(Protocol):
    """What a load needs of a SPARQL service: :class:`~.endpoint.RemoteEndpoint` has it, and calls
    :func:`load_remote` to replace a graph (so this module does not import that one)."""

    @property
    def urls(self) -> _Urls: ...

    @property
    def http(self) -> _Http: ...

    def count(self, graph: str) -> int: ...

    def update(self, update: str, *, retry: bool = True, timeout: float | None = None) -> None: ...

    def put_graph(self, graph: str, ntriples: bytes) -> None: ...

    def post_graph(self, graph: str, ntriples: bytes) -> None: ...


UPDATE_CHUNK = 1000
GSP_UNSUPPORTED = {404, 405, 415, 501}
GRAPH_STORE_PROTOCOL = "SPARQL 1.1 Graph Store HTTP Protocol"
SPARQL_UPDATE = "SPARQL 1.1 Update"


def load_remote(
    endpoint: GraphService,
    triples: Sequence[ox.Triple],
    graph: str,
    *,
    chunk_size: int = 100_000,
    progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Replace ``graph`` on ``endpoint`` by ``triples`` (distinct triples), or leave it as it was."""
    previous = endpoint.count(graph)
    staging = staging_graph(graph)
    try:
        method, requests = _send(endpoint, triples, staging, chunk_size, progress or (lambda _: None))
        staged = endpoint.count(staging)
        if staged != len(triples):
            raise EndpointError(
                f"the staging graph <{staging}> holds {staged} triples, but {len(triples)} were sent",
                hint="the server changed or lost triples on the way in; the graph was not replaced",
            )
        _swap(endpoint, staging, graph, len(triples), requests)
    except BaseException as error:
        _drop_quietly(endpoint, staging, error)
        raise
    loaded = endpoint.count(graph)
    if loaded != len(triples):
        raise EndpointError(
            f"after the swap <{graph}> holds {loaded} triples, expected {len(triples)}",
            hint="another client may be writing the same graph; load again",
        )
    return LoadReport(graph, loaded, previous, method, requests)


def _send(
    endpoint: GraphService,
    triples: Sequence[ox.Triple],
    staging: str,
    chunk_size: int,
    progress: Callable[[int], None],
) -> tuple[str, int]:
    requests = 0
    if endpoint.urls.graph_store is not None:
        try:
            for chunk in chunks(triples, chunk_size):
                body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) or b""
                (endpoint.put_graph if requests == 0 else endpoint.post_graph)(staging, body)
                requests += 1
                progress(len(chunk))
            return GRAPH_STORE_PROTOCOL, requests
        except EndpointError as error:
            if requests > 0 or error.status not in GSP_UNSUPPORTED:
                raise
    for chunk in chunks(triples, min(chunk_size, UPDATE_CHUNK)):
        text = (ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        template = "insert-blank-nodes.ru" if _has_blank_nodes(chunk) else "insert-data.ru"
        endpoint.update(fill(template, graph=staging, triples=text))
        requests += 1
        progress(len(chunk))
    return SPARQL_UPDATE, requests


def _swap(endpoint: GraphService, staging: str, graph: str, expected: int, requests: int) -> None:
    """``MOVE`` the staging graph onto the target, in one request that is not repeated.

    The server copies everything at once, so the request may take as long as all the chunks did
    together (a million triples: 211 s on an on-disk Oxigraph server). If the answer is lost, the
    counts tell whether the swap happened.
    """
    try:
        update = internal("replace-graph.ru", staging=staging, target=graph)
        endpoint.update(update, retry=False, timeout=endpoint.http.timeout * max(requests, 1))
    except EndpointError as error:
        if error.status is not None:
            raise
        try:
            swapped = endpoint.count(staging) == 0 and endpoint.count(graph) == expected
        except EndpointError:
            raise error from None
        if not swapped:
            raise


def _drop_quietly(endpoint: GraphService, staging: str, error: BaseException) -> None:
    try:
        endpoint.update(internal("drop-graph.ru", graph=staging), retry=False)
    except VkgError:
        if isinstance(error, VkgError):
            error.hint = (error.hint or "") + (
                f"; the staging graph <{staging}> may be left on the server: "
                f"drop it with the update DROP SILENT GRAPH <{staging}>"
            )


def _has_blank_nodes(chunk: Sequence[ox.Triple]) -> bool:
    return any(isinstance(term, ox.BlankNode) for triple in chunk for term in (triple.subject, triple.object))
