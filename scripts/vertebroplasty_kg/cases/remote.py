"""``vkg assess --endpoint URL``: the same shapes and rule files, run on a SPARQL 1.1 server that
already holds the registry and the release, for registries kept past one machine.

Nothing is written to the server and no record is copied out of it: the compiled case shapes
(:mod:`.shacl_sparql`) and every rule of ``queries/rules/`` run there as queries, and only their
answers come back. What stays local is what a server cannot be asked to do without writing: ages
derived from onset dates. On a server, a fracture's age is the ``vpo:hasFractureAgeInDays`` its
record states; a record with only an onset date gets no timing finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from ..checks.shacl_sparql import Violation, compile_shapes
from ..findings import show
from ..namespaces import compact
from ..rdf.sparql_text import internal
from ..stores.store import Store, select
from .assess import (
    Assessment,
    CaseFinding,
    ClaimTexts,
    finding_order,
    problem_of,
    problem_order,
    read_rules,
    rule_findings,
)
from .problems import Problem


def claim_texts(target: Store) -> ClaimTexts:
    """:class:`~.assess.ClaimTexts` read from ``target`` (the server holds the release)."""
    details: dict[str, tuple[str, str, str, str, str]] = {}
    answer = select(target, internal("assess-claim-details.rq"), {}, where="assess-claim-details.rq")
    for row in answer.rows:
        record = dict(zip(answer.variables, row, strict=True))
        claim = record["claim"]
        if claim is None:
            continue
        texts = [record[name] for name in ("label", "certainty", "frequency", "holder", "quote")]
        label, certainty, frequency, holder, quote = (term.value if term is not None else "" for term in texts)
        details[claim.value] = (label, certainty, frequency, holder, quote)
    links: dict[str, list[str]] = {}
    answer = select(target, internal("assess-evidence-links.rq"), {}, where="assess-evidence-links.rq")
    for row in answer.rows:
        record = dict(zip(answer.variables, row, strict=True))
        claim, link, link_label = record["claim"], record["link"], record["label"]
        if claim is not None and link is not None and link_label is not None:
            links.setdefault(claim.value, []).append(f"{compact(link.value)}: {link_label.value}")
    return ClaimTexts(details, {key: tuple(shown) for key, shown in links.items()})


def assess_endpoint(
    target: Store, *, shapes_path: Path, rule_folders: Sequence[Path], root: Path | None = None
) -> tuple[Assessment, list[CaseFinding]]:
    """Validate the records on ``target`` and run every rule there on the valid ones."""
    rules = read_rules(rule_folders)
    checks = compile_shapes([shapes_path], root=root)
    records = select(target, internal("assess-record-nodes.rq"), {}, where="assess-record-nodes.rq")
    cases = {str(case): case for case, _ in records.rows if case is not None}
    problems: set[Problem] = set()
    for check in checks:
        if check.severity != "ERROR":
            continue
        # the record that owns the focus node is found in the same query: a blank node's label in
        # one answer names nothing in the next
        query = internal("assess-remote-check.rq").replace("\n#CHECK\n", f"\n{check.query}\n")
        answer = select(target, query, {}, where=f"{shapes_path.name}: {check.shape}")
        column = {name: index for index, name in enumerate(answer.variables)}
        for row in answer.rows:
            focus, case = row[column["focus"]], row[column["case"]]
            if focus is None:
                continue
            value = row[column["value"]] if check.reports_value else None
            owner = case if isinstance(case, ox.NamedNode | ox.BlankNode) else None
            problems.add(problem_of(Violation(check, focus, value), owner))
    invalid = {problem.case for problem in problems}
    valid = {key for key, case in cases.items() if show(case) not in invalid}
    result = Assessment(read=len(cases), problems=sorted(problems, key=problem_order))
    result.invalid = len(cases) - len(valid)
    result.valid = result.assessed = len(valid)
    findings = rule_findings(target, rules, claim_texts(target), valid)
    return result, sorted(findings, key=finding_order)
