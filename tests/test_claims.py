"""Every claim of the knowledge graph is complete, anchored on the exact words of the source, no
stronger than its quote, and carries on two axes (how sure, how often) what the source's hedging
words express; conflicts link only claims that cannot both hold, each with its reason."""

from __future__ import annotations

import re

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
VPO = rdflib.Namespace("https://w3id.org/vertebroplasty-kg/vpo/")
VKG = rdflib.Namespace("https://w3id.org/vertebroplasty-kg/kg/")
ECO_AUTHOR_STATEMENT_WITHOUT_SUPPORT_MANUAL = rdflib.URIRef("http://purl.obolibrary.org/obo/ECO_0000303")
SOURCE = VKG["source-vertebroplasty-patient-information"]

EXPECTED_CLAIMS = 34


def claims(graph: rdflib.Graph) -> list[rdflib.URIRef]:
    """The claims read from the source text (the evidence claims of evidence/ are not the source's)."""
    evidence = set(graph.subjects(RDF.type, VPO.EvidenceClaim))
    return sorted(c for c in graph.subjects(RDF.type, VPO.Claim) if c not in evidence)  # type: ignore[misc]


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
    frequencies = set(g.subjects(SKOS.inScheme, VPO.FrequencyScheme))
    agents = {a for a in g.subjects(RDF.type, PROV.Agent) if a in set(g.objects(None, PROV.wasAttributedTo))} - {
        g.value(c, PROV.wasAttributedTo) for c in g.subjects(RDF.type, VPO.EvidenceClaim)
    }
    assert len(relations) >= 10 and len(certainties) == 5 and len(frequencies) == 5 and len(agents) == 2
    checked = 0
    for claim in claims(g):
        for end in (VPO.claimSubject, VPO.claimObject):
            value = one(g, claim, end)
            assert (value, RDF.type, OWL.Class) in g, f"{claim}: {end} {value} is not a class of the ontology"
            assert str(value).startswith(str(VPO))
        assert one(g, claim, VPO.claimRelation) in relations
        assert one(g, claim, VPO.hasCertainty) in certainties
        assert one(g, claim, VPO.hasFrequency) in frequencies
        assert one(g, claim, PROV.wasAttributedTo) in agents
        assert one(g, claim, VPO.evidenceType) == ECO_AUTHOR_STATEMENT_WITHOUT_SUPPORT_MANUAL
        assert one(g, claim, PROV.wasDerivedFrom) == SOURCE
        assert one(g, claim, RDFS.label)
        checked += 1
    assert checked == EXPECTED_CLAIMS


# Hedging words of the source -> (how sure, how often) a claim quoting them must carry. Frequency
# words ("often", "In most cases", "sometime") are not doubt; epistemic hedges ("seem", "may",
# "can", "Some doctors ... suggested", "in dispute") are.
HEDGES = {
    "often found": (None, "frequency-often"),
    "very common": (None, "frequency-often"),
    "sometime": (None, "frequency-sometimes"),
    "In most cases": (None, "frequency-in-most-cases"),
    "seem to": ("certainty-apparent", None),
    "in dispute": ("certainty-disputed", None),
    "may also be hindered": ("certainty-possible", None),
    "can become more difficult": ("certainty-possible", None),
    "Some doctors even suggested": ("certainty-suggested-by-some", None),
}


def test_hedged_words_give_both_axes(release_graph: rdflib.Graph) -> None:
    g = release_graph
    hedged = set()
    for claim in claims(g):
        quote, _ = quote_and_position(g, claim)
        exact = str(one(g, quote, OA.exact))
        cues = [cue for cue in HEDGES if cue in exact]
        sure = {level for cue in cues if (level := HEDGES[cue][0]) is not None}
        often = {level for cue in cues if (level := HEDGES[cue][1]) is not None}
        assert len(sure) <= 1 and len(often) <= 1, (claim, cues)
        assert one(g, claim, VPO.hasCertainty) == VPO[sure.pop() if sure else "certainty-asserted"], (claim, exact)
        assert one(g, claim, VPO.hasFrequency) == VPO[often.pop() if often else "frequency-unspecified"], (claim, exact)
        hedged.update(cues)
    assert hedged == set(HEDGES)  # every hedge of the source is quoted by some claim


