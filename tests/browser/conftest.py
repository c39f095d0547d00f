"""A built site served on loopback, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
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
    sync_playwright,
)

from generator.cli import main
from standins.loopback import serving

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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does: a missing page gets the site's 404.html."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def served_site(folder: Path, content: Path | None = None) -> Iterator[str]:
    """Build `content` (default: the shipped corpus) and serve it at http://127.0.0.1:<port>/."""
    site = folder / "site"
    site.mkdir()
    with serving(functools.partial(_QuietHandler, directory=str(site))) as url:
        # Built for the address it is served at, as on GitHub Pages: pages may fetch site_url.
        arguments = ["build", "-q", "--base-url", url, "--build-dir", str(folder / "build")]
        arguments += ["--content", str(content)] if content else []
        assert main([*arguments, "--site-dir", str(site)]) == 0
        yield url


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped corpus, built and served on loopback."""
    with served_site(tmp_path_factory.mktemp("browser")) as url:
        yield url


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
