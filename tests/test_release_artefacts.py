"""The ODK-style artefacts: base (asserted only), simple (named class hierarchy), and the full release;
read back exactly by rdflib and pyoxigraph, and opened by the tools OBO users have: pronto and owlready2."""

from __future__ import annotations

import warnings
from pathlib import Path

import owlready2
import pronto
import pyoxigraph as ox
import pytest
import rdflib

from support.graphs import canonical, same_graph
from vertebroplasty_kg.namespaces import OWL, RDF, RDFS, VPO
from vertebroplasty_kg.release.assembly import ReleaseGraph

IS_INFERRED = ox.NamedNode("http://www.geneontology.org/formats/oboInOwl#is_inferred")
TYPE = ox.NamedNode(RDF + "type")
SUBCLASS_OF = ox.NamedNode(RDFS + "subClassOf")
VERSION_IRI = ox.NamedNode(OWL + "versionIRI")
RELEASES = "https://w3id.org/vertebroplasty-kg/releases/0.1.0/"
OWL_FILES = ["vertebroplasty-kg.owl", "vertebroplasty-kg-base.owl", "vertebroplasty-kg-simple.owl"]
TURTLE_OF = {
    "vertebroplasty-kg.owl": "vertebroplasty-kg.ttl",
    "vertebroplasty-kg-base.owl": "vertebroplasty-kg-base.ttl",
    "vertebroplasty-kg-simple.owl": None,  # no Turtle: compared with the artefact as the API assembles it
}


def read(path: Path) -> list[ox.Triple]:
    fmt = ox.RdfFormat.from_extension(path.suffix[1:] if path.suffix != ".owl" else "rdf")
    assert fmt is not None
    return [quad.triple for quad in ox.parse(path=path, format=fmt)]


def expected(release_dir: Path, release: ReleaseGraph, name: str) -> list[ox.Triple]:
    turtle = TURTLE_OF[name]
    return read(release_dir / turtle) if turtle else release.simple()


