"""Map FHIR R4 resources (fhir_files.py) to the triples of the case model (ontology/case-records.ttl).

- **Patient** → one case record (the entry's ``fullUrl`` when it is an absolute IRI, else
  ``urn:vkg:fhir:Patient/{id}``) about a patient with ``vpo:birthYear`` from ``birthDate``.
- **Condition** whose code resolves (cases/codes.py) to a vertebral fracture → a recorded fracture
  with its codes (``vpo:recordedCode``), level (``bodySite[0].text``), ``onsetDateTime`` or
  ``onsetAge`` in days, and MRI oedema (extension :data:`OEDEMA_URL`). A Condition whose codes resolve
  to nothing but which has a level or the oedema extension is a fracture of unknown cause. Any other
  Condition is a comorbidity: ``vpo:hasComorbidity`` with each code.
- **Procedure** with status ``completed`` → a recorded procedure with its codes, ``performedDateTime``,
  level, access (extension :data:`ACCESS_URL`, a ``valueCodeableConcept`` that resolves to an approach
  class) and cement (each ``usedCode`` that resolves to a bone cement class); a procedure of another
  status was not performed and is left out. FHIR R4 has no element for the approach of a procedure
  (the core extension ``procedure-approachBodyStructure`` names a body structure, not a technique).

Codes resolve to classes through the release's verified mappings only (cases/codes.py): a ``usedCode``
that resolves to no cement class is another item used (a needle, a balloon) and is left out.

Other resource types are left out. A resource that fails structural validation, or whose subject is
no Patient of the input, is a :class:`Problem` naming it and its JSON path; its case is skipped, the
others are read. Patients are read first, from every file, so that Conditions and Procedures may come
in other files (as in a bulk export, one NDJSON file per resource type).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..namespaces import PREFIXES, RDF, VPO, XSD, compact
from .codes import CodeResolver
from .fhir_files import FhirEntry, entries, is_fhir, structure_errors
from .problems import Problem

OEDEMA_URL = "https://w3id.org/vertebroplasty-kg/fhir/StructureDefinition/mri-oedema"
ACCESS_URL = "https://w3id.org/vertebroplasty-kg/fhir/StructureDefinition/procedure-access"
MESH_SYSTEMS = ("https://www.nlm.nih.gov/mesh", "urn:oid:2.16.840.1.113883.6.177")
"""MeSH in FHIR: the canonical URL and the OID of HL7 Terminology (THO)'s MeSH code system."""
CONDITION_SYSTEMS = {
    "http://hl7.org/fhir/sid/icd-10-cm": PREFIXES["icd10cm"],
    "http://snomed.info/sct": PREFIXES["snomedct"],
    **dict.fromkeys(MESH_SYSTEMS, PREFIXES["mesh"]),
    VPO: VPO,
}
CEMENT_SYSTEMS = {
    "http://snomed.info/sct": PREFIXES["snomedct"],
    **dict.fromkeys(MESH_SYSTEMS, PREFIXES["mesh"]),
    VPO: VPO,
}
ACCESS_SYSTEMS = {VPO: VPO}
"""The project's mappings verify no external code for an approach: an access is given as a class."""
PROCEDURE_SYSTEMS = {
    "http://www.ama-assn.org/go/cpt": PREFIXES["cpt"],
    "http://www.cms.gov/Medicare/Coding/ICD10": PREFIXES["icd10pcs"],
    VPO: VPO,
}


def _node(name: str) -> ox.NamedNode:
    return ox.NamedNode(VPO + name)


_TYPE = ox.NamedNode(RDF + "type")
_CASE_RECORD, _PATIENT = _node("CaseRecord"), _node("Patient")
_ABOUT, _BIRTH_YEAR, _COMORBIDITY = _node("aboutPatient"), _node("birthYear"), _node("hasComorbidity")
_FRACTURE, _PROCEDURE, _CODE = _node("recordsFracture"), _node("recordsProcedure"), _node("recordedCode")
_LEVEL, _ONSET, _AGE_DAYS = _node("vertebralLevel"), _node("fractureOnsetDate"), _node("hasFractureAgeInDays")
_OEDEMA, _PERFORMED = _node("mriBoneMarrowOedema"), _node("performedOn")
_ACCESS, _CEMENT = _node("hasAccess"), _node("hasDirectSubstance")
_APPROACH, _BONE_CEMENT = VPO + "ProcedureApproach", VPO + "BoneCement"
_ACCESS_EXAMPLE = json.dumps({"coding": [{"system": VPO, "code": "PercutaneousApproach"}]})
_GYEAR, _DATE, _INTEGER = (ox.NamedNode(XSD + name) for name in ("gYear", "date", "integer"))


