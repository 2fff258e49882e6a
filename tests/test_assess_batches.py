"""`vkg assess` in batches: records validated in a store and assessed in batches give what the plain way
gives (pyshacl over the whole graph, every rule in rdflib), whatever the batch size, in memory or on
disk; the output streams batch by batch to the same bytes as when written at once. The synthetic
registries are drawn so that every kind of invalid record and every rule's finding occurs; the two
ways at scale are compared in ``benchmarks/assess.py``."""

from __future__ import annotations

import io
import json
import tempfile
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from vertebroplasty_kg.cases.assess import (
    Assessment,
    assess,
    finding_order,
    open_assessment,
    read_rules,
)
from vertebroplasty_kg.cases.output import FORMATS, AssessmentWriter, render_assessment
from vertebroplasty_kg.cases.reference import reference_assessment
from vertebroplasty_kg.cases.synthetic import draw_registry, kinds_for
from vertebroplasty_kg.cases.synthetic_output import write_registry_file
from vertebroplasty_kg.project import CASE_SHAPES, RULES_DIR
from vertebroplasty_kg.release.assembly import ReleaseGraph

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "fixtures" / "cases"
SHAPES = ROOT / CASE_SHAPES
RULES = ROOT / RULES_DIR
AS_OF = date(2026, 3, 29)


FIXTURES = ["registry.ttl", "boundary.ttl", "as-of.ttl", "case-model.ttl", "fhir/registry.json"]
REGISTRIES = [*FIXTURES, "synthetic.ttl", "synthetic.ndjson"]
"""The case files compared, in the order of the ``registries`` fixture."""


@pytest.fixture(scope="module")
def registries(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The fixtures with records of every kind, and two synthetic registries in which every kind of
    invalid record that the format can express is drawn at least twice."""
    folder = tmp_path_factory.mktemp("registries")
    drawn = []
    for fmt, cases, seed, path in [
        ("ttl", 120, 21, folder / "synthetic.ttl"),
        ("fhir", 80, 22, folder / "synthetic.ndjson"),
    ]:
        records = list(draw_registry(cases, seed, 0.2, fmt))
        kinds = Counter(record.invalid for record in records if record.invalid)
        assert set(kinds) == set(kinds_for(fmt)) and min(kinds.values()) >= 2, (fmt, kinds)
        write_registry_file(records, fmt, path)
        drawn.append(path)
    registries = [CASES / name for name in FIXTURES] + drawn
    assert [path.name for path in registries] == [Path(name).name for name in REGISTRIES]
    return registries


def comparable(assessment: Assessment) -> Assessment:
    """``assessment`` with blank-node labels blanked: each parse of a file labels its blank nodes anew."""
    findings = [replace(f, fracture="_:") if f.fracture.startswith("_:") else f for f in assessment.findings]
    return replace(assessment, findings=sorted(findings, key=finding_order))


def run(release: ReleaseGraph, path: Path, **options: int) -> Assessment:
    return assess(release.triples, [path], shapes_path=SHAPES, rule_folders=[RULES], as_of=AS_OF, **options)


@pytest.mark.parametrize("name", REGISTRIES)
def test_the_plain_way_gives_the_same_assessment(release: ReleaseGraph, registries: list[Path], name: str) -> None:
    """pyshacl and rdflib against SPARQL validation and pyoxigraph in batches: counts, problems, findings."""
    path = registries[REGISTRIES.index(name)]
    ours = run(release, path)
    plain = reference_assessment(release.triples, [path], shapes_path=SHAPES, rules=read_rules([RULES]), as_of=AS_OF)
    assert comparable(ours) == comparable(plain)
    assert ours.read > 0


def test_the_registries_compared_hold_every_rule_s_findings_and_problems(
    release: ReleaseGraph, registries: list[Path]
) -> None:
    """What makes the comparison above worth having: every rule finds something, records are refused."""
    findings: Counter[str] = Counter()
    problems = assessed = 0
    for path in registries:
        ours = run(release, path)
        findings.update(finding.rule for finding in ours.findings)
        problems += len(ours.problems)
        assessed += 1
    assert assessed == len(REGISTRIES) == 7
    assert set(findings) == {rule.name for rule in read_rules([RULES])} and min(findings.values()) >= 10, findings
    assert problems >= 40


def test_the_batch_size_changes_nothing(release: ReleaseGraph, registries: list[Path]) -> None:
    for path in (registries[0], registries[-2]):
        whole = run(release, path)
        assert comparable(run(release, path, batch_size=1)) == comparable(whole)
        assert comparable(run(release, path, batch_size=7)) == comparable(whole)
        assert whole.assessed == whole.valid > 0


def test_a_large_input_goes_to_an_on_disk_store_that_is_removed(
    release: ReleaseGraph, registries: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = registries[-2]
    with open_assessment(
        release.triples, [path], shapes_path=SHAPES, rule_folders=[RULES], as_of=AS_OF, in_memory_limit=0
    ) as (result, batches):
        assert [p.name[:11] for p in tmp_path.iterdir()] == ["vkg-assess-"]
        for findings in batches:
            result.findings += findings
    assert not list(tmp_path.iterdir())
    assert comparable(result) == comparable(run(release, path))


def written(assessment: Assessment, fmt: str, batch: int) -> str:
    out = io.StringIO()
    writer = AssessmentWriter(
        out, fmt, release="https://w3id.org/vertebroplasty-kg/releases/0.1.0/vertebroplasty-kg.owl"
    )
    writer.start(assessment)
    for start in range(0, len(assessment.findings), batch):
        writer.findings(assessment.findings[start : start + batch])
    writer.finish(assessment)
    return out.getvalue()


def test_the_output_streams_to_the_same_bytes(release: ReleaseGraph, registries: list[Path]) -> None:
    assessment = run(release, registries[0])
    assert assessment.problems and len({f.case for f in assessment.findings}) == 3
    for fmt in FORMATS:
        whole = render_assessment(
            assessment, fmt, release="https://w3id.org/vertebroplasty-kg/releases/0.1.0/vertebroplasty-kg.owl"
        )
        assert written(assessment, fmt, 1) == written(assessment, fmt, 4) == whole, fmt
    assert len(FORMATS) == 4
    document = json.loads(written(assessment, "json", 2))
    assert document["summary"]["read"] == 4 and len(document["findings"]) == len(assessment.findings)
    turtle = written(assessment, "ttl", 3)
    assert turtle.count("@prefix ") == 5
    store = ox.Store()
    store.load(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    kind = ox.NamedNode("https://w3id.org/vertebroplasty-kg/vpo/CaseFinding")
    assert len(list(store.quads_for_pattern(None, None, kind))) == len(assessment.findings)


def test_findings_come_in_the_order_of_the_records(release: ReleaseGraph, registries: list[Path]) -> None:
    with open_assessment(
        release.triples, [registries[-2]], shapes_path=SHAPES, rule_folders=[RULES], batch_size=16
    ) as (result, batches):
        cases = [finding.case for findings in batches for finding in findings]
    assert 86 <= len(set(cases)) <= result.assessed == 96  # a valid record may have no finding
    assert cases == sorted(cases)
