"""Assess case records: validate a registry's records (RDF or FHIR) and say which statements of the source bear on each.

Each record is checked with ``shapes/case-records.ttl``; an invalid record is reported (case, field,
what is wrong) and skipped, the valid ones are assessed. The rules are SPARQL files under
``queries/rules/``, each opening with a header::

    # rule: What the rule asks
    # topic: timing
    # applies: vkg:claim-27

and selecting ``?case ?claim ?detail`` (and optionally ``?fracture``). They run with pyoxigraph over
the release and the valid records; adding a rule file needs no code change. This is not a
recommendation engine: a finding says which statement bears on a case and how sure its holder is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from .case_problems import Problem
from .code_resolution import CodeResolver, coded_types
from .errors import InputError
from .fhir_cases import is_fhir, read_fhir
from .findings import compact
from .loading import parse_rdf, to_rdflib
from .namespaces import RDF, VKG, VPO, XSD
from .shacl import load_shapes, validate_graph
from .sparql_text import internal

RULES_DIR = "queries/rules"
CASE_SHAPES = "shapes/case-records.ttl"
_FIELD = re.compile(r"^#\s*(rule|topic|applies):\s*(.*?)\s*$")
_HEADER_HINT = "open the rule with '# rule: ...', '# topic: ...' and '# applies: vkg:claim-NN ...'"

_TYPE = ox.NamedNode(RDF + "type")
_CASE_RECORD = ox.NamedNode(VPO + "CaseRecord")
_LINKS = tuple(ox.NamedNode(VPO + name) for name in ("aboutPatient", "recordsFracture", "recordsProcedure"))
_RECORDS_FRACTURE = ox.NamedNode(VPO + "recordsFracture")
_RECORDS_PROCEDURE = ox.NamedNode(VPO + "recordsProcedure")
_ONSET = ox.NamedNode(VPO + "fractureOnsetDate")
_AGE_DAYS = ox.NamedNode(VPO + "hasFractureAgeInDays")
_PERFORMED_ON = ox.NamedNode(VPO + "performedOn")
_XSD_INTEGER = ox.NamedNode(XSD + "integer")


@dataclass(frozen=True)
class Rule:
    name: str
    path: Path
    text: str
    question: str
    topic: str
    claims: tuple[str, ...]


def read_rule(path: Path) -> Rule:
    """The rule at ``path`` with its header; :class:`InputError` for a missing or bad header."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read the rule: {error}", hint="give a readable UTF-8 .rq file") from error
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _FIELD.match(line)
        if match:
            fields[match[1]] = match[2]
    missing = [key for key in ("rule", "topic", "applies") if not fields.get(key)]
    if missing:
        raise InputError(path, f"the header has no '# {missing[0]}:' line", line=1, hint=_HEADER_HINT)
    claims = tuple(VKG + c.removeprefix("vkg:") for c in fields["applies"].split())
    return Rule(path.stem, path, text, fields["rule"], fields["topic"], claims)


def rule_files(folders: Iterable[Path]) -> list[Path]:
    return [path for folder in folders for path in sorted(folder.glob("*.rq"))]


@dataclass(frozen=True)
class CaseFinding:
    case: str
    fracture: str
    topic: str
    rule: str
    claim: str
    claim_label: str
    certainty: str
    frequency: str
    holder: str
    quote: str
    detail: str
    evidence: tuple[str, ...] = ()


@dataclass
class Assessment:
    read: int = 0
    valid: int = 0
    invalid: int = 0
    assessed: int = 0
    problems: list[Problem] = field(default_factory=list)
    findings: list[CaseFinding] = field(default_factory=list)

    def summary(self) -> str:
        return f"read {self.read}, valid {self.valid}, invalid {self.invalid}, assessed {self.assessed}"


@dataclass(frozen=True)
class CaseInput:
    """The triples of the case files, with the types their codes give (code_resolution.py), and the
    problems of the FHIR resources that could not be read."""

    triples: list[ox.Triple]
    problems: list[Problem]