__all__ = ["ACCESS_URL", "OEDEMA_URL", "FhirCases", "is_fhir", "read_fhir"]


@dataclass
class FhirCases:
    """The triples of the case records read, and the problems of the resources that could not be."""

    triples: list[ox.Triple] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_fhir(paths: Sequence[Path], resolver: CodeResolver) -> FhirCases:
    """The case records of the FHIR files at ``paths`` (see the module's description)."""
    reader = _Reader(resolver)
    for entry in entries(paths):  # patients first, so that a Condition may come before its Patient
        if entry.resource.get("resourceType") == "Patient":
            reader.patient(entry)
    for entry in entries(paths):
        kind = entry.resource.get("resourceType")
        if kind == "Condition":
            reader.condition(entry)
        elif kind == "Procedure":
            reader.procedure(entry)
        elif kind != "Patient":
            reader.other(entry)
    return reader.result


def _blank(*parts: str) -> ox.BlankNode:
    """A blank node whose label depends only on ``parts``, so the same input gives the same triples."""
    return ox.BlankNode("f" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24])


def _first_text(resource: dict[str, Any], key: str) -> str | None:
    items = resource.get(key)
    if isinstance(items, list) and items and isinstance(items[0], dict) and isinstance(items[0].get("text"), str):
        return str(items[0]["text"])
    return None


