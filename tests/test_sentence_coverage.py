"""Every sentence of the source is quoted by a claim or listed, with a reason, as carrying none; a
lost claim is an ERROR that names the sentence, never a quiet release with fewer claims."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from vertebroplasty_kg.errors import InputError
from vertebroplasty_kg.inputs.anchors import TextAnchor
from vertebroplasty_kg.inputs.claim_free import claim_free_path, read_claim_free
from vertebroplasty_kg.inputs.sentence_coverage import (
    NOT_IN_SOURCE,
    QUOTED,
    UNCOVERED,
    project_coverage,
    sentence_coverage,
)
from vertebroplasty_kg.inputs.sentences import split_sentences
from vertebroplasty_kg.inputs.sources import SourceDocument
from vertebroplasty_kg.release.assembly import Inputs

SOURCE = "sources/vertebroplasty-patient-information.txt"
LISTING = "sources/vertebroplasty-patient-information.claim-free.tsv"
KG = "https://w3id.org/vertebroplasty-kg/kg/"


def test_the_source_has_eighteen_sentences_at_their_lines(source_text: str) -> None:
    sentences = split_sentences(source_text)
    assert len(sentences) == 18
    for sentence in sentences:
        assert source_text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert source_text.splitlines()[sentence.line - 1][sentence.column - 1 :].startswith(sentence.text[:10])
    headings = [(s.line, s.text) for s in sentences if not s.text.endswith(".")]
    assert headings == [(1, "Vertebroplasty"), (7, "What Vertebroplasty Treats"), (17, "Vertebroplasty Success Rates")]
    # the sentence that claims-in-character-range answers for by default: two sentences share line 11
    assert [(s.line, s.column, s.start, s.end) for s in sentences if s.line == 11] == [
        (11, 1, 824, 920),
        (11, 98, 921, 1095),
    ]
    # after "(PMMA)." comes a no-break space and a space; the next sentence starts after both
    (after_pmma,) = [s for s in sentences if s.text.startswith("In vertebroplasty it is sometime")]
    assert source_text[after_pmma.start - 3 : after_pmma.start] == ".\u00a0 "


def test_segmentation_knows_abbreviations_and_keeps_offsets() -> None:
    text = "Title\n\nDr. Smith injects e.g. PMMA. It sets!\nA new line. Fig. 2 shows it?"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Title",
        "Dr. Smith injects e.g. PMMA.",
        "It sets!",
        "A new line.",
        "Fig. 2 shows it?",
    ]
    assert [(s.line, s.column) for s in sentences] == [(1, 1), (3, 1), (3, 30), (4, 1), (4, 13)]
    assert split_sentences(text) == sentences
    assert split_sentences("") == []


def test_the_project_accounts_for_every_sentence(root: Path, project_inputs: Inputs) -> None:
    coverage = project_coverage(project_inputs.triples, root)
    assert coverage.findings == ()
    (source,) = coverage.sources
    assert (source.source, source.sentences, source.quoted, source.claim_free) == (SOURCE, 18, 15, 3)
    assert coverage.sentences == 18 and coverage.claim_free == 3


def test_the_claim_free_list_gives_a_reason_for_each_heading(root: Path) -> None:
    rows = read_claim_free(claim_free_path(root / SOURCE))
    assert [(row.line, row.sentence) for row in rows] == [
        (1, "Vertebroplasty"),
        (7, "What Vertebroplasty Treats"),
        (17, "Vertebroplasty Success Rates"),
    ]
    assert all(row.reason for row in rows)


def without_claim(triples: tuple[ox.Triple, ...], claim: str) -> list[ox.Triple]:
    """``triples`` less the claim's own statements and its anchor's (the nodes ``claim``, ``claim-anchor``...)."""
    prefix = KG + claim
    return [
        t
        for t in triples
        if not (
            isinstance(t.subject, ox.NamedNode)
            and (t.subject.value == prefix or t.subject.value.startswith(prefix + "-"))
        )
    ]


def test_a_lost_claim_is_reported_at_its_sentence(root: Path, project_inputs: Inputs) -> None:
    coverage = project_coverage(without_claim(project_inputs.triples, "claim-28"), root)
    assert [(f.severity, f.check, f.entity) for f in coverage.findings] == [("ERROR", UNCOVERED, f"{SOURCE}:21:129")]
    (finding,) = coverage.findings
    assert finding.value.startswith('"It is also found that the recovery process may also be hindered')
    assert LISTING in finding.message and "add a claim quoting it" in finding.message
    assert coverage.sources[0].quoted == 14


def test_a_sentence_stays_covered_while_another_claim_quotes_it(root: Path, project_inputs: Inputs) -> None:
    # claims 16, 17 and 18 quote the same sentence: losing one of them loses no sentence
    coverage = project_coverage(without_claim(project_inputs.triples, "claim-17"), root)
    assert coverage.findings == ()


# --- the claim-free list, on a small text of its own ---------------------------------------------------


@pytest.fixture
def document(tmp_path: Path) -> SourceDocument:
    path = tmp_path / "sources" / "note.txt"
    path.parent.mkdir()
    path.write_text("A Heading\n\nCement is injected. It hardens.\n", encoding="utf-8")
    return SourceDocument("https://example.org/note", path, "")


def quote(start: int, end: int, claim: str = "https://example.org/claim-1") -> TextAnchor:
    return TextAnchor(f"<{claim}>", "https://example.org/note", "", "", "", start, end)


def listing(document: SourceDocument, *rows: str) -> None:
    claim_free_path(document.path).write_text("line\tsentence\treason\n" + "".join(f"{r}\n" for r in rows))


def test_each_unquoted_unlisted_sentence_is_an_error(document: SourceDocument, tmp_path: Path) -> None:
    coverage = sentence_coverage([document], [quote(11, 30)], tmp_path)
    assert [(f.check, f.entity, f.value) for f in coverage.findings] == [
        (UNCOVERED, "sources/note.txt:1:1", '"A Heading"'),
        (UNCOVERED, "sources/note.txt:3:21", '"It hardens."'),
    ]
    assert "sources/note.claim-free.tsv" in coverage.findings[0].message
    assert (coverage.sources[0].sentences, coverage.sources[0].quoted, coverage.sources[0].claim_free) == (3, 1, 0)


def test_a_listed_sentence_is_covered_and_a_quote_covers_any_sentence_it_touches(
    document: SourceDocument, tmp_path: Path
) -> None:
    listing(document, "1\tA Heading\tthe title")
    coverage = sentence_coverage([document], [quote(26, 34)], tmp_path)  # "ted. It " spans two sentences
    assert coverage.findings == ()
    assert (coverage.sources[0].quoted, coverage.sources[0].claim_free) == (2, 1)


def test_a_stale_row_and_a_listed_sentence_that_a_claim_quotes(document: SourceDocument, tmp_path: Path) -> None:
    listing(document, "1\tA Heading\tthe title", "2\tA Heading\tmoved", "3\tIt hardens.\tno claim, they say")
    coverage = sentence_coverage([document], [quote(11, 30), quote(31, 42, "https://example.org/claim-2")], tmp_path)
    found = [(f.severity, f.check, f.entity) for f in coverage.findings]
    assert found == [
        ("WARN", QUOTED, "sources/note.claim-free.tsv:4"),
        ("ERROR", NOT_IN_SOURCE, "sources/note.claim-free.tsv:3"),
    ]
    assert coverage.findings[0].message.startswith("<https://example.org/claim-2> quotes this sentence")
    assert "starts on line 2" in coverage.findings[1].message


MALFORMED = [
    ("sentence\tline\treason\n", 1, "the header must be line sentence reason"),
    ("line\tsentence\treason\n1\tA Heading\n", 2, "2 cells, but the header has 3 columns"),
    ("line\tsentence\treason\none\tA Heading\tthe title\n", 2, "'one' is not a line number"),
    ("line\tsentence\treason\n1\tA Heading\t \n", 2, "the reason is empty"),
    ("line\tsentence\treason\n1\tA Heading\ta\n1\tA Heading\tb\n", 3, "listed twice (first on line 2)"),
]


def test_five_kinds_of_malformed_list_are_tried() -> None:
    assert len(MALFORMED) == 5


@pytest.mark.parametrize(("content", "line", "message"), MALFORMED)
def test_a_malformed_list_is_refused_with_its_line(
    document: SourceDocument, content: str, line: int, message: str
) -> None:
    path = claim_free_path(document.path)
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_claim_free(path, shown_as="note.claim-free.tsv")
    assert raised.value.message.startswith(f"note.claim-free.tsv:{line}: ")
    assert message in raised.value.message
    assert raised.value.hint


def test_no_list_means_no_claim_free_sentence(document: SourceDocument) -> None:
    assert read_claim_free(claim_free_path(document.path)) == []