def read_cases(paths: Sequence[Path], resolver: CodeResolver) -> CaseInput:
    """The case records of RDF files (by extension: .ttl, .nt, ...) and FHIR files (.json, .ndjson);
    a malformed file raises :class:`InputError` with file and line."""
    triples: list[ox.Triple] = []
    for path in paths:
        if not is_fhir(path):
            triples += parse_rdf(path)
    fhir = read_fhir([path for path in paths if is_fhir(path)], resolver)
    triples += fhir.triples
    return CaseInput(triples + coded_types(triples, resolver), fhir.problems)


def _show(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _owners(triples: Sequence[ox.Triple]) -> dict[str, str]:
    """Each node of a record (the record, its patient, fractures, procedures) → its case's IRI."""
    owner: dict[str, str] = {}
    for triple in triples:
        if triple.predicate == _TYPE and triple.object == _CASE_RECORD:
            owner[str(triple.subject)] = str(triple.subject)
    for triple in triples:
        if triple.predicate in _LINKS and str(triple.subject) in owner:
            owner.setdefault(str(triple.object), owner[str(triple.subject)])
    return owner


def validate_cases(triples: Sequence[ox.Triple], shapes_path: Path) -> tuple[list[str], list[Problem]]:
    """The cases read (as N-Triples terms, in order) and the problems of the invalid ones."""
    cases = sorted({str(t.subject) for t in triples if t.predicate == _TYPE and t.object == _CASE_RECORD})
    owner = _owners(triples)
    shapes = load_shapes([shapes_path])
    graph = to_rdflib(triples)
    problems: list[Problem] = []
    for result in validate_graph(graph, shapes):
        if result.severity != "ERROR":
            continue
        focus = result.focus
        key = f"<{expand_shown(focus)}>" if not focus.startswith("_:") else focus
        case = owner.get(key, key)
        field_name = result.path or result.shape
        value = "" if result.value.startswith("_:") else result.value
        problems.append(Problem(_case_name(case), field_name, result.message, value))
    return cases, sorted(set(problems), key=lambda p: (p.case, p.field, p.message))


def expand_shown(shown: str) -> str:
    """The full IRI of a term as findings show it (``vpo:X``, ``<iri>``): the inverse of ``compact``."""
    from .findings import DISPLAY_PREFIXES

    if shown.startswith("<") and shown.endswith(">"):
        return shown[1:-1]
    prefix, _, local = shown.partition(":")
    return DISPLAY_PREFIXES.get(prefix, prefix + ":") + local


def _case_name(term: str) -> str:
    if term.startswith("<") and term.endswith(">"):
        return compact(term[1:-1])
    return term


def _fracture_ages(triples: Sequence[ox.Triple], as_of: date | None) -> list[ox.Triple]:
    """``vpo:hasFractureAgeInDays`` for each fracture with an onset date and no age given: days from
    onset to the record's (earliest) procedure date, else to ``as_of``."""
    procedure_date: dict[str, date] = {}
    performed = {
        str(t.subject): t.object.value
        for t in triples
        if t.predicate == _PERFORMED_ON and isinstance(t.object, ox.Literal)
    }
    for t in triples:
        if t.predicate == _RECORDS_PROCEDURE and str(t.object) in performed:
            try:
                day = date.fromisoformat(performed[str(t.object)])
            except ValueError:
                continue
            case = str(t.subject)
            procedure_date[case] = min(day, procedure_date.get(case, day))
    case_of = {str(t.object): str(t.subject) for t in triples if t.predicate == _RECORDS_FRACTURE}
    has_age = {str(t.subject) for t in triples if t.predicate == _AGE_DAYS}
    ages: list[ox.Triple] = []
    for t in triples:
        if (
            t.predicate != _ONSET
            or str(t.subject) in has_age
            or not isinstance(t.subject, (ox.NamedNode, ox.BlankNode))
        ):
            continue
        reference = procedure_date.get(case_of.get(str(t.subject), ""), as_of)
        if reference is None:
            continue
        onset_literal = t.object
        if not isinstance(onset_literal, ox.Literal):
            continue
        try:
            onset = date.fromisoformat(onset_literal.value)
        except ValueError:
            continue
        ages.append(ox.Triple(t.subject, _AGE_DAYS, ox.Literal(str((reference - onset).days), datatype=_XSD_INTEGER)))
    return ages


def _valid_triples(triples: Sequence[ox.Triple], invalid_cases: set[str]) -> list[ox.Triple]:
    owner = _owners(triples)
    return [t for t in triples if owner.get(str(t.subject)) not in invalid_cases]


def assess(
    release: Iterable[ox.Triple],
    case_files: Sequence[Path],
    *,
    shapes_path: Path,
    rule_folders: Sequence[Path],
    as_of: date | None = None,
) -> Assessment:
    """Validate the records of ``case_files`` and run every rule of ``rule_folders`` on the valid ones."""
    rules = [read_rule(path) for path in rule_files(rule_folders)]
    if not rules:
        raise InputError(
            rule_folders[0] if rule_folders else RULES_DIR, "no rule files (.rq)", hint="restore queries/rules/"
        )
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in release)
    case_input = read_cases(case_files, CodeResolver.from_store(store))
    triples = case_input.triples
    cases, shape_problems = validate_cases(triples, shapes_path)
    unread = {p.case for p in case_input.problems}  # records skipped at reading: their shape results say no more
    problems = sorted(
        set(case_input.problems + [p for p in shape_problems if p.case not in unread]),
        key=lambda p: (p.case, p.field, p.message),
    )
    invalid_names = {p.case for p in problems}
    invalid = {c for c in cases if _case_name(c) in invalid_names}
    result = Assessment(read=len(cases), problems=problems)
    result.invalid = len(invalid)
    result.valid = result.read - result.invalid
    valid = _valid_triples(triples, invalid)
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in [*valid, *_fracture_ages(valid, as_of)])
    details = _claim_details(store)
    links = _evidence_links(store)
    findings: list[CaseFinding] = []
    for rule in rules:
        try:
            solutions = store.query(rule.text)
        except SyntaxError as error:
            raise InputError(rule.path, f"SPARQL syntax error: {error}", hint="fix the rule's query") from error
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            case, claim = row["case"], row["claim"]
            if case is None or claim is None:
                continue
            fracture = row["fracture"] if "fracture" in [v.value for v in solutions.variables] else None
            detail = row["detail"]
            label, certainty, frequency, holder, quote = details.get(claim.value, ("", "", "", "", ""))
            findings.append(
                CaseFinding(
                    case=_show(case),
                    fracture=_show(fracture) if fracture is not None else "",
                    topic=rule.topic,
                    rule=rule.name,
                    claim=compact(claim.value),
                    claim_label=label,
                    certainty=certainty,
                    frequency=frequency,
                    holder=holder,
                    quote=quote,
                    detail=detail.value if detail is not None else "",
                    evidence=tuple(links.get(claim.value, ())),
                )
            )
    result.findings = sorted(set(findings), key=lambda f: (f.case, f.topic, f.claim, f.fracture, f.detail))
    result.assessed = result.valid  # every valid record went through every rule
    return result


def _claim_details(store: ox.Store) -> dict[str, tuple[str, str, str, str, str]]:
    details: dict[str, tuple[str, str, str, str, str]] = {}
    solutions = store.query(internal("assess-claim-details.rq"))
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        values = [row[name] for name in ("label", "certainty", "frequency", "holder", "quote")]
        label, certainty, frequency, holder, quote = (v.value if v is not None else "" for v in values)
        details[row["claim"].value] = (label, certainty, frequency, holder, quote)
    return details


def _evidence_links(store: ox.Store) -> dict[str, list[str]]:
    links: dict[str, list[str]] = {}
    solutions = store.query(internal("assess-evidence-links.rq"))
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        shown = f"{compact(row['link'].value)}: {row['label'].value}"
        links.setdefault(row["claim"].value, []).append(shown)
    return links
