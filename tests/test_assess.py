"""`vkg assess`: case records validated, invalid ones reported and skipped, each valid case matched
against the statements of the source by the rule files of queries/rules/ (tests/fixtures/cases/)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from support.project_copies import copy_project, release_fifo
from vertebroplasty_kg.cases.assess import Assessment, CaseFinding, assess, read_rule
from vertebroplasty_kg.cases.store import check_case_files
from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.errors import InputError
from vertebroplasty_kg.project import CACHE_DIR, CASE_SHAPES, RULES_DIR
from vertebroplasty_kg.release import assembly
from vertebroplasty_kg.release.assembly import ReleaseGraph

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "fixtures" / "cases"
CASE = "<https://example.org/registry/"
QUOTE_27 = (
    "Some doctors even suggested that the operative procedure should be done on those fractures "
    "that are less than eight weeks old"
)
QUOTE_10 = (
    "this surgical procedure is often found unsuccessful on patients suffering from compression "
    "fractures that happen due to osteoporosis"
)
QUOTE_26 = (
    "In most cases patients who are suffering from osteoporosis related fractures seem to have found "
    "no benefit from this procedure"
)
QUOTE_28 = (
    "the recovery process may also be hindered if the patient is also suffering from other possible "
    "detrimental disorders"
)
QUOTE_29 = "if the spinal fracture is due to a metastatic cancer the recovery can become more difficult"


def run(release: ReleaseGraph, *files: str, extra: tuple[Path, ...] = (), as_of: date | None = None) -> Assessment:
    return assess(
        release.triples,
        [CASES / name for name in files],
        shapes_path=ROOT / CASE_SHAPES,
        rule_folders=[ROOT / RULES_DIR, *extra],
        as_of=as_of,
    )


@pytest.fixture(scope="module")
def registry(release: ReleaseGraph) -> Assessment:
    return run(release, "registry.ttl")


def of(assessment: Assessment, case: str) -> dict[str, CaseFinding]:
    found = [f for f in assessment.findings if f.case == f"{CASE}{case}>"]
    return {f.claim: f for f in found}


def test_an_invalid_record_is_reported_and_skipped_and_the_others_assessed(registry: Assessment) -> None:
    assert (registry.read, registry.valid, registry.invalid, registry.assessed) == (4, 3, 1, 3)
    assert {(p.case, p.field) for p in registry.problems} == {
        (f"{CASE}broken>", "vpo:vertebralLevel"),
        (f"{CASE}broken>", "vsh:PatientShape"),
    }
    level = next(p for p in registry.problems if p.field == "vpo:vertebralLevel")
    assert level.value == '"L7"' and "C1-C7, T1-T12, L1-L5, S1" in level.message
    assert not [f for f in registry.findings if f.case == f"{CASE}broken>"]


def test_a_recent_osteoporotic_fracture(registry: Assessment) -> None:
    found = of(registry, "recent")
    assert set(found) == {"vkg:claim-03", "vkg:claim-14", "vkg:claim-10", "vkg:claim-26", "vkg:claim-27"}
    timing = found["vkg:claim-27"]
    assert timing.topic == "timing"
    assert "is 20 days old: less than the threshold of 56 days of the class" in timing.detail
    assert (timing.certainty, timing.frequency, timing.holder) == ("suggested by some", "unspecified", "some doctors")
    assert timing.quote == QUOTE_27
    assert found["vkg:claim-10"].quote == QUOTE_10
    assert (found["vkg:claim-10"].certainty, found["vkg:claim-10"].frequency) == ("asserted", "often")
    assert found["vkg:claim-26"].quote == QUOTE_26
    assert (found["vkg:claim-26"].certainty, found["vkg:claim-26"].frequency) == ("apparent", "in most cases")
    assert found["vkg:claim-14"].quote == "used for both osteoporotic as well as malignant fracture"
    assert found["vkg:claim-03"].quote == "done on patients who suffer from vertebral compression fractures"
    assert any("contradicts claim 27" in link for link in timing.evidence)
    assert any("supports claim 26" in link for link in found["vkg:claim-26"].evidence)


def test_a_twelve_week_old_fracture(registry: Assessment) -> None:
    timing = of(registry, "old")["vkg:claim-27"]
    assert "is 84 days old: not less than the threshold of 56 days" in timing.detail


def test_a_malignant_fracture_from_a_metastatic_cancer_given_as_an_icd10cm_code(registry: Assessment) -> None:
    found = of(registry, "metastatic")
    assert set(found) == {"vkg:claim-03", "vkg:claim-15", "vkg:claim-27", "vkg:claim-28", "vkg:claim-29"}
    comorbidity = found["vkg:claim-28"]
    assert "ICD10CM/C79.51> (metastatic cancer)" in comorbidity.detail
    assert (comorbidity.quote, comorbidity.certainty) == (QUOTE_28, "possible")
    metastatic = found["vkg:claim-29"]
    assert "is malignant and the patient has a metastatic cancer" in metastatic.detail
    assert (metastatic.quote, metastatic.certainty, metastatic.holder) == (
        QUOTE_29,
        "possible",
        "author of the source text",
    )


def test_the_boundary_is_read_from_the_graph(release: ReleaseGraph) -> None:
    boundary = run(release, "boundary.ttl")
    assert (boundary.read, boundary.valid, boundary.invalid) == (2, 2, 0)
    assert "55 days old: less than the threshold of 56 days" in of(boundary, "day-55")["vkg:claim-27"].detail
    assert "56 days old: not less than the threshold of 56 days" in of(boundary, "day-56")["vkg:claim-27"].detail
    # a fracture of unknown or traumatic cause is no compression fracture: no indication claim
    assert set(of(boundary, "day-55")) == {"vkg:claim-27"}


def test_the_threshold_is_not_hard_coded(release: ReleaseGraph) -> None:
    """With the facet of the graph moved to 60, a 56-day-old fracture falls below it."""
    from pyoxigraph import Literal, NamedNode, Triple

    facet = NamedNode("http://www.w3.org/2001/XMLSchema#maxExclusive")
    moved = tuple(
        Triple(t.subject, t.predicate, Literal("60", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
        if t.predicate == facet and isinstance(t.object, Literal) and t.object.value == "56"
        else t
        for t in release.triples
    )
    result = assess(
        moved,
        [CASES / "boundary.ttl"],
        shapes_path=ROOT / CASE_SHAPES,
        rule_folders=[ROOT / RULES_DIR],
    )
    assert "56 days old: less than the threshold of 60 days" in of(result, "day-56")["vkg:claim-27"].detail


def test_as_of_dates_a_fracture_without_a_procedure(release: ReleaseGraph) -> None:
    without = run(release, "as-of.ttl")
    assert "vkg:claim-27" not in of(without, "waiting")
    dated = run(release, "as-of.ttl", as_of=date(2026, 3, 29))
    assert "is 56 days old: not less than" in of(dated, "waiting")["vkg:claim-27"].detail
    assert "(detrimental comorbid disorder)" in of(dated, "waiting")["vkg:claim-28"].detail


def test_a_new_rule_file_is_picked_up(release: ReleaseGraph, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(CASES / "extra-rules", folder)
    result = run(release, "boundary.ttl", extra=(folder,))
    fixture = [f for f in result.findings if f.rule == "any-fracture"]
    assert {f.case for f in fixture} == {f"{CASE}day-55>", f"{CASE}day-56>"}
    assert all(f.topic == "fixture" and f.detail == "fixture rule fired" for f in fixture)


def test_every_rule_has_a_header_naming_claims_of_the_release(release: ReleaseGraph) -> None:
    claims = {str(t.subject)[1:-1] for t in release.triples if str(t.object).endswith("vpo/Claim>")}
    for path in sorted((ROOT / RULES_DIR).glob("*.rq")):
        rule = read_rule(path)
        assert rule.question and rule.topic and rule.claims, path
        assert set(rule.claims) <= claims, path


def test_the_wording_never_recommends(registry: Assessment) -> None:
    texts = [f"{f.detail} {f.topic}" for f in registry.findings]
    assert not [t for t in texts if "treat" in t.lower() or "recommend" in t.lower()]


def test_the_command_line(release: ReleaseGraph) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(ROOT), "assess", str(CASES / "registry.ttl"), "-f", "json"])
    assert result.exit_code == 1, result.output  # one record is invalid
    document = json.loads(result.stdout)
    assert document["summary"] == {"read": 4, "valid": 3, "invalid": 1, "assessed": 3}
    assert "read 4, valid 3, invalid 1, assessed 3" in result.stderr
    table = runner.invoke(main, ["--root", str(ROOT), "assess", str(CASES / "boundary.ttl")])
    assert table.exit_code == 0 and f'quote: "{QUOTE_27}"' in table.stdout
    tsv = runner.invoke(main, ["--root", str(ROOT), "assess", str(CASES / "boundary.ttl"), "-f", "tsv"])
    assert tsv.stdout.splitlines()[0].split("\t")[:4] == ["case", "fracture", "topic", "claim"]


def test_a_malformed_file_exits_2_with_file_and_line() -> None:
    result = CliRunner().invoke(main, ["--root", str(ROOT), "assess", str(CASES / "malformed.ttl")])
    assert result.exit_code == 2
    assert "malformed.ttl:5:" in result.stderr and "Turtle syntax error" in result.stderr
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.parametrize("name", ["missing.ttl", "registry.csv"])
def test_a_bad_case_file_is_refused_before_the_release_is_read(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path that is no case file is reported at once: the project copy's release is never
    assembled (HermiT would take seconds) nor cached."""

    def never(project: object) -> None:
        raise AssertionError("the release was assembled before the case files were checked")

    monkeypatch.setattr(assembly, "reasoned_release", never)
    project = copy_project(ROOT, tmp_path / "project")
    case_file = tmp_path / name
    if name.endswith(".csv"):
        case_file.write_text("case,fracture\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(project), "assess", str(case_file)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {case_file}: ")
    assert "hint:" in result.stderr
    assert not (project / CACHE_DIR).exists()