class _Reader:
    def __init__(self, resolver: CodeResolver) -> None:
        self.resolver = resolver
        self.result = FhirCases()
        self.cases: dict[str, str] = {}  # "Patient/{id}" and the patient's fullUrl -> case IRI

    # -- problems ---------------------------------------------------------------------------------

    def _problem(self, case: str, entry: FhirEntry, where: str, message: str, value: str = "") -> None:
        text = f"{entry.name()} ({entry.place()}): {message}"
        self.result.problems.append(Problem(case, where, text, value))

    def _valid(self, entry: FhirEntry, case: str) -> bool:
        errors = structure_errors(str(entry.resource["resourceType"]), entry.resource)
        for steps, message, value in errors:
            self._problem(case, entry, entry.at(*steps), message, value)
        return not errors

    def _case_of(self, entry: FhirEntry) -> str | None:
        """The case IRI of the subject of a Condition or Procedure, or None (a problem) if it has none."""
        subject = entry.resource.get("subject")
        reference = subject.get("reference") if isinstance(subject, dict) else None
        case = self.cases.get(reference) if isinstance(reference, str) else None
        if case is None:
            shown = json.dumps(reference) if isinstance(reference, str) else "nothing"
            self._problem(
                entry.name(),
                entry,
                entry.at("subject", "reference"),
                f"its subject refers to {shown}, which is no Patient in the input "
                "(give 'Patient/{id}' or the fullUrl of a Patient entry)",
            )
        return case

    # -- resources --------------------------------------------------------------------------------

    def patient(self, entry: FhirEntry) -> None:
        iri = entry.iri()
        if iri is None:
            self._problem(entry.name(), entry, entry.at("id"), "a Patient has an id (or an absolute fullUrl)")
            return
        case_node = ox.NamedNode(iri)
        case = compact(iri)
        self.cases[f"Patient/{entry.resource.get('id')}"] = iri
        if entry.full_url:
            self.cases[entry.full_url] = iri
        triples = self.result.triples
        triples.append(ox.Triple(case_node, _TYPE, _CASE_RECORD))  # counted as read, valid or not
        if not self._valid(entry, case):
            return
        patient = _patient_node(iri)
        triples += [ox.Triple(case_node, _ABOUT, patient), ox.Triple(patient, _TYPE, _PATIENT)]
        birth = entry.resource.get("birthDate")
        if isinstance(birth, str):
            triples.append(ox.Triple(patient, _BIRTH_YEAR, ox.Literal(birth[:4], datatype=_GYEAR)))

    def condition(self, entry: FhirEntry) -> None:
        iri = self._case_of(entry)
        if iri is None or not self._valid(entry, compact(iri)):
            return
        codes = self._codes(entry, iri, ("code",), CONDITION_SYSTEMS)
        if codes is None:
            return
        classes = self._classes(codes)
        has_fields = _first_text(entry.resource, "bodySite") is not None or bool(_oedema(entry.resource))
        fracture = bool(self.resolver.under(classes, VPO + "VertebralFracture")) or (not classes and has_fields)
        if fracture:
            self._fracture(entry, iri, codes)
        else:
            patient = _patient_node(iri)
            self.result.triples += [ox.Triple(patient, _COMORBIDITY, code) for code in codes]

    def _fracture(self, entry: FhirEntry, iri: str, codes: list[ox.NamedNode]) -> None:
        resource = entry.resource
        node = _resource_node(entry)
        triples = [ox.Triple(ox.NamedNode(iri), _FRACTURE, node)]
        triples += [ox.Triple(node, _CODE, code) for code in codes]
        level = _first_text(resource, "bodySite")
        if level is not None:
            triples.append(ox.Triple(node, _LEVEL, ox.Literal(level)))
        onset = self._day(entry, iri, "onsetDateTime")
        if onset is not None:
            triples.append(ox.Triple(node, _ONSET, onset))
        age = resource.get("onsetAge")
        if isinstance(age, dict):
            days = _days(age)
            if days is None:
                self._problem(
                    compact(iri),
                    entry,
                    entry.at("onsetAge"),
                    'onsetAge is a whole number of days: {"value": N, "unit": "d", '
                    '"system": "http://unitsofmeasure.org", "code": "d"}',
                    json.dumps(age, ensure_ascii=False),
                )
                return
            triples.append(ox.Triple(node, _AGE_DAYS, ox.Literal(str(days), datatype=_INTEGER)))
        triples += [ox.Triple(node, _OEDEMA, ox.Literal(value)) for value in _oedema(resource)]
        self.result.triples += triples

    def procedure(self, entry: FhirEntry) -> None:
        if entry.resource.get("status") != "completed":
            return  # not performed (yet): no procedure of the case
        iri = self._case_of(entry)
        if iri is None or not self._valid(entry, compact(iri)):
            return
        codes = self._codes(entry, iri, ("code",), PROCEDURE_SYSTEMS)
        if codes is None:
            return
        node = _resource_node(entry)
        triples = [ox.Triple(ox.NamedNode(iri), _PROCEDURE, node)]
        triples += [ox.Triple(node, _CODE, code) for code in codes]
        performed = self._day(entry, iri, "performedDateTime")
        if performed is not None:
            triples.append(ox.Triple(node, _PERFORMED, performed))
        level = _first_text(entry.resource, "bodySite")
        if level is not None:
            triples.append(ox.Triple(node, _LEVEL, ox.Literal(level)))
        parts = self._access(entry, iri, node)
        cements = self._cements(entry, iri, node)
        if parts is None or cements is None:
            return
        self.result.triples += triples + parts + cements

    def _access(self, entry: FhirEntry, iri: str, procedure: ox.NamedNode | ox.BlankNode) -> list[ox.Triple] | None:
        """The procedure's access: each extension :data:`ACCESS_URL` whose value resolves to an approach
        class gives a node of those classes; None, and a problem, when one does not."""
        triples: list[ox.Triple] = []
        for index, item in _extensions(entry.resource, ACCESS_URL):
            steps: tuple[str | int, ...] = ("extension", index, "valueCodeableConcept")
            value = item.get("valueCodeableConcept")
            if not isinstance(value, dict):
                self._problem(
                    compact(iri),
                    entry,
                    entry.at(*steps),
                    f"the access extension has a valueCodeableConcept, such as {_ACCESS_EXAMPLE}",
                )
                return None
            codes = self._codes(entry, iri, steps, ACCESS_SYSTEMS)
            if codes is None:
                return None
            approaches = self.resolver.under(self._classes(codes), _APPROACH)
            if not approaches:
                shown = ", ".join(compact(code.value) for code in codes)
                self._problem(
                    compact(iri),
                    entry,
                    entry.at(*steps),
                    "the access is no approach of the ontology (vpo:PercutaneousApproach or vpo:OpenApproach)",
                    shown,
                )
                return None
            node = _blank("access", str(procedure), str(index))
            triples.append(ox.Triple(procedure, _ACCESS, node))
            triples += [ox.Triple(node, _TYPE, ox.NamedNode(c)) for c in sorted(approaches)]
        return triples

    def _cements(self, entry: FhirEntry, iri: str, procedure: ox.NamedNode | ox.BlankNode) -> list[ox.Triple] | None:
        """The procedure's cement: each ``usedCode`` that resolves to a bone cement class gives a node of
        those classes; a usedCode that resolves to none is another item used. None, and a problem, when
        a usedCode is unusable (a vpo: code that is no class of the ontology, a code that makes no IRI)."""
        used = entry.resource.get("usedCode")
        triples: list[ox.Triple] = []
        for index, concept in enumerate(used if isinstance(used, list) else []):
            if not isinstance(concept, dict):
                continue
            steps: tuple[str | int, ...] = ("usedCode", index)
            codes = self._codes(entry, iri, steps, CEMENT_SYSTEMS, required=False)
            if codes is None:
                return None
            cements = self.resolver.under(self._classes(codes), _BONE_CEMENT)
            if cements:
                node = _blank("cement", str(procedure), str(index))
                triples.append(ox.Triple(procedure, _CEMENT, node))
                triples += [ox.Triple(node, _TYPE, ox.NamedNode(c)) for c in sorted(cements)]
        return triples

    def other(self, entry: FhirEntry) -> None:
        """Resources of other types are left out; a resourceType that FHIR does not have is a problem."""
        from fhir.resources.R4B import get_fhir_model_class  # see fhir_files.structure_errors

        kind = entry.resource.get("resourceType")
        try:
            get_fhir_model_class(str(kind))
        except ValueError:
            self._problem(
                entry.name(), entry, entry.at("resourceType"), "is not a FHIR resource type", json.dumps(kind)
            )

    def _day(self, entry: FhirEntry, iri: str, key: str) -> ox.Literal | None:
        """The day of a FHIR date or dateTime element as an xsd:date (as written, before any time zone)."""
        value = entry.resource.get(key)
        if not isinstance(value, str):
            return None
        if len(value) < 10:
            self._problem(
                compact(iri),
                entry,
                entry.at(key),
                "give the day (YYYY-MM-DD), not only a year or month",
                json.dumps(value),
            )
        return ox.Literal(value[:10], datatype=_DATE)

    def _classes(self, codes: list[ox.NamedNode]) -> frozenset[str]:
        return frozenset().union(*(self.resolver.classes(code.value) for code in codes))

    def _codes(
        self, entry: FhirEntry, iri: str, steps: tuple[str | int, ...], systems: dict[str, str], required: bool = True
    ) -> list[ox.NamedNode] | None:
        """The code IRIs of the codings of the CodeableConcept at ``steps`` whose system is one of
        ``systems``; None, and a problem, when one is unusable, or when none has a known system and
        ``required``."""
        concept = _at(entry.resource, steps)
        codings = concept.get("coding") if isinstance(concept, dict) else None
        found: list[ox.NamedNode] = []
        for index, coding in enumerate(codings if isinstance(codings, list) else []):
            namespace = systems.get(str(coding.get("system")))
            value = coding.get("code")
            if namespace is None or not isinstance(value, str):
                continue
            where = entry.at(*steps, "coding", index, "code")
            try:
                node = ox.NamedNode(namespace + value)
            except ValueError:
                self._problem(compact(iri), entry, where, "the code does not make an IRI", json.dumps(value))
                return None
            if namespace == VPO and not self.resolver.is_class(node.value):
                self._problem(compact(iri), entry, where, "is not a class of the ontology", json.dumps(value))
                return None
            found.append(node)
        if not found and required:
            known = ", ".join(sorted(systems))
            self._problem(compact(iri), entry, entry.at(*steps, "coding"), f"no coding with a system of {known}")
            return None
        return found


