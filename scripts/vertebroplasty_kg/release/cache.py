"""The reasoned release, kept between commands so that ``vkg query`` does not start HermiT again on
a project that has not changed.

The cache is one N-Triples file, ``.vkg-cache/release-KEY.nt`` under the project root. ``KEY`` is a
SHA-256 over everything the release is made from: each file under ``ontology/``, ``mappings/``,
``evidence/`` and ``sources/`` (its path relative to the root and its bytes) and the code that makes
it (each ``.py``, ``.rq`` and template file of the stages up to ``release``: :data:`RELEASE_STAGES`,
by path and bytes). An edited, added,
removed or renamed input, or a changed program, gives another key, so a stale release is never
read: the release is assembled and reasoned again and the new file replaces the old one. Writing is
atomic (a temporary file, then a rename), so a command stopped half-way leaves no partial cache.
Deleting ``.vkg-cache/`` is always safe.

Reading every file to hash it is most of what a question on an unchanged project costs, so the
folder also keeps an *index* (``.vkg-cache/stamp``), as git does: the key with each file's inode,
size, times and mode when it was computed. While every file looks exactly as the index says, the
key is taken from it and no file is read; any edit changes a file's ctime, which cannot be set back.
The index is written only once every file has been left alone for :data:`SETTLED_NS` (a file
changed within one tick of the clock could otherwise keep its times), and carries a CRC-32: a
damaged index is never trusted, only written again.

The key, with each file's inode, size, times and mode (a :class:`Stamp`), is taken before the inputs are
read and again before the file is written; when they differ (an input was edited meanwhile, even if
put back) nothing is written. The key also covers the engines that make the release: pyoxigraph's
version and owlready2's and HermiT's files. The triple limit (``VKG_MAX_TRIPLES``) guards the
reasoner: a release read from the cache was reasoned within the limit of its day and is not counted
again. ``vkg build`` keeps the release it wrote (:func:`keep`), so a ``vkg query`` after it does not
reason again; ``vkg query``, ``vkg assess``, ``vkg load``, ``vkg serve`` and the Python API read the
cache through :mod:`.cached_release`.
"""

from __future__ import annotations

import os
import re
import stat
import time
import zlib
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO, NamedTuple

import pyoxigraph as ox

from ..project import CACHE_DIR, EDITOR_LEFTOVERS, INPUT_DIRS, Project

_CODE_SUFFIXES = {".py", ".rq", ".html", ".j2", ".css", ".js"}
_PACKAGE = Path(__file__).resolve().parents[1]
RELEASE_STAGES = ("rdf", "inputs", "checks", "htmldocs", "release")
"""The subpackages that make the release, in the package's order of stages: a stage imports only the
stages before it (``tests/test_package_layers.py``), so the subpackages after ``release`` (stores,
query, cases, cli) cannot change what it makes and are not in the key; editing them does not start
the reasoner again. With them: every top-level module of the package (the base modules, and also the
API and ``__main__``, which cost a reasoning when edited) and its SPARQL files."""
_HERMIT = ("owlready2", "__init__.py"), ("owlready2", "hermit", "HermiT.jar")
"""owlready2 and the HermiT it runs, relative to the site-packages folder that holds them."""


_KEY = re.compile(r"[0-9a-f]{64}")


def _files(folder: str | os.PathLike[str], suffixes: set[str] | None = None) -> list[tuple[str, str]]:
    """The files under ``folder`` (with one of ``suffixes``) but editors' leftovers, each as its name
    relative to ``folder`` (``/``-separated) and its path, in path order (by folder, then name). Plain
    strings and ``os.walk``: every ``vkg query`` lists these files, and path objects took longer than
    looking at the files."""
    top = os.fspath(folder)
    real_top = os.path.realpath(top)
    found: list[tuple[str, str]] = []
    walked: set[tuple[int, int]] = set()
    for directory, folders, names in os.walk(top, followlinks=True):
        try:
            status = os.stat(directory)
        except OSError:
            continue
        if (status.st_dev, status.st_ino) in walked:  # a loop of links: each folder is walked once
            folders[:] = []
            continue
        walked.add((status.st_dev, status.st_ino))
        folders[:] = [name for name in folders if name != "__pycache__" and not _link_up(directory, name, real_top)]
        relative = os.path.relpath(directory, top).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        found += [
            (prefix + name, os.path.join(directory, name))
            for name in names
            if (suffixes is None or os.path.splitext(name)[1] in suffixes) and not EDITOR_LEFTOVERS.fullmatch(name)
        ]
    return sorted(found, key=lambda file: file[0].split("/"))


def _code_files() -> list[tuple[str, str]]:
    """The files of the code that makes the release (:data:`RELEASE_STAGES`), as :func:`_files` gives them."""
    found = [
        (name, os.path.join(_PACKAGE, name))
        for name in os.listdir(_PACKAGE)
        if os.path.splitext(name)[1] in _CODE_SUFFIXES
        and not EDITOR_LEFTOVERS.fullmatch(name)
        and os.path.isfile(os.path.join(_PACKAGE, name))
    ]
    for folder in (*RELEASE_STAGES, "sparql"):
        found += [(f"{folder}/{name}", path) for name, path in _files(_PACKAGE / folder, _CODE_SUFFIXES)]
    return sorted(found, key=lambda file: file[0].split("/"))


