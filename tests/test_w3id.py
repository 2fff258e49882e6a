"""The w3id redirect rules (w3id/.htaccess), read as Apache's mod_rewrite reads them, send every
IRI of the release to a file the release holds, in the format the client asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from vertebroplasty_kg.release import release_files

HOST = "https://vertebroplasty-kg.github.io/vertebroplasty-kg/"
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
            assert words[3] == "[R=303,L]", f"{path.name}:{number}: every rule is a final 303 redirect"
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
        assert redirect(rewrite, path, HTML) == f"{HOST}latest/docs/{path}.html"


def test_every_target_is_on_the_one_host(rewrite: list[Rule]) -> None:
    assert len(rewrite) >= 10
    assert all(rule.target.startswith(HOST) for rule in rewrite)
