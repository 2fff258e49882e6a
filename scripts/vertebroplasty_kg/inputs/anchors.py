"""Text anchors: check that every claim's quote points at the exact characters of its source.

A claim is anchored by a Web Annotation ``oa:SpecificResource`` whose source is a document under
``sources/`` and whose selectors are an ``oa:TextQuoteSelector`` (exact, prefix, suffix) and an
``oa:TextPositionSelector`` (start, end: 0-based code-point offsets, end exclusive). The two must
agree with each other and with the text, or the build stops with an error that names the file,
line and column of the value at fault (:mod:`.turtle_positions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..namespaces import OA, RDF, VPO
from ..project import CLAIMS_FILE
from ..rdf.parsing import Node, objects_of, one_object
from ..rdf.turtle_positions import find_in_files
from .sources import SourceDocument

HAS_TEXT_ANCHOR = ox.NamedNode(VPO + "hasTextAnchor")
_TYPE = ox.NamedNode(RDF + "type")
_QUOTE = ox.NamedNode(OA + "TextQuoteSelector")
_POSITION = ox.NamedNode(OA + "TextPositionSelector")
"""Where claims are written, named in a message when the statement at fault is found in no file."""


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
    quote_selector: str = ""
    """The IRI of the quote selector (empty for a blank node), to find it in the files."""
    position_selector: str = ""
    """The IRI of the position selector (empty for a blank node)."""

    def problems(self, text: str) -> list[tuple[str, str]]:
        """What is wrong with this anchor against ``text`` (empty when it is right): for each problem,
        the property whose value is at fault (``oa:`` local name) and what is wrong."""
        found = []
        if not 0 <= self.start < self.end <= len(text):
            return [("start", f"position {self.start}-{self.end} is outside the text (0-{len(text)}) or empty")]
        if text[self.start : self.end] != self.exact:
            actual = text[self.start : self.end]
            found.append(("start", f"characters {self.start}-{self.end} are {actual!r}, not the quote {self.exact!r}"))
        if not text[: self.start].endswith(self.prefix):
            found.append(("prefix", f"prefix {self.prefix!r} does not precede position {self.start}"))
        if not text[self.end :].startswith(self.suffix):
            found.append(("suffix", f"suffix {self.suffix!r} does not follow position {self.end}"))
        return found

    def selector_of(self, name: str) -> str:
        """The IRI of the selector that holds ``oa:name`` (empty for a blank node)."""
        return self.position_selector if name in ("start", "end") else self.quote_selector


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
    quote_iri, position_iri = (node.value if isinstance(node, ox.NamedNode) else "" for node in (quote, position))
    return TextAnchor(claim, source.value, exact, prefix, suffix, int(start), int(end), quote_iri, position_iri)


def _error(
    files: Sequence[Path], root: Path | None, subject: str, predicate: str, message: str, hint: str
) -> InputError:
    """An :class:`InputError` at the line and column where ``predicate`` of ``subject`` is written in
    ``files`` (shown relative to ``root``), or at ``ontology/claims.ttl`` when it is found in none."""
    found = find_in_files(files, subject, predicate) if subject else None
    if found is None:
        return InputError(CLAIMS_FILE, message, hint=hint)
    shown = found.path.relative_to(root) if root and found.path.is_relative_to(root) else found.path
    return InputError(shown, message, line=found.line, column=found.column, hint=hint)


def text_anchors(dataset: ox.Dataset, files: Sequence[Path] = (), *, root: Path | None = None) -> list[TextAnchor]:
    """Every claim's text anchor. Raises :class:`InputError` for an incomplete one, at its line of
    ``files`` (the Turtle files the dataset was read from) when it is found there."""
    anchors = []
    for link in sorted(dataset.quads_for_predicate(HAS_TEXT_ANCHOR), key=str):
        claim = str(link.subject)
        anchor = (
            _read_anchor(dataset, claim, link.object) if isinstance(link.object, (ox.NamedNode, ox.BlankNode)) else None
        )
        if anchor is None:
            subject = link.subject.value if isinstance(link.subject, ox.NamedNode) else ""
            raise _error(
                files,
                root,
                subject,
                HAS_TEXT_ANCHOR.value,
                f"claim {claim} has an incomplete text anchor",
                "give the anchor oa:hasSource, a TextQuoteSelector (exact, prefix, suffix) "
                "and a TextPositionSelector (start, end)",
            )
        anchors.append(anchor)
    return anchors


def check_anchors(
    anchors: list[TextAnchor],
    documents: tuple[SourceDocument, ...] | list[SourceDocument],
    files: Sequence[Path] = (),
    *,
    root: Path | None = None,
) -> None:
    """Raise :class:`InputError` naming the first claim whose anchor does not fit its source, and
    the file, line and column of the value at fault when it is found in ``files``."""
    texts = {document.iri: document.text() for document in documents}
    for anchor in anchors:
        if anchor.source not in texts:
            claim = anchor.claim.strip("<>")
            raise _error(
                files,
                root,
                claim,
                HAS_TEXT_ANCHOR.value,
                f"claim {anchor.claim} quotes <{anchor.source}>, which is not a source document with a local file",
                "describe the document in ontology/source-documents.ttl with vpo:localPath and a checksum",
            )
        problems = anchor.problems(texts[anchor.source])
        if problems:
            name = problems[0][0]
            raise _error(
                files,
                root,
                anchor.selector_of(name),
                OA + name,
                f"claim {anchor.claim}: " + "; ".join(problem for _, problem in problems),
                "quote the source exactly; offsets count Unicode code points, 0-based, end exclusive",
            )
