"""A feed opened in the browser reads as a list of papers, styled, not as an XML tree."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Watched

# One feed of each format at each depth of the site: the stylesheet's path is relative.
FEEDS = [
    "feed.xml",
    "atom.xml",
    "topics/mechanistic-interpretability/feed.xml",
    "topics/mechanistic-interpretability/atom.xml",
    "archive/feed.xml",
    "archive/week/atom.xml",
]


@pytest.mark.parametrize("path", FEEDS)
def test_an_opened_feed_shows_its_title_note_and_items(
    watched: Watched, site_url: str, path: str
) -> None:
    page = watched.page
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    # Chromium asks a document without a linked icon for /favicon.ico, at the host's root:
    # outside a project site on GitHub Pages, so not the site's to serve.
    watched.errors = [error for error in watched.errors if "404" not in error]
    failed = [url for url in watched.failed if not url.endswith("/favicon.ico")]
    assert [url for url in watched.requests if url.endswith("/assets/stylesheets/feed.css")]
    assert failed == []
    shown = page.evaluate(
        """() => {
            const root = document.documentElement;
            const style = (selector) => {
                const element = document.querySelector(selector);
                return element ? getComputedStyle(element) : null;
            };
            const items = [...document.querySelectorAll("item, entry")];
            const visible = (element) => getComputedStyle(element).display !== "none";
            return {
                note: getComputedStyle(root, "::before").content,
                title: style(":root > channel > title, :root > title").fontSize,
                body: getComputedStyle(root).fontSize,
                items: items.length,
                shownItems: items.filter(visible).length,
                shownTitles: items.filter((item) => visible(item.querySelector("title"))).length,
                shownText: [...document.querySelectorAll(
                    "item > description, item > guid, entry > summary, entry > author")]
                    .filter(visible).length,
            };
        }"""
    )
    assert "web feed" in shown["note"]
    assert "feed reader" in shown["note"]
    assert float(shown["title"].removesuffix("px")) > float(shown["body"].removesuffix("px"))
    assert shown["items"] > 0
    assert shown["shownItems"] == shown["shownTitles"] == shown["items"]
    # Abstracts are escaped HTML ("<p>…"), which CSS can only show as tags: hidden.
    assert shown["shownText"] == 0
