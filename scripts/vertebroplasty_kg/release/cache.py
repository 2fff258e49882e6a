"""The reasoned release, kept between commands so that ``vkg query`` does not start HermiT again on
a project that has not changed.

The cache is one N-Triples file, ``.vkg-cache/release-KEY.nt`` under the project root. ``KEY`` is a
SHA-256 over everything the release is made from: each file under ``ontology/``, ``mappings/``,
``evidence/`` and ``sources/`` (its path relative to the root and its bytes) and the code that makes
it (each ``.py``, ``.rq`` and template file of this package, by path and bytes). An edited, added,
removed or renamed input, or a changed program, gives another key, so a stale release is never
read: the release is assembled and reasoned again and the new file replaces the old one. Writing is
atomic (a temporary file, then a rename), so a command stopped half-way leaves no partial cache.
Deleting ``.vkg-cache/`` is always safe.

The key is taken before the inputs are read and again before the file is written; when they differ
(an input was edited meanwhile) nothing is written. ``vkg build`` keeps the release it wrote, so a
``vkg query`` after it does not reason again; ``vkg query``, ``vkg assess``, ``vkg load``, ``vkg
serve`` and the Python API read the cache through :func:`release_store` and :func:`release_triples`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from ..project import CACHE_DIR, INPUT_DIRS, Project

_CODE_SUFFIXES = {".py", ".rq", ".html", ".j2", ".css", ".js"}
_PACKAGE = Path(__file__).resolve().parents[1]


def _files(folder: Path, suffixes: set[str] | None = None) -> list[Path]:
    if not folder.is_dir():
        return []
    found = (path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    return sorted(path for path in found if suffixes is None or path.suffix in suffixes)


def release_key(project: Project) -> str:
    """The SHA-256 (hex) of the project's inputs and of the code that makes the release from them."""
    digest = hashlib.sha256()
    for base, files in [
        (project.root, [path for name in INPUT_DIRS for path in _files(project.root / name)]),
        (_PACKAGE, _files(_PACKAGE, _CODE_SUFFIXES)),
    ]:
        for path in files:
            data = path.read_bytes()
            name = path.relative_to(base).as_posix().encode("utf-8")
            digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
            digest.update(data)
    return digest.hexdigest()


def cache_path(project: Project, key: str) -> Path:
    return project.root / CACHE_DIR / f"release-{key}.nt"


Assemble = Callable[[], Iterable[ox.Triple]]
"""What makes the release when the cache has not got it (by default :func:`reasoned`)."""


def reasoned(project: Project) -> Assemble:
    """The release as :func:`.assembly.reasoned_release` makes it: inputs read, HermiT run."""

    def assemble() -> Iterable[ox.Triple]:
        from .assembly import reasoned_release

        return reasoned_release(project).triples

    return assemble


def release_store(project: Project, assemble: Assemble | None = None) -> ox.Store:
    """The release of ``project`` in a new in-memory store: bulk-loaded from the cache when its key
    matches (pyoxigraph parses it, no Python object per triple), else ``assemble()``-d and cached."""
    key = release_key(project)
    path = cache_path(project, key)
    if path.is_file():
        store = ox.Store()
        try:
            store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
            return store
        except (OSError, SyntaxError):
            pass  # unreadable or damaged by hand: assemble again and replace it
    store = ox.Store()
    triples = _assembled(project, key, assemble or reasoned(project))
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def release_triples(project: Project, assemble: Assemble | None = None) -> list[ox.Triple]:
    """The release of ``project``: read from the cache when its key matches, else ``assemble()``-d and cached.

    A cache that cannot be written (a read-only checkout) is not an error: the release is returned
    all the same and assembled again next time.
    """
    key = release_key(project)
    path = cache_path(project, key)
    if path.is_file():
        try:
            return [quad.triple for quad in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES)]
        except (OSError, SyntaxError):
            pass  # unreadable or damaged by hand: assemble again and replace it
    return _assembled(project, key, assemble or reasoned(project))


def _assembled(project: Project, key: str, assemble: Assemble) -> list[ox.Triple]:
    """``assemble()``'s triples, kept in the cache under ``key`` (see :func:`keep`)."""
    triples = list(assemble())
    keep(project, key, triples)
    return triples


def keep(project: Project, key: str, triples: Sequence[ox.Triple]) -> None:
    """Cache ``triples`` as the reasoned release of ``project``'s inputs, whose key was ``key`` before
    they were read (``vkg build`` keeps what it built, so that the next ``vkg query`` need not reason
    again). Nothing is written when the key has changed since: an input edited while the release was
    being made would otherwise leave a release under the key of inputs it was not made from. A cache
    that cannot be written (a read-only checkout) is left alone."""
    if release_key(project) == key:
        _write(cache_path(project, key), triples)


def _write(path: Path, triples: Sequence[ox.Triple]) -> None:
    try:
        path.parent.mkdir(exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".release-", suffix=".tmp")
    except OSError:
        return
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            ox.serialize(triples, out, format=ox.RdfFormat.N_TRIPLES)
        os.replace(temporary, path)
    except OSError:
        return
    finally:
        temporary.unlink(missing_ok=True)
    for old in path.parent.glob("release-*.nt"):
        if old != path:
            old.unlink(missing_ok=True)
