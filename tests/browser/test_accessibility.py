"""WCAG 2.2 AA, checked in the browser by axe-core on every kind of page: light, dark, phone."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from generator.corpus import load_corpus
from generator.corpus.authors import index_authors
from generator.corpus.edit import add_fields
from generator.site.paths import listing_part_path, public_url
from tests.browser.conftest import fresh_page, served_site
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.corpus  # reads content/: run for a pull request changing only it

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = {"light": "default", "dark": "slate"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Two papers of the shipped corpus given one author, so that the site has an author page.
SHARED_AUTHOR = "Ada Example-Lovelace"


def shipped_with_an_author_page(target: Path) -> Path:
    """A copy of content/ where the first two papers without authors share SHARED_AUTHOR."""
    shutil.copytree(PROJECT_ROOT / "content", target)
    papers = sorted((target / "papers").glob("*.yaml"))
    unauthored = [path for path in papers if "\nauthors:" not in path.read_text()][:2]
    for path in unauthored:
        path.write_text(add_fields(path, path.read_text(), {"authors": [SHARED_AUTHOR]}))
    return target


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The site served, and one address per kind of page it has."""
    folder = tmp_path_factory.mktemp("accessibility")
    content = shipped_with_an_author_page(folder / "content")
    corpus = load_corpus(content)
    author = next(author for author in index_authors(corpus.papers) if author.has_page)
    kinds = {
        "home": "",
        "topics": "topics/",
        "topic": f"topics/{corpus.topics[0].slug}/",
        "paper": "papers/toy-models-of-superposition/",
        "all papers": "papers/",
        "listing page": public_url("", listing_part_path(1)),
        "search with results": "search/?q=superposition",
        "search with a suggestion": "search/?q=toy+modles+of+superpositon",
        "trending day": f"archive/{max(day.date for day in corpus.snapshots)}/",
        "archive": "archive/",
        "authors": "authors/",
        "author": f"authors/{author.slug}/",
        "statistics": "statistics/",
        "about": "about/",
        "api": "api/",
        "subscribe": "subscribe/",
        "this week": "archive/week/",
        "404": "no-such-page/",
    }
    with served_site(folder, content) as url:
        yield url, kinds


@contextmanager
def open_page(browser: Browser, url: str, scheme: str, phone: bool = False) -> Iterator[Page]:
    """The page at `url` in `scheme`, on a phone's screen if asked; search results shown."""
    screen: dict[str, Any] = PHONE if phone else {}
    with fresh_page(
        browser, color_scheme="dark" if scheme == "dark" else "light", **screen
    ) as page:
        page.goto(url)
        if "/search/?q=" in url:
            page.locator("#paper-search-results li").first.wait_for()
            page.locator("#paper-search:not([aria-busy])").wait_for(state="attached")
        yield page


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG A and AA violations on the page as it is, one entry per rule."""
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]
            });
            return result.violations.map((rule) => ({
                rule: rule.id,
                impact: rule.impact,
                nodes: rule.nodes.map((node) => node.target.join(" ") + ": " + node.failureSummary),
            }));
        }""",
        WCAG_AA,
    )
    return found


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(
    "kind",
    [
        "home", "topics", "topic", "paper", "all papers", "listing page", "search with results",
        "search with a suggestion", "trending day", "this week", "archive", "authors", "author",
        "statistics", "about", "api", "subscribe", "404",
    ],
)  # fmt: skip
def test_axe_finds_no_wcag_aa_violation(
    browser: Browser, pages: tuple[str, dict[str, str]], kind: str, scheme: str, screen: str
) -> None:
    url, kinds = pages
    with open_page(browser, url + kinds[kind], scheme, phone=screen == "phone") as page:
        shown = page.locator("body").get_attribute("data-md-color-scheme")
        assert shown == SCHEMES[scheme]  # the page is really in the scheme under test
        assert axe_violations(page) == []


def test_axe_fails_the_site_without_its_contrast_fixes(
    browser: Browser, pages: tuple[str, dict[str, str]]
) -> None:
    """The check can fail: with theme/'s stylesheet blanked, Material's own palette fails AA."""
    url, kinds = pages
    with fresh_page(browser) as page:
        page.route("**/papers.css", lambda route: route.fulfill(body="", content_type="text/css"))
        page.goto(url + kinds["paper"])
        rules = {violation["rule"] for violation in axe_violations(page)}
        assert "color-contrast" in rules


@pytest.mark.parametrize(
    "kind", ["home", "topic", "paper", "search with results", "author", "statistics", "404"]
)
def test_one_h1_landmarks_and_a_skip_link(
    browser: Browser, pages: tuple[str, dict[str, str]], kind: str
) -> None:
    url, kinds = pages
    with open_page(browser, url + kinds[kind], "light") as page:
        assert page.locator("h1").count() == 1
        assert page.locator("main").count() == 1
        assert page.locator("header").first.is_visible()
        assert page.locator("footer").count() >= 1
        assert page.get_by_role("navigation").count() >= 1
        # The skip link is the first thing Tab reaches, and leads into the main content.
        page.keyboard.press("Tab")
        skip = page.locator("a.md-skip:focus")
        assert skip.inner_text().strip() == "Skip to content"
        assert skip.is_visible()
        target = (skip.get_attribute("href") or "").removeprefix("#")
        assert page.evaluate(
            "(id) => document.querySelector('main').contains(document.getElementById(id))", target
        )
