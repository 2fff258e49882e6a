"""A registry's case records in a pyoxigraph store: read by streaming, held in memory or on disk.

RDF files in a triple syntax (Turtle, N-Triples, RDF/XML, JSON-LD) are parsed by pyoxigraph straight
into the store's default graph (:data:`CASES_GRAPH`), without a Python object per triple; dataset syntaxes
(N-Quads, TriG) and FHIR files (:mod:`vertebroplasty_kg.cases.fhir`) are read in Python and added. The codes of
recorded fractures and procedures are then resolved (:func:`.code_resolution.coded_types`), a chunk
of coded nodes at a time. Inputs up to :data:`IN_MEMORY_LIMIT` bytes in all go to an in-memory
store; larger ones to an on-disk (RocksDB) store in a temporary directory (under ``TMPDIR``) that
is removed afterwards, so that memory stays bounded whatever the input's size. The store then
answers what the assessment asks of it: the case records in order, the triples of one record (the
record and every node reachable from it), and the record a node belongs to.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import RDF, VPO
from ..rdf.parsing import Term, parse_rdf, rdf_format, rdf_syntax_error
from ..rdf.sparql_text import internal
from .codes import CodeResolver, coded_types
from .fhir import is_fhir, read_fhir
from .problems import Problem

CASES_GRAPH = ox.DefaultGraph()
"""The store holds the records alone, in its default graph: three indexes where a named graph has six."""
IN_MEMORY_LIMIT = 128 * 1024 * 1024
"""Inputs larger than this (bytes, all files together) are loaded into an on-disk store."""
DISK_CHUNK = 200_000
"""Triples written to an on-disk store at a time (about 250 MB of the loader's memory)."""
CODED_CHUNK = 10_000
"""Coded fractures and procedures resolved together."""
OWNER_DEPTH = 3
"""How many links up from a node to look for the case record it belongs to."""

_TYPE = ox.NamedNode(RDF + "type")
_CASE_RECORD = ox.NamedNode(VPO + "CaseRecord")
_RECORDERS = (ox.NamedNode(VPO + "recordsFracture"), ox.NamedNode(VPO + "recordsProcedure"))
Node = ox.NamedNode | ox.BlankNode


@contextmanager
def case_store(
    paths: Sequence[Path], resolver: CodeResolver, *, in_memory_limit: int = IN_MEMORY_LIMIT
) -> Iterator[CaseStore]:
    """The records of ``paths`` in a store; :class:`InputError` (file, line, column) for a malformed file."""
    size = check_case_files(paths)
    if size <= in_memory_limit:
        store = CaseStore(ox.Store(), on_disk=False)
        store.load(paths, resolver)
        yield store
        return
    with tempfile.TemporaryDirectory(prefix="vkg-assess-") as directory:
        store = CaseStore(ox.Store(directory), on_disk=True)
        store.load(paths, resolver)
        yield store


_EXPECTED = "an RDF file (.ttl, .nt, ...) or a FHIR file (.json, .ndjson)"


def check_case_files(paths: Sequence[Path]) -> int:
    """The bytes of ``paths`` together, once each is known to be a readable file (or a named pipe,
    which only the reader opens) whose name tells its format; else :class:`InputError` naming the file
    and the fix. Cheap: callers check before anything slow."""
    size = 0
    for path in paths:
        try:
            status = path.stat()
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            if not stat.S_ISFIFO(status.st_mode):  # a pipe is left to the reader: opening it would lose its data
                with path.open("rb"):
                    size += status.st_size
        except OSError as error:
            raise InputError.unreadable(path, error, expected=_EXPECTED) from error
        if not is_fhir(path) and rdf_format(path) is None:
            raise InputError(
                path,
                "unknown file extension: cannot tell its format",
                hint="name case files .ttl, .nt, .nq, .trig, .rdf, .owl or .jsonld (RDF), or .json or .ndjson (FHIR)",
            )
    return size


class CaseStore:
    def __init__(self, store: ox.Store, *, on_disk: bool) -> None:
        self.store = store
        self.on_disk = on_disk
        self.problems: list[Problem] = []
        """The problems of FHIR resources that could not be read (their records are invalid)."""

    def load(self, paths: Sequence[Path], resolver: CodeResolver) -> None:
        for path in paths:
            if not is_fhir(path):
                self._load_rdf(path)
        fhir = read_fhir([path for path in paths if is_fhir(path)], resolver)
        self._add(fhir.triples)
        self.problems = fhir.problems
        self._resolve_codes(resolver)

    def _load_rdf(self, path: Path) -> None:
        syntax = rdf_format(path)
        assert syntax is not None, "check_case_files refuses an unknown extension"
        if syntax.supports_datasets:  # parse_rdf merges the graphs of a dataset syntax
            self._add(parse_rdf(path))
            return
        try:
            if self.on_disk:
                self._stream_to_disk(path, syntax)
            else:
                self.store.load(path=path, format=syntax, to_graph=CASES_GRAPH)
        except SyntaxError as error:
            raise rdf_syntax_error(error, syntax, str(path)) from error
        except OSError as error:
            raise InputError.unreadable(path, error, expected=_EXPECTED) from error

    def _stream_to_disk(self, path: Path, syntax: ox.RdfFormat) -> None:
        """Parse ``path`` as a stream into the on-disk store, :data:`DISK_CHUNK` triples at a time.

        ``Store.bulk_load`` of a whole file holds about 1 KB per triple of its current batch (3 GB for
        a 1 GiB Turtle file); chunks of bulk inserts keep that to the chunk."""
        chunk: list[ox.Quad] = []
        for quad in ox.parse(path=path, format=syntax):  # a triple syntax: every quad in the default graph
            chunk.append(quad)
            if len(chunk) == DISK_CHUNK:
                self.store.bulk_extend(chunk)
                chunk = []
        self.store.bulk_extend(chunk)

    def _resolve_codes(self, resolver: CodeResolver) -> None:
        """Add the types (and cause notes) that the codes of recorded fractures and procedures give."""
        solutions = self.store.query(internal("assess-coded-nodes.rq"), default_graph=CASES_GRAPH)
        assert isinstance(solutions, ox.QuerySolutions)
        chunk: list[ox.Triple] = []
        for count, row in enumerate(solutions, start=1):  # the query reads a snapshot: adding is safe
            node = row["node"]
            if not isinstance(node, ox.NamedNode | ox.BlankNode):
                continue
            chunk += [quad.triple for quad in self.store.quads_for_pattern(node, None, None, CASES_GRAPH)]
            for recorder in _RECORDERS:
                chunk += [quad.triple for quad in self.store.quads_for_pattern(None, recorder, node, CASES_GRAPH)]
            if count % CODED_CHUNK == 0:
                self._add(coded_types(chunk, resolver))
                chunk = []
        self._add(coded_types(chunk, resolver))

    def _add(self, triples: Sequence[ox.Triple]) -> None:
        self.store.extend(ox.Quad(t.subject, t.predicate, t.object, CASES_GRAPH) for t in triples)

    def case_count(self) -> int:
        solutions = self.store.query(internal("assess-case-count.rq"), default_graph=CASES_GRAPH)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            count = row["cases"]
            return int(count.value) if isinstance(count, ox.Literal) else 0
        return 0

    def cases(self) -> Iterator[Node]:
        """Every case record (``a vpo:CaseRecord``), ordered by IRI."""
        solutions = self.store.query(internal("assess-cases.rq"), default_graph=CASES_GRAPH)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            case = row["case"]
            if isinstance(case, ox.NamedNode | ox.BlankNode):
                yield case

    def is_case(self, node: Term) -> bool:
        if isinstance(node, ox.Literal):
            return False
        return any(True for _ in self.store.quads_for_pattern(node, _TYPE, _CASE_RECORD, CASES_GRAPH))

    def record(self, case: Node) -> list[ox.Quad]:
        """The quads of ``case`` (in :data:`CASES_GRAPH`): about the record and every node it links to,
        except other records."""
        quads: list[ox.Quad] = []
        seen: set[Node] = {case}
        stack: list[Node] = [case]
        while stack:
            node = stack.pop()
            found = list(self.store.quads_for_pattern(node, None, None, CASES_GRAPH))
            if node != case and any(q.predicate == _TYPE and q.object == _CASE_RECORD for q in found):
                continue  # another record: it is assessed on its own
            quads += found
            for quad in found:
                value = quad.object
                if quad.predicate != _TYPE and isinstance(value, ox.NamedNode | ox.BlankNode) and value not in seen:
                    seen.add(value)
                    stack.append(value)
        return quads

    def owner(self, node: Term) -> Node | None:
        """The case record ``node`` is or belongs to (the first in IRI order, if several), or None."""
        frontier: list[Term] = [node]
        seen: set[Term] = {node}
        for _ in range(OWNER_DEPTH + 1):
            owners = sorted((n for n in frontier if self.is_case(n)), key=str)
            if owners:
                found = owners[0]
                return found if isinstance(found, ox.NamedNode | ox.BlankNode) else None
            above: list[Term] = []
            for current in frontier:
                for quad in self.store.quads_for_pattern(None, None, current, CASES_GRAPH):
                    if quad.subject not in seen and not isinstance(quad.subject, ox.Triple):
                        seen.add(quad.subject)
                        above.append(quad.subject)
            frontier = above
        return None
