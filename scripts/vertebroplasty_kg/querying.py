"""What ``vkg query`` does: pick the question(s), bind the parameters, run them on a store, write answers.

The store is, by default, the release assembled in memory from the working tree (the same triples
``vkg build`` writes, checked the same way), loaded into pyoxigraph: answers never come from a
stale ``dist/``, and no build is needed first. ``--data FILE`` queries a release file instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .parameters import bindings, parse_assignments
from .project import Project
from .query_targets import Answer, OxigraphTarget, QueryTarget
from .questions import Question, all_questions, find_question
from .release import reasoned_release
from .result_formats import FORMATS, table


@dataclass(frozen=True)
class QueryRequest:
    """The arguments of ``vkg query``."""

    query: str | None = None
    params: tuple[str, ...] = ()
    fmt: str = "table"
    list_questions: bool = False
    all_questions: bool = False
    data: Path | None = None

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
        if self.fmt not in FORMATS:
            raise InputError("--format", f"unknown format {self.fmt!r}", hint=f"use one of {', '.join(FORMATS)}")


def release_target(project: Project) -> OxigraphTarget:
    """The release of ``project``'s working tree, in an in-memory pyoxigraph store."""
    release = reasoned_release(project)
    return OxigraphTarget.from_triples(release.triples, f"release assembled from {project.relative(project.root)}")


def open_target(project: Callable[[], Project], data: Path | None) -> QueryTarget:
    return OxigraphTarget.from_file(data) if data is not None else release_target(project())


def answer(target: QueryTarget, question: Question, given: dict[str, str] | None = None) -> Answer:
    """``question`` answered by ``target``, its parameters bound to ``given`` values or their defaults."""
    return target.select(question.text, bindings(question, given or {}), where=question.where)


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


def _all_answers(target: QueryTarget, questions: list[Question]) -> Iterator[str]:
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
        yield from _all_answers(open_target(project, request.data), questions)
        return
    assert request.query is not None
    question = find_question(project, request.query)
    terms = bindings(question, parse_assignments(request.params))  # bad values stop before any loading
    target = open_target(project, request.data)
    yield write(target.select(question.text, terms, where=question.where))
