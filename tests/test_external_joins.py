"""Joining across terminologies through the mappings.

``queries/cq/concept-by-external-code.rq`` takes a code of MeSH, ICD-10-CM, HPO... and finds our concepts
and the claims about them; ``queries/cq/phenotypes-of-indications.rq`` answers a question over the release
and a fragment of the real HPO (the mapped terms and their ancestors, made from the HPO release built
into ``hpo3`` at test time) loaded next to it. Expected rows are worked out from the triples and the mapping set
directly, not by another query.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDFS
from rdflib.query import ResultRow

from support.mapping_sources import ROOT, hpo, hpo_terms, mapping_set, prefix_of
from vertebroplasty_kg.namespaces import OWL, RDF, VKG, VPO

CQ = ROOT / "queries" / "cq"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OBO = "http://purl.obolibrary.org/obo/"
HP_ONTOLOGY = ox.NamedNode(OBO + "hp.owl")
MESH_VERTEBROPLASTY = "http://id.nlm.nih.gov/mesh/D054854"
V = rdflib.Namespace(VPO)

Row = tuple[str | None, ...]


@pytest.fixture(scope="module")
def release_store(release_dir: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=release_dir / "vertebroplasty-kg.nt", format=ox.RdfFormat.N_TRIPLES)
    return store


def value(term: object) -> str | None:
    return None if term is None else str(getattr(term, "value", term))


def run(store: ox.Store, name: str, variables: list[str], **options: object) -> list[Row]:
    query = (CQ / name).read_text(encoding="utf-8")
    solutions = store.query(query, **options)  # type: ignore[arg-type]
    assert isinstance(solutions, ox.QuerySolutions)
    return [tuple(value(solution[v]) for v in variables) for solution in solutions]


# --- concept by external code ----------------------------------------------------------------------

CODE_COLUMNS = ["code", "external", "match", "concept", "role", "claim", "certainty"]


def claims_about(graph: rdflib.Graph, concept: rdflib.URIRef) -> Iterator[tuple[str, str, str]]:
    """(role, claim, certainty label) of every claim whose subject or object is ``concept``."""
    for role, predicate in (("subject", V.claimSubject), ("object", V.claimObject)):
        for claim in graph.subjects(predicate, concept):
            certainty = graph.value(graph.value(claim, V.hasCertainty), rdflib.SKOS.prefLabel)
            yield role, str(claim), str(certainty)


def expected_for(graph: rdflib.Graph, code: str, bound: bool) -> set[Row]:
    ms = mapping_set()
    rows: set[Row] = set()
    for mapping in ms.mappings:
        if ms.expand(mapping.object_id) != code:
            continue
        concept = ms.expand(mapping.subject_id)
        head = (code if bound else None, code, ms.expand(mapping.predicate_id), concept)
        claims = list(claims_about(graph, rdflib.URIRef(concept)))
        rows |= {(*head, *claim) for claim in claims} if claims else {(*head, None, None, None)}
    return rows


def test_left_unbound_the_code_is_the_mesh_descriptor_for_vertebroplasty(
    release_store: ox.Store, release_graph: rdflib.Graph
) -> None:
    rows = run(release_store, "concept-by-external-code.rq", CODE_COLUMNS)
    assert set(rows) == expected_for(release_graph, MESH_VERTEBROPLASTY, bound=False)
    assert len(rows) == len(set(rows)) == 54  # 34 claims of the source, 20 of the evidence layer
    concepts = {row[3] for row in rows}
    assert concepts == {
        VPO + n for n in ("Vertebroplasty", "PercutaneousVertebroplasty", "OpenVertebroplasty", "VertebralAugmentation")
    }
    # the source's doubt comes through: in most cases patients with osteoporotic fractures seem to find no benefit
    assert (
        None,
        MESH_VERTEBROPLASTY,
        SKOS + "broadMatch",
        VPO + "Vertebroplasty",
        "subject",
        VKG + "claim-26",
        "apparent",
    ) in rows


CODES = {
    "MeSH Vertebroplasty": (MESH_VERTEBROPLASTY, 54),
    "MeSH Kyphoplasty": ("http://id.nlm.nih.gov/mesh/D058498", 2),
    "ICD-10-CM M80.08": ("http://purl.bioontology.org/ontology/ICD10CM/M80.08", 9),
    "ICD-10-CM M54.2": ("http://purl.bioontology.org/ontology/ICD10CM/M54.2", 1),
    "HPO HP:0002953": (OBO + "HP_0002953", 5),
    "SNOMED CT 42942008": ("http://snomed.info/id/42942008", 4),
    "unmapped code": ("http://id.nlm.nih.gov/mesh/D000001", 0),
}


@pytest.mark.parametrize("name", sorted(CODES))
def test_a_bound_code_finds_its_concepts_and_their_claims(
    release_store: ox.Store, release_graph: rdflib.Graph, name: str
) -> None:
    code, count = CODES[name]
    substitutions = {ox.Variable("code"): ox.NamedNode(code)}
    rows = run(release_store, "concept-by-external-code.rq", CODE_COLUMNS, substitutions=substitutions)
    assert set(rows) == expected_for(release_graph, code, bound=True)
    assert len(rows) == count


def test_rdflib_initial_bindings_give_the_same_rows(release_store: ox.Store, release_graph: rdflib.Graph) -> None:
    code = "http://purl.bioontology.org/ontology/ICD10CM/M80.08"
    query = (CQ / "concept-by-external-code.rq").read_text(encoding="utf-8")
    result = release_graph.query(query, initBindings={"code": rdflib.URIRef(code)})
    rows = set()
    for row in result:
        assert isinstance(row, ResultRow)
        rows.add(tuple(value(row.asdict().get(v)) for v in CODE_COLUMNS))
    substitutions = {ox.Variable("code"): ox.NamedNode(code)}
    assert rows == set(run(release_store, "concept-by-external-code.rq", CODE_COLUMNS, substitutions=substitutions))
    assert len(rows) == 9


# --- a question across the release and the HPO --------------------------------------------------------


def hpo_fragment() -> list[ox.Quad]:
    """The HPO terms the mapping set uses and all their ancestors, as OWL classes in the graph <obo:hp.owl>."""
    terms = hpo_terms()
    wanted = [row.object_id for row in mapping_set().mappings if prefix_of(row.object_id) == "HP"]
    seen: set[str] = set()
    while wanted:
        curie = wanted.pop()
        if curie not in seen:
            seen.add(curie)
            wanted += terms[curie].parents

    def iri(curie: str) -> ox.NamedNode:
        return ox.NamedNode(OBO + curie.replace(":", "_"))

    triples = [
        ox.Triple(HP_ONTOLOGY, ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "Ontology")),
        ox.Triple(HP_ONTOLOGY, ox.NamedNode(OWL + "versionInfo"), ox.Literal(hpo().version)),
    ]
    for curie in sorted(seen):
        term = terms[curie]
        triples.append(ox.Triple(iri(curie), ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "Class")))
        triples.append(ox.Triple(iri(curie), ox.NamedNode(str(RDFS.label)), ox.Literal(term.name)))
        for parent in term.parents:
            triples.append(ox.Triple(iri(curie), ox.NamedNode(str(RDFS.subClassOf)), iri(parent)))
    return [ox.Quad(t.subject, t.predicate, t.object, HP_ONTOLOGY) for t in triples]


PHENOTYPE_COLUMNS = ["condition", "certainty", "match", "phenotype", "phenotypeLabel"]


def expected_phenotypes(graph: rdflib.Graph, with_labels: bool) -> set[Row]:
    ms = mapping_set()
    labels = hpo().labels
    rows: set[Row] = set()
    for claim in graph.subjects(V.claimRelation, V["relation-done-for"]):
        if graph.value(claim, V.claimSubject) != V.Vertebroplasty:
            continue
        condition = graph.value(claim, V.claimObject)
        certainty = str(graph.value(graph.value(claim, V.hasCertainty), rdflib.SKOS.prefLabel))
        for m in ms.mappings:
            if (
                ms.expand(m.subject_id) == str(condition)
                and prefix_of(m.object_id) == "HP"
                and m.predicate_id != "skos:relatedMatch"
            ):
                label = labels[m.object_id] if with_labels else None
                rows.add((str(condition), certainty, ms.expand(m.predicate_id), ms.expand(m.object_id), label))
    return rows


def test_hpo_phenotypes_of_the_conditions_vertebroplasty_is_done_for(
    release_store: ox.Store, release_graph: rdflib.Graph, release_dir: Path
) -> None:
    alone = run(release_store, "phenotypes-of-indications.rq", PHENOTYPE_COLUMNS)
    assert set(alone) == expected_phenotypes(release_graph, with_labels=False)
    assert all(row[4] is None for row in alone), "the release alone holds no HPO labels"

    store = ox.Store()
    store.load(path=release_dir / "vertebroplasty-kg.nt", format=ox.RdfFormat.N_TRIPLES)
    fragment = hpo_fragment()
    store.extend(fragment)
    assert 40 < len(fragment) < 400, "a fragment, not the whole HPO"
    rows = run(store, "phenotypes-of-indications.rq", PHENOTYPE_COLUMNS, use_default_graph_as_union=True)
    assert set(rows) == expected_phenotypes(release_graph, with_labels=True)
    assert len(rows) == len(set(rows)) == 5
    assert (
        VPO + "VertebralCompressionFracture",
        "asserted",
        SKOS + "exactMatch",
        OBO + "HP_0002953",
        "Vertebral compression fracture",
    ) in rows
    assert {row[0] for row in rows} == {
        VPO + n
        for n in (
            "VertebralCompressionFracture",
            "OsteoporoticVertebralCompressionFracture",
            "MalignantVertebralCompressionFracture",
        )
    }
