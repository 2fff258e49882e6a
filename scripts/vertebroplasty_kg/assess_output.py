"""How ``vkg assess`` prints an :class:`~.assess.Assessment`: a table, TSV or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict

from .assess import Assessment

COLUMNS = (
    "case",
    "fracture",
    "topic",
    "claim",
    "certainty",
    "frequency",
    "holder",
    "quote",
    "detail",
    "evidence",
)


def _cells(assessment: Assessment) -> list[list[str]]:
    return [
        [
            f.case,
            f.fracture,
            f.topic,
            f.claim,
            f.certainty,
            f.frequency,
            f.holder,
            f.quote,
            f.detail,
            " | ".join(f.evidence),
        ]
        for f in assessment.findings
    ]


def _tsv_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def render_assessment(assessment: Assessment, fmt: str) -> str:
    if fmt == "json":
        document = {
            "summary": {
                "read": assessment.read,
                "valid": assessment.valid,
                "invalid": assessment.invalid,
                "assessed": assessment.assessed,
            },
            "invalid": [asdict(problem) for problem in assessment.problems],
            "findings": [{**asdict(f), "evidence": list(f.evidence)} for f in assessment.findings],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "tsv":
        lines = ["\t".join(COLUMNS)] + ["\t".join(_tsv_cell(c) for c in row) for row in _cells(assessment)]
        problems = [
            "\t".join(["invalid", _tsv_cell(p.case), _tsv_cell(p.field), _tsv_cell(p.message)])
            for p in assessment.problems
        ]
        return "\n".join(lines + problems) + "\n"
    out: list[str] = []
    for problem in assessment.problems:
        value = f" (value {problem.value})" if problem.value else ""
        out.append(f"invalid record {problem.case}: field {problem.field}{value}: {problem.message}")
    current = ""
    for finding in assessment.findings:
        if finding.case != current:
            current = finding.case
            out.append(f"\ncase {current}")
        out.append(f"  [{finding.topic}] {finding.claim}: {finding.claim_label}")
        out.append(f"    applies because: {finding.detail}")
        out.append(f"    holder: {finding.holder}; certainty: {finding.certainty}; frequency: {finding.frequency}")
        out.append(f'    quote: "{finding.quote}"')
        for link in finding.evidence:
            out.append(f"    evidence: {link}")
    return "\n".join(out).lstrip("\n") + "\n" if out else ""
