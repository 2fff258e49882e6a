"""The HTML documentation of a release: Jinja2 templates (``templates/``) rendered into files.

:func:`render` returns every file as ``relative path -> bytes``; :func:`write_docs` writes them. The
pages are static HTML and one style sheet, with no script: ``index.html`` (overview, diagrams, class
tree, every term), one page per term (``class/Vertebroplasty.html``, ``claim/claim-26.html`` ...), one
page per source text with every claim's quote addressable (``sources/NAME.html#claim-26``), and
``references.html``. Templates escape every value (autoescape); the SVG diagrams, drawn by Graphviz
from our own labels (which it escapes), are the only markup inserted as is. The same release gives
the same bytes: everything is sorted and nothing depends on the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import pyoxigraph as ox
from markupsafe import Markup

from ..inputs.sources import SourceDocument
from ..namespaces import OWL
from .diagrams import Diagram, diagrams
from .model import ClaimView, Documentation, documentation
from .terms import KIND_NAMES, KIND_TITLES, Ref, slug

STYLE = "style.css"


class RefLookup(Mapping[str, Ref]):
    """``names[iri]`` in a template: the link for any IRI."""

    def __init__(self, docs: Documentation) -> None:
        self.docs = docs

    def __getitem__(self, iri: str) -> Ref:
        return self.docs.names.ref(iri)

    def __iter__(self) -> Iterator[str]:
        return iter(self.docs.names.kinds)

    def __len__(self) -> int:
        return len(self.docs.names.kinds)

    def __contains__(self, iri: object) -> bool:
        return isinstance(iri, str)


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True)
class _Inline:
    name: str
    title: str
    inline: Markup


def _inline(diagram: Diagram) -> _Inline:
    """The diagram's ``<svg>`` element, without the XML prolog, for a page."""
    start = diagram.svg.find("<svg")
    return _Inline(diagram.name, diagram.title, Markup(diagram.svg[start:] if start >= 0 else ""))


def _innermost(claims_by_number: Mapping[str, ClaimView]) -> object:
    def innermost(numbers: Iterable[str]) -> str:
        return min(numbers, key=lambda n: (claims_by_number[n].end - claims_by_number[n].start, n))

    return innermost


def _counts(docs: Documentation) -> str:
    parts = [f"{len(pages)} {title.lower()}" for title, pages in docs.by_kind()]
    axioms = sum(1 for axiom in docs.axioms if not axiom.inferred)
    inferred = sum(1 for axiom in docs.axioms if axiom.inferred)
    return f"{', '.join(parts)}; {axioms} asserted and {inferred} inferred axioms on named terms."


def render(docs: Documentation, drawn: Iterable[Diagram]) -> dict[str, bytes]:
    """Every file of the documentation, by its path relative to the documentation's root."""
    env = environment()
    drawn = tuple(drawn)
    version = ""
    title = "vertebroplasty-kg"
    if docs.ontology is not None:
        for fact in docs.ontology.facts:
            if fact.property.iri == OWL + "versionInfo" and fact.texts:
                version = fact.texts[0]
        title = docs.ontology.ref.text
    claims_by_number = {claim.number: claim for claim in docs.claims.values()}
    common: dict[str, object] = {
        "site_title": title,
        "version": version,
        "texts": docs.texts,
        "names": RefLookup(docs),
        "claims": docs.claims,
        "conflicts": docs.conflicts,
    }
    kinds = docs.names.kinds

    def source_kind(ref: Ref) -> str:
        kind = kinds.get(ref.iri, "")
        return {"claim": "claim", "document": "source text", "reference": "reference"}.get(kind, "terminology")

    common["source_kind"] = source_kind
    files: dict[str, bytes] = {}

    def page(path: str, template: str, **context: object) -> None:
        root = "../" * path.count("/")
        text = env.get_template(template).render(root=root, **common, **context)
        files[path] = text.encode("utf-8")

    groups = docs.by_kind()
    page(
        "index.html",
        "index.html.j2",
        ontology=docs.ontology,
        counts=_counts(docs),
        groups=groups,
        anchors={
            title: "properties" if title == "Object properties" else slug(title) for title in KIND_TITLES.values()
        },
        diagrams=[_inline(diagram) for diagram in drawn],
        tree=docs.tree,
        obsolete=[p for p in docs.pages if p.kind == "class" and p.deprecated],
        claims_by_number=claims_by_number,
    )
    texts_by_document = {text.document.iri: text for text in docs.texts}
    for term in docs.pages:
        page(
            term.ref.href,
            "term.html.j2",
            page=term,
            kind_name=KIND_NAMES.get(term.kind, term.kind),
            claim=docs.claims.get(term.ref.iri),
            conflict=docs.conflicts.get(term.ref.iri),
            text=texts_by_document.get(term.ref.iri),
        )
    for text in docs.texts:
        anchored = sorted(
            (c for c in docs.claims.values() if c.document.iri == text.document.iri), key=lambda c: (c.start, c.number)
        )
        page(
            text.href,
            "source.html.j2",
            text=text,
            text_claims=anchored,
            claims_by_number=claims_by_number,
            innermost=_innermost(claims_by_number),
        )
    page("references.html", "references.html.j2", references=docs.references, reference_ids=docs.names.reference_ids)
    files[STYLE] = resources.files(__package__).joinpath("templates").joinpath(STYLE).read_bytes()
    for diagram in drawn:
        files[diagram.name] = diagram.svg.encode("utf-8")
    return dict(sorted(files.items()))


def build_docs(triples: Iterable[ox.Triple], documents: Iterable[SourceDocument], dot: str) -> dict[str, bytes]:
    """The documentation of the release made of ``triples``: model, diagrams (drawn by ``dot``), pages."""
    docs = documentation(triples, documents)
    return render(docs, diagrams(docs, dot))


def write_docs(files: Mapping[str, bytes], directory: Path) -> None:
    """Write ``files`` (from :func:`build_docs`) under ``directory``."""
    for relative, data in sorted(files.items()):
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