def _patient_node(case_iri: str) -> ox.BlankNode:
    return _blank("patient", case_iri)


def _resource_node(entry: FhirEntry) -> ox.NamedNode | ox.BlankNode:
    iri = entry.iri()
    return ox.NamedNode(iri) if iri else _blank(str(entry.file), entry.path, str(entry.line))


def _at(resource: dict[str, Any], steps: tuple[str | int, ...]) -> Any:
    """The element of ``resource`` at a JSON path's steps (keys and list indexes), or None."""
    value: Any = resource
    for step in steps:
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and step < len(value) else None
        else:
            value = value.get(step) if isinstance(value, dict) else None
    return value


def _extensions(resource: dict[str, Any], url: str) -> list[tuple[int, dict[str, Any]]]:
    """The resource's extensions of ``url``, each with its index in ``extension``."""
    extensions = resource.get("extension")
    return [
        (index, item)
        for index, item in enumerate(extensions if isinstance(extensions, list) else [])
        if isinstance(item, dict) and item.get("url") == url
    ]


def _oedema(resource: dict[str, Any]) -> list[str]:
    return [str(item.get("valueCode")) for _, item in _extensions(resource, OEDEMA_URL)]


def _days(age: dict[str, Any]) -> int | None:
    value = age.get("value")
    if age.get("code", age.get("unit")) != "d" or not isinstance(value, (int, float)) or value != int(value):
        return None
    return int(value)
