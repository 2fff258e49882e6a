"""The quality gates: the project's inputs, SHACL shapes, SPARQL QC checks and OWL reasoning, as
one list of findings.

``validate_project`` runs all four on the merged ontology and knowledge graph (``vkg validate``,
and ``vkg build`` before it writes anything); ``validate_files`` runs the shapes on a user's own
Turtle files. Each stage's wall time is kept, for ``vkg validate --timings``. The inputs stage
finds what a release could lose without any other gate noticing: a required input file that is
missing, empty or unreadable (:mod:`.input_files`), a sentence of a source that no claim quotes
(:mod:`.sentence_coverage`), and a mapping held by two mapping sets (:mod:`.mappings`).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..findings import Finding, has_errors, sort_findings
from ..inputs.input_files import input_file_findings
from ..inputs.mappings import duplicate_mapping_findings, read_mapping_set
from ..inputs.sentence_coverage import Coverage, project_coverage
from ..namespaces import ONTOLOGY_IRI
from ..project import QC_DIR, Project
from ..rdf.parsing import parse_turtle
from .qc_checks import read_checks, run_checks, store_of
from .reasoning import Reasoned, reason, reasoner_findings
from .shacl import read_shapes, shape_files, shape_findings, validate_triples

STAGES = ("inputs", "shapes", "checks", "reasoner")


@dataclass(frozen=True)
class ValidationReport:
    findings: tuple[Finding, ...]
    reasoned: Reasoned | None = None
    seconds: dict[str, float] = field(default_factory=dict, compare=False)
    coverage: Coverage | None = None
    """How the sentences of the sources are accounted for (claims, claim-free lists)."""

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)

    @property
    def inferred_subclass_of(self) -> tuple[tuple[str, str], ...]:
        return self.reasoned.inferred_subclass_of if self.reasoned else ()


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


def validate_project(project: Project, triples: Iterable[ox.Triple]) -> ValidationReport:
    """The inputs, shapes, QC checks and the reasoner on the project's merged graph ``triples``."""
    triples = list(triples)
    clock = _Clock()
    findings: list[Finding] = []
    with clock.stage("inputs"):
        findings += input_file_findings(project.root)
        coverage = project_coverage(triples, project.root)
        findings += coverage.findings
        mapping_sets = [read_mapping_set(path, shown_as=project.relative(path)) for path in project.mapping_files()]
        findings += duplicate_mapping_findings(mapping_sets)
    with clock.stage("shapes"):
        shapes = read_shapes(shape_files(project.root), root=project.root)
        findings += shape_findings(validate_triples(triples, shapes))
        # The rdflib copy of the data that pyshacl validated is garbage now, but it is held in
        # reference cycles: free it before the reasoner's Java process starts beside this one.
        gc.collect()
    with clock.stage("checks"):
        checks = read_checks(project.root / QC_DIR, root=project.root)
        findings += run_checks(checks, store_of(triples))
    with clock.stage("reasoner"):
        reasoned = reason(triples)
        findings += reasoner_findings(reasoned, ONTOLOGY_IRI)
    return ValidationReport(tuple(sort_findings(findings)), reasoned, clock.seconds, coverage)


def input_files_report(project: Project) -> ValidationReport:
    """The findings about the project's input files alone: what :func:`validate_project` reports
    first, and all that can be reported when loading the project stops on one of those files."""
    return ValidationReport(tuple(sort_findings(input_file_findings(project.root))))


def validate_files(project: Project, paths: Iterable[Path]) -> ValidationReport:
    """The shapes on a user's own Turtle files, merged (a syntax error names file and line)."""
    clock = _Clock()
    with clock.stage("shapes"):
        triples = [triple for path in paths for triple in parse_turtle(path)]
        shapes = read_shapes(shape_files(project.root), root=project.root)
        findings = shape_findings(validate_triples(triples, shapes))
    return ValidationReport(tuple(sort_findings(findings)), None, clock.seconds)
