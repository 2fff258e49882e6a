"""What ``vkg query`` does: pick the question(s), bind the parameters, run them on a store, write answers.

The store is, by default, the release assembled in memory from the working tree (the same triples
``vkg build`` writes, checked the same way), loaded into pyoxigraph: answers never come from a
stale ``dist/``, and no build is needed first. ``--data FILE`` queries a release file instead,
``--store DIR`` the on-disk store and ``--endpoint URL`` a SPARQL 1.1 server that ``vkg load`` filled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import InputError
from ..inputs.questions import Question, all_questions, find_question
from ..project import Project
from ..rdf.sparql_text import query_form
from ..release.cache import release_triples
from ..stores.answers import Answer
from ..stores.memory import MemoryStore
from ..stores.store import Store, select
from .parameters import bindings, iri_argument, parse_assignments
from .result_formats import FORMATS, table

if TYPE_CHECKING:  # the stores are imported by the request that uses one
    from ..stores.remote.endpoint import RemoteEndpoint


@dataclass(frozen=True)
class QueryRequest:
    """The arguments of ``vkg query``."""

    query: str | None = None
    params: tuple[str, ...] = ()
    fmt: str = "table"
    list_questions: bool = False
    all_questions: bool = False
    data: Path | None = None
    store: Path | None = None
    endpoint: str | None = None
    graph: str | None = None

    def check(self) -> None:
        modes = [self.query is not None, self.list_questions, self.all_questions]
        if sum(modes) != 1:
            raise InputError(
                "vkg query",
                "give one of: a question NAME or a .rq FILE, --list, or --all",
                hint="see `vkg query --help`; list the questions with `vkg query --list`",
            )
        if self.params and self.query is None:
            raise InputError("--param", "--param needs a question or file", hint="vkg query NAME --param NAME=VALUE")
        if self.all_questions and self.fmt != "table":
            raise InputError(
                "--format", "--all prints tables", hint="ask one question at a time for tsv, csv or json output"
            )
        if sum(source is not None for source in (self.data, self.store, self.endpoint)) > 1:
            raise InputError(
                "vkg query", "give at most one of --data, --store and --endpoint", hint="see `vkg query --help`"
            )
        if self.graph is not None and self.store is None and self.endpoint is None:
            raise InputError("--graph", "--graph goes with --store or --endpoint", hint="see `vkg query --help`")
        if self.graph is not None:
            iri_argument(self.graph, "--graph")
        if self.fmt not in FORMATS:
            raise InputError("--format", f"unknown format {self.fmt!r}", hint=f"use one of {', '.join(FORMATS)}")


def release_target(project: Project) -> MemoryStore:
    """The release of ``project``'s working tree, in an in-memory pyoxigraph store: from the cache of
    :mod:`vertebroplasty_kg.release.cache` when no input has changed since it was reasoned, else assembled again."""

    def assemble() -> tuple[ox.Triple, ...]:
        from ..release.assembly import reasoned_release

        return reasoned_release(project).triples

    triples = release_triples(project, assemble)
    return MemoryStore.from_triples(triples, f"release assembled from {project.relative(project.root)}")


def open_target(project: Callable[[], Project], request: QueryRequest) -> Store:
    """The store ``request`` names: a release file, the on-disk store, a server, or the working tree's release."""
    if request.data is not None:
        return MemoryStore.from_file(request.data)
    if request.store is not None:
        from ..stores.embedded import EmbeddedStore

        return EmbeddedStore(request.store, request.graph)
    if request.endpoint is not None:
        from ..stores.remote.endpoint import RemoteEndpoint

        endpoint = RemoteEndpoint.connect(request.endpoint, graph=request.graph)
        if request.graph is None:
            endpoint.graphs = release_graphs(endpoint, request.endpoint)
        shown = ", ".join(f"<{graph}>" for graph in endpoint.graphs) or "its default graph"
        endpoint.description = f"SPARQL endpoint {request.endpoint}, {shown}"
        return endpoint
    return release_target(project())


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


def answer(target: Store, question: Question, given: dict[str, str] | None = None) -> Answer:
    """``question`` answered by ``target``, its parameters bound to ``given`` values or their defaults."""
    return select(target, question.text, bindings(question, given or {}), where=question.where)


def question_list(questions: list[Question]) -> Answer:
    """The questions' headers as an answer, so that every output format can show them."""
    rows = tuple(
        (
            ox.Literal(q.name),
            ox.Literal(q.asked_by),
            ox.Literal(q.question),
            ox.Literal("; ".join(str(p) for p in q.parameters) or "none"),
        )
        for q in questions
    )
    return Answer(("name", "asked_by", "question", "parameters"), rows)


def _all_answers(target: Store, questions: list[Question]) -> Iterator[str]:
    for question in questions:
        used = "; ".join(str(p) for p in question.parameters) or "none"
        yield f"== {question.name} ({question.asked_by})\n{question.question}\nparameters: {used}\n\n"
        yield table(answer(target, question)) + "\n"


def perform(request: QueryRequest, project: Callable[[], Project]) -> Iterator[str]:
    """The text ``vkg query`` prints for ``request``, in pieces. ``project`` is called only when needed."""
    request.check()
    write = FORMATS[request.fmt]
    if request.list_questions:
        yield write(question_list(all_questions(project())))
        return
    if request.all_questions:
        questions = all_questions(project())
        yield from _all_answers(open_target(project, request), questions)
        return
    assert request.query is not None
    question = find_question(project, request.query)
    terms = bindings(question, parse_assignments(request.params))  # bad values stop before any loading
    if request.endpoint is not None:
        query_form(question.text, question.where)  # an update stops here, before any request is sent
    target = open_target(project, request)
    yield write(select(target, question.text, terms, where=question.where))
