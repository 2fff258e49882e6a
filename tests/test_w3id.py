"""The w3id redirect rules (w3id/.htaccess), read as Apache's mod_rewrite reads them, send every
IRI of the release to a file the release holds, in the format the client asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF

from vertebroplasty_kg.release.assembly import release_files

HOST = "https://vertebroplasty-kg.github.io/vertebroplasty-kg/"
VPO = "https://w3id.org/vertebroplasty-kg/vpo/"
VKG = "https://w3id.org/vertebroplasty-kg/kg/"
HTML = "text/html,application/xhtml+xml"


@dataclass
class Rule:
    pattern: re.Pattern[str]
    target: str
    conditions: list[re.Pattern[str]] = field(default_factory=list)


def rules(path: Path) -> list[Rule]:
    """The RewriteRule directives of ``path``, each with the RewriteCond lines before it (all on %{HTTP_ACCEPT})."""
    found: list[Rule] = []
    pending: list[re.Pattern[str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue  # Apache takes # as a comment only at the start of a line
        words = line.split()  # and splits a directive's arguments on white space
        if not words:
            continue
        if words[0] == "RewriteCond":
            assert words[1] == "%{HTTP_ACCEPT}", f"{path.name}:{number}: only Accept conditions are expected"
            pending.append(re.compile(words[2]))
        elif words[0] == "RewriteRule":
            flags = set(words[3].strip("[]").split(","))
            assert {"R=303", "L"} <= flags <= {"R=303", "L", "NE"}, f"{path.name}:{number}: a final 303 redirect"
            found.append(Rule(re.compile(words[1]), words[2], pending))
            pending = []
        else:
            assert words[0] in {"Options", "RewriteEngine"}, f"{path.name}:{number}: unexpected {words[0]}"
    assert not pending, "a RewriteCond without its RewriteRule"
    return found


def redirect(rewrite: list[Rule], path: str, accept: str) -> str | None:
    for rule in rewrite:
        match = rule.pattern.search(path)
        if match and all(condition.search(accept) for condition in rule.conditions):
            return match.expand(re.sub(r"\$(\d)", r"\\\1", rule.target))
    return None


@pytest.fixture(scope="module")
def rewrite(root: Path) -> list[Rule]:
    assert sorted(p.name for p in (root / "w3id").iterdir()) == [".htaccess", "README.md"]
    return rules(root / "w3id" / ".htaccess")


FORMATS = {
    "text/turtle": "vertebroplasty-kg.ttl",
    "application/rdf+xml": "vertebroplasty-kg.owl",
    "application/n-triples": "vertebroplasty-kg.nt",
    "application/ld+json": "vertebroplasty-kg.jsonld",
}


def test_the_ontology_iri_negotiates_every_release_format(rewrite: list[Rule], release_dir: Path) -> None:
    for accept, name in FORMATS.items():
        assert redirect(rewrite, "ontology", accept) == f"{HOST}latest/{name}"
        assert (release_dir / name).is_file()
    assert redirect(rewrite, "ontology", HTML) == f"{HOST}latest/docs/index.html"


def test_version_iris_and_release_files_reach_the_files(rewrite: list[Rule], release_dir: Path) -> None:
    names = [path.name for path in release_files(release_dir)] + ["vertebroplasty-kg.sssom.tsv"]
    assert len(names) >= 7
    for name in names:
        assert (release_dir / name).is_file(), name
        assert redirect(rewrite, name, HTML) == f"{HOST}latest/{name}"
        assert redirect(rewrite, f"releases/0.1.0/{name}", HTML) == f"{HOST}releases/0.1.0/{name}"
    assert redirect(rewrite, "releases/0.1.0/", HTML) == f"{HOST}releases/0.1.0/docs/index.html"


def test_terms_give_rdf_to_rdf_clients_and_a_page_to_people(rewrite: list[Rule]) -> None:
    for path in ("vpo/Vertebroplasty", "kg/claim-26"):
        for accept, name in FORMATS.items():
            assert redirect(rewrite, path, accept) == f"{HOST}latest/{name}"
    assert redirect(rewrite, "vpo/Vertebroplasty", HTML) == f"{HOST}latest/docs/class/Vertebroplasty.html"
    assert redirect(rewrite, "kg/claim-26-quote", HTML) == f"{HOST}latest/docs/claim/claim-26.html#claim-26-quote"


def test_every_term_and_individual_of_the_release_reaches_its_page(
    rewrite: list[Rule], release_graph: rdflib.Graph, release_dir: Path
) -> None:
    """Each IRI of ours that the release types lands on a documentation page that exists and, for a
    part of a page, on an element with that id."""
    docs = release_dir / "docs"
    ours = sorted({str(s) for s in release_graph.subjects(RDF.type, None) if str(s).startswith((VPO, VKG))})
    assert len(ours) > 250
    for iri in ours:
        path = iri.removeprefix("https://w3id.org/vertebroplasty-kg/")
        target = redirect(rewrite, path, HTML)
        assert target is not None and target.startswith(f"{HOST}latest/docs/"), iri
        page, _, fragment = target.removeprefix(f"{HOST}latest/docs/").partition("#")
        assert (docs / page).is_file(), f"{iri} -> {page}, which the documentation does not have"
        if fragment:
            assert f'id="{fragment}"' in (docs / page).read_text(encoding="utf-8"), f"{iri} -> {page}#{fragment}"


def test_every_target_is_on_the_one_host(rewrite: list[Rule]) -> None:
    assert len(rewrite) >= 10
    assert all(rule.target.startswith(HOST) for rule in rewrite)
