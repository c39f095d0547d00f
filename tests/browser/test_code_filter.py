"""Papers with code: a badge wherever a paper is listed, and a filter on topics and search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from generator.corpus import load_corpus
from generator.corpus.model import has_code
from tests.browser.conftest import Watched, show_all_results
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.corpus  # reads content/: run for a pull request changing only it

RESULTS = "#paper-search-results li"
CORPUS = load_corpus(PROJECT_ROOT / "content")


def test_code_1_lists_exactly_the_papers_with_code(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "search/?code=1")
    expected = sorted(paper.title for paper in CORPUS.papers if has_code(paper))
    expect(page.locator("#paper-search-status")).to_have_text(f"{len(expected)} results with code.")
    expect(page.locator("#paper-search-code")).to_be_checked()
    show_all_results(page)
    titles = page.locator(RESULTS + " .paper-search__title a").all_inner_texts()
    assert sorted(titles) == expected
    expect(page.locator(RESULTS + " .code-badge")).to_have_count(len(expected))


def test_ticking_the_box_narrows_a_query_and_goes_in_the_url(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    page.goto(site_url + "search/?q=interpretability")
    expect(page.locator(RESULTS).first).to_be_visible()
    show_all_results(page)
    everything = page.locator(RESULTS).count()
    page.locator("#paper-search-code").check()
    expect(page).to_have_url(re.compile(r"\?q=interpretability&code=1$"))
    expect(page.locator("#paper-search-status")).to_contain_text("with code for")
    show_all_results(page)
    narrowed = page.locator(RESULTS)
    assert 0 < narrowed.count() < everything
    expect(page.locator(RESULTS + " .code-badge")).to_have_count(narrowed.count())
    page.go_back()
    expect(page.locator("#paper-search-code")).not_to_be_checked()
    expect(page.locator("#paper-search-status")).not_to_contain_text("with code")
    show_all_results(page)
    expect(page.locator(RESULTS)).to_have_count(everything)


def test_a_topic_page_shows_badges_and_links_its_papers_with_code(
    watched: Watched, site_url: str
) -> None:
    topic = "mechanistic-interpretability"
    papers = CORPUS.papers_by_topic[topic]
    with_code = [paper.title for paper in papers if has_code(paper)]
    assert 0 < len(with_code) < len(papers)  # else this topic proves nothing
    page = watched.page
    page.goto(site_url + f"topics/{topic}/")
    badged = page.locator(
        ".paper-card:has(.code-badge) .paper-card__title a:not(.headerlink)"
    ).all_inner_texts()
    shown = {paper.title for paper in papers[: CORPUS.site.listing_size]}
    assert sorted(badged) == sorted(title for title in with_code if title in shown)
    page.get_by_role("link", name=f"Only the {len(with_code)} with code").click()
    expect(page).to_have_url(re.compile(rf"/search/\?topic={topic}&code=1$"))
    show_all_results(page)
    expect(page.locator(RESULTS)).to_have_count(len(with_code))
    titles = page.locator(RESULTS + " .paper-search__title a").all_inner_texts()
    assert sorted(titles) == sorted(with_code)
