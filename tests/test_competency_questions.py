"""The competency questions under queries/cq/: well-formed headers, answers equal to their golden
files, and the same answers from pyoxigraph and rdflib.

Regenerate the golden files after a deliberate change to the data or the queries with
``.venv/bin/python -m pytest tests/test_competency_questions.py --update-golden`` and review the diff.
"""

from __future__ import annotations

import difflib
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from vertebroplasty_kg.cli.result_formats import ntriples, tsv
from vertebroplasty_kg.inputs.questions import ASKERS, Question, all_questions
from vertebroplasty_kg.namespaces import XSD
from vertebroplasty_kg.project import Project
from vertebroplasty_kg.query.parameters import bindings
from vertebroplasty_kg.stores.answers import Answer, from_oxigraph
from vertebroplasty_kg.stores.memory import MemoryStore
from vertebroplasty_kg.stores.rdflib_store import RdflibStore
from vertebroplasty_kg.stores.store import select

GOLDEN = Path(__file__).parent / "golden" / "cq"
MIN_QUESTIONS = 15

# Answers with other parameter values than the defaults, also compared between the two engines.
PARAMETER_CASES: list[tuple[str, dict[str, str]]] = [
    ("indications-and-aims", {"procedure": "vpo:PercutaneousVertebroplasty"}),
    ("material-site-route-guidance", {"procedure": "vpo:PercutaneousVertebroplasty"}),
    ("compare-procedures", {"first": "vpo:PercutaneousVertebroplasty", "second": "vpo:OpenVertebroplasty"}),
    ("claimed-outcomes", {"procedure": "vpo:PercutaneousVertebroplasty"}),
    ("fracture-types", {"procedure": "vpo:PercutaneousVertebroplasty"}),
    ("fracture-age-rule", {"days": "55"}),
    ("fracture-age-rule", {"days": "56"}),
    ("claims-in-character-range", {"from": "0", "to": "200"}),
    ("claims-quoting-words", {"words": "PAIN"}),
    ("concept-card", {"concept": "vpo:PMMABoneCement"}),
    ("concept-card", {"concept": "<https://w3id.org/vertebroplasty-kg/vpo/certainty-often>"}),
    ("claims-about-concept", {"concept": "vpo:Vertebroplasty"}),
    ("find-concept", {"words": "fracture"}),
]


@pytest.fixture(scope="session")
def questions(root: Path) -> list[Question]:
    return all_questions(Project.at(root))


@pytest.fixture(scope="session")
def oxigraph(release_dir: Path) -> MemoryStore:
    """The built release's N-Triples in an in-memory pyoxigraph store, as ``vkg query --data`` loads it."""
    return MemoryStore.from_file(release_dir / "vertebroplasty-kg.nt")


@pytest.fixture(scope="session")
def rdflib_engine(release_graph: rdflib.Graph) -> RdflibStore:
    return RdflibStore(release_graph)


def run(target: MemoryStore | RdflibStore, question: Question, given: dict[str, str] | None = None) -> Answer:
    return select(target, question.text, bindings(question, given or {}), where=question.name)


def sorted_tsv(answer: Answer) -> str:
    header, *rows = tsv(answer).splitlines()
    return "\n".join([header, *sorted(rows)]) + "\n"


def test_there_are_enough_questions_with_complete_headers(questions: list[Question]) -> None:
    assert len(questions) >= MIN_QUESTIONS
    assert {question.asked_by for question in questions} == set(ASKERS)
    for question in questions:
        assert question.question.endswith("?"), question.name
        assert question.text.count("SELECT") >= 1, question.name
        for parameter in question.parameters:
            assert parameter.default is not None, f"{question.name}: ?{parameter.name} needs a default for --all"


def test_every_question_has_a_golden_file_and_every_golden_file_a_question(
    questions: list[Question], update_golden: bool
) -> None:
    names = {question.name for question in questions}
    if update_golden:
        for orphan in sorted(GOLDEN.glob("*.tsv")):
            if orphan.stem not in names:
                orphan.unlink()
    goldens = {path.stem for path in GOLDEN.glob("*.tsv")} if GOLDEN.is_dir() else set()
    assert names - goldens == set(), "questions without a golden file (run pytest --update-golden)"
    assert goldens - names == set(), "golden files without a question"


def test_every_answer_equals_its_golden_file(
    questions: list[Question], oxigraph: MemoryStore, update_golden: bool
) -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    compared = 0
    differing: dict[str, str] = {}
    for question in questions:
        answer = sorted_tsv(run(oxigraph, question))
        golden = GOLDEN / f"{question.name}.tsv"
        if update_golden:
            golden.write_text(answer, encoding="utf-8")
        expected = golden.read_text(encoding="utf-8") if golden.is_file() else ""
        if expected != answer:
            diff = difflib.unified_diff(expected.splitlines(), answer.splitlines(), "golden", "answer", lineterm="")
            differing[question.name] = "\n".join(diff)
        compared += 1
    assert compared == len(questions) >= MIN_QUESTIONS
    assert differing == {}, (
        "answers differ from tests/golden/cq/; review, then run pytest --update-golden\n"
        + "\n".join(f"--- {name}\n{diff}" for name, diff in differing.items())
    )


def test_no_golden_answer_is_empty(questions: list[Question]) -> None:
    """An empty golden file would let a broken query pass; every question answers something."""
    checked = 0
    for question in questions:
        lines = (GOLDEN / f"{question.name}.tsv").read_text(encoding="utf-8").splitlines()
        assert len(lines) >= 2, f"{question.name} answers nothing"
        checked += 1
    assert checked == len(questions)