def _link_up(directory: str, name: str, real_top: str) -> bool:
    """Whether the folder ``name`` in ``directory`` is a link to ``real_top`` or to a folder that holds it
    (``sources/up -> ..``), which would bring the whole project, the cache itself included, into the key.
    A folder that is no link is below the folder it is in, so only links are followed to their end."""
    path = os.path.join(directory, name)
    if not os.path.islink(path):
        return False
    real = os.path.realpath(path)
    return real_top == real or real_top.startswith(real.rstrip(os.sep) + os.sep)


class Stamp(NamedTuple):
    """What the release of a project is made from, at one moment: ``key``, the SHA-256 of the files'
    contents, and ``record``, each file's name, device, inode, size, times and mode as the index keeps
    them (:func:`_record`). A file edited and put back gives the same key but not the same stamp: its
    ctime cannot be set back."""

    key: str
    record: str


def _engine_files() -> list[tuple[str, Path]]:
    """owlready2's module and HermiT's jar: reinstalling either (another version) changes their
    size or times. Found beside pyoxigraph, where pip puts them; else through the import system."""
    site = Path(ox.__file__).parents[1]
    if not (site / _HERMIT[0][0]).is_dir():
        import importlib.util

        spec = importlib.util.find_spec(_HERMIT[0][0])
        if spec is None or spec.origin is None:
            return []
        site = Path(spec.origin).parents[1]
    return [("engine/" + "/".join(parts), site.joinpath(*parts)) for parts in _HERMIT]


def stamp(project: Project) -> Stamp:
    """The :class:`Stamp` of ``project``'s inputs (each file under ``ontology/``, ``mappings/``,
    ``evidence/`` and ``sources/``, by path and bytes), of the code that makes the release from them
    (:data:`RELEASE_STAGES`' ``.py``, ``.rq`` and template files) and of the engines (pyoxigraph's version,
    owlready2's and HermiT's files by size and time). A file that cannot be read counts as unreadable,
    not as absent: the validation reports it, and it gives another key once it is readable.

    The files are read only when the index (:func:`_indexed`) does not already give the key of exactly
    these files as they are now."""
    started = time.time_ns()
    named = [
        *((f"{folder}/{name}", path) for folder in INPUT_DIRS for name, path in _files(project.root / folder)),
        *((f"code/{name}", path) for name, path in _code_files()),
        *((name, os.fspath(path)) for name, path in _engine_files()),
    ]
    looked = [(name, path, _status(path)) for name, path in named]
    record = _record(looked)
    key = _indexed(project, record)
    if key is None:
        key = _digest(looked)
        _index(project, key, record, [status for _, _, status in looked], started)
    return Stamp(key, record)


Looked = Sequence[tuple[str, str, "os.stat_result | OSError"]]
"""Each file by its name in the key, its path, and its status or why it could not be looked at."""


def _status(path: str) -> os.stat_result | OSError:
    try:
        return os.stat(path)
    except OSError as error:
        return error


def _digest(looked: Looked) -> str:
    """The SHA-256 (hex) of the files' names and contents (the engines' by size and time)."""
    import hashlib

    digest = hashlib.sha256(f"pyoxigraph {ox.__version__}".encode())
    for name, path, status in looked:
        try:
            if isinstance(status, OSError):
                raise status
            if name.startswith("engine/"):
                data = b"%d:%d" % (status.st_size, status.st_mtime_ns)
            elif stat.S_ISREG(status.st_mode):
                data = Path(path).read_bytes()
            else:  # a pipe or a socket among the inputs: never read (it could block), never an input file
                data = b"not a regular file"
        except OSError as error:
            data = f"unreadable: {error.strerror or error}".encode()
        encoded = name.encode("utf-8", "surrogateescape")  # a file name that is not UTF-8 keeps its bytes
        digest.update(b"%d:%s%d:" % (len(encoded), encoded, len(data)))
        digest.update(data)
    return digest.hexdigest()


INDEX = "stamp"
"""The index of the cache folder: the key of the files as they were when it was written, with each
file's inode, size, times and mode, as git's index keeps them."""
SETTLED_NS = 2_000_000_000
"""How much older than the index a file's last change must be for the index to speak for it. A file
changed within the same tick of the file system's clock as it was read could keep its times and size
(git calls such files *racily clean*); the index is not written until every file has settled."""


def _record(looked: Looked) -> str:
    """One line per file, as the index keeps it: the name, then its device, inode, size, times and mode,
    or why it could not be looked at. Any change of contents changes a file's ctime, which cannot be set back."""
    lines = [f"pyoxigraph {ox.__version__}"]
    for name, _, status in looked:
        if isinstance(status, OSError):
            lines.append(f"{name!r} ! {status.errno}")
        else:
            lines.append(
                f"{name!r} {status.st_dev} {status.st_ino} {status.st_size} {status.st_mtime_ns} "
                f"{status.st_ctime_ns} {status.st_mode}"
            )
    return "\n".join(lines) + "\n"


