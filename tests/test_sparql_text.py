"""Parameters bound into SPARQL text for remote endpoints: where the VALUES block goes, and that it is safe."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from vertebroplasty_kg.rdf.sparql_text import BindingError, bind_values, internal, query_form, values_block
from vertebroplasty_kg.stores.answers import from_oxigraph

EX = "http://example.org/"
CONCEPT = ox.NamedNode(EX + "a")


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    p = ox.NamedNode(EX + "p")
    for subject, value in [("a", 1), ("a", 2), ("b", 3)]:
        store.add(ox.Quad(ox.NamedNode(EX + subject), p, ox.Literal(value)))
    return store


def test_values_block_serialises_terms_in_ntriples_syntax() -> None:
    block = values_block({"?b": ox.Literal("x", language="en"), "a": CONCEPT, "$c": ox.Literal(3)})
    assert block == (
        'VALUES (?a ?b ?c) { (<http://example.org/a> "x"@en "3"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    )


def test_a_hostile_literal_stays_one_literal(store: ox.Store) -> None:
    hostile = ox.Literal('x" } } ; DROP ALL ; SELECT * { "')
    text = bind_values("SELECT ?v WHERE { ?s ?p ?o }", {"v": hostile})
    answer = from_oxigraph(store.query(text))
    assert {row[0] for row in answer.rows} == {hostile}
    assert len(store) == 3


@pytest.mark.parametrize(
    "name, term",
    [("-x", CONCEPT), ("a b", CONCEPT), ("a}", CONCEPT), ("x", ox.BlankNode("b0"))],
)
def test_bad_names_and_blank_nodes_are_refused(name: str, term: ox.NamedNode | ox.BlankNode) -> None:
    with pytest.raises(BindingError):
        values_block({name: term})


def test_the_block_opens_the_outermost_group() -> None:
    query = "PREFIX ex: <http://example.org/{x}>\n# a { comment\nSELECT ?o WHERE { ?s ex:p ?o FILTER(?o != '}') }"
    bound = bind_values(query, {"s": CONCEPT})
    assert bound.endswith("WHERE { VALUES (?s) { (<http://example.org/a>) } ?s ex:p ?o FILTER(?o != '}') }")


def test_an_aggregate_is_restricted_like_a_substitution(store: ox.Store) -> None:
    """A trailing VALUES would join after grouping and count all three triples."""
    query = "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s"
    bound = from_oxigraph(store.query(bind_values(query, {"s": CONCEPT})))
    substituted = from_oxigraph(store.query(query, substitutions={ox.Variable("s"): CONCEPT}))
    assert bound.normalised() == substituted.normalised()
    assert [row[1].value for row in bound.rows if row[1] is not None] == ["2"]


def test_a_variable_that_is_not_projected_can_be_bound(store: ox.Store) -> None:
    answer = from_oxigraph(store.query(bind_values("SELECT ?o WHERE { ?s ?p ?o }", {"s": CONCEPT})))
    assert sorted(int(row[0].value) for row in answer.rows if row[0] is not None) == [1, 2]


def test_a_group_that_is_a_sub_select_is_wrapped(store: ox.Store) -> None:
    query = "SELECT ?n WHERE { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s }"
    answer = from_oxigraph(store.query(bind_values(query, {"s": CONCEPT})))
    assert [row[0].value for row in answer.rows if row[0] is not None] == ["2"]


def test_construct_binds_in_the_pattern_not_the_template(store: ox.Store) -> None:
    query = "CONSTRUCT { ?s <http://example.org/q> ?o } WHERE { ?s ?p ?o }"
    answer = from_oxigraph(store.query(bind_values(query, {"s": CONCEPT})))
    assert answer.triples is not None
    assert {triple.subject for triple in answer.triples} == {CONCEPT}
    assert len(answer.triples) == 2


def test_ask_without_where_keyword(store: ox.Store) -> None:
    assert from_oxigraph(store.query(bind_values("ASK { ?s ?p 3 }", {"s": CONCEPT}))).boolean is False


@pytest.mark.parametrize(
    "query",
    ["CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <http://example.org/a>", "PREFIX ex: <x:>", "ASK { ?s ?p '''x }"],
)
def test_queries_that_cannot_take_parameters(query: str) -> None:
    with pytest.raises(BindingError):
        bind_values(query, {"s": CONCEPT})


def test_no_bindings_leave_the_text_as_it_was() -> None:
    assert bind_values("ASK {}", {}) == "ASK {}"


@pytest.mark.parametrize(
    "query, form",
    [
        ("PREFIX s: <x:select>\nask {}", "ASK"),
        ("# SELECT\nCONSTRUCT {} WHERE {}", "CONSTRUCT"),
        ("SELECT * {}", "SELECT"),
    ],
)
def test_query_form(query: str, form: str) -> None:
    assert query_form(query) == form


def test_internal_files_take_only_checked_iris() -> None:
    assert internal("drop-graph.ru", graph=EX + "g").strip() == "DROP SILENT GRAPH <http://example.org/g>"
    with pytest.raises(ValueError):
        internal("drop-graph.ru", graph="http://example.org/g> ; DROP ALL ; <x:")
