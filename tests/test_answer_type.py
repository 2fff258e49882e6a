"""An :class:`Answer` is a read-only value: compared and hashed by its fields, pickled and copied,
matched by pattern, referenced weakly, as the dataclass it replaced was."""

from __future__ import annotations

import copy
import pickle
import weakref

import pyoxigraph as ox
import pytest

from vertebroplasty_kg import Answer

ROWS = ((ox.NamedNode("https://example.org/a"), ox.Literal("b", language="en"), None),)
ANSWERS = [
    Answer(("x", "y", "z"), ROWS),
    Answer(boolean=True),
    Answer(
        triples=(
            ox.Triple(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.BlankNode("b")),
        )
    ),
]


@pytest.mark.parametrize("answer", ANSWERS, ids=["select", "ask", "construct"])
def test_an_answer_is_a_value(answer: Answer) -> None:
    for twin in (pickle.loads(pickle.dumps(answer)), copy.copy(answer), copy.deepcopy(answer)):
        assert twin == answer and hash(twin) == hash(answer) and twin is not answer
    assert weakref.ref(answer)() is answer
    match answer:
        case Answer(variables, rows, boolean, triples):
            assert (variables, rows, boolean, triples) == (
                answer.variables,
                answer.rows,
                answer.boolean,
                answer.triples,
            )
    assert repr(answer).startswith("Answer(variables=")
    with pytest.raises(AttributeError, match="read-only"):
        setattr(answer, "rows", ())  # noqa: B010 (what an assignment does)


def test_answers_differ_by_any_field() -> None:
    assert len({*ANSWERS, Answer(("x", "y", "z"), ())}) == 4
    assert Answer(boolean=True) != Answer(boolean=False) and Answer() != ()