def test_hedge_words_are_the_words_of_the_quote(release_graph: rdflib.Graph) -> None:
    g = release_graph
    checked = 0
    for claim in claims(g):
        quote, _ = quote_and_position(g, claim)
        exact = str(one(g, quote, OA.exact))
        words = [str(w) for w in g.objects(claim, VPO.hedgeWords)]
        for word in words:
            assert re.search(rf"\b{re.escape(word)}\b", exact), f"{claim}: hedge {word!r} is not in its quote"
            checked += 1
        hedged = (one(g, claim, VPO.hasCertainty), one(g, claim, VPO.hasFrequency)) != (
            VPO["certainty-asserted"],
            VPO["frequency-unspecified"],
        )
        assert bool(words) == hedged, f"{claim}: a hedged claim names its hedge words, an unhedged one none"
    assert checked == 11
    assert {str(w) for w in g.objects(VKG["claim-26"], VPO.hedgeWords)} == {"In most cases", "seem to"}


STRENGTHENING = ("only", "always", "all", "every", "never", "proven", "certainly")


def strengthened(label: str, quote: str) -> set[str]:
    """The strengthening words that ``label`` has and ``quote`` does not."""
    label_words = set(re.findall(r"[a-z]+", label.lower()))
    quote_words = set(re.findall(r"[a-z]+", quote.lower()))
    return {word for word in STRENGTHENING if word in label_words and word not in quote_words}


def test_no_claim_label_is_stronger_than_its_quote(release_graph: rdflib.Graph) -> None:
    g = release_graph
    checked = 0
    for claim in claims(g):
        quote, _ = quote_and_position(g, claim)
        added = strengthened(str(one(g, claim, RDFS.label)), str(one(g, quote, OA.exact)))
        assert not added, f"{claim}: the label says {sorted(added)}, the quote does not"
        checked += 1
    assert checked == EXPECTED_CLAIMS


def test_the_strength_check_catches_the_label_claim_27_had(release_graph: rdflib.Graph) -> None:
    quote, _ = quote_and_position(release_graph, VKG["claim-27"])
    old_label = "vertebroplasty should be done only on fractures less than eight weeks old"
    assert strengthened(old_label, str(one(release_graph, quote, OA.exact))) == {"only"}


def test_suggestion_of_some_doctors_is_theirs(release_graph: rdflib.Graph) -> None:
    g = release_graph
    theirs = set(g.subjects(PROV.wasAttributedTo, VKG["some-doctors"]))
    assert len(theirs) == 1
    (claim,) = theirs
    assert one(g, claim, VPO.claimObject) == VPO.RecentVertebralFracture
    assert one(g, claim, VPO.hasCertainty) == VPO["certainty-suggested-by-some"]


def conflicts(g: rdflib.Graph) -> dict[rdflib.term.Node, frozenset[rdflib.term.Node]]:
    return {node: frozenset(g.objects(node, VPO.conflictingClaim)) for node in g.subjects(RDF.type, VPO.ClaimConflict)}


BENEFITS = [
    "claim-16",
    "claim-17",
    "claim-18",
    "claim-19",
    "claim-20",
]  # unhedged: mobility, narcotics, collapse, pain, daily life
EXPECTED_CONFLICTS = {
    *(frozenset({VKG[benefit], VKG["claim-25"]}) for benefit in BENEFITS),  # "success ... is in dispute"
    *(frozenset({VKG[benefit], VKG["claim-26"]}) for benefit in BENEFITS),  # "in most cases ... no benefit"
    frozenset({VKG["claim-01"], VKG["claim-23"]}),  # minimally invasive / open spinal surgery
    frozenset({VKG["claim-07"], VKG["claim-23"]}),  # through the skin / open spinal surgery
    frozenset({VKG["claim-05"], VKG["claim-24"]}),  # injected / sometimes placed by hand
}


