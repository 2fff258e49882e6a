"""`vkg synth`: a synthetic registry, the same bytes for the same arguments, with exactly round(N x P)
invalid records of varied kinds, which `vkg assess` counts as the generator does (Turtle and FHIR),
documented distributions, and verified codes only."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from vertebroplasty_kg.cases import synthetic_output
from vertebroplasty_kg.cases.assess import assess, read_cases
from vertebroplasty_kg.cases.codes import CodeResolver
from vertebroplasty_kg.cases.synthetic import INVALID_KINDS, LEVELS, Case, draw_registry, kinds_for
from vertebroplasty_kg.cases.synthetic_output import CASE_BASE, FHIR_SYSTEMS, write_registry_file
from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.namespaces import RDF, VPO
from vertebroplasty_kg.project import CASE_SHAPES, RULES_DIR
from vertebroplasty_kg.release.assembly import ReleaseGraph

ROOT = Path(__file__).resolve().parents[1]
VERIFIED = (
    ROOT / "mappings" / "reference" / "clinical-terms.tsv",
    ROOT / "tests" / "fixtures" / "cases" / "fhir" / "verified-codes.tsv",
)
SYSTEMS = {"icd10cm": "ICD10CM", "snomedct": "SNOMEDCT", "cpt": "CPT"}
FIELD_OF_KIND = {
    "bad-level": "vpo:vertebralLevel",
    "missing-age": "vsh:PatientShape",
    "bad-date": "vpo:fractureOnsetDate",
    "no-fracture": "vpo:recordsFracture",
    "negative-fracture-age": "vpo:hasFractureAgeInDays",
    "procedure-without-date": "vpo:performedOn",
    "age-out-of-range": "vpo:ageInYears",
    "comorbidity-not-an-iri": "vpo:hasComorbidity",
    "unknown-cause-note": "vpo:fractureCauseNote",
}
FHIR_FIELD = {"bad-date": "onsetDateTime"}
"""FHIR's reader rejects an impossible date itself and names the element's JSON path."""


def synth(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, ["synth", *args])
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.mark.parametrize("fmt", ["ttl", "fhir"])
def test_the_same_arguments_give_the_same_bytes(tmp_path: Path, fmt: str) -> None:
    args = ["--cases", "300", "--seed", "3", "--invalid-share", "0.1", "--format", fmt]
    first, second = tmp_path / "a", tmp_path / "b"
    assert synth(*args, "-o", str(first))[0] == 0
    code, _, stderr = synth(*args, "-o", str(second))
    assert code == 0 and "wrote 300 cases, 30 invalid" in stderr
    assert first.read_bytes() == second.read_bytes()
    code, stdout, _ = synth(*args)
    assert code == 0 and stdout == first.read_bytes()
    assert synth("--cases", "300", "--seed", "4", "--invalid-share", "0.1", "--format", fmt)[1] != stdout
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no partial file left behind


CASES_AND_SHARES = [(1000, 0.05, 50), (7, 0.5, 4), (10, 0.25, 2), (0, 0.3, 0), (5, 1.0, 5), (40, 0.0, 0)]


@pytest.mark.parametrize(("cases", "share", "invalid"), CASES_AND_SHARES)
def test_exactly_round_n_times_p_records_are_invalid(cases: int, share: float, invalid: int) -> None:
    drawn = list(draw_registry(cases, 11, share))
    assert len(drawn) == cases
    assert sum(case.invalid is not None for case in drawn) == invalid == round(cases * share)


def test_the_shares_were_all_drawn() -> None:
    assert len(CASES_AND_SHARES) == 6


@pytest.mark.parametrize("fmt", ["ttl", "fhir"])
def test_vkg_assess_counts_1000_cases_as_the_generator_does(tmp_path: Path, fmt: str) -> None:
    registry = tmp_path / ("registry.ttl" if fmt == "ttl" else "registry.ndjson")
    report = write_registry_file(draw_registry(1000, 2026, 0.05, fmt), fmt, registry)
    assert (report.cases, sum(report.invalid.values())) == (1000, 50)
    assert set(report.invalid) == set(kinds_for(fmt))  # every kind this format can express, each at least once
    result = CliRunner().invoke(main, ["--root", str(ROOT), "assess", str(registry), "-f", "json"])
    assert result.exit_code == 1, result.stderr
    assert "read 1000, valid 950, invalid 50, assessed 950" in result.stderr
    document = json.loads(result.stdout)
    assert document["summary"] == {"read": 1000, "valid": 950, "invalid": 50, "assessed": 950}
    spoilt = {case.name for case in draw_registry(1000, 2026, 0.05, fmt) if case.invalid}
    named = {re.sub(r".*[/-](case-\d+)>$", r"\1", p["case"]) for p in document["invalid"]}
    assert named == spoilt
    assessed = {re.sub(r".*[/-](case-\d+)>$", r"\1", f["case"]) for f in document["findings"]}
    assert len(assessed) >= 900 and not assessed & spoilt


@pytest.mark.parametrize("fmt", ["ttl", "fhir"])
def test_each_kind_of_invalid_record_breaks_its_field(tmp_path: Path, release: ReleaseGraph, fmt: str) -> None:
    registry = tmp_path / ("all-invalid.ttl" if fmt == "ttl" else "all-invalid.ndjson")
    write_registry_file(draw_registry(90, 8, 1.0, fmt), fmt, registry)
    result = assess(release.triples, [registry], shapes_path=ROOT / CASE_SHAPES, rule_folders=[ROOT / RULES_DIR])
    assert (result.read, result.invalid, result.findings) == (90, 90, [])
    fields: dict[str, set[str]] = {}
    for problem in result.problems:
        fields.setdefault(re.sub(r".*[/-](case-\d+)>$", r"\1", problem.case), set()).add(problem.field)
    checked: Counter[str] = Counter()
    for case in draw_registry(90, 8, 1.0, fmt):
        assert case.invalid is not None
        expected = FIELD_OF_KIND[case.invalid]
        if fmt == "fhir":
            expected = FHIR_FIELD.get(case.invalid, expected)
        assert any(field.endswith(expected) for field in fields[case.name]), (case.name, fields[case.name])
        checked[case.invalid] += 1
    assert set(checked) == set(kinds_for(fmt)) and len(INVALID_KINDS) == len(FIELD_OF_KIND) == 9


def test_the_distributions_are_the_documented_ones() -> None:
    drawn: list[Case] = list(draw_registry(4000, 1, 0.0))
    causes = Counter(case.fractures[0].cause for case in drawn)
    assert 0.66 < causes["osteoporotic"] / 4000 < 0.74
    assert all(0.05 < causes[cause] / 4000 < 0.13 for cause in ("malignant", "traumatic", "unknown"))
    ages = [case.age_years if case.age_years is not None else 2025 - (case.birth_year or 0) for case in drawn]
    assert min(ages) >= 55 and max(ages) <= 95
    first_levels = Counter(case.fractures[0].level for case in drawn)
    assert set(first_levels) <= set(LEVELS)
    assert 0.58 < sum(first_levels[level] for level in ("T11", "T12", "L1", "L2")) / 4000 < 0.70
    fracture_ages = [f.age_days for case in drawn for f in case.fractures if f.age_days is not None]
    assert fracture_ages and min(fracture_ages) >= 1 and max(fracture_ages) <= 400
    assert all(len(case.procedures) <= 1 for case in drawn)
    assert 0.55 < sum(len(case.procedures) for case in drawn) / 4000 < 0.65
    cancers = {("icd10cm", "C79.51"), ("icd10cm", "C90.00"), ("snomedct", "94222008"), ("vpo", "MetastaticCancer")}
    malignant = [case for case in drawn if case.fractures[0].cause in ("malignant", "metastatic")]
    assert malignant and all(set(case.comorbidities) & cancers for case in malignant)


def verified_codes() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for table in VERIFIED:
        with table.open(encoding="utf-8", newline="") as handle:
            found |= {(row["code_system"], row["code"]) for row in csv.DictReader(handle, delimiter="\t")}
    return found


def test_every_code_of_both_formats_is_verified(tmp_path: Path) -> None:
    ttl, fhir = tmp_path / "r.ttl", tmp_path / "r.ndjson"
    write_registry_file(draw_registry(3000, 9, 0.0, "ttl"), "ttl", ttl)
    write_registry_file(draw_registry(3000, 9, 0.0, "fhir"), "fhir", fhir)
    in_turtle = set(re.findall(r"\b(icd10cm|snomedct|cpt):([A-Z0-9.]+)", ttl.read_text(encoding="utf-8")))
    systems = {uri: prefix for prefix, uri in FHIR_SYSTEMS.items()}
    in_fhir = {
        (systems[coding["system"]], coding["code"])
        for line in fhir.read_text(encoding="utf-8").splitlines()
        for coding in json.loads(line).get("code", {}).get("coding", [])
        if coding["system"] != FHIR_SYSTEMS["vpo"]
    }
    assert in_turtle == in_fhir and len(in_turtle) == 13
    verified = verified_codes()
    assert not [code for code in in_turtle if (SYSTEMS[code[0]], code[1]) not in verified]


def test_both_formats_give_each_procedure_its_access_and_cement(tmp_path: Path, release: ReleaseGraph) -> None:
    """The FHIR registry (access extension, usedCode) and the Turtle registry of one seed give every
    procedure the same access and cement, as `vkg assess` reads them."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in release.triples)
    resolver = CodeResolver.from_store(store)

    def parts(fmt: str, name: str) -> Counter[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        path = tmp_path / name
        write_registry_file(draw_registry(300, 5, 0.0, fmt), fmt, path)
        triples = read_cases([path], resolver).triples
        objects: dict[tuple[str, str], list[str]] = {}
        for t in triples:
            objects.setdefault((str(t.subject), t.predicate.value), []).append(str(t.object))

        def types(predicate: str, node: str) -> tuple[str, ...]:
            linked = objects.get((node, VPO + predicate), [])
            return tuple(
                sorted(kind.strip("<>").removeprefix(VPO) for n in linked for kind in objects[(n, RDF + "type")])
            )

        return Counter(
            (
                re.sub(r".*[/:]", "", str(t.subject)),
                types("hasAccess", str(t.object)),
                types("hasDirectSubstance", str(t.object)),
            )
            for t in triples
            if t.predicate.value == VPO + "recordsProcedure"
        )

    turtle, fhir = parts("ttl", "r.ttl"), parts("fhir", "r.ndjson")
    assert turtle == fhir and 150 < sum(turtle.values()) < 210  # a procedure in 60 % of the records
    assert {access for _, access, _ in turtle} == {("OpenApproach",), ("PercutaneousApproach",)}
    assert {cement for _, _, cement in turtle} == {("BoneCement",), ("PMMABoneCement",)}


def test_bad_arguments_exit_2_with_a_hint(tmp_path: Path) -> None:
    for args in (["--cases", "5", "--seed", "1", "--invalid-share", "1.5"], ["--cases", "-1", "--seed", "1"]):
        code, stdout, stderr = synth(*args)
        assert code == 2 and stderr.startswith("error:") and "hint:" in stderr and not stdout
    code, _, stderr = synth("--cases", "5", "--seed", "1", "-o", str(tmp_path / "missing" / "r.ttl"))
    assert code == 2 and "cannot write" in stderr and "Traceback" not in stderr


def test_a_failed_write_leaves_the_earlier_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "registry.ttl"
    target.write_text("earlier registry\n", encoding="utf-8")

    def broken(cases: object, fmt: str, out: object) -> None:
        out.write("half a record")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(synthetic_output, "write_registry", broken)
    code, _, stderr = synth("--cases", "5", "--seed", "1", "-o", str(target))
    assert code == 2 and "No space left on device" in stderr
    assert target.read_text(encoding="utf-8") == "earlier registry\n"
    assert [p.name for p in tmp_path.iterdir()] == ["registry.ttl"]


def test_case_iris_are_the_documented_ones(tmp_path: Path) -> None:
    ttl = tmp_path / "r.ttl"
    write_registry_file(draw_registry(3, 1), "ttl", ttl)
    text = ttl.read_text(encoding="utf-8")
    assert f"@prefix case: <{CASE_BASE}> ." in text and "case:case-000003 a vpo:CaseRecord" in text
