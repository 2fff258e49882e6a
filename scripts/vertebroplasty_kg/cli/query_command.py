"""What ``vkg query`` prints: its arguments checked, the question(s) picked and asked
(:mod:`vertebroplasty_kg.query.asking`), the answers written in the chosen format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from ..errors import InputError
from ..inputs.questions import Question, all_questions, find_question
from ..project import Project
from ..query.asking import answer, evidence_left_out, open_store
from ..query.parameters import bindings, iri_argument, parse_assignments
from ..rdf.sparql_text import query_form
from ..release.cached_release import Assemble
from ..stores.answers import Answer
from ..stores.store import Store, select
from .result_formats import FORMATS, table


class QueryRequest(NamedTuple):
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

    def store_to_ask(self, project: Callable[[], Project], assemble: Assemble | None = None) -> Store:
        return open_store(
            project, data=self.data, store=self.store, endpoint=self.endpoint, graph=self.graph, assemble=assemble
        )

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


def _all_answers(store: Store, questions: list[Question]) -> Iterator[str]:
    for question in questions:
        used = "; ".join(str(p) for p in question.parameters) or "none"
        yield f"== {question.name} ({question.asked_by})\n{question.question}\nparameters: {used}\n\n"
        yield table(answer(store, question)) + "\n"


def perform(
    request: QueryRequest,
    project: Callable[[], Project],
    note: Callable[[str], None] = lambda _: None,
    assemble: Assemble | None = None,
) -> Iterator[str]:
    """The text ``vkg query`` prints for ``request``, in pieces; ``note`` gets what it says beside the
    answers (stderr). ``project`` is called only when needed; ``assemble`` makes the working tree's
    release when the cache has not got it (by default HermiT reasons it again)."""
    request.check()
    write = FORMATS[request.fmt]
    if request.list_questions:
        yield write(question_list(all_questions(project())))
        return
    if request.all_questions:
        questions = all_questions(project())
        yield from _all_answers(_noted(request, project, note, assemble), questions)
        return
    assert request.query is not None
    question = find_question(project, request.query)
    terms = bindings(question, parse_assignments(request.params))  # bad values stop before any loading
    if request.endpoint is not None:
        query_form(question.text, question.where)  # an update stops here, before any request is sent
    yield write(select(_noted(request, project, note, assemble), question.text, terms, where=question.where))


def _noted(
    request: QueryRequest, project: Callable[[], Project], note: Callable[[str], None], assemble: Assemble | None
) -> Store:
    """The store to ask; a note when ``--graph`` leaves out the evidence graph beside it."""
    store = request.store_to_ask(project, assemble)
    evidence = evidence_left_out(store, request.graph)
    if evidence is not None:
        note(
            f"note: --graph queries <{request.graph}> alone; the evidence beside it, in <{evidence}>, "
            "is left out (leave --graph out to query both, as vkg load put them)"
        )
    return store