def _indexed(project: Project, record: str) -> str | None:
    """The key the index gives for the files as ``record`` describes them, or None when it has none:
    absent, damaged (its CRC-32 does not match) or written for other files or other times."""
    try:
        text = (project.root / CACHE_DIR / INDEX).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    check, _, content = text.partition("\n")
    key, _, body = content.partition("\n")
    if check != f"{zlib.crc32(content.encode()):08x}" or not _KEY.fullmatch(key) or body != record:
        return None
    return key


def _index(project: Project, key: str, record: str, states: Sequence[os.stat_result | OSError], started: int) -> None:
    """Write the index of ``key`` for the files of ``record``, looked at from ``started`` (ns since the
    epoch), atomically; not while a file changed less than :data:`SETTLED_NS` before that, by the
    system's clock and by the file system's (the written index's own time, less the time taken since
    ``started``), nor where the cache folder cannot be written. A file's change is its ctime, which the
    kernel sets at every write, rename or ``utime``, and its mtime unless that lies ahead (a file
    unpacked from an archive made elsewhere, whose mtime alone would keep the index from ever being
    written)."""
    content = f"{key}\n{record}"
    changed = max(
        (
            max(s.st_ctime_ns, s.st_mtime_ns if s.st_mtime_ns <= started else 0)
            for s in states
            if isinstance(s, os.stat_result)
        ),
        default=0,
    )
    if changed >= started - SETTLED_NS:
        return  # not settled by this clock: the folder is not even made
    taken = time.time_ns() - started
    _atomically(
        project.root / CACHE_DIR / INDEX,
        lambda out: out.write(f"{zlib.crc32(content.encode()):08x}\n{content}".encode()),
        keep=lambda written: changed < written.st_mtime_ns - taken - SETTLED_NS,
    )


def release_key(project: Project) -> str:
    """The SHA-256 (hex) of the project's inputs, of the code and of the engines that make the release."""
    return stamp(project).key


def cache_path(project: Project, key: str) -> Path:
    return project.root / CACHE_DIR / f"release-{key}.nt"


_CHECKED = b"# vkg release cache, CRC-32 "
"""The first line of a cached release, before the CRC-32 of the N-Triples that follow it."""


def cached(project: Project, key: str) -> Path | None:
    """The file of the release cached under ``key`` (N-Triples after a comment line); None when there is
    none or it is damaged (its CRC-32 does not match: cut short, even at the end of a line, edited,
    overwritten). Checked so, it is parsed without validating every IRI again (pyoxigraph's
    ``lenient``), which is faster. The check reads the file through one small buffer: a copy of the
    whole file in memory took longer than parsing it."""
    path = cache_path(project, key)
    try:
        with path.open("rb") as file:
            header = file.readline()
            buffer = bytearray(1 << 16)
            view = memoryview(buffer)
            crc = 0
            while size := file.readinto(buffer):
                crc = zlib.crc32(view[:size], crc)
    except OSError:
        return None
    return path if header == _CHECKED + b"%08x\n" % crc else None


def keep(project: Project, before: Stamp, triples: Sequence[ox.Triple]) -> None:
    """Cache ``triples`` as the reasoned release of ``project``'s inputs, whose stamp was ``before``
    when they were read (``vkg build`` keeps what it built, so that the next ``vkg query`` need not
    reason again). Nothing is written when the stamp has changed since, even if the contents are
    back as they were (an edit undone, a branch switched and back): the release may have been made
    from the other contents. A cache that cannot be written (a read-only checkout) is left alone."""
    if stamp(project) == before:
        _write(cache_path(project, before.key), triples)


ABANDONED_NS = 3600 * 10**9
"""A temporary file in the cache folder older than this was left by a ``vkg`` that was killed while
writing (another one still writing has touched its file within seconds); it is removed."""


def _write(path: Path, triples: Sequence[ox.Triple]) -> None:
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    if _atomically(path, lambda out: out.write(_CHECKED + b"%08x\n" % zlib.crc32(body) + body)):
        for old in path.parent.glob("release-*.nt"):
            if old != path:
                old.unlink(missing_ok=True)
        for temporary in path.parent.glob(".*.tmp"):
            with suppress(OSError):
                if temporary.stat().st_mtime_ns < time.time_ns() - ABANDONED_NS:
                    temporary.unlink()


def _atomically(
    path: Path, write: Callable[[BinaryIO], object], keep: Callable[[os.stat_result], bool] = lambda _: True
) -> bool:
    """Write ``path`` through a temporary file in its folder, renamed over it when ``keep(status of the
    written file)``; whether it was. A folder that cannot be written is no error: nothing is written."""
    import tempfile

    try:
        path.parent.mkdir(exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    except OSError:
        return False
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            if not keep(os.fstat(out.fileno())):
                return False
        os.replace(temporary, path)
        return True
    except OSError:
        return False
    finally:
        temporary.unlink(missing_ok=True)
