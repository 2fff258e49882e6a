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

The key, with each file's inode, size and times (a :class:`Stamp`), is taken before the inputs are
read and again before the file is written; when they differ (an input was edited meanwhile, even if
put back) nothing is written. The key also covers the engines that make the release: pyoxigraph's
version and owlready2's and HermiT's files. The triple limit (``VKG_MAX_TRIPLES``) guards the
reasoner: a release read from the cache was reasoned within the limit of its day and is not counted
again. ``vkg build`` keeps the release it wrote (:func:`keep`), so a ``vkg query`` after it does not
reason again; ``vkg query``, ``vkg assess``, ``vkg load``, ``vkg serve`` and the Python API read the
cache through :mod:`.cached_release`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..project import CACHE_DIR, INPUT_DIRS, Project

_CODE_SUFFIXES = {".py", ".rq", ".html", ".j2", ".css", ".js"}
_PACKAGE = Path(__file__).resolve().parents[1]
_HERMIT = ("owlready2", "__init__.py"), ("owlready2", "hermit", "HermiT.jar")
"""owlready2 and the HermiT it runs, relative to the site-packages folder that holds them."""


_EDITOR_LEFTOVERS = re.compile(r"(.*~|\..*\.sw[a-p]|#.*#|\.DS_Store)")
"""Backups (``claims.ttl~``), vim's swap files (``.claims.ttl.swp``), emacs's auto-saves
(``#claims.ttl#``) and macOS's folder files: no input, and an open editor rewrites them every few
seconds, which would change the key while nothing the release is made from has changed."""


def _files(folder: Path, suffixes: set[str] | None = None) -> list[Path]:
    """The files under ``folder`` (with one of ``suffixes``) but editors' leftovers, in path order;
    ``os.walk`` lists them in a third of the time ``Path.rglob`` takes, and every ``vkg query`` does."""
    found: list[Path] = []
    top = os.path.realpath(folder)
    walked: set[tuple[int, int]] = set()
    for directory, folders, names in os.walk(folder, followlinks=True):
        try:
            status = os.stat(directory)
        except OSError:
            continue
        if (status.st_dev, status.st_ino) in walked:  # a loop of links: each folder is walked once
            folders[:] = []
            continue
        walked.add((status.st_dev, status.st_ino))
        folders[:] = [
            name
            for name in folders
            if name != "__pycache__" and not _above(os.path.realpath(os.path.join(directory, name)), top)
        ]
        found += [
            Path(directory, name)
            for name in names
            if (suffixes is None or os.path.splitext(name)[1] in suffixes) and not _EDITOR_LEFTOVERS.fullmatch(name)
        ]
    return sorted(found)


@dataclass(frozen=True)
class Stamp:
    """What the release of a project is made from, at one moment: ``key``, the SHA-256 of the files'
    contents, and ``files``, each file's (name, inode, size, mtime, ctime). A file edited and put back
    gives the same key but not the same stamp: its ctime cannot be set back."""

    key: str
    files: tuple[tuple[str, int, int, int, int], ...]


def _engine_files() -> list[tuple[str, Path]]:
    """owlready2's module and HermiT's jar: reinstalling either (another version) changes their
    size or times. Found beside pyoxigraph, where pip puts them; else through the import system."""
    site = Path(ox.__file__).resolve().parents[1]
    if not (site / _HERMIT[0][0]).is_dir():
        import importlib.util

        spec = importlib.util.find_spec(_HERMIT[0][0])
        if spec is None or spec.origin is None:
            return []
        site = Path(spec.origin).parents[1]
    return [("engine/" + "/".join(parts), site.joinpath(*parts)) for parts in _HERMIT]


def _above(real: str, top: str) -> bool:
    """Whether the folder ``real`` is ``top`` or holds it: a link up to it (``sources/up -> ..``) would
    bring the whole project, the cache itself included, into the key."""
    return top == real or top.startswith(real.rstrip(os.sep) + os.sep)


def stamp(project: Project) -> Stamp:
    """The :class:`Stamp` of ``project``'s inputs (each file under ``ontology/``, ``mappings/``,
    ``evidence/`` and ``sources/``, by path and bytes), of the code that makes the release from them
    (this package's ``.py``, ``.rq`` and template files) and of the engines (pyoxigraph's version,
    owlready2's and HermiT's files by size and time). A file that cannot be read counts as unreadable,
    not as absent: the validation reports it, and it gives another key once it is readable."""
    digest = hashlib.sha256(f"pyoxigraph {ox.__version__}".encode())
    files: list[tuple[str, int, int, int, int]] = []
    inputs = [path for name in INPUT_DIRS for path in _files(project.root / name)]
    read = [
        *((path.relative_to(project.root).as_posix(), path) for path in inputs),
        *((f"code/{path.relative_to(_PACKAGE).as_posix()}", path) for path in _files(_PACKAGE, _CODE_SUFFIXES)),
    ]
    for name, path in [*read, *_engine_files()]:
        try:
            status = path.stat()
            files.append((name, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns))
            if name.startswith("engine/"):
                data = b"%d:%d" % (status.st_size, status.st_mtime_ns)
            elif stat.S_ISREG(status.st_mode):
                data = path.read_bytes()
            else:  # a pipe or a socket among the inputs: never read (it could block), never an input file
                data = b"not a regular file"
        except OSError as error:
            data = f"unreadable: {error.strerror or error}".encode()
        encoded = name.encode("utf-8", "surrogateescape")  # a file name that is not UTF-8 keeps its bytes
        digest.update(b"%d:%s%d:" % (len(encoded), encoded, len(data)))
        digest.update(data)
    return Stamp(digest.hexdigest(), tuple(files))


def release_key(project: Project) -> str:
    """The SHA-256 (hex) of the project's inputs, of the code and of the engines that make the release."""
    return stamp(project).key


def cache_path(project: Project, key: str) -> Path:
    return project.root / CACHE_DIR / f"release-{key}.nt"


def keep(project: Project, before: Stamp, triples: Sequence[ox.Triple]) -> None:
    """Cache ``triples`` as the reasoned release of ``project``'s inputs, whose stamp was ``before``
    when they were read (``vkg build`` keeps what it built, so that the next ``vkg query`` need not
    reason again). Nothing is written when the stamp has changed since, even if the contents are
    back as they were (an edit undone, a branch switched and back): the release may have been made
    from the other contents. A cache that cannot be written (a read-only checkout) is left alone."""
    if stamp(project) == before:
        _write(cache_path(project, before.key), triples)


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
