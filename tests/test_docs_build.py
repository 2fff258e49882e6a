"""``vkg build`` writes the HTML documentation into dist/docs/: a file for every page, links that
resolve, escaped values, the same bytes for the same release, diagrams that Graphviz draws the same
way every time (and the copies under docs/ that docs/html-documentation.md shows kept current), and
a clear error when Graphviz is missing."""

from __future__ import annotations

import html.parser
import random
import shutil
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from vertebroplasty_kg.cli.main import main
from vertebroplasty_kg.htmldocs.diagrams import find_dot, hierarchy_dot, render_svg
from vertebroplasty_kg.htmldocs.html import build_docs
from vertebroplasty_kg.htmldocs.model import documentation
from vertebroplasty_kg.namespaces import OWL, RDF, RDFS, VPO
from vertebroplasty_kg.release.assembly import ReleaseGraph

DIAGRAMS = ["class-hierarchy.svg", "defining-attributes.svg"]


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        self.hrefs += [value for name in ("href", "xlink:href", "src") if (value := found.get(name))]


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_the_documentation_has_every_page(docs_dir: Path, release: ReleaseGraph) -> None:
    docs = documentation(release.triples, release.sources)
    expected = {"index.html", "references.html", "style.css", *DIAGRAMS}
    expected |= {p.ref.href for p in docs.pages} | {t.href for t in docs.texts}
    written = {str(p.relative_to(docs_dir)) for p in docs_dir.rglob("*") if p.is_file()}
    assert written == expected
    assert "class/Vertebroplasty.html" in written
    assert "sources/vertebroplasty-patient-information.html" in written


def test_every_local_link_and_fragment_resolves(docs_dir: Path) -> None:
    pages = {str(p.relative_to(docs_dir)): parse(p) for p in docs_dir.rglob("*.html")}
    broken = []
    checked = 0
    for name, links in sorted(pages.items()):
        for href in links.hrefs:
            if href.startswith(("http://", "https://", "data:")):
                continue
            target, fragment = urldefrag(urljoin(name, href))
            target = target or name
            checked += 1
            if not (docs_dir / target).is_file():
                broken.append(f"{name}: {href} (no file)")
            elif fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{name}: {href} (no id {fragment!r})")
    assert broken == []
    assert checked > 3000
    # an id is a fragment a link can name: never empty, never with white space (HTML's rule)
    bad_ids = sorted(
        f"{name}: {i!r}" for name, links in pages.items() for i in links.ids if not i or any(c.isspace() for c in i)
    )
    assert bad_ids == []


def test_the_same_release_gives_the_same_bytes_in_any_triple_order(release: ReleaseGraph) -> None:
    dot = find_dot()
    shuffled = list(release.triples)
    random.Random(7).shuffle(shuffled)
    assert build_docs(release.triples, release.sources, dot) == build_docs(shuffled, release.sources, dot)


def test_graphviz_draws_the_same_svg_twice(release: ReleaseGraph) -> None:
    text = hierarchy_dot(documentation(release.triples, release.sources))
    dot = find_dot()
    assert render_svg(text, dot) == render_svg(text, dot)


def test_every_value_is_escaped(release: ReleaseGraph) -> None:
    evil = ox.NamedNode(VPO + "Evil")
    label = '<script>alert("x")</script> & <b>'
    extra = [
        ox.Triple(evil, ox.NamedNode(RDF + "type"), ox.NamedNode(OWL + "Class")),
        ox.Triple(evil, ox.NamedNode(RDFS + "label"), ox.Literal(label, language="en")),
        ox.Triple(evil, ox.NamedNode(RDFS + "subClassOf"), ox.NamedNode(VPO + "Procedure")),
    ]
    files = build_docs([*release.triples, *extra], release.sources, find_dot())
    for name in ("class/Evil.html", "index.html", "class/Procedure.html", "class-hierarchy.svg"):
        text = files[name].decode("utf-8")
        assert "<script>" not in text and "<b>" not in text, name
        assert "&lt;script&gt;" in text, name


def test_readme_diagrams_are_current(root: Path, docs_dir: Path, update_golden: bool) -> None:
    """docs/*.svg, shown by docs/html-documentation.md, are the build's; `pytest --update-golden` refreshes them."""
    for name in DIAGRAMS:
        built, copy = docs_dir / name, root / "docs" / name
        if update_golden:
            shutil.copyfile(built, copy)
        assert copy.is_file(), f"docs/{name} is missing: run pytest --update-golden"
        assert copy.read_bytes() == built.read_bytes(), f"docs/{name} is stale: run pytest --update-golden"


def test_build_without_graphviz_stops_before_any_work(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VKG_DOT", str(tmp_path / "no-such-dot"))
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["--root", str(root), "build", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "error: Graphviz's `dot` program was not found" in result.output
    assert "hint: install Graphviz" in result.output and "--no-docs" in result.output
    assert not out.exists()
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_build_without_docs_needs_no_graphviz(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VKG_DOT", str(tmp_path / "no-such-dot"))
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["--root", str(root), "build", "--no-docs", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert not (out / "docs").exists()
    assert (out / "vertebroplasty-kg.ttl").is_file()
