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
from .loading import Node, objects_of, one_object
from .namespaces import OA, RDF, VPO
from .sources import SourceDocument

HAS_TEXT_ANCHOR = ox.NamedNode(VPO + "hasTextAnchor")
_TYPE = ox.NamedNode(RDF + "type")
_QUOTE = ox.NamedNode(OA + "TextQuoteSelector")
_POSITION = ox.NamedNode(OA + "TextPositionSelector")


def _literal(dataset: ox.Dataset, subject: Node, local: str) -> str | None:
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
            actual = text[self.start : self.end]
            found.append(f"characters {self.start}-{self.end} are {actual!r}, not the quote {self.exact!r}")
        if not text[: self.start].endswith(self.prefix):
            found.append(f"prefix {self.prefix!r} does not precede position {self.start}")
        if not text[self.end :].startswith(self.suffix):
            found.append(f"suffix {self.suffix!r} does not follow position {self.end}")
        return found


def _read_anchor(dataset: ox.Dataset, claim: str, anchor: Node) -> TextAnchor | None:
    """The anchor's fields, or None when any is missing."""
    source = one_object(dataset, anchor, ox.NamedNode(OA + "hasSource"))
    quote = position = None
    for selector in objects_of(dataset, anchor, ox.NamedNode(OA + "hasSelector")):
        if isinstance(selector, (ox.NamedNode, ox.BlankNode)):
            kinds = objects_of(dataset, selector, _TYPE)
            quote = selector if _QUOTE in kinds else quote
            position = selector if _POSITION in kinds else position
    if not isinstance(source, ox.NamedNode) or quote is None or position is None:
        return None
    exact, prefix, suffix = (_literal(dataset, quote, name) for name in ("exact", "prefix", "suffix"))
    start, end = (_literal(dataset, position, name) for name in ("start", "end"))
    if exact is None or prefix is None or suffix is None or start is None or end is None:
        return None
    return TextAnchor(claim, source.value, exact, prefix, suffix, int(start), int(end))


def text_anchors(dataset: ox.Dataset) -> list[TextAnchor]:
    """Every claim's text anchor. Raises :class:`InputError` for an incomplete one."""
    anchors = []
    for link in sorted(dataset.quads_for_predicate(HAS_TEXT_ANCHOR), key=str):
        claim = str(link.subject)
        anchor = (
            _read_anchor(dataset, claim, link.object) if isinstance(link.object, (ox.NamedNode, ox.BlankNode)) else None
        )
        if anchor is None:
            raise InputError(
                "ontology/claims.ttl",
                f"claim {claim} has an incomplete text anchor",
                hint="give the anchor oa:hasSource, a TextQuoteSelector (exact, prefix, suffix) "
                "and a TextPositionSelector (start, end)",
            )
        anchors.append(anchor)
    return anchors


def check_anchors(anchors: list[TextAnchor], documents: tuple[SourceDocument, ...] | list[SourceDocument]) -> None:
    """Raise :class:`InputError` naming the first claim whose anchor does not fit its source."""
    texts = {document.iri: document.text() for document in documents}
    for anchor in anchors:
        if anchor.source not in texts:
            raise InputError(
                "ontology/claims.ttl",
                f"claim {anchor.claim} quotes <{anchor.source}>, which is not a source document with a local file",
                hint="describe the document in ontology/source-documents.ttl with vpo:localPath and a checksum",
            )
        problems = anchor.problems(texts[anchor.source])
        if problems:
            raise InputError(
                "ontology/claims.ttl",
                f"claim {anchor.claim}: " + "; ".join(problems),
                hint="quote the source exactly; offsets count Unicode code points, 0-based, end exclusive",
            )
