"""The plain way to assess case records: pyshacl over the whole data graph, rdflib SPARQL for the rules.

``vkg assess`` does not use it: it is the reference that the SPARQL validation of
:mod:`.shacl_sparql` is tested against (same problems, case by case), and the baseline of
``benchmarks/assess.py``. Everything is held in memory; pyshacl needs about three minutes per
million triples.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from ..checks.shacl import read_shapes, validate_graph
from ..namespaces import RDF, VPO, compact
from ..rdf.parsing import to_rdflib
from ..stores.rdflib_store import RdflibStore
from .assess import (
    Assessment,
    ClaimTexts,
    Problem,
    Rule,
    expand_shown,
    finding_order,
    merge_problems,
    problem_order,
    read_cases,
    rule_findings,
)
from .codes import CodeResolver
from .fracture_ages import fracture_ages

_TYPE = ox.NamedNode(RDF + "type")
_CASE_RECORD = ox.NamedNode(VPO + "CaseRecord")
_LINKS = tuple(ox.NamedNode(VPO + name) for name in ("aboutPatient", "recordsFracture", "recordsProcedure"))


def _owners(triples: Sequence[ox.Triple]) -> dict[str, str]:
    """Each node of a record (the record, its patient, fractures, procedures) → its case (N-Triples)."""
    owner: dict[str, str] = {}
    for triple in triples:
        if triple.predicate == _TYPE and triple.object == _CASE_RECORD:
            owner[str(triple.subject)] = str(triple.subject)
    for triple in triples:
        if triple.predicate in _LINKS and str(triple.subject) in owner:
            owner.setdefault(str(triple.object), owner[str(triple.subject)])
    return owner


def _case_name(term: str) -> str:
    if term.startswith("<") and term.endswith(">"):
        return compact(term[1:-1])
    return term


def pyshacl_problems(triples: Sequence[ox.Triple], shapes_path: Path) -> tuple[list[str], list[Problem]]:
    """The cases read (N-Triples, sorted) and the problems pyshacl finds, named as ``vkg assess`` names them."""
    cases = sorted({str(t.subject) for t in triples if t.predicate == _TYPE and t.object == _CASE_RECORD})
    owner = _owners(triples)
    problems: set[Problem] = set()
    for result in validate_graph(to_rdflib(triples), read_shapes([shapes_path])):
        if result.severity != "ERROR":
            continue
        focus = result.focus
        key = f"<{expand_shown(focus)}>" if not focus.startswith("_:") else focus
        value = "" if result.value.startswith("_:") else result.value
        problems.add(Problem(_case_name(owner.get(key, key)), result.path or result.shape, result.message, value))
    return cases, sorted(problems, key=problem_order)


def _release_store(release: Sequence[ox.Triple]) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in release)
    return store


def _validate(
    release_store: ox.Store, case_files: Sequence[Path], shapes_path: Path
) -> tuple[Assessment, list[ox.Triple], set[str]]:
    case_input = read_cases(case_files, CodeResolver.from_store(release_store))
    triples = case_input.triples
    cases, shape_problems = pyshacl_problems(triples, shapes_path)
    problems = merge_problems(case_input.problems, shape_problems)
    invalid = {case for case in cases if _case_name(case) in {p.case for p in problems}}
    result = Assessment(read=len(cases), invalid=len(invalid), problems=problems)
    result.valid = result.read - result.invalid
    owner = _owners(triples)
    valid = [t for t in triples if owner.get(str(t.subject)) not in invalid]
    return result, valid, set(cases) - invalid


def reference_validation(release: Sequence[ox.Triple], case_files: Sequence[Path], *, shapes_path: Path) -> Assessment:
    """The counts and problems ``vkg assess`` reports, computed with pyshacl (no findings)."""
    return _validate(_release_store(release), case_files, shapes_path)[0]


def reference_assessment(
    release: Sequence[ox.Triple],
    case_files: Sequence[Path],
    *,
    shapes_path: Path,
    rules: Sequence[Rule],
    as_of: date | None = None,
) -> Assessment:
    """What ``vkg assess`` reports, computed the plain way: pyshacl, then every rule in rdflib."""
    release_store = _release_store(release)
    result, valid, valid_cases = _validate(release_store, case_files, shapes_path)
    graph = to_rdflib([*release, *valid, *fracture_ages(valid, as_of)])
    found = rule_findings(RdflibStore(graph), rules, ClaimTexts.of(release_store), valid_cases)
    result.assessed = result.valid
    result.findings = sorted(found, key=finding_order)
    return result
