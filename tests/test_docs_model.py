"""The documentation's content, read from the release: a page for every term, axioms in readable
form with their sources, parents asserted and inferred, claims with both certainty axes and a quote
that points at the exact characters of the source text, conflicts on both claims."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from vertebroplasty_kg.htmldocs.manchester import Renderer, UnreadableExpression
from vertebroplasty_kg.htmldocs.model import Documentation, TermPage, documentation
from vertebroplasty_kg.htmldocs.source_text import SourceText
from vertebroplasty_kg.namespaces import VKG, VPO
from vertebroplasty_kg.release.assembly import ReleaseGraph

OURS = (VPO, VKG)
PARTS = ("-anchor", "-quote", "-position", "-sha256")
"""Local-name endings of the nodes shown inside their owner's page rather than on a page of their own."""


@pytest.fixture(scope="module")
def docs(release: ReleaseGraph) -> Documentation:
    return documentation(release.triples, release.sources)


def page(docs: Documentation, local: str) -> TermPage:
    (found,) = [p for p in docs.pages if p.ref.iri == VPO + local or p.ref.iri == VKG + local]
    return found


def axiom_texts(docs: Documentation, local: str, kind: str) -> set[str]:
    return {a.text for a in page(docs, local).axioms if a.kind == kind}


def test_every_typed_term_of_our_namespaces_has_a_page(docs: Documentation, release: ReleaseGraph) -> None:
    typed = {
        t.subject.value
        for t in release.triples
        if t.predicate.value.endswith("#type") and isinstance(t.subject, ox.NamedNode)
    }
    ours = {iri for iri in typed if iri.startswith(OURS) and not iri.endswith(PARTS)}
    assert {p.ref.iri for p in docs.pages} == ours
    counts = {title: len(pages) for title, pages in docs.by_kind()}
    assert counts["Claims"] == 34
    assert counts["Claim conflicts"] == 13
    assert counts["Classes"] >= 60
    assert len({p.ref.href.lower() for p in docs.pages}) == len(docs.pages), "two pages share a file name"


def test_vertebroplasty_axioms_read_as_manchester_syntax(docs: Documentation) -> None:
    assert axiom_texts(docs, "Vertebroplasty", "SubClassOf") >= {
        "VertebralAugmentation",
        "hasDirectSubstance some BoneCement",
        "hasMethod some (Injection or ManualPlacement)",
        "not (hasMethod some CavityCreation)",
    }
    assert axiom_texts(docs, "Vertebroplasty", "DisjointWith") == {"Kyphoplasty"}
    assert axiom_texts(docs, "Kyphoplasty", "DisjointWith") == {"Vertebroplasty"}, "disjointness shown on both"
    assert axiom_texts(docs, "PercutaneousVertebroplasty", "EquivalentTo") == {
        "Vertebroplasty and (hasAccess some PercutaneousApproach)"
    }
    assert axiom_texts(docs, "OldVertebralFracture", "EquivalentTo") == {
        "VertebralFracture and (hasFractureAgeInDays some xsd:integer[>= 56])"
    }
    assert axiom_texts(docs, "partOf", "Characteristics") == {"Transitive"}
    assert axiom_texts(docs, "Procedure", "DisjointClasses") == {"AnatomicalStructure, ClinicalFinding"}


def test_inferred_parents_are_exactly_the_release_inferred_links(docs: Documentation, release: ReleaseGraph) -> None:
    shown = {(p.ref.iri, parent.ref.iri) for p in docs.pages for parent in p.parents if parent.inferred}
    assert shown == {(str(t.subject)[1:-1], str(t.object)[1:-1]) for t in release.inferred}
    assert ("Vertebroplasty", True) in {
        (parent.ref.iri.removeprefix(VPO), parent.inferred)
        for parent in page(docs, "PercutaneousVertebroplasty").parents
    }


def test_every_asserted_axiom_shows_its_sources(docs: Documentation) -> None:
    unsourced = [(a.subject.curie, a.kind, a.text) for a in docs.axioms if not a.inferred and not a.sources]
    assert unsourced == []
    sources = {s.curie for a in page(docs, "Vertebroplasty").axioms for s in a.sources}
    assert {"vkg:claim-04", "vkg:source-vertebroplasty-patient-information", "mesh:D054854", "cpt:22510"} <= sources
    cited = {a.text for a in page(docs, "claim-04").cited_by}
    assert cited == {"hasDirectSubstance some BoneCement"}
    assert docs.claims[VKG + "claim-04"].formalised_by[0].subject.iri == VPO + "Vertebroplasty"


def test_claims_carry_both_axes_hedges_and_a_quote_of_the_exact_characters(
    docs: Documentation, source_text: str
) -> None:
    claim = docs.claims[VKG + "claim-26"]
    assert (claim.certainty.text, claim.frequency.text) == ("apparent", "in most cases")
    assert claim.hedge_words == ("In most cases", "seem to")
    assert claim.quote_href == "sources/vertebroplasty-patient-information.html#claim-26"
    for view in docs.claims.values():
        assert source_text[view.start : view.end] == view.exact, view.number
    about = {iri for role, iri in page(docs, "OsteoporoticVertebralCompressionFracture").claims if role == "object"}
    assert VKG + "claim-26" in about


def test_a_conflict_is_shown_on_both_of_its_claims(docs: Documentation) -> None:
    for iri, conflict in docs.conflicts.items():
        assert len(conflict.claims) == 2 and conflict.notes
        for claim in conflict.claims:
            assert iri in docs.claims[claim].conflicts


def test_mappings_and_synonyms(docs: Documentation) -> None:
    kyphoplasty = page(docs, "Kyphoplasty")
    assert ("exact match", "mesh:D058498") in {(label, ref.curie) for label, ref in kyphoplasty.mappings}
    assert ("exact", "balloon kyphoplasty") in page(docs, "Kyphoplasty").synonyms


def test_every_claim_span_is_whole_segments_of_the_source_page(docs: Documentation) -> None:
    (text,) = docs.texts
    assert isinstance(text, SourceText)
    for claim in docs.claims.values():
        covered = "".join(
            segment.text for p in text.paragraphs for segment in p.segments if claim.number in segment.claims
        )
        assert covered == claim.exact.replace("\n\n", ""), claim.number
        assert sum(claim.number in p.opens for p in text.paragraphs) == 1


def test_crossing_claims_are_both_addressable(docs: Documentation) -> None:
    """Claim 5 (194-217) and claim 6 (209-245) cross: neither contains the other."""
    five, six = docs.claims[VKG + "claim-05"], docs.claims[VKG + "claim-06"]
    assert five.start < six.start < five.end < six.end


def test_unknown_expressions_are_refused() -> None:
    renderer = Renderer({"b0": {"http://example.org/p": [ox.Literal("x")]}}, lambda iri: iri)
    with pytest.raises(UnreadableExpression):
        renderer.render(ox.BlankNode("b0"))
