"""Parameters become terms bound to variables: a value holding SPARQL syntax stays a plain value."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from vertebroplasty_kg.errors import InputError
from vertebroplasty_kg.inputs.questions import read_question
from vertebroplasty_kg.namespaces import VPO, XSD
from vertebroplasty_kg.query.parameters import bindings, parse_assignments, to_term
from vertebroplasty_kg.rdf.parsing import to_rdflib
from vertebroplasty_kg.stores.memory import MemoryStore
from vertebroplasty_kg.stores.rdflib_store import RdflibStore
from vertebroplasty_kg.stores.store import select

INTEGER = ox.NamedNode(XSD + "integer")
HOSTILE = [
    '"} ; DROP ALL #',
    "} ; DROP ALL",
    "x' } INSERT DATA { <urn:a> <urn:b> <urn:c> } #",
    '" . ?s ?p ?o . FILTER("a"="a',
    "\\u0022 }",
    "multi\nline\ttext",
]


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("vpo:Kyphoplasty", "IRI", ox.NamedNode(VPO + "Kyphoplasty")),
        ("<urn:example:x>", "IRI", ox.NamedNode("urn:example:x")),
        ("vpo:Kyphoplasty", "string", ox.Literal("vpo:Kyphoplasty")),
        ("<urn:example:x>", "string", ox.Literal("<urn:example:x>")),
        ("+056", "integer", ox.Literal("56", datatype=INTEGER)),
        ("-3", "integer", ox.Literal("-3", datatype=INTEGER)),
        # no declared kind: guessed
        ("vpo:Kyphoplasty", None, ox.NamedNode(VPO + "Kyphoplasty")),
        ("<https://example.org/a>", None, ox.NamedNode("https://example.org/a")),
        ("56", None, ox.Literal("56", datatype=INTEGER)),
        ("back pain", None, ox.Literal("back pain")),
        ("note: this", None, ox.Literal("note: this")),
        ("} ; DROP ALL", None, ox.Literal("} ; DROP ALL")),
    ],
)
def test_values_become_terms(value: str, kind: str | None, expected: ox.NamedNode | ox.Literal) -> None:
    assert to_term(value, kind, "--param x") == expected


@pytest.mark.parametrize(
    ("value", "kind", "message"),
    [
        ("foo:Bar", "IRI", "unknown prefix 'foo'"),
        ("foo:Bar", None, "unknown prefix 'foo'"),
        ("Vertebroplasty", "IRI", "is not an IRI"),
        ("vpo:X}", "IRI", "is not a valid IRI"),
        ("<urn:x> } ; DROP ALL", "IRI", "does not end with '>'"),
        ("<urn:x } ; DROP ALL>", "IRI", "is not a valid IRI"),
        ("https://example.org/a", None, "looks like an IRI"),
        ("56 days", "integer", "is not a whole number"),
    ],
)
def test_bad_values_are_refused_with_a_hint(value: str, kind: str | None, message: str) -> None:
    with pytest.raises(InputError) as raised:
        to_term(value, kind, "--param x")
    assert message in raised.value.message
    assert raised.value.message.startswith("--param x: ")
    assert raised.value.hint


def test_assignments_are_split_at_the_first_equals_sign() -> None:
    assert parse_assignments(["?a=x=y", "b=", "c= z "]) == {"a": "x=y", "b": "", "c": " z "}
    for bad in (["a"], ["=x"], ["a b=1"], ["a=1", "a=2"]):
        with pytest.raises(InputError):
            parse_assignments(bad)


@pytest.fixture
def words_query(tmp_path: Path) -> Path:
    path = tmp_path / "words.rq"
    path.write_text(
        "# question: Which resources have exactly these words as their label?\n"
        "# asked-by: researcher\n"
        "# parameters: ?words = string (default pain)\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?words ?thing WHERE { ?thing rdfs:label ?words }\n",
        encoding="utf-8",
    )
    return path


def _hostile_store() -> list[ox.Triple]:
    """A small graph whose labels hold the hostile values themselves, plus an ordinary one."""
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    triples = [ox.Triple(ox.NamedNode(f"urn:example:thing-{n}"), label, ox.Literal(v)) for n, v in enumerate(HOSTILE)]
    return [*triples, ox.Triple(ox.NamedNode("urn:example:plain"), label, ox.Literal("back pain"))]


def test_a_string_parameter_holding_sparql_is_a_plain_value_in_pyoxigraph(words_query: Path) -> None:
    target = MemoryStore.from_triples(_hostile_store(), "test")
    before = sorted(map(str, target.store))
    question = read_question(words_query)
    checked = 0
    for number, value in enumerate(HOSTILE):
        answer = select(target, question.text, bindings(question, {"words": value}), where="words.rq")
        # the value matches exactly the label that holds it, and changes nothing
        assert [row[1] for row in answer.rows] == [ox.NamedNode(f"urn:example:thing-{number}")], value
        assert answer.rows[0][0] == ox.Literal(value)
        assert sorted(map(str, target.store)) == before
        checked += 1
    assert checked == len(HOSTILE)


def test_a_string_parameter_holding_sparql_is_a_plain_value_in_rdflib(words_query: Path) -> None:
    graph = to_rdflib(_hostile_store())
    before = set(graph)
    question = read_question(words_query)
    target = RdflibStore(graph)
    for number, value in enumerate(HOSTILE):
        answer = select(target, question.text, bindings(question, {"words": value}), where="words.rq")
        assert [row[1] for row in answer.rows] == [ox.NamedNode(f"urn:example:thing-{number}")], value
    assert set(graph) == before


def test_default_values_come_from_the_header(words_query: Path) -> None:
    question = read_question(words_query)
    assert bindings(question, {}) == {"words": ox.Literal("pain")}
    with pytest.raises(InputError, match=r"no parameter \?label"):
        bindings(question, {"label": "x"})
