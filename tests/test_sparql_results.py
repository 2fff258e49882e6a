"""Answers from different engines compare equal when they differ only in ways engines may differ."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from vertebroplasty_kg.stores.answers import (
    Answer,
    ResultsError,
    normal_term,
    parse_graph_results,
    parse_json_results,
    triple_count,
)

XSD = "http://www.w3.org/2001/XMLSchema#"


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@pytest.mark.parametrize(
    "first, second",
    [
        (typed("16", "nonNegativeInteger"), typed("16", "integer")),  # Oxigraph stores the first as the second
        (typed("2.5", "decimal"), typed("2.5e0", "double")),
        (typed("P56D", "dayTimeDuration"), typed("4.8384e+06", "dayTimeDuration")),  # Virtuoso's form
        (ox.Literal("x"), typed("x", "string")),
        (ox.Literal("x", language="en"), ox.Literal("x", language="EN")),
        (typed("1", "boolean"), typed("true", "boolean")),
        (ox.BlankNode("a"), ox.BlankNode("b")),
    ],
)
def test_equal_values(first: ox.Literal | ox.BlankNode, second: ox.Literal | ox.BlankNode) -> None:
    assert normal_term(first) == normal_term(second)


@pytest.mark.parametrize(
    "first, second",
    [
        (typed("16", "integer"), typed("17", "integer")),
        (ox.Literal("16"), typed("16", "integer")),
        (ox.Literal("x", language="en"), ox.Literal("x")),
        (typed("P56D", "dayTimeDuration"), typed("P55D", "dayTimeDuration")),
        (ox.NamedNode("http://example.org/a"), ox.Literal("http://example.org/a")),
        (None, ox.Literal("")),
    ],
)
def test_different_values(first: ox.Literal | None, second: ox.Literal | ox.NamedNode) -> None:
    assert normal_term(first) != normal_term(second)


def test_rows_compare_as_a_bag_with_named_columns() -> None:
    one, two = ox.Literal("1"), ox.Literal("2")
    first = Answer(variables=("a", "b"), rows=((one, two), (two, None)))
    second = Answer(variables=("b", "a"), rows=((None, two), (two, one)))
    assert first.normalised() == second.normalised()
    assert first.normalised() != Answer(variables=("a", "b"), rows=((one, two),)).normalised()


def test_virtuoso_json() -> None:
    body = {
        "head": {"link": [], "vars": ["s", "o", "x"]},
        "results": {
            "bindings": [
                {
                    "s": {"type": "bnode", "value": "nodeID://b10121"},
                    "o": {"type": "typed-literal", "datatype": XSD + "integer", "value": "7"},
                },
                {
                    "s": {"type": "bnode", "value": "nodeID://b10121"},
                    "o": {"type": "literal", "value": "a", "lang": "en"},
                },
                {
                    "s": {"type": "uri", "value": "http://example.org/s"},
                    "o": {"type": "literal", "xml:lang": "de", "value": "b"},
                },
            ]
        },
    }
    answer = parse_json_results(json.dumps(body).encode())
    assert answer.variables == ("s", "o", "x")
    assert answer.rows[0][0] == answer.rows[1][0]  # one blank node, one label
    assert answer.rows[0][1] == typed("7", "integer")
    assert answer.rows[1][1] == ox.Literal("a", language="en")
    assert answer.rows[2] == (ox.NamedNode("http://example.org/s"), ox.Literal("b", language="de"), None)


def test_boolean_json() -> None:
    assert parse_json_results(b'{"head": {}, "boolean": true}').boolean is True


@pytest.mark.parametrize("body", [b"<html>oops</html>", b'{"head": {"vars": ["a"]}}', b"{}"])
def test_unreadable_json(body: bytes) -> None:
    with pytest.raises(ResultsError):
        parse_json_results(body)


def test_graph_results() -> None:
    answer = parse_graph_results(b"<http://a> <http://b> _:x .\n", "application/n-triples; charset=UTF-8")
    assert answer.triples is not None and len(answer.triples) == 1
    with pytest.raises(ResultsError):
        parse_graph_results(b"{}", "application/ld+json")


def test_triple_count() -> None:
    assert triple_count(Answer(variables=("graph", "triples"), rows=())) == 0
    row = (ox.NamedNode("http://g"), typed("12", "integer"))
    assert triple_count(Answer(variables=("graph", "triples"), rows=(row,))) == 12
    with pytest.raises(ResultsError):
        triple_count(Answer(variables=("graph", "triples"), rows=(row, row)))
