"""The findings of the quality gates as text: an aligned table for people, TSV for programs."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import COLUMNS, Finding, sort_findings

VALUE_WIDTH = 60
"""The value column of the table is cut to this many characters (TSV keeps it whole)."""


def _one_line(text: str) -> str:
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _shorten(text: str, width: int = VALUE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def render_table(findings: Iterable[Finding]) -> str:
    """The findings as a table with aligned columns, a header and a rule; message last, unpadded."""
    rows = []
    for finding in sort_findings(findings):
        cells = [_one_line(cell) for cell in finding.cells()]
        cells[4] = _shorten(cells[4])
        rows.append(tuple(cells))
    header = tuple(column.upper() for column in COLUMNS)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(COLUMNS) - 1)]

    def line(cells: tuple[str, ...]) -> str:
        padded = [cell.ljust(width) for cell, width in zip(cells[:-1], widths, strict=True)]
        return "  ".join([*padded, cells[-1]]).rstrip()

    rule = "  ".join("-" * width for width in [*widths, len(header[-1])])
    return "\n".join([line(header), rule, *(line(row) for row in rows)]) + "\n"


def render_tsv(findings: Iterable[Finding]) -> str:
    """The findings as tab-separated values with a header line (tabs and newlines in cells escaped)."""
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(_one_line(cell) for cell in finding.cells()) for finding in sort_findings(findings)]
    return "\n".join(lines) + "\n"
