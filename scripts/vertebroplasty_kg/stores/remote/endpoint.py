"""A remote SPARQL 1.1 service: query, update and Graph Store HTTP Protocol, over :mod:`.http`.

Servers put the three services (query, update, graph store) at different URLs; docs/triple-stores.md ("Servers")
lists them for Oxigraph, Virtuoso, Fuseki and GraphDB. The update URL
defaults to the query URL; without a graph store URL, data goes in by SPARQL Update.

:class:`RemoteEndpoint` is a :class:`~vertebroplasty_kg.stores.store.Store`, as the embedded store is.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ...namespaces import ONTOLOGY_IRI
from ...rdf.sparql_text import bind_values, internal, query_form
from ...rdf.terms import Term
from ..answers import Answer, ResultsError, parse_graph_results, parse_json_results, triple_count
from ..staging import LoadReport
from .auth import credentials_for, refuse_userinfo
from .http import EndpointError, HttpClient, Response

SOLUTIONS_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9"
NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class EndpointUrls:
    query: str
    update: str
    graph_store: str | None = None

    @classmethod
    def of(cls, query: str, update: str | None = None, graph_store: str | None = None) -> EndpointUrls:
        for option, url in (("--endpoint", query), ("--update-url", update), ("--graph-store-url", graph_store)):
            if url is None:
                continue
            refuse_userinfo(url, option)
            if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
                raise EndpointError(
                    f"{option}: not an http(s) URL: {url!r}", hint="give the full URL, e.g. http://localhost:7878/query"
                )
        return cls(query, update or query, graph_store)


class RemoteEndpoint:
    """Queries and loads one SPARQL service. ``graph``, when given, is the default graph of queries
    (several: their merge, each sent as a ``default-graph-uri``)."""

    def __init__(
        self,
        urls: EndpointUrls,
        http: HttpClient,
        graph: str | Sequence[str] | None = None,
        description: str | None = None,
    ) -> None:
        self.urls = urls
        self.http = http
        self.graphs: tuple[str, ...] = (graph,) if isinstance(graph, str) else tuple(graph or ())
        self.description = description or f"SPARQL endpoint {urls.query}"

    def replace_graph(
        self,
        graph: str,
        triples: Sequence[ox.Triple],
        *,
        chunk_size: int = 100_000,
        progress: Callable[[int], None] | None = None,
    ) -> LoadReport:
        """Replace ``graph`` through a staging graph (:func:`~.load.load_remote`)."""
        from .load import load_remote

        return load_remote(self, triples, graph, chunk_size=chunk_size, progress=progress)

    @classmethod
    def connect(
        cls,
        query_url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        graph: str | Sequence[str] | None = None,
        timeout: float = 120.0,
        retries: int = 4,
        backoff: float = 0.5,
    ) -> RemoteEndpoint:
        """An endpoint with credentials from the environment or netrc (see :mod:`.auth`)."""
        urls = EndpointUrls.of(query_url, update_url, graph_store_url)
        http = HttpClient(credentials_for(query_url), timeout=timeout, retries=retries, backoff=backoff)
        return cls(urls, http, graph)

    def run(self, query: str, bindings: Mapping[str, Term] | None = None, *, where: str = "query") -> Answer:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query, parameters bound by an inline VALUES block.

        The text is parsed as a SPARQL 1.1 query before anything is sent: many servers (Virtuoso
        among them) also run updates sent to their query URL, so an update is refused here.
        """
        form = query_form(query, where)
        return self._query(bind_values(query, bindings or {}), self.graphs, form)

    def release_graphs(self) -> list[tuple[str, str]]:
        """The named graphs that hold the release (graph IRI, the release's owl:versionIRI), as ``vkg load`` puts it."""
        answer = self._query(internal("release-graphs.rq", ontology=ONTOLOGY_IRI), (), "SELECT")
        return [
            (str(row[0].value), str(row[1].value)) for row in answer.rows if row[0] is not None and row[1] is not None
        ]

    def _query(self, query: str, default_graphs: Sequence[str], query_kind: str) -> Answer:
        form = [("query", query)] + [("default-graph-uri", graph) for graph in default_graphs]
        response = self.http.send(
            "POST",
            self.urls.query,
            body=urllib.parse.urlencode(form).encode("utf-8"),
            content_type="application/x-www-form-urlencoded",
            # one type per query form: Virtuoso answers a CONSTRUCT with JSON bindings if JSON is acceptable
            accept=GRAPH_ACCEPT if query_kind in {"CONSTRUCT", "DESCRIBE"} else SOLUTIONS_ACCEPT,
        )
        return _answer(response, self.urls.query)

    def update(self, update: str, *, retry: bool = True, timeout: float | None = None) -> None:
        self.http.send(
            "POST",
            self.urls.update,
            body=update.encode("utf-8"),
            content_type="application/sparql-update",
            retry=retry,
            timeout=timeout,
        )

    def count(self, graph: str) -> int:
        """Number of triples in the named graph ``graph`` (0 when it does not exist)."""
        answer = self._query(bind_values(internal("count-triples.rq"), {"graph": ox.NamedNode(graph)}), (), "SELECT")
        try:
            return triple_count(answer)
        except ResultsError as error:
            raise EndpointError(
                f"{self.urls.query} answered a COUNT query with {answer.rows!r}",
                hint="check that the URL is a SPARQL query endpoint",
            ) from error

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace ``graph`` by the N-Triples ``ntriples`` (Graph Store HTTP Protocol PUT)."""
        self.http.send("PUT", self._graph_url(graph), body=ntriples, content_type=NTRIPLES)

    def post_graph(self, graph: str, ntriples: bytes) -> None:
        """Add the N-Triples ``ntriples`` to ``graph`` (Graph Store HTTP Protocol POST)."""
        self.http.send("POST", self._graph_url(graph), body=ntriples, content_type=NTRIPLES)

    def _graph_url(self, graph: str) -> str:
        if self.urls.graph_store is None:
            raise ValueError("no graph store URL")
        separator = "&" if "?" in self.urls.graph_store else "?"
        return f"{self.urls.graph_store}{separator}{urllib.parse.urlencode({'graph': graph})}"


def _answer(response: Response, url: str) -> Answer:
    media = response.content_type.split(";")[0].strip().lower()
    try:
        if media in {"application/sparql-results+json", "application/json"}:
            return parse_json_results(response.body)
        return parse_graph_results(response.body, media)
    except ResultsError as error:
        raise EndpointError(
            f"{url} answered with {media or 'no content type'} that cannot be read: {error}",
            hint="check that the URL is a SPARQL query endpoint",
        ) from error
