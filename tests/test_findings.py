"""Findings are one type whatever found them; the table and TSV show them sorted and readable."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from vertebroplasty_kg.cli.findings_text import render_table, render_tsv
from vertebroplasty_kg.findings import Finding, show, sort_findings, summary
from vertebroplasty_kg.namespaces import compact

FINDINGS = [
    Finding("WARN", "missing_definition", "vpo:Kyphoplasty", "skos:definition", "", "no definition"),
    Finding("ERROR", "vsh:claim-certainty", "vkg:claim-1", "vpo:hasCertainty", "vpo:certainty-likely", "bad level"),
    Finding("ERROR", "duplicate_label", "vpo:BackPain", "rdfs:label", '"back\tpain"@en', "shared label"),
    Finding("INFO", "note", "vpo:X"),
]


def test_errors_come_first_then_by_check_and_entity() -> None:
    ordered = sort_findings([*FINDINGS, FINDINGS[0]])
    assert [f.check for f in ordered] == ["duplicate_label", "vsh:claim-certainty", "missing_definition", "note"]


def test_unknown_severity_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown severity"):
        Finding("FATAL", "x", "y")  # type: ignore[arg-type]


def test_table_columns_line_up() -> None:
    lines = render_table(FINDINGS).splitlines()
    assert len(lines) == 2 + len(FINDINGS)
    starts = [0] + [lines[0].index(name) for name in ("CHECK", "ENTITY", "PATH", "VALUE", "MESSAGE")]
    bounds = list(zip(starts, [*starts[1:], None], strict=True))
    for line, finding in zip(lines[2:], sort_findings(FINDINGS), strict=True):
        cells = [line[start:end].strip() for start, end in bounds]
        assert cells == [cell.replace("\t", "\\t") for cell in finding.cells()]
    assert '"back\\tpain"@en' in lines[2]  # a tab in a value cannot break the table


def test_long_values_are_cut_in_the_table_not_in_tsv() -> None:
    value = '"' + "x" * 100 + '"'
    finding = Finding("ERROR", "check", "vpo:A", "rdfs:label", value, "message")
    assert value not in render_table([finding]) and "\u2026" in render_table([finding])
    assert render_tsv([finding]).splitlines()[1].split("\t")[4] == value


def test_tsv_has_six_columns_and_escapes_tabs() -> None:
    rows = [line.split("\t") for line in render_tsv(FINDINGS).splitlines()]
    assert rows[0] == ["severity", "check", "entity", "path", "value", "message"]
    assert [len(row) for row in rows] == [6] * 5


def test_summary() -> None:
    assert summary([]) == "no findings"
    assert summary(FINDINGS) == "2 errors, 1 warning, 1 note"


def test_terms_are_shown_compact() -> None:
    assert compact("https://w3id.org/vertebroplasty-kg/vpo/Kyphoplasty") == "vpo:Kyphoplasty"
    assert compact("https://w3id.org/vertebroplasty-kg/shapes/claim-label") == "vsh:claim-label"
    assert compact("https://example.org/x") == "<https://example.org/x>"
    assert (
        show(ox.Literal("56", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))) == '"56"^^xsd:integer'
    )
    assert show(ox.Literal('say "hi"', language="en")) == '"say \\"hi\\""@en'
    assert show(ox.Literal("plain")) == '"plain"'
    assert show(None) == ""
