"""A source text cut into paragraphs and segments, so that every claim's span can be highlighted.

Claims may overlap, nest and cross one another (claim 5, "bone cement is injected", crosses claim 6,
"injected into the fractured vertebra"), so the text cannot be one tree of spans with one element per
claim. Instead each paragraph is cut at every claim's start and end, each segment records the claims
that cover it, and the page highlights the segments of the claim named in its address
(``#claim-26``) with CSS; the element with that id holds the exact quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import PurePosixPath

from ..inputs.sources import SourceDocument
from .graph import ClaimRow
from .terms import Ref, short_name

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Segment:
    text: str
    claims: tuple[str, ...]
    """Local names of the claims whose quote covers this segment (``claim-26``)."""


@dataclass(frozen=True)
class Paragraph:
    start: int
    segments: tuple[Segment, ...]
    opens: tuple[str, ...]
    """Claims whose quote starts in this paragraph (their callouts go before it)."""


@dataclass(frozen=True)
class SourceText:
    document: Ref
    href: str
    """``sources/NAME.html``, relative to the documentation's root."""
    file_name: str
    length: int
    paragraphs: tuple[Paragraph, ...]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def source_text(document: Ref, source: SourceDocument, claims: Iterable[ClaimRow]) -> SourceText:
    """``source``'s text, cut so that each of ``claims`` (anchored in it) covers whole segments."""
    text = source.text()
    anchored = sorted({(c.start, c.end, short_name(c.claim)) for c in claims})
    paragraphs = []
    for start, end in _paragraphs(text):
        cuts = {start, end}
        for claim_start, claim_end, _ in anchored:
            cuts |= {position for position in (claim_start, claim_end) if start < position < end}
        ordered = sorted(cuts)
        segments = tuple(
            Segment(text[a:b], tuple(name for s, e, name in anchored if s <= a and b <= e))
            for a, b in pairwise(ordered)
        )
        opens = tuple(name for s, _, name in anchored if start <= s < end)
        paragraphs.append(Paragraph(start, segments, opens))
    name = PurePosixPath(source.path.name).stem
    return SourceText(document, f"sources/{name}.html", source.path.name, len(text), tuple(paragraphs))
