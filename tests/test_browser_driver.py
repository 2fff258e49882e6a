"""The Chromium driver of the browser tests (``support/browser.py``) sees what they rely on: console errors,
uncaught exceptions and failed requests are recorded, hidden elements are not visible, and a click
reaches only an element the pointer would hit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.browser import Chromium, Page, ProtocolError, static_site

pytestmark = pytest.mark.browser

PAGES = {
    "broken.html": """<!doctype html><html><head><title>broken</title><link rel="icon" href="data:,"></head>
<body><p id="shown">shown</p><p id="hidden" style="visibility: hidden">hidden</p><p id="empty"></p>
<img src="missing.png"><script>console.error("logged error"); undefined_function();</script></body></html>""",
    "links.html": """<!doctype html><html><head><title>links</title><link rel="icon" href="data:,"></head>
<body><a id="open" href="target.html#here">open</a>
<div style="position: relative"><a id="covered" href="target.html">covered</a>
<div style="position: absolute; inset: 0; background: white"></div></div></body></html>""",
    "target.html": """<!doctype html><html><head><title>target</title><link rel="icon" href="data:,"></head>
<body><div style="height: 3000px"></div><span id="here">here</span></body></html>""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("site")
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    with static_site(folder) as base:
        yield base


@pytest.fixture
def page(chromium: Chromium) -> Iterator[Page]:
    with chromium.new_page({"width": 800, "height": 600}) as tab:
        yield tab


def test_errors_of_a_page_are_recorded(page: Page, site: str) -> None:
    page.goto(site + "broken.html")
    page.wait_for_selector("#shown")
    errors = page.errors
    assert "logged error" in errors
    assert any("undefined_function is not defined" in e for e in errors), errors
    assert f"request failed: {site}missing.png" not in errors  # a 404 is an answer, not a failed request
    assert any(e.startswith("Failed to load resource") and e.endswith(f"({site}missing.png)") for e in errors)
    assert len(errors) == 3, errors


def test_visibility_follows_the_box_and_the_style(page: Page, site: str) -> None:
    page.goto(site + "broken.html")
    assert page.title() == "broken"
    assert [page.is_visible(s) for s in ("#shown", "#hidden", "#empty", "#absent")] == [True, False, False, False]
    assert page.count("p") == 3
    assert page.inner_texts("#shown") == ["shown"]


def test_a_click_follows_the_link_and_refuses_a_covered_one(page: Page, site: str) -> None:
    page.goto(site + "links.html")
    with pytest.raises(ProtocolError, match="#covered to be clickable"):
        page.click("#covered", timeout=1)
    page.click("#open")
    page.wait_for_url("**/target.html#here")
    assert page.count(":target") == 1
    assert page.evaluate("() => document.querySelector(':target').getBoundingClientRect().top") < 600
    assert page.errors == []


def test_a_screenshot_is_a_png_of_the_viewport(page: Page, site: str, tmp_path: Path) -> None:
    page.goto(site + "target.html")
    page.screenshot(tmp_path / "shot.png")
    header = (tmp_path / "shot.png").read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") == 800 and int.from_bytes(header[20:24], "big") == 600
