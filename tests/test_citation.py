"""CITATION.cff and CHANGELOG.md speak of the release that the project builds."""

from __future__ import annotations

import re
from pathlib import Path

import rdflib
import yaml
from rdflib.namespace import OWL

from vertebroplasty_kg import __version__


def test_citation_names_this_release(root: Path, release_graph: rdflib.Graph) -> None:
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    ontology = rdflib.URIRef("https://w3id.org/vertebroplasty-kg/ontology")
    version = str(release_graph.value(ontology, OWL.versionInfo))
    assert citation["version"] == version == __version__
    assert citation["license"] == "CC-BY-4.0"
    urls = {identifier["value"] for identifier in citation["identifiers"]}
    assert {str(ontology), str(release_graph.value(ontology, OWL.versionIRI))} == urls


def test_changelog_has_a_section_for_the_release_and_for_what_comes_next(root: Path) -> None:
    text = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## \[([^\]]+)\]", text, flags=re.MULTILINE)
    assert sections[0] == "Unreleased"
    assert __version__ in sections
