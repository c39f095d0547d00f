"""A built site served on loopback, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    Request,
    expect,
    sync_playwright,
)

from tests.conftest import BuiltSite, built_and_served

CHROMIUM = Path("/usr/bin/chromium")
# As root, without a sandbox; no background requests (this machine allows none but loopback).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test is slow: it builds the site with the engine and drives Chromium."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.slow)


@contextmanager
def served_site(folder: Path, content: Path | None = None) -> Iterator[str]:
    """Build `content` (default: the shipped corpus) and serve it at http://127.0.0.1:<port>/."""
    with built_and_served(folder, content) as site:
        yield site.url


@pytest.fixture(scope="session")
def site_url(shipped_site: BuiltSite) -> str:
    """The shipped corpus, built and served on loopback (below the root, as a project site)."""
    return shipped_site.url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@contextmanager
def fresh_page(browser: Browser, **options: Any) -> Iterator[Page]:
    """A page in a browser context of its own (colour scheme, screen, motion...), then closed."""
    context = browser.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()


@dataclass
class Watched:
    """A browser page, with every console error, page error and request it made."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # addresses answered with an error status


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    """A fresh page; the test fails if the page logged an error or threw."""
    context = browser.new_context()
    page = context.new_page()
    result = Watched(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            result.errors.append(message.text)

    def on_page_error(error: Error) -> None:
        result.errors.append(str(error))

    def on_request(request: Request) -> None:
        result.requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("request", on_request)
    page.on(
        "response", lambda response: None if response.ok else result.failed.append(response.url)
    )
    yield result
    context.close()
    assert result.errors == []


RESULT_ITEMS = "#paper-search-results li"


def show_all_results(page: Page) -> None:
    """Press "Show more" on the search page until every result is listed."""
    more = page.locator("#paper-search-more")
    settled = page.locator("#paper-search:not([aria-busy])")  # a page of results is whole
    expect(settled).to_be_attached()
    while more.is_visible():
        shown = page.locator(RESULT_ITEMS).count()
        more.click()
        expect(page.locator(RESULT_ITEMS).nth(shown)).to_be_attached()
        expect(settled).to_be_attached()
