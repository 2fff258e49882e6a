"""Text anchors: check that every claim's quote points at the exact characters of its source.

A claim is anchored by a Web Annotation ``oa:SpecificResource`` whose source is a document under
``sources/`` and whose selectors are an ``oa:TextQuoteSelector`` (exact, prefix, suffix) and an
``oa:TextPositionSelector`` (start, end: 0-based code-point offsets, end exclusive). The two must
agree with each other and with the text, or the build stops.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .errors import InputError
from .loading import objects_of, one_object
from .namespaces import OA, RDF, VPO
from .sources import SourceDocument

HAS_TEXT_ANCHOR = ox.NamedNode(VPO + "hasTextAnchor")
_TYPE = ox.NamedNode(RDF + "type")
_QUOTE = ox.NamedNode(OA + "TextQuoteSelector")
_POSITION = ox.NamedNode(OA + "TextPositionSelector")


def _literal(dataset: ox.Dataset, subject: ox.Term, local: str) -> str | None:
    value = one_object(dataset, subject, ox.NamedNode(OA + local))
    return value.value if isinstance(value, ox.Literal) else None


@dataclass(frozen=True)
class TextAnchor:
    claim: str
    source: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    def problems(self, text: str) -> list[str]:
        """What is wrong with this anchor against ``text`` (empty when it is right)."""
        found = []
        if not 0 <= self.start < self.end <= len(text):
            return [f"position {self.start}-{self.end} is outside the text (0-{len(text)}) or empty"]
        if text[self.start : self.end] != self.exact:
            found.append(f"characters {self.start}-{self.end} are {text[self.start:self.end]!r}, not the quote {self.exact!r}")
        if not text[: self.start].endswith(self.prefix):
            found.append(f"prefix {self.prefix!r} does not precede position {self.start}")
        if not text[self.end :].startswith(self.suffix):
            found.append(f"suffix {self.suffix!r} does not follow position {self.end}")
        return found


def text_anchors(dataset: ox.Dataset) -> list[TextAnchor]:
    """Every claim's text anchor. Raises :class:`InputError` for an incomplete one."""
    anchors = []
    for link in sorted(dataset.quads_for_predicate(HAS_TEXT_ANCHOR), key=str):
        claim = link.subject.value
        source = one_object(dataset, link.object, ox.NamedNode(OA + "hasSource"))
        quote = position = None
        for selector in objects_of(dataset, link.object, ox.NamedNode(OA + "hasSelector")):
            kinds = objects_of(dataset, selector, _TYPE)
            quote = selector if _QUOTE in kinds else quote
            position = selector if _POSITION in kinds else position
        fields = None
        if isinstance(source, ox.NamedNode) and quote is not None and position is not None:
            fields = (
                _literal(dataset, quote, "exact"),
                _literal(dataset, quote, "prefix"),
                _literal(dataset, quote, "suffix"),
                _literal(dataset, position, "start"),
                _literal(dataset, position, "end"),
            )
        if fields is None or any(value is None for value in fields):
            raise InputError(
                "ontology/claims.ttl",
                f"claim <{claim}> has an incomplete text anchor",
                hint="give the anchor oa:hasSource, a TextQuoteSelector (exact, prefix, suffix) "
                "and a TextPositionSelector (start, end)",
            )
        exact, prefix, suffix, start, end = fields
        assert exact is not None and prefix is not None and suffix is not None
        assert start is not None and end is not None
        anchors.append(TextAnchor(claim, source.value, exact, prefix, suffix, int(start), int(end)))
    return anchors


def check_anchors(anchors: list[TextAnchor], documents: tuple[SourceDocument, ...] | list[SourceDocument]) -> None:
    """Raise :class:`InputError` naming the first claim whose anchor does not fit its source."""
    texts = {document.iri: document.text() for document in documents}
    for anchor in anchors:
        if anchor.source not in texts:
            raise InputError(
                "ontology/claims.ttl",
                f"claim <{anchor.claim}> quotes <{anchor.source}>, which is not a source document with a local file",
                hint="describe the document in ontology/source-documents.ttl with vpo:localPath and a checksum",
            )
        problems = anchor.problems(texts[anchor.source])
        if problems:
            raise InputError(
                "ontology/claims.ttl",
                f"claim <{anchor.claim}>: " + "; ".join(problems),
                hint="quote the source exactly; offsets count Unicode code points, 0-based, end exclusive",
            )
