"""The graph comparison the release tests rely on (support/graphs.py): isomorphic graphs are equal
whatever their blank nodes are called, and any other difference is seen."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from support.graphs import same_graph

TURTLE = """@prefix ex: <http://example.org/> .
ex:a ex:p [ ex:q "one" ; ex:r [ ex:q "two" ] ] .
_:x ex:next _:y . _:y ex:next _:x .
"""


def parsed(text: str) -> list[ox.Triple]:
    return [quad.triple for quad in ox.parse(text, format=ox.RdfFormat.TURTLE)]


def test_blank_node_names_do_not_matter() -> None:
    renamed = TURTLE.replace("_:x", "_:first").replace("_:y", "_:second")
    assert same_graph(parsed(TURTLE), parsed(renamed))
    assert same_graph(rdflib.Graph().parse(data=TURTLE, format="turtle"), parsed(renamed))


def test_a_changed_literal_a_lost_triple_and_a_merged_blank_node_are_seen() -> None:
    original = parsed(TURTLE)
    assert not same_graph(original, parsed(TURTLE.replace('"two"', '"three"')))
    assert not same_graph(original, original[1:])
    # two blank nodes that point at each other, or each at itself: as many triples, not the same graph
    loops = TURTLE.replace("_:x ex:next _:y . _:y ex:next _:x .", "_:x ex:next _:x . _:y ex:next _:y .")
    assert len(parsed(loops)) == len(original)
    assert not same_graph(original, parsed(loops))
