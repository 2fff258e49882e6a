"""Write a synthetic registry (:mod:`vertebroplasty_kg.cases.synthetic`) as Turtle or as FHIR R4 NDJSON.

Turtle follows ``ontology/case-records.ttl`` (a record, its patient as a blank node, its fractures
as IRIs, its procedure as a blank node); a fracture that FHIR codes in ICD-10-CM is given by that
code (``vpo:recordedCode``) in Turtle too, and a procedure has its CPT code beside its type. FHIR
follows the project's FHIR contract (docs/case-records.md, *FHIR R4 input*): one Patient per record,
one Condition per fracture and per comorbidity, one Procedure (its access as the extension
``procedure-access``, its cement as a ``usedCode``, both as classes of the ontology);
``urn:vkg:fhir:Patient/{id}`` is then the case's IRI. Both are written line by line, so a registry
of any size streams to its file.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..errors import InputError
from ..namespaces import PREFIXES, VPO
from .synthetic import Case, Fracture, Procedure

CASE_BASE = "https://example.org/synthetic-registry/"
FRACTURE_CLASS = {
    "osteoporotic": "OsteoporoticVertebralCompressionFracture",
    "malignant": "MalignantVertebralCompressionFracture",
    "metastatic": "MetastaticVertebralFracture",
    "traumatic": "VertebralFracture",
    "unknown": "VertebralFracture",
}
PROCEDURE_CLASS = {
    "vertebroplasty": "Vertebroplasty",
    "percutaneous": "PercutaneousVertebroplasty",
    "kyphoplasty": "Kyphoplasty",
    "augmentation": "VertebralAugmentation",
}
FHIR_SYSTEMS = {
    "icd10cm": "http://hl7.org/fhir/sid/icd-10-cm",
    "snomedct": "http://snomed.info/sct",
    "cpt": "http://www.ama-assn.org/go/cpt",
    "vpo": VPO,
}
MRI_OEDEMA = "https://w3id.org/vertebroplasty-kg/fhir/StructureDefinition/mri-oedema"
PROCEDURE_ACCESS = "https://w3id.org/vertebroplasty-kg/fhir/StructureDefinition/procedure-access"
UCUM = "http://unitsofmeasure.org"


@dataclass
class WriteReport:
    cases: int = 0
    invalid: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.invalid.items()))
        total = sum(self.invalid.values())
        return f"{self.cases} cases, {total} invalid" + (f" ({kinds})" if kinds else "")


def write_registry(cases: Iterable[Case], fmt: str, out: TextIO) -> WriteReport:
    """Write ``cases`` to ``out`` as ``ttl`` or ``fhir`` (NDJSON)."""
    report = WriteReport()
    lines = _turtle(cases, report) if fmt == "ttl" else _ndjson(cases, report)
    for line in lines:
        out.write(line)
    return report


def write_registry_file(cases: Iterable[Case], fmt: str, path: Path) -> WriteReport:
    """Write to ``path`` through a temporary file beside it: an earlier file stays whole until the new one is."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as out:
            report = write_registry(cases, fmt, out)
        partial.replace(path)
    except OSError as error:
        raise InputError(
            path, f"cannot write: {error.strerror or error}", hint="give a file in a directory you may write to"
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return report


def _count(case: Case, report: WriteReport) -> None:
    report.cases += 1
    if case.invalid:
        report.invalid[case.invalid] += 1


# --- Turtle -------------------------------------------------------------------------------------


def _turtle(cases: Iterable[Case], report: WriteReport) -> Iterator[str]:
    yield "# A synthetic registry drawn by `vkg synth`: not real patients.\n"
    yield f"@prefix case: <{CASE_BASE}> .\n"
    for prefix in ("cpt", "icd10cm", "snomedct", "vpo", "xsd"):
        yield f"@prefix {prefix}: <{PREFIXES[prefix]}> .\n"
    for case in cases:
        _count(case, report)
        yield "\n" + _turtle_case(case)


def _term(system: str, code: str) -> str:
    return f"{system}:{code}"


def _turtle_case(case: Case) -> str:
    patient = ["a vpo:Patient"]
    if case.birth_year is not None:
        patient.append(f'vpo:birthYear "{case.birth_year}"^^xsd:gYear')
    if case.age_years is not None:
        patient.append(f"vpo:ageInYears {case.age_years}")
    comorbidities = [_term(system, code) for system, code in case.comorbidities]
    if case.comorbidity_text is not None:
        comorbidities.append(json.dumps(case.comorbidity_text))
    if comorbidities:
        patient.append("vpo:hasComorbidity " + ", ".join(comorbidities))
    record = [f"case:{case.name} a vpo:CaseRecord", f"vpo:aboutPatient [ {' ; '.join(patient)} ]"]
    if case.fractures:
        record.append("vpo:recordsFracture " + ", ".join(f"case:{case.name}-{f.key}" for f in case.fractures))
    record += [f"vpo:recordsProcedure [ {_turtle_procedure(p)} ]" for p in case.procedures]
    text = " ;\n    ".join(record) + " .\n"
    for fracture in case.fractures:
        text += f"case:{case.name}-{fracture.key} {_turtle_fracture(fracture)} .\n"
    return text


def _turtle_fracture(fracture: Fracture) -> str:
    coding = _fracture_coding(fracture)
    if coding["system"] == FHIR_SYSTEMS["vpo"]:
        fields = [f"a vpo:{coding['code']}"]
    else:
        fields = [f"vpo:recordedCode {_system_prefix(coding['system'])}:{coding['code']}"]
    fields.append(f'vpo:vertebralLevel "{fracture.level}"')
    fields.append(f'vpo:mriBoneMarrowOedema "{fracture.oedema}"')
    if fracture.cause_note is not None:
        fields.append(f'vpo:fractureCauseNote "{fracture.cause_note}"')
    if fracture.onset is not None:
        fields.append(f'vpo:fractureOnsetDate "{fracture.onset}"^^xsd:date')
    if fracture.age_days is not None:
        fields.append(f"vpo:hasFractureAgeInDays {fracture.age_days}")
    return " ;\n    ".join(fields)


def _access_class(procedure: Procedure) -> str:
    return "PercutaneousApproach" if procedure.access == "percutaneous" else "OpenApproach"


def _turtle_procedure(procedure: Procedure) -> str:
    standard = _procedure_codings(procedure)[0]
    fields = [
        f"a vpo:{PROCEDURE_CLASS[procedure.kind]}",
        f"vpo:recordedCode {_system_prefix(standard['system'])}:{standard['code']}",
        f'vpo:vertebralLevel "{procedure.level}"',
        f"vpo:hasAccess [ a vpo:{_access_class(procedure)} ]",
        f"vpo:hasDirectSubstance [ a vpo:{procedure.cement} ]",
    ]
    if procedure.performed is not None:
        fields.append(f'vpo:performedOn "{procedure.performed}"^^xsd:date')
    return " ;\n        ".join(fields)


def _system_prefix(system: str) -> str:
    return next(prefix for prefix, uri in FHIR_SYSTEMS.items() if uri == system)


# --- FHIR R4 NDJSON -----------------------------------------------------------------------------


def _ndjson(cases: Iterable[Case], report: WriteReport) -> Iterator[str]:
    for case in cases:
        _count(case, report)
        for resource in fhir_resources(case):
            yield json.dumps(resource, ensure_ascii=False, separators=(",", ":")) + "\n"


def _coding(system: str, code: str) -> dict[str, str]:
    return {"system": FHIR_SYSTEMS[system], "code": code}


def _fracture_coding(fracture: Fracture) -> dict[str, str]:
    if fracture.cause == "osteoporotic" and fracture.code == 0:
        return _coding("icd10cm", "M80.08XA")
    if fracture.cause == "traumatic" and fracture.code == 0 and fracture.level[0] in "TL":
        return _coding("icd10cm", "S22.0" if fracture.level.startswith("T") else "S32.0")
    return _coding("vpo", FRACTURE_CLASS[fracture.cause])


def _procedure_codings(procedure: Procedure) -> list[dict[str, str]]:
    """CPT by kind and region (procedures are drawn at thoracic and lumbar levels only), and the kind's class."""
    thoracic = procedure.level[0] in "CT"
    if procedure.kind in ("vertebroplasty", "percutaneous"):
        standard = _coding("cpt", "22510" if thoracic else "22511")
    else:
        standard = _coding("cpt", "22513" if thoracic else "22514")
    return [standard, _coding("vpo", PROCEDURE_CLASS[procedure.kind])]


def fhir_resources(case: Case) -> list[dict[str, Any]]:
    """The Patient, Conditions and Procedure of ``case``, as FHIR R4 JSON objects."""
    subject = {"reference": f"Patient/{case.name}"}
    patient: dict[str, Any] = {"resourceType": "Patient", "id": case.name, "gender": case.sex}
    if case.birth_date is not None:
        patient["birthDate"] = case.birth_date
    resources: list[dict[str, Any]] = [patient]
    for fracture in case.fractures:
        condition: dict[str, Any] = {
            "resourceType": "Condition",
            "id": f"{case.name}-{fracture.key}",
            "extension": [{"url": MRI_OEDEMA, "valueCode": fracture.oedema}],
            "subject": subject,
            "code": {"coding": [_fracture_coding(fracture)]},
            "bodySite": [{"text": fracture.level}],
        }
        if fracture.onset is not None:
            condition["onsetDateTime"] = fracture.onset
        if fracture.age_days is not None:
            condition["onsetAge"] = {"value": fracture.age_days, "unit": "d", "system": UCUM, "code": "d"}
        resources.append(condition)
    for index, (system, code) in enumerate(case.comorbidities, start=1):
        resources.append(
            {
                "resourceType": "Condition",
                "id": f"{case.name}-c{index}",
                "subject": subject,
                "code": {"coding": [_coding(system, code)]},
            }
        )
    for index, procedure in enumerate(case.procedures, start=1):
        entry: dict[str, Any] = {
            "resourceType": "Procedure",
            "id": f"{case.name}-p{index}",
            "status": "completed",
            "extension": [
                {
                    "url": PROCEDURE_ACCESS,
                    "valueCodeableConcept": {"coding": [_coding("vpo", _access_class(procedure))]},
                }
            ],
            "subject": subject,
            "code": {"coding": _procedure_codings(procedure)},
            "bodySite": [{"text": procedure.level}],
            "usedCode": [{"coding": [_coding("vpo", procedure.cement)]}],
        }
        if procedure.performed is not None:
            entry["performedDateTime"] = procedure.performed
        resources.append(entry)
    return resources
