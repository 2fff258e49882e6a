"""The reasoned release of a project's working tree: read from the cache (:mod:`.cache`) when nothing
it is made from has changed, else assembled and reasoned again (:func:`.assembly.reasoned_release`)
and cached. What ``vkg query``, ``vkg assess``, ``vkg load``, ``vkg serve`` and the Python API answer from.

The assembly is imported only when the cache has not got the release: a question on an unchanged
project needs neither the reasoner nor SHACL nor rdflib.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox

from ..project import Project
from .cache import Stamp, cached, keep, stamp

Assemble = Callable[[], Iterable[ox.Triple]]
"""What makes the release when the cache has not got it (by default :func:`reasoned`)."""


class NotCached(Exception):
    """Raised by :func:`cached_only`: the cache has not got the release of the project as it is now."""


def cached_only() -> Iterable[ox.Triple]:
    """An :data:`Assemble` for a caller that answers only from the cache (``vkg query``'s quick path,
    :mod:`vertebroplasty_kg.cli.quick`): raises :class:`NotCached` instead of reasoning."""
    raise NotCached


def reasoned(project: Project) -> Assemble:
    """The release as :func:`.assembly.reasoned_release` makes it: inputs read, HermiT run."""

    def assemble() -> Iterable[ox.Triple]:
        from .assembly import reasoned_release

        return reasoned_release(project).triples

    return assemble


def release_store(project: Project, assemble: Assemble | None = None) -> ox.Store:
    """The release of ``project`` in a new in-memory store: loaded from the cache when its key matches
    (pyoxigraph parses it, no Python object per triple), else ``assemble()``-d and cached."""
    before = stamp(project)
    path = cached(project, before.key)
    if path is not None:
        store = ox.Store()
        try:
            store.load(path=path, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            return store
        except (OSError, SyntaxError):
            pass  # removed since, or damaged yet with its checksum: assemble again and replace it
    store = ox.Store()
    triples = _assembled(project, before, assemble or reasoned(project))
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def release_triples(project: Project, assemble: Assemble | None = None) -> list[ox.Triple]:
    """The release of ``project``: read from the cache when its key matches, else ``assemble()``-d and cached.

    A cache that cannot be written (a read-only checkout) is not an error: the release is returned
    all the same and assembled again next time.
    """
    before = stamp(project)
    path = cached(project, before.key)
    if path is not None:
        try:
            return [quad.triple for quad in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES, lenient=True)]
        except (OSError, SyntaxError):
            pass  # removed since, or damaged yet with its checksum: assemble again and replace it
    return _assembled(project, before, assemble or reasoned(project))


def _assembled(project: Project, before: Stamp, assemble: Assemble) -> list[ox.Triple]:
    """``assemble()``'s triples, kept in the cache (see :func:`.cache.keep`)."""
    triples = list(assemble())
    keep(project, before, triples)
    return triples
