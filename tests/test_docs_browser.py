"""The built documentation in headless Chromium, served from 127.0.0.1: every page loads without a
console error, every class label is visible on the index, and a claim's quote link opens the source
text with exactly the quoted characters highlighted (``:target``), crossing claims included.

``pytest --update-golden`` also takes the screenshot that README shows (docs/screenshot-vertebroplasty.png);
a screenshot is not byte-stable, so otherwise it is only checked to be a PNG of the expected size."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from browser import PageLog
from vertebroplasty_kg.docs_model import Documentation, documentation
from vertebroplasty_kg.namespaces import VKG
from vertebroplasty_kg.release import ReleaseGraph

pytestmark = pytest.mark.browser

SCREENSHOT = "screenshot-vertebroplasty.png"
VIEWPORT = {"width": 1200, "height": 900}


@pytest.fixture(scope="module")
def docs(release: ReleaseGraph) -> Documentation:
    return documentation(release.triples, release.sources)


@pytest.fixture
def page(chromium: Any) -> Any:
    context = chromium.new_context(viewport=VIEWPORT)
    yield context.new_page()
    context.close()


def test_every_page_loads_without_console_errors(chromium: Any, docs_site: str, docs_dir: Path) -> None:
    context = chromium.new_context(viewport=VIEWPORT)
    log = PageLog()
    tab = log.watch(context.new_page())
    names = sorted(str(p.relative_to(docs_dir)) for p in docs_dir.rglob("*.html"))
    for name in names:
        tab.goto(docs_site + name, wait_until="load")
        assert tab.title(), name
    context.close()
    assert log.errors == []
    assert len(names) > 150


def test_every_class_label_is_visible_on_the_index(page: Any, docs_site: str, docs: Documentation) -> None:
    page.goto(docs_site + "index.html")
    classes = [p for p in docs.pages if p.kind == "class"]
    assert len(classes) >= 60
    links = page.locator("#classes a")
    shown = {text.strip() for text in links.all_inner_texts()}
    missing = [p.ref.text for p in classes if p.ref.text not in shown]
    assert missing == []
    for term in classes:
        link = page.locator(f'#classes a[href="{term.ref.href}"]').first
        assert link.is_visible(), term.ref.text
    assert page.locator("#diagrams svg").count() == 2


@pytest.mark.parametrize(
    ("term", "claim"),
    [
        ("class/Vertebroplasty.html", "claim-26"),
        ("class/Vertebroplasty.html", "claim-05"),
        ("claim/claim-06.html", "claim-06"),
    ],
)
def test_a_quote_link_highlights_exactly_the_quote(
    page: Any, docs_site: str, docs: Documentation, term: str, claim: str
) -> None:
    log = PageLog()
    log.watch(page)
    exact = docs.claims[VKG + claim].exact
    page.goto(docs_site + term)
    page.locator(f'a.quote-link[href$="#{claim}"]').first.click()
    page.wait_for_url(f"**/sources/vertebroplasty-patient-information.html#{claim}")
    target = page.locator(":target")
    assert target.count() == 1
    assert target.evaluate("element => element.textContent") == exact
    assert target.is_visible()
    assert target.evaluate("element => element.getBoundingClientRect().top") < VIEWPORT["height"]
    highlighted = page.evaluate(
        """claim => Array.from(document.querySelectorAll('.source-text a.q'))
            .filter(e => getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)')
            .map(e => e.textContent).join('')""",
        claim,
    )
    assert highlighted == exact, "the highlighted spans of the text are not the quote"
    assert log.errors == []


def test_screenshot_for_the_readme(page: Any, docs_site: str, root: Path, update_golden: bool) -> None:
    shot = root / "docs" / SCREENSHOT
    if update_golden:
        page.goto(docs_site + "class/Vertebroplasty.html")
        page.screenshot(path=str(shot))
    assert shot.is_file(), f"docs/{SCREENSHOT} is missing: run pytest tests/test_docs_browser.py --update-golden"
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (VIEWPORT["width"], VIEWPORT["height"])
