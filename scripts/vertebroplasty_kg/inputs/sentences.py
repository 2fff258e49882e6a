"""Sentences of a source text, with their character offsets, line and column.

Segmentation is syntok's (``syntok.segmenter.analyze``): a rule-based segmenter that splits
paragraphs at blank lines and sentences at terminal punctuation, knows abbreviations ("e.g.",
"Dr.", "Fig. 2") and keeps the offset of every token in the original string. It uses no model
and no randomness, so the same text always gives the same sentences. Offsets count Unicode code
points, 0-based, end exclusive, as the claims' position selectors do; a sentence's text runs from
its first token to the end of its last, so it never starts or ends with white space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from syntok.segmenter import analyze

_WHITE_SPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks, tabs, no-break spaces) as one space."""
    return _WHITE_SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    line: int
    """1-based line of the first character."""
    column: int
    """1-based column (in code points) of the first character."""
    text: str

    def overlaps(self, start: int, end: int) -> bool:
        """Whether the characters ``start``-``end`` (end exclusive) share at least one with this sentence."""
        return start < self.end and end > self.start


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, in order."""
    sentences = []
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
    line = 0
    for paragraph in analyze(text):
        for tokens in paragraph:
            spans = [(token.offset, token.offset + len(token.value)) for token in tokens if token.value]
            if not spans:
                continue
            start, end = spans[0][0], max(stop for _, stop in spans)
            while line + 1 < len(line_starts) and line_starts[line + 1] <= start:
                line += 1
            sentences.append(Sentence(start, end, line + 1, start - line_starts[line] + 1, text[start:end]))
    return sentences
