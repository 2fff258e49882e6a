"""Assess case records: validate a registry's records (RDF or FHIR) and say which statements of the source bear on each.

The records are read into a pyoxigraph store (:mod:`vertebroplasty_kg.cases.store`: in memory, or on disk for large
inputs), their codes resolved to classes (:mod:`vertebroplasty_kg.cases.codes`), and checked with
``shapes/case-records.ttl``, compiled to SPARQL (:mod:`.shacl_sparql`); an invalid record is
reported (case, field, what is wrong) and skipped. The valid ones are assessed
in batches of :data:`BATCH_SIZE` records: each batch goes into a small store with the release, where
every rule runs, so memory stays bounded and the findings stream out batch by batch, in the order
of the records' IRIs. The rules are SPARQL files under ``queries/rules/``, each opening with a header::

    # rule: What the rule asks
    # topic: timing
    # applies: vkg:claim-27

and selecting ``?case ?claim ?detail`` (and optionally ``?fracture``), with ``?case`` bound by a
triple pattern of the rule. Adding a rule file needs no code change. This is not a recommendation
engine: a finding says which statement bears on a case and how sure its holder is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from ..checks.shacl_sparql import ShapeCheck, Violation, compile_shapes, violations
from ..errors import InputError
from ..findings import show
from ..namespaces import DISPLAY_PREFIXES, VKG, compact
from ..project import RULES_DIR, folder_files
from ..rdf.parsing import Term, parse_rdf
from ..rdf.sparql_text import header_fields, internal
from ..stores.memory import MemoryStore
from ..stores.store import Store, select
from .codes import CodeResolver, coded_types
from .fhir import is_fhir, read_fhir
from .fracture_ages import fracture_ages
from .problems import Problem
from .store import CASES_GRAPH, IN_MEMORY_LIMIT, CaseStore, Node, case_store

BATCH_SIZE = 2000
"""Valid records assessed together in one small store."""
_HEADER_HINT = "open the rule with '# rule: ...', '# topic: ...' and '# applies: vkg:claim-NN ...'"


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
    fields = {key: value for key, value, _ in header_fields(text, ("rule", "topic", "applies"))}
    missing = [key for key in ("rule", "topic", "applies") if not fields.get(key)]
    if missing:
        raise InputError(path, f"the header has no '# {missing[0]}:' line", line=1, hint=_HEADER_HINT)
    claims = tuple(VKG + c.removeprefix("vkg:") for c in fields["applies"].split())
    return Rule(path.stem, path, text, fields["rule"], fields["topic"], claims)


def rule_files(folders: Iterable[Path]) -> list[Path]:
    return [path for folder in folders for path in folder_files(folder, "*.rq")]


def read_rules(folders: Sequence[Path]) -> list[Rule]:
    rules = [read_rule(path) for path in rule_files(folders)]
    if not rules:
        raise InputError(folders[0] if folders else RULES_DIR, "no rule files (.rq)", hint="restore queries/rules/")
    return rules


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
    """The triples of the case files, with the types their codes give (cases/codes.py), and the
    problems of the FHIR resources that could not be read."""

    triples: list[ox.Triple]
    problems: list[Problem]


def read_cases(paths: Sequence[Path], resolver: CodeResolver) -> CaseInput:
    """The case records of RDF files (by extension: .ttl, .nt, ...) and FHIR files (.json, .ndjson),
    in memory; a malformed file raises :class:`InputError` with file and line. (``vkg assess`` reads
    them into a store instead: :mod:`vertebroplasty_kg.cases.store`.)"""
    triples: list[ox.Triple] = []
    for path in paths:
        if not is_fhir(path):
            triples += parse_rdf(path)
    fhir = read_fhir([path for path in paths if is_fhir(path)], resolver)
    triples += fhir.triples
    return CaseInput(triples + coded_types(triples, resolver), fhir.problems)


def expand_shown(shown: str) -> str:
    """The full IRI of a term as findings show it (``vpo:X``, ``<iri>``): the inverse of ``compact``."""
    if shown.startswith("<") and shown.endswith(">"):
        return shown[1:-1]
    prefix, _, local = shown.partition(":")
    return DISPLAY_PREFIXES.get(prefix, prefix + ":") + local


def shown_node(shown: str) -> Node | None:
    """The node that ``shown`` (a compact IRI, ``<iri>`` or ``_:label``) names, or None when it names none."""
    if shown.startswith("_:"):
        return ox.BlankNode(shown[2:])
    try:
        return ox.NamedNode(expand_shown(shown))
    except ValueError:
        return None


def merge_problems(read: Sequence[Problem], shapes: Iterable[Problem]) -> list[Problem]:
    """The problems of reading and of the shapes, sorted; a record skipped at reading (an unreadable
    FHIR resource) has nothing more to say from the shapes."""
    unread = {problem.case for problem in read}
    return sorted({*read, *(p for p in shapes if p.case not in unread)}, key=problem_order)


def problem_order(problem: Problem) -> tuple[str, str, str, str]:
    return (problem.case, problem.field, problem.message, problem.value)


def finding_order(finding: CaseFinding) -> tuple[str, str, str, str, str]:
    return (finding.case, finding.topic, finding.claim, finding.fracture, finding.detail)


# --- what a finding says of its claim ------------------------------------------------------------


@dataclass(frozen=True)
class ClaimTexts:
    """What the release says of each claim: label, certainty, frequency, holder, quote; evidence links."""

    details: dict[str, tuple[str, str, str, str, str]]
    links: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, release: ox.Store) -> ClaimTexts:
        details: dict[str, tuple[str, str, str, str, str]] = {}
        solutions = release.query(internal("assess-claim-details.rq"))
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            values = [row[name] for name in ("label", "certainty", "frequency", "holder", "quote")]
            label, certainty, frequency, holder, quote = (v.value if v is not None else "" for v in values)
            details[row["claim"].value] = (label, certainty, frequency, holder, quote)
        links: dict[str, list[str]] = {}
        solutions = release.query(internal("assess-evidence-links.rq"))
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            links.setdefault(row["claim"].value, []).append(f"{compact(row['link'].value)}: {row['label'].value}")
        return cls(details, {claim: tuple(shown) for claim, shown in links.items()})


def rule_findings(
    target: Store, rules: Sequence[Rule], texts: ClaimTexts, cases: set[str] | None = None
) -> set[CaseFinding]:
    """The findings of ``rules`` on ``target`` (any SPARQL engine); only for ``cases`` (N-Triples) if given."""
    findings: set[CaseFinding] = set()
    shown: dict[str, str] = {}

    def name(term: Term) -> str:
        key = str(term)
        if key not in shown:
            shown[key] = show(term)
        return shown[key]

    for rule in rules:
        answer = select(target, rule.text, {}, where=str(rule.path))
        column = {name: index for index, name in enumerate(answer.variables)}
        if "case" not in column or "claim" not in column:
            continue
        for row in answer.rows:
            case, claim = row[column["case"]], row[column["claim"]]
            if case is None or claim is None or (cases is not None and str(case) not in cases):
                continue
            fracture = row[column["fracture"]] if "fracture" in column else None
            detail = row[column["detail"]] if "detail" in column else None
            label, certainty, frequency, holder, quote = texts.details.get(claim.value, ("", "", "", "", ""))
            findings.add(
                CaseFinding(
                    case=name(case),
                    fracture=name(fracture) if fracture is not None else "",
                    topic=rule.topic,
                    rule=rule.name,
                    claim=name(claim),
                    claim_label=label,
                    certainty=certainty,
                    frequency=frequency,
                    holder=holder,
                    quote=quote,
                    detail=detail.value if detail is not None else "",
                    evidence=texts.links.get(claim.value, ()),
                )
            )
    return findings


# --- validation ----------------------------------------------------------------------------------


def problem_of(violation: Violation, case: Node | None) -> Problem:
    """A SHACL violation as the problem of ``case`` (the focus node itself when no record owns it)."""
    check: ShapeCheck = violation.check
    value = violation.value
    shown_value = "" if value is None or isinstance(value, ox.BlankNode) else show(value)
    shown_case = show(case if case is not None else violation.focus)
    return Problem(shown_case, check.path or check.shape, check.message, shown_value)


def validate_store(cases: CaseStore, checks: Sequence[ShapeCheck]) -> list[Problem]:
    """The problems (at ERROR level) of the records in ``cases``, each named by its record."""
    problems: set[Problem] = set()
    owners: dict[str, Node | None] = {}
    for violation in violations(cases.store, checks, CASES_GRAPH):
        if violation.check.severity != "ERROR":
            continue
        key = str(violation.focus)
        if key not in owners:
            owners[key] = cases.owner(violation.focus)
        problems.add(problem_of(violation, owners[key]))
    return sorted(problems, key=problem_order)


# --- the assessment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Assessor:
    rules: list[Rule]
    release: list[ox.Quad]
    texts: ClaimTexts
    as_of: date | None

    def batch(self, cases: CaseStore, batch: Sequence[Node]) -> list[CaseFinding]:
        quads = [quad for case in batch for quad in cases.record(case)]
        store = ox.Store()
        store.extend(self.release)
        store.extend(quads)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, CASES_GRAPH) for t in fracture_ages(quads, self.as_of))
        target = MemoryStore(store, "the release and a batch of case records")
        found = rule_findings(target, self.rules, self.texts, {str(case) for case in batch})
        return sorted(found, key=finding_order)


@contextmanager
def open_assessment(
    release: Iterable[ox.Triple],
    case_files: Sequence[Path],
    *,
    shapes_path: Path,
    rule_folders: Sequence[Path],
    as_of: date | None = None,
    batch_size: int = BATCH_SIZE,
    in_memory_limit: int = IN_MEMORY_LIMIT,
) -> Iterator[tuple[Assessment, Iterator[list[CaseFinding]]]]:
    """Validate the records of ``case_files``; give the summary so far and the findings, batch by batch.

    Rules and shapes are read (and refused, if broken) before any record; iterating the batches
    assesses the valid records and counts them in ``assessed``.
    """
    rules = read_rules(rule_folders)
    checks = compile_shapes([shapes_path])
    quads = [ox.Quad(t.subject, t.predicate, t.object) for t in release]
    release_store = ox.Store()
    release_store.extend(quads)
    for rule in rules:  # a broken rule stops the run before any output
        select(MemoryStore(release_store, "the release"), rule.text, {}, where=str(rule.path))
    assessor = _Assessor(rules, quads, ClaimTexts.of(release_store), as_of)
    resolver = CodeResolver.from_store(release_store)
    with case_store(case_files, resolver, in_memory_limit=in_memory_limit) as cases:
        problems = merge_problems(cases.problems, validate_store(cases, checks))
        nodes = (shown_node(problem.case) for problem in problems)
        invalid = {str(node) for node in nodes if node is not None and cases.is_case(node)}
        result = Assessment(read=cases.case_count(), problems=problems, invalid=len(invalid))
        result.valid = result.read - result.invalid

        def batches() -> Iterator[list[CaseFinding]]:
            batch: list[Node] = []
            for case in cases.cases():
                if str(case) in invalid:
                    continue
                batch.append(case)
                if len(batch) == batch_size:
                    findings = assessor.batch(cases, batch)
                    result.assessed += len(batch)
                    batch = []
                    yield findings
            if batch:
                findings = assessor.batch(cases, batch)
                result.assessed += len(batch)
                yield findings

        yield result, batches()


def assess(
    release: Iterable[ox.Triple],
    case_files: Sequence[Path],
    *,
    shapes_path: Path,
    rule_folders: Sequence[Path],
    as_of: date | None = None,
    batch_size: int = BATCH_SIZE,
) -> Assessment:
    """Validate the records of ``case_files`` and run every rule of ``rule_folders`` on the valid ones."""
    with open_assessment(
        release, case_files, shapes_path=shapes_path, rule_folders=rule_folders, as_of=as_of, batch_size=batch_size
    ) as (result, batches):
        for findings in batches:
            result.findings += findings
    result.findings.sort(key=finding_order)
    return result
