"""A paper page printed: one sheet with title, authors, abstract, links as addresses, citation."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from generator.corpus import load_corpus
from generator.corpus.schema import Paper
from tests.browser.conftest import fresh_page
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.corpus  # reads content/: run for a pull request changing only it

CORPUS = load_corpus(PROJECT_ROOT / "content")
# The hardest page to fit: the longest abstract among papers with authors and links.
LONGEST = max(
    (paper for paper in CORPUS.papers if paper.authors and paper.arxiv and paper.links),
    key=lambda paper: len(paper.abstract) + sum(map(len, paper.authors or ())),
)


def printed(browser: Browser, url: str) -> str:
    """The page printed to A4 by Chromium; returns its text, failing if it takes two sheets."""
    with fresh_page(browser) as page:
        page.goto(url)
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    assert len(pdf.pages) == 1, f"{url} prints on {len(pdf.pages)} pages"
    return re.sub(r"\s+", " ", pdf.pages[0].extract_text())


@pytest.mark.parametrize(
    "paper", [LONGEST, CORPUS.papers_by_id["toy-models-of-superposition"]], ids=lambda p: p.id
)
def test_a_paper_prints_on_one_page_with_what_a_reader_needs(
    browser: Browser, site_url: str, paper: Paper
) -> None:
    text = printed(browser, f"{site_url}papers/{paper.id}/")
    squashed = text.replace(" ", "")

    def shown(value: str) -> bool:  # PDF text may break or join words at line ends
        return value.replace(" ", "") in squashed

    assert shown(paper.title)
    assert all(shown(author) for author in paper.authors or ())
    assert shown(paper.abstract[:200])
    assert shown(paper.abstract[-80:])
    if paper.arxiv:
        assert shown(f"https://arxiv.org/abs/{paper.arxiv}")  # a link, written out
    for url in paper.links.values():
        assert shown(url)
    assert shown(f"@misc{{{paper.id},")  # the BibTeX citation
    assert "Related papers" not in text
    assert "Skip to content" not in text