def iri(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return term.value if isinstance(term, ox.NamedNode) else ""


def typed(triples: list[ox.Triple] | tuple[ox.Triple, ...], kind: str) -> set[str]:
    """The IRIs that ``triples`` type as ``kind``."""
    return {iri(t.subject) for t in triples if t.predicate == TYPE and iri(t.object) == kind} - {""}


def marks(triples: list[ox.Triple]) -> set[ox.NamedNode | ox.BlankNode | ox.Triple]:
    return {t.subject for t in triples if t.predicate == IS_INFERRED}


@pytest.mark.parametrize("name", OWL_FILES)
def test_pyoxigraph_reads_each_owl_file_as_the_turtle_of_its_artefact(
    release_dir: Path, release: ReleaseGraph, name: str
) -> None:
    triples, wanted = read(release_dir / name), expected(release_dir, release, name)
    assert len(triples) == len(wanted) > 300
    assert canonical(triples) == canonical(wanted)


@pytest.mark.parametrize("name", OWL_FILES)
def test_rdflib_reads_each_owl_file_as_the_turtle_of_its_artefact(
    release_dir: Path, release: ReleaseGraph, name: str
) -> None:
    graph = rdflib.Graph().parse(release_dir / name, format="xml")
    wanted = expected(release_dir, release, name)
    assert len(graph) == len(wanted) > 300
    assert same_graph(graph, wanted)


def test_the_full_release_holds_every_inferred_link_and_its_mark(release_dir: Path, release: ReleaseGraph) -> None:
    full = set(read(release_dir / "vertebroplasty-kg.ttl"))
    links = set(read(release_dir / "vertebroplasty-kg-inferred.ttl"))
    assert len(links) == len(release.inferred) > 10
    assert links <= full
    assert len(marks(list(full))) == len(links)


def test_the_base_holds_no_inferred_link_and_no_mark(release_dir: Path) -> None:
    for name in ("vertebroplasty-kg-base.ttl", "vertebroplasty-kg-base.owl"):
        base = read(release_dir / name)
        links = set(read(release_dir / "vertebroplasty-kg-inferred.ttl"))
        assert not links & set(base), name
        assert not marks(base), name
        assert all(IS_INFERRED not in (t.subject, t.predicate, t.object) for t in base), name
        targets = {(t.subject, t.object) for t in base if t.predicate.value == OWL + "annotatedTarget"}
        assert len(targets) > 50  # the axiom annotations that give sources stay
        sources = {t.subject: t.object for t in base if t.predicate.value == OWL + "annotatedSource"}
        assert not {ox.Triple(sources[axiom], SUBCLASS_OF, target) for axiom, target in targets} & links, name  # type: ignore[arg-type]


def test_the_base_is_the_full_release_without_the_inferred_links_and_their_marks(release_dir: Path) -> None:
    full = read(release_dir / "vertebroplasty-kg.ttl")
    links = set(read(release_dir / "vertebroplasty-kg-inferred.ttl"))
    marked = marks(full)
    assert len(marked) == len(links)
    rest = [t for t in full if t not in links and t.subject not in marked and t.subject != IS_INFERRED]
    assert len(full) - len(rest) == len(links) * 6 + 1  # each link, its owl:Axiom (5 triples), the declaration
    version = [t for t in rest if t.predicate == VERSION_IRI]
    assert [iri(t.object) for t in version] == [RELEASES + "vertebroplasty-kg.owl"]
    rest = [t for t in rest if t.predicate != VERSION_IRI]
    rest.append(ox.Triple(version[0].subject, VERSION_IRI, ox.NamedNode(RELEASES + "vertebroplasty-kg-base.owl")))
    assert canonical(rest) == canonical(read(release_dir / "vertebroplasty-kg-base.ttl"))


@pytest.mark.parametrize(
    "name", ["vertebroplasty-kg.owl", "vertebroplasty-kg-base.owl", "vertebroplasty-kg-simple.owl"]
)
def test_each_artefact_names_its_own_file_in_its_version_iri(release_dir: Path, name: str) -> None:
    versions = [t for t in read(release_dir / name) if t.predicate == VERSION_IRI]
    assert [(iri(t.subject), iri(t.object)) for t in versions] == [
        ("https://w3id.org/vertebroplasty-kg/ontology", RELEASES + name)
    ]


def test_the_simple_file_holds_every_named_class_and_its_named_hierarchy(release_dir: Path) -> None:
    full = read(release_dir / "vertebroplasty-kg.ttl")
    simple = read(release_dir / "vertebroplasty-kg-simple.owl")
    named = typed(full, OWL + "Class")
    assert len(named) > 70
    assert typed(simple, OWL + "Class") == named
    hierarchy = {t for t in full if t.predicate == SUBCLASS_OF and iri(t.subject) in named and iri(t.object) in named}
    assert {t for t in simple if t.predicate == SUBCLASS_OF} == hierarchy
    assert set(read(release_dir / "vertebroplasty-kg-inferred.ttl")) <= hierarchy
    assert not [t for t in simple if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)]
    assert {iri(t.object) for t in simple if t.predicate == TYPE} == {
        OWL + "Ontology",
        OWL + "Class",
        OWL + "AnnotationProperty",
    }


def vpo_classes(release: ReleaseGraph, *, obsolete: bool) -> set[str]:
    deprecated = {iri(t.subject) for t in release.triples if iri(t.predicate) == OWL + "deprecated"}
    return {c for c in typed(release.triples, OWL + "Class") if c.startswith(VPO) and (c in deprecated) == obsolete}


@pytest.mark.parametrize("name", OWL_FILES)
def test_pronto_loads_every_owl_file_with_every_class_and_its_definition(
    release_dir: Path, release: ReleaseGraph, name: str
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pronto warns about every OWL axiom the OBO model has no place for
        ontology = pronto.Ontology(release_dir / name)
    current = vpo_classes(release, obsolete=False)
    assert len(current) > 60
    terms = {term.id: term for term in ontology.terms()}
    assert current <= set(terms)
    assert [iri for iri in sorted(current) if not terms[iri].definition] == []
    assert [iri for iri in sorted(current) if not terms[iri].name] == []
    assert all(terms[iri].obsolete for iri in vpo_classes(release, obsolete=True))
    assert ontology.metadata.data_version == RELEASES + name


@pytest.mark.parametrize(("name", "individuals"), [(OWL_FILES[0], True), (OWL_FILES[1], True), (OWL_FILES[2], False)])
def test_owlready2_lists_the_individuals_each_owl_file_declares(
    release_dir: Path, name: str, individuals: bool
) -> None:
    declared = typed(read(release_dir / name), OWL + "NamedIndividual")
    assert bool(declared) == individuals
    world = owlready2.World()
    try:
        world.get_ontology((release_dir / name).as_uri()).load()
        found = [individual.iri for individual in world.individuals()]
        assert len(found) == len(declared)
        # owlready2 drops the trailing "/" of an IRI (the references that are web pages)
        assert set(found) == {iri.rstrip("/") for iri in declared}
        assert len(list(world.classes())) > 70
    finally:
        world.close()
