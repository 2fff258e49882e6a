"""Every claim of the knowledge graph is complete, anchored on the exact words of the source, and
carries the certainty that the source's hedging words express."""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
VPO = rdflib.Namespace("https://w3id.org/vertebroplasty-kg/vpo/")
VKG = rdflib.Namespace("https://w3id.org/vertebroplasty-kg/kg/")
ECO_AUTHOR_STATEMENT_WITHOUT_SUPPORT_MANUAL = rdflib.URIRef("http://purl.obolibrary.org/obo/ECO_0000303")
SOURCE = VKG["source-vertebroplasty-patient-information"]

EXPECTED_CLAIMS = 29


def claims(graph: rdflib.Graph) -> list[rdflib.URIRef]:
    return sorted(graph.subjects(RDF.type, VPO.Claim))  # type: ignore[arg-type]


def one(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef) -> rdflib.term.Node:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{subject} has {len(values)} values for {predicate}"
    return values[0]


def quote_and_position(graph: rdflib.Graph, claim: rdflib.term.Node) -> tuple[rdflib.term.Node, rdflib.term.Node]:
    anchor = one(graph, claim, VPO.hasTextAnchor)
    assert one(graph, anchor, OA.hasSource) == SOURCE
    selectors = list(graph.objects(anchor, OA.hasSelector))
    quotes = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph]
    positions = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph]
    assert len(quotes) == 1 and len(positions) == 1, claim
    return quotes[0], positions[0]


def test_claim_count(release_graph: rdflib.Graph) -> None:
    assert len(claims(release_graph)) == EXPECTED_CLAIMS


def test_every_selector_points_at_the_exact_characters(release_graph: rdflib.Graph, source_text: str) -> None:
    checked = 0
    for claim in claims(release_graph):
        quote, position = quote_and_position(release_graph, claim)
        exact = str(one(release_graph, quote, OA.exact))
        prefix = str(one(release_graph, quote, OA.prefix))
        suffix = str(one(release_graph, quote, OA.suffix))
        start = int(one(release_graph, position, OA.start))  # type: ignore[call-overload]
        end = int(one(release_graph, position, OA.end))  # type: ignore[call-overload]
        assert 0 <= start < end <= len(source_text), claim
        assert source_text[start:end] == exact, claim
        assert source_text[max(0, start - len(prefix)) : start] == prefix, claim
        assert source_text[end : end + len(suffix)] == suffix, claim
        assert prefix or start == 0, f"{claim}: empty prefix away from the start of the text"
        assert suffix or end == len(source_text), f"{claim}: empty suffix away from the end of the text"
        checked += 1
    assert checked == EXPECTED_CLAIMS


def test_every_claim_has_all_fields(release_graph: rdflib.Graph) -> None:
    g = release_graph
    relations = set(g.subjects(SKOS.inScheme, VPO.ClaimRelationScheme))
    certainties = set(g.subjects(SKOS.inScheme, VPO.CertaintyScheme))
    agents = set(g.subjects(RDF.type, PROV.Agent))
    assert len(relations) >= 10 and len(certainties) == 7 and len(agents) == 2
    checked = 0
    for claim in claims(g):
        for end in (VPO.claimSubject, VPO.claimObject):
            value = one(g, claim, end)
            assert (value, RDF.type, OWL.Class) in g, f"{claim}: {end} {value} is not a class of the ontology"
            assert str(value).startswith(str(VPO))
        assert one(g, claim, VPO.claimRelation) in relations
        assert one(g, claim, VPO.hasCertainty) in certainties
        assert one(g, claim, PROV.wasAttributedTo) in agents
        assert one(g, claim, VPO.evidenceType) == ECO_AUTHOR_STATEMENT_WITHOUT_SUPPORT_MANUAL
        assert one(g, claim, PROV.wasDerivedFrom) == SOURCE
        assert one(g, claim, RDFS.label)
        checked += 1
    assert checked == EXPECTED_CLAIMS


# Hedging words of the source -> the certainty a claim quoting them must carry.
HEDGES = {
    "in dispute": "certainty-disputed",
    "In most cases": "certainty-in-most-cases",
    "often found": "certainty-often",
    "very common": "certainty-often",
    "sometime": "certainty-sometimes",
    "may also be hindered": "certainty-possible",
    "can become more difficult": "certainty-possible",
    "Some doctors": "certainty-suggested-by-some",
}


def test_hedged_words_give_hedged_certainty(release_graph: rdflib.Graph) -> None:
    g = release_graph
    hedged = 0
    for claim in claims(g):
        quote, _ = quote_and_position(g, claim)
        exact = str(one(g, quote, OA.exact))
        cues = [cue for cue in HEDGES if cue in exact]
        certainty = one(g, claim, VPO.hasCertainty)
        if cues:
            assert {VPO[HEDGES[cue]] for cue in cues} == {certainty}, (claim, exact)
            hedged += 1
        else:
            assert certainty == VPO["certainty-asserted"], (claim, exact)
    assert hedged == len(HEDGES)  # each hedge of the source is quoted by exactly one claim


def test_suggestion_of_some_doctors_is_theirs(release_graph: rdflib.Graph) -> None:
    g = release_graph
    theirs = set(g.subjects(PROV.wasAttributedTo, VKG["some-doctors"]))
    assert len(theirs) == 1
    (claim,) = theirs
    assert one(g, claim, VPO.claimObject) == VPO.RecentVertebralFracture


def test_the_source_contradiction_is_recorded_and_both_claims_kept(release_graph: rdflib.Graph) -> None:
    g = release_graph
    pairs = list(g.subject_objects(VPO.conflictsWith))
    assert len(pairs) == 2
    for a, b in pairs:
        assert one(g, a, VPO.claimSubject) == one(g, b, VPO.claimSubject) == VPO.Vertebroplasty
        assert one(g, a, VPO.claimObject) == one(g, b, VPO.claimObject) == VPO.OsteoporoticVertebralCompressionFracture
        relations = {one(g, a, VPO.claimRelation), one(g, b, VPO.claimRelation)}
        assert relations == {VPO["relation-done-for"], VPO["relation-no-benefit-for"]}


def test_negative_claims_are_recorded(release_graph: rdflib.Graph) -> None:
    negative = set(release_graph.subjects(VPO.claimRelation, VPO["relation-no-benefit-for"]))
    assert len(negative) == 2
