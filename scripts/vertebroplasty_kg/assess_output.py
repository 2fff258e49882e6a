"""How ``vkg assess`` prints an :class:`~.assess.Assessment`: a table, TSV or JSON, written as it goes.

:class:`AssessmentWriter` writes the invalid records first (table, JSON) or last (TSV), and the
findings batch by batch, so that a registry of any size streams to the output. The JSON document
ends with the summary, which is complete only when every batch has been written.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import TextIO

from .assess import Assessment, CaseFinding, Problem

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
FORMATS = ("table", "tsv", "json")


def _cells(finding: CaseFinding) -> list[str]:
    return [
        finding.case,
        finding.fracture,
        finding.topic,
        finding.claim,
        finding.certainty,
        finding.frequency,
        finding.holder,
        finding.quote,
        finding.detail,
        " | ".join(finding.evidence),
    ]


def _tsv_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _indented(value: object, depth: int) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)


class AssessmentWriter:
    """Writes one assessment to ``out`` in ``fmt``: :meth:`start`, :meth:`findings` per batch, :meth:`finish`."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.out = out
        self.fmt = fmt
        self.case = ""
        self.written = 0
        self.problems: list[Problem] = []

    def start(self, assessment: Assessment) -> None:
        self.problems = list(assessment.problems)
        if self.fmt == "json":
            self.out.write('{\n  "invalid": ' + _indented([asdict(p) for p in self.problems], 1))
            self.out.write(',\n  "findings": [')
        elif self.fmt == "tsv":
            self.out.write("\t".join(COLUMNS) + "\n")
        else:
            for problem in self.problems:
                value = f" (value {problem.value})" if problem.value else ""
                self.out.write(f"invalid record {problem.case}: field {problem.field}{value}: {problem.message}\n")

    def findings(self, findings: Iterable[CaseFinding]) -> None:
        for finding in findings:
            if self.fmt == "json":
                document = {**asdict(finding), "evidence": list(finding.evidence)}
                self.out.write(("," if self.written else "") + "\n    " + _indented(document, 2))
            elif self.fmt == "tsv":
                self.out.write("\t".join(_tsv_cell(cell) for cell in _cells(finding)) + "\n")
            else:
                self._table(finding)
            self.written += 1

    def _table(self, finding: CaseFinding) -> None:
        lines: list[str] = []
        if finding.case != self.case:
            if self.case or self.problems:
                lines.append("")
            self.case = finding.case
            lines.append(f"case {finding.case}")
        lines.append(f"  [{finding.topic}] {finding.claim}: {finding.claim_label}")
        lines.append(f"    applies because: {finding.detail}")
        lines.append(f"    holder: {finding.holder}; certainty: {finding.certainty}; frequency: {finding.frequency}")
        lines.append(f'    quote: "{finding.quote}"')
        lines += [f"    evidence: {link}" for link in finding.evidence]
        self.out.write("\n".join(lines) + "\n")

    def finish(self, assessment: Assessment) -> None:
        if self.fmt == "json":
            summary = {
                "read": assessment.read,
                "valid": assessment.valid,
                "invalid": assessment.invalid,
                "assessed": assessment.assessed,
            }
            self.out.write(("\n  ]" if self.written else "]") + ',\n  "summary": ' + _indented(summary, 1) + "\n}\n")
        elif self.fmt == "tsv":
            for problem in self.problems:
                cells = ["invalid", problem.case, problem.field, problem.message]
                self.out.write("\t".join(_tsv_cell(cell) for cell in cells) + "\n")


def render_assessment(assessment: Assessment, fmt: str) -> str:
    """The whole of ``assessment`` (its findings already collected) as one string."""
    out = io.StringIO()
    writer = AssessmentWriter(out, fmt)
    writer.start(assessment)
    writer.findings(assessment.findings)
    writer.finish(assessment)
    return out.getvalue()
