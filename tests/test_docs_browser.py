"""The built documentation in headless Chromium, served from 127.0.0.1: every page loads without a
console error, every class label is visible on the index, and a claim's quote link opens the source
text with exactly the quoted characters highlighted (``:target``), crossing claims included.

``pytest --update-golden`` also takes the screenshot that docs/html-documentation.md shows
(docs/screenshot-vertebroplasty.png); a screenshot is not byte-stable, so otherwise it is only checked
to be a PNG of the expected size."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.browser import Chromium, Page
from vertebroplasty_kg.htmldocs.model import Documentation, documentation
from vertebroplasty_kg.namespaces import VKG
from vertebroplasty_kg.release.assembly import ReleaseGraph

pytestmark = pytest.mark.browser

SCREENSHOT = "screenshot-vertebroplasty.png"
VIEWPORT = {"width": 1200, "height": 900}


@pytest.fixture(scope="module")
def docs(release: ReleaseGraph) -> Documentation:
    return documentation(release.triples, release.sources)


@pytest.fixture
def page(chromium: Chromium) -> Iterator[Page]:
    with chromium.new_page(VIEWPORT) as tab:
        yield tab


PAGE_GROUPS = ("class", "individual", "property", "concept", "claim", "conflict", "the rest")
"""The pages by folder, each group a test of its own, so that the workers share the pages out."""


def pages(docs_dir: Path, group: str) -> list[str]:
    """The HTML pages of ``group``: those of the folder of that name, or for "the rest" those of no
    other group's folder (the index, the references, the source text)."""
    names = sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.html"))
    if group == "the rest":
        return [name for name in names if name.partition("/")[0] not in PAGE_GROUPS or "/" not in name]
    return [name for name in names if name.partition("/")[0] == group and "/" in name]


def test_the_groups_hold_every_page_once(docs_dir: Path) -> None:
    every = sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.html"))
    grouped = [name for group in PAGE_GROUPS for name in pages(docs_dir, group)]
    assert sorted(grouped) == every and len(every) > 150
    assert all(pages(docs_dir, group) for group in PAGE_GROUPS)


@pytest.mark.parametrize("group", PAGE_GROUPS)
def test_every_page_loads_without_console_errors(page: Page, docs_site: str, docs_dir: Path, group: str) -> None:
    names = pages(docs_dir, group)
    loaded = 0
    for name in names:
        page.goto(docs_site + name)
        assert page.title(), name
        loaded += 1
    assert page.errors == []
    assert loaded == len(names) > 0


def test_every_class_label_is_visible_on_the_index(page: Page, docs_site: str, docs: Documentation) -> None:
    page.goto(docs_site + "index.html")
    classes = [p for p in docs.pages if p.kind == "class"]
    assert len(classes) >= 60
    shown = {text.strip() for text in page.inner_texts("#classes a")}
    missing = [p.ref.text for p in classes if p.ref.text not in shown]
    assert missing == []
    for term in classes:
        assert page.is_visible(f'#classes a[href="{term.ref.href}"]'), term.ref.text
    assert page.count("#diagrams svg") == 2


@pytest.mark.parametrize(
    ("term", "claim"),
    [
        ("class/Vertebroplasty.html", "claim-26"),
        ("class/Vertebroplasty.html", "claim-05"),
        ("claim/claim-06.html", "claim-06"),
    ],
)
def test_a_quote_link_highlights_exactly_the_quote(
    page: Page, docs_site: str, docs: Documentation, term: str, claim: str
) -> None:
    exact = docs.claims[VKG + claim].exact
    page.goto(docs_site + term)
    page.click(f'a.quote-link[href$="#{claim}"]')
    page.wait_for_url(f"**/sources/vertebroplasty-patient-information.html#{claim}")
    assert page.count(":target") == 1
    assert page.evaluate("() => document.querySelector(':target').textContent") == exact
    assert page.is_visible(":target")
    assert page.evaluate("() => document.querySelector(':target').getBoundingClientRect().top") < VIEWPORT["height"]
    highlighted = page.evaluate(
        """claim => Array.from(document.querySelectorAll('.source-text a.q'))
            .filter(e => getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)')
            .map(e => e.textContent).join('')""",
        claim,
    )
    assert highlighted == exact, "the highlighted spans of the text are not the quote"
    assert page.errors == []


def test_screenshot_for_the_readme(page: Page, docs_site: str, root: Path, update_golden: bool) -> None:
    shot = root / "docs" / SCREENSHOT
    if update_golden:
        page.goto(docs_site + "class/Vertebroplasty.html")
        page.screenshot(shot)
    assert shot.is_file(), f"docs/{SCREENSHOT} is missing: run pytest tests/test_docs_browser.py --update-golden"
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (VIEWPORT["width"], VIEWPORT["height"])
