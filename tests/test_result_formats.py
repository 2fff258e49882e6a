"""The writers of answers: terms escaped so that every row stays on one line, in every format."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from vertebroplasty_kg.cli.result_formats import csv_text, json_document, ntriples, table, tsv
from vertebroplasty_kg.namespaces import VPO, XSD, compact
from vertebroplasty_kg.stores.answers import Answer

TRICKY = ox.Literal('a "quoted"\ttab\nnew line \\ backslash')
ANSWER = Answer(
    ("thing", "text", "number"),
    (
        (ox.NamedNode(VPO + "Vertebroplasty"), TRICKY, ox.Literal("56", datatype=ox.NamedNode(XSD + "integer"))),
        (ox.NamedNode("urn:example:x"), ox.Literal("rôle", language="fr"), None),
        (ox.BlankNode("b0"), ox.Literal("P56D", datatype=ox.NamedNode(XSD + "dayTimeDuration")), None),
    ),
)


def test_ntriples_escapes_and_abbreviates() -> None:
    assert ntriples(TRICKY) == '"a \\"quoted\\"\\ttab\\nnew line \\\\ backslash"'
    assert ntriples(ox.Literal("56", datatype=ox.NamedNode(XSD + "integer"))) == "56"
    assert ntriples(ox.Literal("056", datatype=ox.NamedNode(XSD + "integer"))) == "056"
    assert ntriples(ox.Literal("x", datatype=ox.NamedNode(XSD + "integer"))) == f'"x"^^<{XSD}integer>'
    assert ntriples(ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))) == "true"
    assert ntriples(ox.Literal("rôle", language="fr")) == '"rôle"@fr'


def test_tsv_has_one_line_per_row() -> None:
    lines = tsv(ANSWER).splitlines()
    assert lines[0] == "?thing\t?text\t?number"
    assert len(lines) == 4 and all(line.count("\t") == 2 for line in lines)
    assert lines[3] == f'_:b0\t"P56D"^^<{XSD}dayTimeDuration>\t'


def test_table_shortens_iris_and_escapes_line_breaks() -> None:
    lines = table(ANSWER).splitlines()
    assert len(lines) == 2 + 3 + 1 and lines[-1] == "(3 rows)"
    assert lines[2].startswith('vpo:Vertebroplasty  a "quoted"\\ttab\\nnew line \\\\ backslash  56')
    assert lines[3].startswith("<urn:example:x>     rôle")
    assert compact(VPO + "a/b") == f"<{VPO}a/b>"  # not a valid local name: left whole


def test_csv_round_trips_values() -> None:
    rows = list(csv.reader(io.StringIO(csv_text(ANSWER), newline="")))
    assert rows[0] == ["thing", "text", "number"]
    assert rows[1] == [VPO + "Vertebroplasty", TRICKY.value, "56"]
    assert rows[3] == ["_:b0", "P56D", ""]


def test_json_follows_sparql_results_json() -> None:
    document = json.loads(json.dumps(json_document(ANSWER)))
    first, second, third = document["results"]["bindings"]
    assert first["number"] == {"type": "literal", "value": "56", "datatype": XSD + "integer"}
    assert first["text"] == {"type": "literal", "value": TRICKY.value}
    assert second["text"] == {"type": "literal", "value": "rôle", "xml:lang": "fr"}
    assert "number" not in second
    assert third["thing"] == {"type": "bnode", "value": "b0"}


def test_table_cells_show_what_would_drive_or_reorder_a_terminal_as_escapes() -> None:
    """An escape sequence, a bidirectional override and a real ESC against the six characters
    ``\\u001b``: a table shows each as an escape, and tells the last two apart."""
    values = ["red \x1b[31m!", "abc \u202e cba", "typed \\u001b", "real \x1b"]
    text = table(Answer(("v",), tuple((ox.Literal(value),) for value in values)))
    assert "\x1b" not in text and "\u202e" not in text
    shown = text.splitlines()[2:6]
    assert [line.rstrip() for line in shown] == [
        "red \\u001b[31m!",
        "abc \\u202e cba",
        "typed \\\\u001b",
        "real \\u001b",
    ]
