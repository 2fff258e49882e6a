"""The evidence layer (evidence/): verified publications only, the links the issue names, the
eight-week gap, the source's claims unchanged, and ``vkg load`` keeping it in a graph of its own."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from support.project_copies import copy_project
from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.errors import InputError
from vertebroplasty_kg.inputs.evidence import read_publications
from vertebroplasty_kg.project import Project
from vertebroplasty_kg.release.assembly import assemble, read_inputs
from vertebroplasty_kg.stores.release_load import evidence_graph, load

VPO = rdflib.Namespace("https://w3id.org/vertebroplasty-kg/vpo/")
VKG = rdflib.Namespace("https://w3id.org/vertebroplasty-kg/kg/")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"
DOI = "https://doi.org/"


def rows(root: Path) -> list[dict[str, str]]:
    with (root / "evidence" / "publications.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def verified_identifiers(root: Path) -> set[str]:
    found: set[str] = set()
    for row in rows(root):
        for key, prefix in (("pmid", PUBMED), ("doi", DOI), ("url", "")):
            if row[key]:
                assert row[f"{key}_mark"] in {"V", "S"}, f"{row['id']}: {key} marked {row[f'{key}_mark']!r}"
                found.add(prefix + row[key])
    return found


def test_every_identifier_is_marked_v_or_s(root: Path) -> None:
    for row in rows(root):
        assert row["mark"] in {"V", "S"}, row["id"]
        assert row["pmid"] or row["doi"] or row["url"], f"{row['id']} has no identifier"
        for key in ("pmid", "doi", "url"):
            assert bool(row[key]) == bool(row[f"{key}_mark"]), f"{row['id']}: {key} and its mark"
            if row[key]:
                assert row[f"{key}_mark"] in {"V", "S"}


def test_unverified_identifiers_stay_out(root: Path) -> None:
    """evidence.md marks these UNVERIFIED: Wardlaw 2009's PMID, Cochrane pub3's PMID."""
    identifiers = verified_identifiers(root)
    assert PUBMED + "19246088" not in identifiers
    assert PUBMED + "29618171" not in identifiers


def test_a_row_with_an_unverified_mark_is_refused(tmp_path: Path, root: Path) -> None:
    text = (root / "evidence" / "publications.tsv").read_text(encoding="utf-8")
    broken = tmp_path / "publications.tsv"
    broken.write_text(text.replace("\t19657121\tV\t", "\t19657121\tUNVERIFIED\t", 1), encoding="utf-8")
    with pytest.raises(InputError, match="mark 'UNVERIFIED'"):
        read_publications(broken)


def test_every_publication_iri_in_the_release_is_a_verified_row(root: Path, release_graph: rdflib.Graph) -> None:
    identifiers = verified_identifiers(root)
    used = {str(t) for t in release_graph.all_nodes() if str(t).startswith((PUBMED, DOI))}
    assert used, "no PubMed or DOI IRI in the release"
    assert used <= identifiers, sorted(used - identifiers)
    for claim in release_graph.subjects(RDF.type, VPO.EvidenceClaim):
        publications = set(release_graph.objects(claim, PROV.wasDerivedFrom))
        assert publications, claim
        for publication in publications:
            assert str(publication) in identifiers, (claim, publication)
            assert (publication, RDF.type, DCTERMS.BibliographicResource) in release_graph
            assert (publication, RDFS.label, None) in release_graph


def links(g: rdflib.Graph) -> set[tuple[str, str, str]]:
    found = set()
    for link in g.subjects(RDF.type, VPO.EvidenceLink):
        finding = str(g.value(link, VPO.evidenceClaim)).rsplit("/finding-", 1)[1]
        claim = str(g.value(link, VPO.sourceClaim)).rsplit("/", 1)[1]
        relation = str(g.value(link, VPO.linkRelation)).rsplit("/evidence-", 1)[1]
        assert len(str(g.value(link, SKOS.note))) > 20
        found.add((finding, relation, claim))
    return found


@pytest.mark.parametrize(
    ("finding", "relation", "claim"),
    [
        *[(f, "contradicts", "claim-19") for f in ("buchbinder2009-pain", "kallmes2009-pain", "firanescu2018-pain")],
        ("cochrane2018-no-benefit", "contradicts", "claim-19"),
        *[(f, "supports", "claim-25") for f in ("buchbinder2009-pain", "kallmes2009-pain", "firanescu2018-pain")],
        ("cochrane2018-no-benefit", "supports", "claim-25"),
        *[
            (f, "supports", c)
            for f in ("buchbinder2009-pain", "cochrane2018-no-benefit")
            for c in ("claim-10", "claim-26")
        ],
        ("clark2016-pain", "qualifies", "claim-19"),
        ("klazen2010-height-loss", "supports", "claim-18"),
        ("firanescu2019-height-loss", "supports", "claim-18"),
        ("nice-cg75-malignant", "supports", "claim-15"),
        ("papanastassiou2012-timing", "qualifies", "claim-27"),
        ("nice-ta279-criteria", "qualifies", "claim-27"),
        ("clark2016-pain", "qualifies", "claim-27"),
    ],
)
def test_the_named_links_exist(release_graph: rdflib.Graph, finding: str, relation: str, claim: str) -> None:
    assert (finding, relation, claim) in links(release_graph)


def test_the_aims_are_not_judged_as_outcomes(release_graph: rdflib.Graph) -> None:
    aims = {c for _, _, c in links(release_graph) if c in {"claim-08", "claim-09", "claim-12", "claim-30"}}
    assert not aims


def test_new_fractures_are_not_more_frequent(release_graph: rdflib.Graph) -> None:
    for finding in ("klazen2010-new-fractures", "firanescu2019-new-fractures"):
        node = VKG["finding-" + finding]
        assert release_graph.value(node, VPO.claimRelation) == VPO["relation-no-increase-in"]
        assert release_graph.value(node, VPO.proportionIntervention) or release_graph.value(node, VPO.pValue)


def test_the_eight_week_claim_is_qualified_and_has_no_direct_source(release_graph: rdflib.Graph) -> None:
    relations = {r for _, r, c in links(release_graph) if c == "claim-27"}
    assert "qualifies" in relations and "supports" not in relations
    gaps = set(release_graph.subjects(VPO.sourceClaim, VKG["claim-27"])) & set(
        release_graph.subjects(RDF.type, VPO.EvidenceGap)
    )
    assert len(gaps) == 1
    note = str(release_graph.value(gaps.pop(), SKOS.note))
    assert "No published source" in note and "eight weeks" in note


def source_claim_triples(triples: list[ox.Triple]) -> list[str]:
    """Every triple about vkg:claim-01..34 and their anchor and selectors, as N-Triples lines."""
    pattern = re.compile(r"^https://w3id\.org/vertebroplasty-kg/kg/claim-[0-9]{2}(-(anchor|quote|position))?$")
    return sorted(str(t) for t in triples if isinstance(t.subject, ox.NamedNode) and pattern.match(t.subject.value))


def test_the_source_claims_are_unchanged_by_the_evidence(tmp_path: Path, root: Path) -> None:
    without = copy_project(root, tmp_path / "without", without=("evidence",))
    before = source_claim_triples(list(assemble(read_inputs(Project.at(without))).triples))
    after = source_claim_triples(list(assemble(read_inputs(Project.at(root))).triples))
    assert len(before) > 34 * 10
    assert before == after


def test_load_puts_the_evidence_in_its_own_graph(tmp_path: Path, root: Path) -> None:
    store = tmp_path / "store"
    report = load(Project.at(root), store=store)
    opened = ox.Store(str(store))
    evidence = ox.NamedNode(evidence_graph(report.graph))
    main = ox.NamedNode(report.graph)
    finding = ox.NamedNode(str(VKG["finding-buchbinder2009-pain"]))
    claim = ox.NamedNode(str(VKG["claim-19"]))
    assert list(opened.quads_for_pattern(finding, None, None, evidence))
    assert not list(opened.quads_for_pattern(finding, None, None, main))
    assert list(opened.quads_for_pattern(claim, None, None, main))
    assert not list(opened.quads_for_pattern(claim, None, None, evidence))


def test_a_graph_chosen_alone_says_that_its_evidence_is_left_out(tmp_path: Path, root: Path) -> None:
    """`vkg query --store DIR --graph G` asks G alone; when `vkg load` put evidence beside it, the
    answers about evidence differ from the default's (G and its evidence merged), and a note says so."""
    store = tmp_path / "store"
    graph = load(Project.at(root), store=store).graph
    runner = CliRunner()
    args = ["--root", str(root), "query", "claims-without-evidence", "--store", str(store), "-f", "tsv"]
    both = runner.invoke(main, args)
    alone = runner.invoke(main, [*args, "--graph", graph])
    assert both.exit_code == 0 and alone.exit_code == 0, both.stderr + alone.stderr
    assert len(alone.stdout.splitlines()) > len(both.stdout.splitlines()) > 5  # claims whose evidence is left out
    assert "note:" not in both.stderr
    assert alone.stderr.splitlines() == [
        f"note: --graph queries <{graph}> alone; the evidence beside it, in <{evidence_graph(graph)}>, is left out "
        "(leave --graph out to query both, as vkg load put them)"
    ]
    evidence = runner.invoke(main, [*args, "--graph", evidence_graph(graph)])
    assert evidence.exit_code == 0 and "note:" not in evidence.stderr  # nothing beside the evidence graph
