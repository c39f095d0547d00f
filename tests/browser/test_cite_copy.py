"""Citing in a real browser: the copy button on a paper's BibTeX puts the entry on the clipboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from generator.corpus import load_corpus
from generator.site.cite import bibtex_entry, plain_citation
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.corpus  # reads content/: run for a pull request changing only it

PAPER = "toy-models-of-superposition"


def test_copy_buttons_put_each_citation_on_the_clipboard(browser: Browser, site_url: str) -> None:
    paper = load_corpus(PROJECT_ROOT / "content").papers_by_id[PAPER]
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{site_url}papers/{PAPER}/")
        blocks = page.locator("article .highlight")
        expect(blocks).to_have_count(2)
        for block, expected in zip(
            blocks.all(), [bibtex_entry(paper), plain_citation(paper)], strict=True
        ):
            block.hover()
            button = block.locator("button[data-md-type=copy]")  # Material 9.7+: md-code__button
            expect(button).to_be_visible()
            button.click()
            copied = page.evaluate("navigator.clipboard.readText()")
            assert copied.strip() == expected.strip()
    finally:
        context.close()
    assert errors == []
