"""The reviewed list of a source's sentences that deliberately carry no claim.

Next to each source text ``sources/NAME.txt`` lies ``sources/NAME.claim-free.tsv``: one row per
sentence that states nothing to record as a claim (a title, a heading, navigation, boilerplate),
with the reason. It is a list a person writes and reviews, never a rule that guesses: every other
sentence must be quoted by a claim (:mod:`.sentence_coverage`). The columns, tab-separated::

    line	sentence	reason
    7	What Vertebroplasty Treats	a section heading

``line`` is the 1-based line of the text on which the sentence starts, ``sentence`` the sentence
as written, each run of white space as one space (so a sentence over two lines fits one cell).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

SUFFIX = ".claim-free.tsv"
COLUMNS = ("line", "sentence", "reason")
_HINT = "one row per sentence: its line in the source text, the sentence, and why it carries no claim, tab-separated"


@dataclass(frozen=True)
class ClaimFreeSentence:
    row: int
    """The line of the list that names the sentence."""
    line: int
    """The line of the source text on which the sentence starts."""
    sentence: str
    reason: str


def claim_free_path(source: Path) -> Path:
    """Where the list of ``source``'s claim-free sentences lies: beside it, ``NAME.claim-free.tsv``."""
    return source.with_name(source.stem + SUFFIX)


def read_claim_free(path: Path, *, shown_as: str | None = None) -> list[ClaimFreeSentence]:
    """The rows of the list at ``path`` (none when there is no such file).

    Raises :class:`InputError` naming file and line for a wrong header, a row without its three
    cells, a line that is not a positive whole number, an empty sentence or reason, or a sentence
    listed twice."""
    name = shown_as or str(path)
    if not path.exists() and not path.is_symlink():
        return []
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise InputError.unreadable(path, error, expected="a tab-separated list of sentences", shown_as=name) from error
    except UnicodeDecodeError as error:
        raise InputError(name, f"not UTF-8: {error.reason}", hint="save the file as UTF-8") from error
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise InputError(name, f"the header must be {' '.join(COLUMNS)}, tab-separated", line=1, hint=_HINT)
    rows: list[ClaimFreeSentence] = []
    seen: dict[tuple[int, str], int] = {}
    for number, row in enumerate(lines[1:], start=2):
        if not row.strip():
            continue
        cells = row.split("\t")
        if len(cells) != len(COLUMNS):
            raise InputError(
                name, f"{len(cells)} cells, but the header has {len(COLUMNS)} columns", line=number, hint=_HINT
            )
        line, sentence, reason = (cell.strip() for cell in cells)
        if not line.isdigit() or int(line) < 1:
            raise InputError(name, f"line {line!r} is not a line number (1, 2, ...)", line=number, hint=_HINT)
        if not sentence or not reason:
            missing = "sentence" if not sentence else "reason"
            raise InputError(name, f"the {missing} is empty", line=number, hint=_HINT)
        key = (int(line), sentence)
        if key in seen:
            raise InputError(name, f"the sentence is listed twice (first on line {seen[key]})", line=number, hint=_HINT)
        seen[key] = number
        rows.append(ClaimFreeSentence(number, int(line), sentence, reason))
    return rows