@pytest.mark.reasoner  # vkg assess in a fresh process: HermiT runs when no release is cached yet
def test_a_named_pipe_is_read_once(tmp_path: Path) -> None:
    """Records streamed through a FIFO (``mkfifo cases.ttl; zcat export.ttl.gz > cases.ttl &``) are
    assessed: the file checks do not open the pipe, which would take the writer's data and leave the
    reader waiting for ever."""
    pipe = tmp_path / "cases.ttl"
    os.mkfifo(pipe)

    def write() -> None:
        with pipe.open("wb") as out:
            out.write((CASES / "registry.ttl").read_bytes())

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = subprocess.run(
        [sys.executable, "-m", "vertebroplasty_kg", "--root", str(ROOT), "assess", str(pipe), "-f", "tsv"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    writer.join(timeout=10)
    release_fifo(pipe)
    assert result.returncode == 1, result.stderr  # the registry's one invalid record
    assert "read 4, valid 3, invalid 1, assessed 3" in result.stderr


def test_a_directory_named_as_a_case_file_is_refused_before_the_release(tmp_path: Path) -> None:
    folder = tmp_path / "cases.ttl"
    folder.mkdir()
    with pytest.raises(InputError, match=r"cases\.ttl: is a directory"):
        check_case_files([folder])