NUMERIC_TYPES = ["integer", "decimal", "double", "float", "long", "int", "short", "byte", "nonNegativeInteger"]
NUMERIC_TYPES += ["positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt"]
NUMERIC = {XSD + name for name in [*NUMERIC_TYPES, "unsignedShort", "unsignedByte"]}


def _comparable(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> tuple[str, str]:
    """A term as compared between engines: numbers by value, whatever their lexical form or integer type
    (pyoxigraph's store, for one, gives back an xsd:nonNegativeInteger as xsd:integer)."""
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC:
        try:
            return ("number", str(Decimal(term.value).normalize()))
        except InvalidOperation:
            pass
    return ("term", "" if term is None else ntriples(term))


def comparable(answer: Answer) -> tuple[tuple[str, ...], list[tuple[tuple[str, str], ...]]]:
    return answer.variables, sorted(tuple(_comparable(term) for term in row) for row in answer.rows)


def every_case(questions: list[Question]) -> list[tuple[str, dict[str, str]]]:
    """Each question with its defaults, then the extra parameter sets of :data:`PARAMETER_CASES`."""
    return [(question.name, {}) for question in questions] + PARAMETER_CASES


CQ_DIR = Path(__file__).parents[1] / "queries" / "cq"
ENGINE_CASES: list[tuple[str, dict[str, str]]] = [(path.stem, {}) for path in sorted(CQ_DIR.glob("*.rq"))]
ENGINE_CASES += PARAMETER_CASES
"""Every question with its defaults, then the other parameter values: one test each, so that the
workers share the rdflib runs out."""


def test_every_question_is_compared_between_the_engines(questions: list[Question]) -> None:
    assert every_case(questions) == ENGINE_CASES
    assert len(ENGINE_CASES) == len(questions) + len(PARAMETER_CASES) >= MIN_QUESTIONS


@pytest.mark.parametrize(
    ("name", "given"),
    ENGINE_CASES,
    ids=[
        f"{name}[{','.join(f'{k}={v}' for k, v in sorted(given.items()))}]" if given else name
        for name, given in ENGINE_CASES
    ],
)
def test_pyoxigraph_and_rdflib_give_the_same_answers(
    questions: list[Question], oxigraph: MemoryStore, rdflib_engine: RdflibStore, name: str, given: dict[str, str]
) -> None:
    question = next(question for question in questions if question.name == name)
    first, second = run(oxigraph, question, given), run(rdflib_engine, question, given)
    assert len(first) > 0, f"{name} {given} answers nothing"
    assert comparable(first) == comparable(second)


def test_a_values_block_binds_parameters_as_the_embedded_engine_does(
    questions: list[Question], oxigraph: MemoryStore
) -> None:
    """Every store gets parameters as a VALUES block at the start of the query (``sparql_text.bind_values``);
    pyoxigraph's own substitutions must give the same answer (so a user of pyoxigraph who binds the
    parameters that way gets what vkg query prints). They differ when a
    parameter is used inside a nested group (a UNION branch, an OPTIONAL, a subquery), where a
    VALUES block of the outer group is not in scope."""
    by_name = {question.name: question for question in questions}
    cases = every_case(questions)
    compared = 0
    differing = []
    for name, given in cases:
        question = by_name[name]
        terms = bindings(question, given)
        values = {name: term for name, term in terms.items() if isinstance(term, ox.NamedNode | ox.Literal)}
        assert values == terms, f"{name}: a parameter bound to a blank node"
        substitutions = {ox.Variable(name): term for name, term in terms.items()}
        substituted = from_oxigraph(oxigraph.store.query(question.text, substitutions=substitutions))  # type: ignore[arg-type]
        inline = select(oxigraph, question.text, terms, where=question.name)
        if comparable(substituted) != comparable(inline):
            differing.append((name, given, len(substituted), len(inline)))
        compared += 1
    assert compared == len(questions) + len(PARAMETER_CASES)
    assert differing == []


def test_the_questions_page_lists_every_question_as_its_header_says(root: Path, questions: list[Question]) -> None:
    page = (root / "docs" / "competency-questions.md").read_text(encoding="utf-8")
    table = page[page.index("| name | asked by | question |") :].split("\n\n")[0]
    rows = table.splitlines()[2:]
    listed = {row.split("`")[1]: row for row in rows}
    assert len(listed) == len(rows)
    assert sorted(listed) == [question.name for question in questions]
    for question in questions:
        row = listed[question.name]
        assert f"| {question.asked_by} | {question.question} |" in row, question.name
        for parameter in question.parameters:
            assert f"`{parameter.name}` {parameter.kind} (`{parameter.default}`)" in row, question.name


DOUBT = ["disputed", "suggested by some", "possible", "apparent", "asserted"]  # most doubtful first


def test_hedged_claims_rank_doubt_on_the_epistemic_axis(questions: list[Question], oxigraph: MemoryStore) -> None:
    """Ordered by how sure, never by how often: "often" and "sometimes" are not doubt, so the claims
    hedged only by frequency come after every epistemically hedged one."""
    (question,) = [question for question in questions if question.name == "hedged-claims"]
    answer = run(oxigraph, question)
    column = answer.variables.index
    rows = []
    for row in answer.rows:
        certainty, claim = row[column("certainty")], row[column("claim")]
        assert certainty is not None and claim is not None
        rows.append((certainty.value, claim.value))
    assert len(rows) == 11  # one row per hedge word of the nine hedged claims
    ranks = [DOUBT.index(certainty) for certainty, _ in rows]
    assert ranks == sorted(ranks)
    order = [claim.rsplit("/", 1)[1] for _, claim in rows]
    assert order.index("claim-25") == 0  # "in dispute"
    assert max(order.index("claim-28"), order.index("claim-29")) < order.index("claim-23")  # may, can < sometimes
    assert order.index("claim-26") < order.index("claim-10")  # "seem to" < "often found"
