"""``vkg build`` puts the mappings into the release as SKOS triples (and exact matches as OBO
cross-references), copies the mapping set into dist/, and stops with file:line and a hint on a
malformed mapping set, leaving the previous release as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, SKOS

from support.mapping_sources import MAPPING_SET, ROOT, mapping_set
from support.project_copies import copy_project, vkg
from vertebroplasty_kg.inputs.mappings import (
    DUPLICATE_MAPPING,
    MAPPING_PREDICATES,
    duplicate_mapping_findings,
    read_mapping_set,
)

HAS_DB_XREF = rdflib.URIRef("http://www.geneontology.org/formats/oboInOwl#hasDbXref")
SHOWN = "mappings/vertebroplasty-kg.sssom.tsv"


def test_every_mapping_is_one_skos_triple_of_the_release(release_graph: rdflib.Graph) -> None:
    ms = mapping_set()
    expected = {
        (
            rdflib.URIRef(ms.expand(r.subject_id)),
            rdflib.URIRef(ms.expand(r.predicate_id)),
            rdflib.URIRef(ms.expand(r.object_id)),
        )
        for r in ms.mappings
    }
    found = {t for p in MAPPING_PREDICATES for t in release_graph.triples((None, rdflib.URIRef(p), None))}
    assert found == expected
    assert len(found) == len(ms) == 133


def test_exact_matches_are_also_obo_cross_references(release_graph: rdflib.Graph) -> None:
    ms = mapping_set()
    exact = {
        (rdflib.URIRef(ms.expand(r.subject_id)), rdflib.Literal(r.object_id))
        for r in ms.mappings
        if r.predicate_id == "skos:exactMatch"
    }
    xrefs = {(s, o) for s, _, o in release_graph.triples((None, HAS_DB_XREF, None))}
    assert xrefs == exact
    assert len(xrefs) == 29


def test_mapping_properties_are_annotation_properties_and_objects_stay_external(release_graph: rdflib.Graph) -> None:
    for prop in [*MAPPING_PREDICATES, str(HAS_DB_XREF)]:
        types = set(release_graph.objects(rdflib.URIRef(prop), RDF.type))
        assert types == {OWL.AnnotationProperty}, f"{prop} is typed {types}"
    objects = set(release_graph.objects(None, SKOS.exactMatch)) | set(release_graph.objects(None, SKOS.narrowMatch))
    for obj in objects:
        assert not set(release_graph.predicate_objects(obj)), f"the release says something about {obj}"


def test_the_release_holds_a_byte_copy_of_the_mapping_set(release_dir: Path) -> None:
    assert (release_dir / MAPPING_SET.name).read_bytes() == MAPPING_SET.read_bytes()


# --- malformed mapping sets ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory: pytest.TempPathFactory, release_dir: Path) -> Path:
    """A copy of the project with its release in ``dist/``, to be copied again and broken."""
    return copy_project(ROOT, tmp_path_factory.mktemp("mappings") / "project", release=release_dir)


def line_of(text: str, needle: str) -> int:
    (index,) = [i for i, line in enumerate(text.splitlines()) if needle in line]
    return index + 1


ROW = "vpo:BoneCement\tbone cement\tskos:exactMatch\tmesh:D001843"
BREAKAGES = {
    "predicate": (ROW, ROW.replace("skos:exactMatch", "skos:similarMatch"), "is not a SKOS mapping relation"),
    "prefix": (ROW, ROW.replace("mesh:D001843", "MSH:D001843"), "prefix 'MSH' is not in the curie_map"),
    "subject": (ROW, ROW.replace("vpo:BoneCement", "vpo:BoneCemant"), "is not a class of the ontology"),
    "cells": (ROW, ROW.replace("\tbone cement", ""), "8 cells, but the header has 9 columns"),
    "not a curie": (ROW, ROW.replace("mesh:D001843", "D001843"), "is not a CURIE"),
    "yaml": (
        "# mapping_set_version: 0.1.0",
        "# mapping_set_version: [0.1.0",
        "while parsing a flow sequence started on line",
    ),
    "namespace": (ROW, ROW.replace("vpo:BoneCement", "mesh:D001843", 1), "is not a term of this ontology"),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_a_malformed_mapping_set_stops_the_build_with_file_line_and_hint(
    built_copy: Path, tmp_path: Path, case: str
) -> None:
    project = tmp_path / "project"
    shutil.copytree(built_copy, project)
    needle, replacement, message = BREAKAGES[case]
    path = project / SHOWN
    text = path.read_text(encoding="utf-8")
    line = line_of(text, needle)
    path.write_text(text.replace(needle, replacement, 1), encoding="utf-8")
    before = {str(p): p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()}
    result = vkg("--root", str(project), "build")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {SHOWN}:"), result.stderr
    if case == "yaml":  # the parser notices on the next line, and names the line where the sequence began
        assert f"{SHOWN}:{line + 1}: YAML header:" in result.stderr and f"started on line {line})" in result.stderr
    else:
        assert f"{SHOWN}:{line}:" in result.stderr, result.stderr
    assert message in result.stderr
    assert "\nhint: " in result.stderr
    assert {str(p): p.read_bytes() for p in (project / "dist").rglob("*") if p.is_file()} == before


def test_a_duplicate_row_and_a_missing_licence_are_refused(built_copy: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(built_copy, project)
    path = project / SHOWN
    original = path.read_text(encoding="utf-8")
    row = next(line for line in original.splitlines() if line.startswith(ROW))
    path.write_text(original + row + "\n", encoding="utf-8")
    result = vkg("--root", str(project), "build")
    assert result.returncode == 2
    last = len(original.splitlines()) + 1
    assert f"{SHOWN}:{last}: duplicate mapping" in result.stderr
    assert f"(first on line {line_of(original, ROW)})" in result.stderr

    path.write_text(original.replace("# license: https://creativecommons.org/licenses/by/4.0/\n", ""), encoding="utf-8")
    result = vkg("--root", str(project), "build")
    assert result.returncode == 2
    assert f"{SHOWN}:1: the header lacks license" in result.stderr
    assert "hint: " in result.stderr


def test_a_project_without_its_mapping_set_is_refused_naming_the_file(tmp_path: Path) -> None:
    # the release would lose its 133 mappings without a word: the mapping set is a required input
    project = copy_project(ROOT, tmp_path / "project", without=("mappings",))
    result = vkg("--root", str(project), "build")
    assert result.returncode == 1, result.stderr
    (row,) = [line.split() for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert row[:3] == ["ERROR", "missing_input_file", SHOWN]
    assert "error: release refused: 1 finding at ERROR level" in result.stderr
    assert not (project / "dist").exists()


# --- the same mapping in two files ----------------------------------------------------------------


def test_a_copied_mapping_set_is_a_duplicate_of_every_row(tmp_path: Path) -> None:
    copy = tmp_path / "copy.sssom.tsv"
    shutil.copy(MAPPING_SET, copy)
    original = mapping_set()
    findings = duplicate_mapping_findings([original, read_mapping_set(copy, shown_as="mappings/copy.sssom.tsv")])
    assert len(findings) == len(original) == 133
    for finding, row in zip(findings, original.mappings, strict=True):
        assert finding.severity == "ERROR" and finding.check == DUPLICATE_MAPPING
        assert finding.value == row.object_id
        assert finding.message.startswith(
            f"mappings/copy.sssom.tsv:{row.line} holds the same mapping as {SHOWN}:{row.line},"
        )


def test_one_mapping_in_a_second_file_is_found_with_both_lines_even_under_another_prefix(tmp_path: Path) -> None:
    text = MAPPING_SET.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    columns = text.splitlines()[len(header)]
    row = next(line for line in text.splitlines() if line.startswith(ROW))
    other = tmp_path / "other.sssom.tsv"
    # the second file names MeSH by another prefix: the mapping is the same, its spelling is not
    header = [line.replace("  mesh: ", "  MESH: ") for line in header]
    other.write_text(
        "\n".join([*header, columns, row.replace("mesh:D001843", "MESH:D001843")]) + "\n", encoding="utf-8"
    )
    second = read_mapping_set(other, shown_as="mappings/other.sssom.tsv")
    assert second.mappings[0].object_id == "MESH:D001843"
    (finding,) = duplicate_mapping_findings([mapping_set(), second])
    assert (finding.entity, finding.path, finding.value) == ("vpo:BoneCement", "skos:exactMatch", "MESH:D001843")
    assert f"mappings/other.sssom.tsv:{len(header) + 2} holds the same mapping as {SHOWN}:{line_of(text, ROW)}" in (
        finding.message
    )
    assert duplicate_mapping_findings([mapping_set()]) == []
