"""The ``vkg`` program: ``vkg query NAME`` on a project whose release is cached is answered here,
without loading the command-line framework (click alone costs as long as loading the release and
answering); every other command, form of it or state of the project goes to :mod:`.main`.

The quick path takes ``vkg [--root DIR] query NAME [-f|--format FORMAT]`` and nothing else. It asks
:func:`.query_command.perform` exactly as :mod:`.main` does, with a release that may come only from
the cache (:func:`~vertebroplasty_kg.release.cached_release.cached_only`), and writes nothing until
the answer is whole. When the release is not cached, or anything goes wrong (an unknown question, a
damaged project, a bug), it hands the command to :mod:`.main` untouched, which does the work and
reports errors as always: so both print the same, which ``tests/test_quick_query.py`` checks.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

FORMAT_OPTIONS = ("-f", "--format")


def quick_request(args: Sequence[str]) -> tuple[str | None, str, str] | None:
    """``(root, question, format)`` when ``args`` (without the program's name) are one of the quick
    forms, else None. Only these tokens are taken: anything else (another option, a second argument,
    ``--``, help) is left to the full parser."""
    rest = list(args)
    root = None
    if rest[:1] == ["--root"] and len(rest) >= 2:
        root, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--root="):
        root, rest = rest[0].removeprefix("--root="), rest[1:]
    if rest[:1] != ["query"] or root == "":
        return None
    names: list[str] = []
    fmt = "table"
    tokens = iter(rest[1:])
    for token in tokens:
        if token in FORMAT_OPTIONS:
            fmt = next(tokens, "")
        elif token.startswith("--format="):
            fmt = token.removeprefix("--format=")
        elif token.startswith("-") or not token:
            return None
        else:
            names.append(token)
    if len(names) != 1 or not fmt or fmt.startswith("-"):
        return None
    return root, names[0], fmt


def quick_answer(args: Sequence[str]) -> str | None:
    """What ``vkg`` prints for ``args``, when it is a quick form and the release is cached; else None."""
    request = quick_request(args)
    if request is None:
        return None
    root, name, fmt = request
    try:
        from ..project import Project
        from ..release.cached_release import cached_only
        from .query_command import QueryRequest, perform
        from .result_formats import FORMATS

        if fmt not in FORMATS:
            return None
        project = Project.at(root) if root is not None else Project.find()
        return "".join(perform(QueryRequest(name, fmt=fmt), lambda: project, assemble=cached_only))
    except Exception:  # NotCached, or an error that main meets again and reports
        return None


def main() -> None:
    """The ``vkg`` console script."""
    try:
        text = quick_answer(sys.argv[1:])
    except KeyboardInterrupt:
        from .exits import interrupted

        interrupted(after_click=True)
    if text is None or sys.stdout is None or not _encodable(text):
        # no answer here; or no stdout (`>&-`), or one whose encoding cannot write the answer (click
        # writes UTF-8 to an ASCII stdout): the full command line, which handles them as for any command
        from .main import main as full

        full()
        return
    from .exits import cannot_write, interrupted, reader_gone, unexpected, write_failed

    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        reader_gone()
    except KeyboardInterrupt:  # Ctrl-C while a pager holds the output (`| less`)
        interrupted(after_click=True)
    except OSError as error:  # a full disk, a closed terminal: as the full command line reports them
        if cannot_write(error):
            write_failed(error, "the output")
        unexpected(error)


def _encodable(text: str) -> bool:
    """Whether stdout writes ``text`` as click would: click writes UTF-8 to an ASCII stdout, whatever its
    error handler, so such a stdout goes to the full command line; on any other, nothing is written
    before an encoding error."""
    import codecs

    try:
        if codecs.lookup(sys.stdout.encoding or "ascii").name == "ascii":
            return False
        text.encode(sys.stdout.encoding, sys.stdout.errors or "strict")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