def test_conflicts_are_the_real_ones_each_with_a_reason(release_graph: rdflib.Graph) -> None:
    g = release_graph
    found = conflicts(g)
    assert len(found) == len(EXPECTED_CONFLICTS) == 13
    assert set(found.values()) == EXPECTED_CONFLICTS
    for node, pair in found.items():
        assert len(pair) == 2 and all((claim, RDF.type, VPO.Claim) in g for claim in pair)
        (reason,) = g.objects(node, SKOS.note)
        assert str(reason).endswith(".") and len(str(reason).split()) >= 12, f"{node}: no one-sentence reason"
        numbers = sorted(int(str(claim).rsplit("-", 1)[1]) for claim in pair)
        assert all(f"laim {n}" in str(reason) for n in numbers), f"{node}: the reason names other claims"


def test_the_dispute_conflicts_with_unhedged_benefit_claims(release_graph: rdflib.Graph) -> None:
    g = release_graph
    disputed = VKG["claim-25"]
    assert one(g, disputed, VPO.hasCertainty) == VPO["certainty-disputed"]
    partners = {claim for pair in conflicts(g).values() if disputed in pair for claim in pair - {disputed}}
    assert len(partners) == len(BENEFITS)
    for claim in partners:
        assert one(g, claim, VPO.claimRelation) == VPO["relation-brings-about"]
        assert one(g, claim, VPO.hasCertainty) == VPO["certainty-asserted"]
        assert one(g, claim, VPO.hasFrequency) == VPO["frequency-unspecified"]


def test_being_used_for_a_fracture_does_not_conflict_with_no_benefit(release_graph: rdflib.Graph) -> None:
    used = VKG["claim-14"]  # "used for both osteoporotic as well as malignant fracture"
    assert not any(used in pair for pair in conflicts(release_graph).values())
    assert not list(release_graph.subject_objects(VPO.conflictsWith))  # the obsolete direct link is gone


def test_negative_claims_are_recorded(release_graph: rdflib.Graph) -> None:
    negative = set(release_graph.subjects(VPO.claimRelation, VPO["relation-no-benefit-for"])) & set(
        claims(release_graph)
    )
    assert negative == {VKG["claim-10"], VKG["claim-26"]}


def test_the_metastatic_fracture_claim_is_an_example_of_the_comorbidity_claim(release_graph: rdflib.Graph) -> None:
    g = release_graph
    example = VKG["claim-29"]
    assert one(g, example, VPO.claimSubject) == VPO.MetastaticVertebralFracture
    assert one(g, example, VPO.exampleOf) == VKG["claim-28"]
    assert one(g, VKG["claim-28"], VPO.claimSubject) == VPO.DetrimentalComorbidDisorder


def test_the_aim_and_the_kinds_of_procedure_the_source_names_are_claims(release_graph: rdflib.Graph) -> None:
    g = release_graph
    stated = {
        (
            one(g, claim, VPO.claimRelation),
            one(g, claim, VPO.claimObject),
            str(one(g, quote_and_position(g, claim)[0], OA.exact)),
        )
        for claim in claims(g)
        if one(g, claim, VPO.claimSubject) == VPO.Vertebroplasty
    }
    aim = "This procedure is done with the main aim of providing respite to the condition of the patient"
    assert (VPO["relation-aims-at"], VPO.ClinicalBenefit, aim) in stated
    assert (VPO["relation-is-a"], VPO.SurgicalProcedure, "In this surgical procedure") in stated
    assert (VPO["relation-is-a"], VPO.SpinalSurgery, "back operation") in stated
    assert (VPO["relation-is-a"], VPO.TherapeuticProcedure, "This treatment option") in stated
