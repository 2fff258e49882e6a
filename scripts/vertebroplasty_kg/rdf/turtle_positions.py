"""Where a statement is written in a Turtle file, so that a message can name its line and column.

The parser gives no positions for the triples it reads, so the text is searched instead: for the
line on which ``subject`` starts a statement (written in the first column, as ``<IRI>`` or as
``prefix:local`` with one of the file's own prefixes, as every file of ``ontology/`` writes its
subjects), then for ``predicate`` among the lines of that statement, up to the next line that
starts in the first column. The search serves messages only; when it finds nothing, the message goes without
a position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_STATEMENT_START = re.compile(r"^\S", re.MULTILINE)


@dataclass(frozen=True)
class Position:
    path: Path
    line: int
    column: int


def _spellings(iri: str, prefixes: dict[str, str]) -> list[str]:
    """The ways ``iri`` may be written in a file with ``prefixes``."""
    found = [f"<{iri}>"]
    for prefix, namespace in prefixes.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and _LOCAL.match(local):
            found.append(f"{prefix}:{local}")
    return found


def _term(spellings: list[str]) -> str:
    return "(?:" + "|".join(re.escape(spelling) for spelling in spellings) + r")(?=[\s;,.\]])"


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def find_statement(path: Path, subject: str, predicate: str | None = None) -> Position | None:
    """Where, in the Turtle file at ``path``, the statement about the IRI ``subject`` starts, or,
    given ``predicate``, where that predicate is written in it; None when not found."""
    try:
        text = path.read_text(encoding="utf-8")
        parser = ox.parse(text, format=ox.RdfFormat.TURTLE)
        for _ in parser:
            pass
        prefixes = dict(parser.prefixes)
    except (OSError, UnicodeDecodeError, SyntaxError):
        return None
    start = re.search("^" + _term(_spellings(subject, prefixes)), text, re.MULTILINE)
    if start is None:
        return None
    offset = start.start()
    if predicate is not None:
        following = _STATEMENT_START.search(text, start.end())
        block_end = following.start() if following else len(text)
        written = re.compile(r"(?<![\w:<])" + _term(_spellings(predicate, prefixes))).search(
            text, start.end(), block_end
        )
        if written is not None:
            offset = written.start()
    return Position(path, *_line_and_column(text, offset))


def find_in_files(paths: Iterable[Path], subject: str, predicate: str | None = None) -> Position | None:
    """:func:`find_statement` in the first of ``paths`` that holds the statement."""
    for path in paths:
        found = find_statement(path, subject, predicate)
        if found is not None:
            return found
    return None
