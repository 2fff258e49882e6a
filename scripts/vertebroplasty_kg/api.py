"""The Python API: what the command line does, as functions that return data, not text.

Import it from the package (``from vertebroplasty_kg import ask``); ``docs/python-api.md`` shows
each function with an example that the tests run. Every function raises :class:`~.errors.VkgError`
(with ``message`` and ``hint``) for bad input, as the command line reports it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .project import Project
from .release.cached_release import release_triples
from .stores.answers import Answer
from .stores.memory import MemoryStore
from .stores.store import select

if TYPE_CHECKING:  # imported when called: a question needs neither the reasoner nor SHACL
    from .checks.validation import ValidationReport
    from .release.assembly import Built
    from .stores.staging import LoadReport


def get_release(project: Project) -> list[ox.Triple]:
    """The release of ``project``: the triples ``vkg build`` writes, with the subclass links HermiT
    infers. Reasoned once per change of the inputs and kept in ``.vkg-cache/`` (:mod:`.release.cache`)."""
    return release_triples(project)


def ask(
    project: Project,
    question: str,
    parameters: Mapping[str, str] | None = None,
    *,
    data: list[ox.Triple] | None = None,
) -> Answer:
    """The answer to a competency question (``queries/cq/NAME.rq``) or a ``.rq`` file, on the release
    of ``project`` (or on ``data``). ``parameters`` take the values ``vkg query --param`` takes:
    ``{"concept": "vpo:Kyphoplasty"}``, a full IRI in ``<>``, a string or an integer."""
    from .inputs.questions import find_question
    from .query.parameters import bindings

    asked = find_question(lambda: project, question)
    terms = bindings(asked, dict(parameters or {}))
    from .query.asking import release_store

    target = release_store(project) if data is None else MemoryStore.from_triples(data, "given triples")
    return select(target, asked.text, terms, where=asked.where)


def list_questions(project: Project) -> dict[str, str]:
    """Each competency question's name and the question it asks, in name order."""
    from .inputs.questions import all_questions

    return {question.name: question.question for question in all_questions(project)}


def validate(project: Project) -> ValidationReport:
    """Every quality gate of ``vkg validate`` on ``project``: a :class:`~.validation.ValidationReport`
    (``findings``, ``has_errors``)."""
    from .release.assembly import read_and_validate

    return read_and_validate(project)[1]


def build(
    project: Project,
    out_dir: str | os.PathLike[str],
    *,
    version: str | None = None,
    docs: bool = False,
    issued: date | None = None,
) -> Built:
    """Validate and write the release into ``out_dir`` (replaced atomically), as ``vkg build`` does;
    raises :class:`~vertebroplasty_kg.release.assembly.ReleaseRefused`, with its findings, on any ERROR."""
    from .release.assembly import build as build_release

    return build_release(project, Path(out_dir), version=version, issued=issued, docs=docs)


def load_store(project: Project, store: str | os.PathLike[str], *, graph: str | None = None) -> LoadReport:
    """Load the release into the on-disk store ``store`` (created if new), replacing its graph
    atomically, as ``vkg load --store`` does; returns the :class:`~.staging.LoadReport`."""
    from .stores.release_load import load

    return load(project, store=Path(store), graph=graph)


def ask_store(
    store: str | os.PathLike[str],
    question: str | os.PathLike[str],
    parameters: Mapping[str, str] | None = None,
    *,
    project: Project | None = None,
) -> Answer:
    """The answer to a question on the on-disk store that :func:`load_store` filled (the union of its graphs)."""
    from .inputs.questions import find_question
    from .query.parameters import bindings
    from .stores.embedded import EmbeddedStore

    asked = find_question(lambda: project or Project.find(), os.fspath(question))
    terms = bindings(asked, dict(parameters or {}))
    return select(EmbeddedStore(Path(store)), asked.text, terms, where=asked.where)
