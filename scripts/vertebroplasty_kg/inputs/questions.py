"""Competency questions: SPARQL files under ``queries/cq/`` that describe themselves in a header.

A question file opens with comment lines::

    # question: What is vertebroplasty done for?
    # asked-by: clinician
    # parameters: ?procedure = IRI (default vpo:Vertebroplasty)

``asked-by`` is one of :data:`ASKERS`. ``parameters`` is ``none`` or one parameter per
``# parameters:`` line: a variable of the query, its kind (:data:`KINDS`) and an optional default.
A parameter is bound to a term when the query runs (see :mod:`.parameters`), never pasted into
the query text. The header ends at the first line that is not a comment.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError
from ..project import QUESTIONS_DIR, Project, folder_files
from ..rdf.sparql_text import header_fields

ASKERS = ("clinician", "clinical informatician", "researcher", "knowledge engineer")
KINDS = ("IRI", "string", "integer")
_PARAMETER = re.compile(
    r"^\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<kind>\w+)(?:\s*\(default\s+(?P<default>.+)\))?$"
)
_HEADER_HINT = (
    "open the file with '# question: ...', "
    "'# asked-by: clinician|clinical informatician|researcher|knowledge engineer' and "
    "'# parameters: none' or one '# parameters: ?name = IRI|string|integer (default VALUE)' line per parameter"
)


class Parameter(NamedTuple):
    name: str
    kind: str
    default: str | None

    def __str__(self) -> str:
        default = f" (default {self.default})" if self.default is not None else ""
        return f"?{self.name} = {self.kind}{default}"


class Question(NamedTuple):
    """A SPARQL query and what its header says about it (empty fields for a file without one)."""

    name: str
    path: Path
    text: str
    question: str = ""
    asked_by: str = ""
    parameters: tuple[Parameter, ...] = ()
    where: str = ""
    """How messages name the file (default: its path)."""

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def mentions(text: str, name: str) -> bool:
    """Whether the query ``text`` uses the variable ``?name`` outside comment lines."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return re.search(rf"[?$]{re.escape(name)}\b", body) is not None


def _parse_parameter(where: str, line: int, value: str, text: str) -> Parameter:
    match = _PARAMETER.match(value)
    if match is None or match["kind"] not in KINDS:
        raise InputError(where, f"cannot read the parameter {value!r}", line=line, hint=_HEADER_HINT)
    parameter = Parameter(match["name"], match["kind"], match["default"])
    if not mentions(text, parameter.name):
        raise InputError(
            where,
            f"parameter ?{parameter.name} does not occur in the query",
            line=line,
            hint="declare only variables that the query uses",
        )
    return parameter


def read_question(path: Path, *, require_header: bool = True, shown_as: str | None = None) -> Question:
    """The query at ``path`` with its header. Raises :class:`InputError` for a missing or bad header.

    ``shown_as`` is how messages name the file (default: the path as given).
    """
    where = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(where, f"cannot read the query: {error}", hint="give a readable UTF-8 .rq file") from error
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    no_parameters = False
    for key, value, number in header_fields(text, ("question", "asked-by", "parameters")):
        if key == "parameters":
            if value == "none":
                no_parameters = True
            else:
                parameters.append(_parse_parameter(where, number, value, text))
        elif key in fields:
            raise InputError(where, f"'{key}:' is given twice", line=number, hint=_HEADER_HINT)
        else:
            fields[key] = value
    question = Question(
        path.stem, path, text, fields.get("question", ""), fields.get("asked-by", ""), tuple(parameters), where
    )
    if require_header:
        _check_header(question, no_parameters)
    return question


def _check_header(question: Question, no_parameters: bool) -> None:
    where = question.where
    if not question.question:
        raise InputError(where, "the header has no '# question:' line", line=1, hint=_HEADER_HINT)
    if question.asked_by not in ASKERS:
        raise InputError(
            where, f"'# asked-by:' is {question.asked_by!r}, not one of {', '.join(ASKERS)}", line=1, hint=_HEADER_HINT
        )
    if no_parameters == bool(question.parameters):
        raise InputError(
            where, "the header needs either '# parameters: none' or parameter lines, not both", hint=_HEADER_HINT
        )
    names = [parameter.name for parameter in question.parameters]
    if len(set(names)) != len(names):
        raise InputError(where, "a parameter is declared twice", hint=_HEADER_HINT)


def question_files(project: Project) -> list[Path]:
    """The competency question files of ``project``, sorted by name."""
    return folder_files(project.root / QUESTIONS_DIR, "*.rq")


def all_questions(project: Project) -> list[Question]:
    """Every competency question of ``project``, headers checked."""
    questions = [read_question(path, shown_as=f"{QUESTIONS_DIR}/{path.name}") for path in question_files(project)]
    if not questions:
        raise InputError(project.root / QUESTIONS_DIR, "no .rq files", hint="restore queries/cq/ from git")
    return questions


def is_query_file(name_or_file: str) -> bool:
    """Whether ``name_or_file`` names a file (a path, or ends in ``.rq``) rather than a question."""
    return name_or_file.endswith(".rq") or "/" in name_or_file or Path(name_or_file).is_file()


def find_question(project: Callable[[], Project], name_or_file: str) -> Question:
    """A question by name (``queries/cq/NAME.rq``) or any ``.rq`` file by path.

    ``project`` is called only for a name, so a file can be run outside a checkout.
    """
    if is_query_file(name_or_file):
        candidate = Path(name_or_file)
        if not candidate.is_file():
            raise InputError(candidate, "no such query file", hint="give the path of a .rq file, or a question name")
        return read_question(candidate, require_header=False)
    path = project().root / QUESTIONS_DIR / f"{name_or_file}.rq"
    if not path.is_file():
        raise InputError(
            f"{QUESTIONS_DIR}/{name_or_file}.rq",
            f"no competency question named {name_or_file!r}",
            hint="list the questions with `vkg query --list`",
        )
    return read_question(path, shown_as=f"{QUESTIONS_DIR}/{path.name}")
