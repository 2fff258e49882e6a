"""Every sentence of every source text is quoted by a claim, or listed as carrying none.

The project exists to record what its sources say, so a release that has lost claims must not
pass quietly. Each source document's text is split into sentences (:mod:`.sentences`); a sentence
is covered when the text anchor of at least one claim shares a character with it, or when the
source's reviewed list of claim-free sentences (:mod:`.claim_free`) names it. Findings:

- ``uncovered_sentence`` (ERROR): a sentence that no claim quotes and the list does not name;
- ``claim_free_sentence_not_in_source`` (ERROR): a row of the list that names no sentence of the text;
- ``claim_free_sentence_quoted`` (WARN): a listed sentence that a claim quotes all the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..findings import Finding, show_literal
from ..namespaces import compact
from .anchors import TextAnchor, text_anchors
from .claim_free import claim_free_path, read_claim_free
from .sentences import Sentence, one_line, split_sentences
from .sources import SourceDocument, source_documents

UNCOVERED = "uncovered_sentence"
NOT_IN_SOURCE = "claim_free_sentence_not_in_source"
QUOTED = "claim_free_sentence_quoted"


@dataclass(frozen=True)
class SourceCoverage:
    """How the sentences of one source text are accounted for."""

    source: str
    """The text's path, relative to the project root."""
    sentences: int
    quoted: int
    """Sentences that at least one claim quotes."""
    claim_free: int
    """Sentences that the list names (whether or not a claim quotes them too)."""


@dataclass(frozen=True)
class Coverage:
    sources: tuple[SourceCoverage, ...]
    findings: tuple[Finding, ...]

    @property
    def sentences(self) -> int:
        return sum(source.sentences for source in self.sources)

    @property
    def claim_free(self) -> int:
        return sum(source.claim_free for source in self.sources)


def _shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _claims(anchors: Iterable[TextAnchor], sentence: Sentence) -> list[str]:
    """The claims whose quotes share a character with ``sentence``, compact and sorted."""
    return sorted(
        {compact(anchor.claim.strip("<>")) for anchor in anchors if sentence.overlaps(anchor.start, anchor.end)}
    )


def source_coverage(
    document: SourceDocument, anchors: Sequence[TextAnchor], root: Path
) -> tuple[SourceCoverage, list[Finding]]:
    """How the sentences of ``document`` are covered by ``anchors`` (those on other documents are
    ignored) and by its list of claim-free sentences, with the findings."""
    shown = _shown(document.path, root)
    listing = claim_free_path(document.path)
    listing_shown = _shown(listing, root)
    rows = read_claim_free(listing, shown_as=listing_shown)
    listed = {(row.line, row.sentence): row for row in rows}
    mine = [anchor for anchor in anchors if anchor.source == document.iri]
    sentences = split_sentences(document.text())
    findings: list[Finding] = []
    quoted = claim_free = 0
    for sentence in sentences:
        claims = _claims(mine, sentence)
        row = listed.pop((sentence.line, one_line(sentence.text)), None)
        quoted += bool(claims)
        claim_free += row is not None
        if row is not None and claims:
            findings.append(
                Finding(
                    "WARN",
                    QUOTED,
                    f"{listing_shown}:{row.row}",
                    value=show_literal(row.sentence),
                    message=f"{', '.join(claims)} quote{'s' if len(claims) == 1 else ''} this sentence of {shown}, "
                    "which the list says carries no claim: remove the row.",
                )
            )
        elif row is None and not claims:
            findings.append(
                Finding(
                    "ERROR",
                    UNCOVERED,
                    f"{shown}:{sentence.line}:{sentence.column}",
                    value=show_literal(one_line(sentence.text)),
                    message=f"No claim quotes this sentence: add a claim quoting it, or list it as carrying no claim "
                    f"in {listing_shown} with a reason.",
                )
            )
    for row in listed.values():
        findings.append(
            Finding(
                "ERROR",
                NOT_IN_SOURCE,
                f"{listing_shown}:{row.row}",
                value=show_literal(row.sentence),
                message=f"{shown} has no sentence that starts on line {row.line} and reads so: correct the line "
                "or the sentence (white space as single spaces), or remove the row.",
            )
        )
    return SourceCoverage(shown, len(sentences), quoted, claim_free), findings


def sentence_coverage(documents: Iterable[SourceDocument], anchors: Sequence[TextAnchor], root: Path) -> Coverage:
    """The coverage of every source document's sentences."""
    sources: list[SourceCoverage] = []
    findings: list[Finding] = []
    for document in sorted(documents, key=lambda document: document.iri):
        covered, found = source_coverage(document, anchors, root)
        sources.append(covered)
        findings += found
    return Coverage(tuple(sources), tuple(findings))


def project_coverage(triples: Iterable[ox.Triple], root: Path) -> Coverage:
    """The coverage of the sources that the project's graph ``triples`` describes, by its claims."""
    dataset = ox.Dataset(ox.Quad(triple.subject, triple.predicate, triple.object) for triple in triples)
    return sentence_coverage(source_documents(dataset, root), text_anchors(dataset), root)
