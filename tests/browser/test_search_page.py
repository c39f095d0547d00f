"""The search page in a real browser: results as you type, filters, URL state, no errors."""

from __future__ import annotations

import bisect
import itertools
import json
import re
import shutil
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from lunr.index import Index
from lunr.token import Token
from playwright.sync_api import Browser, Page, expect

from generator.corpus import load_corpus
from generator.site.folding import fold_word
from generator.site.search import build_index, search_documents
from generator.site.stemmer import stem_like_lunr_js
from tests.browser.conftest import Watched, fresh_page, served_site, show_all_results
from tests.conftest import PROJECT_ROOT, BuiltSite

pytestmark = pytest.mark.corpus  # reads content/: run for a pull request changing only it

RESULT_TITLES = "#paper-search-results .paper-search__title a"


def titles(page: Page) -> list[str]:
    return page.locator(RESULT_TITLES).all_inner_texts()


def test_typing_a_word_shows_the_title_match_first_highlighted(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    page.goto(site_url + "search/")
    page.locator("#paper-search-query").press_sequentially("superposition", delay=30)
    expect(page.locator(RESULT_TITLES).first).to_have_text("Toy Models of Superposition")
    expect(page.locator(RESULT_TITLES).first.locator("mark")).to_have_text("Superposition")
    expect(page.locator("#paper-search-status")).to_contain_text("results for “superposition”")
    assert page.url.endswith("/search/?q=superposition")


def test_a_half_typed_word_already_finds_papers(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "search/")
    page.locator("#paper-search-query").press_sequentially("superpos", delay=30)
    expect(page.locator(RESULT_TITLES).first).to_have_text("Toy Models of Superposition")


def test_a_shared_link_with_an_author_name_opens_the_results(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    page.goto(site_url + "search/?q=Lipton")
    expect(page.locator(RESULT_TITLES).first).to_have_text("The Mythos of Model Interpretability")
    expect(page.locator("#paper-search-query")).to_have_value("Lipton")


def test_topic_filter_combines_with_the_query(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "search/?q=interpretable")
    expect(page.locator(RESULT_TITLES).first).to_be_visible()
    show_all_results(page)
    unfiltered = len(titles(page))
    status = page.locator("#paper-search-status")
    before = status.inner_text()
    page.select_option("#paper-search-topic", "materials-chemistry")
    expect(page).to_have_url(re.compile(r"\?q=interpretable&topic=materials-chemistry$"))
    expect(status).not_to_have_text(before)  # the filtered results are the ones shown
    expect(status).to_contain_text("result")
    show_all_results(page)
    results = page.locator("#paper-search-results li")
    assert 0 < results.count() < unfiltered
    for index in range(results.count()):
        expect(results.nth(index).locator(".topic-chip")).to_contain_text(
            ["Materials and chemistry"]
        )
    chip = results.first.get_by_role("link", name="Materials and chemistry")
    expect(chip).to_have_attribute("href", site_url + "topics/materials-chemistry/")


def test_year_filter_alone_lists_that_year(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "search/?year=2019")
    expect(page.locator(RESULT_TITLES).first).to_be_visible()
    metas = page.locator("#paper-search-results .paper-search__meta").all_inner_texts()
    assert metas
    assert all(re.search(r"· 2019( Has code)?$", meta) for meta in metas)


@pytest.mark.parametrize(
    "query", ["title:", "+", "-", "~", "^", "*:*", "nosuchfield:physics", "title:~2", '"open', ":"]
)
def test_malformed_query_shows_no_results_and_no_error(
    watched: Watched, site_url: str, query: str
) -> None:
    page = watched.page
    page.goto(site_url + "search/?q=" + urllib.parse.quote(query))
    expect(page.locator("#paper-search-status")).not_to_be_empty()
    # The `watched` fixture fails the test if the page logged an error or threw.


def test_back_button_returns_to_the_previous_search(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "search/")
    page.locator("#paper-search-query").fill("superposition")
    page.locator("#paper-search-query").press("Enter")
    expect(page.locator(RESULT_TITLES).first).to_have_text("Toy Models of Superposition")
    page.select_option("#paper-search-topic", "embodied-3d")
    expect(page.locator("#paper-search-status")).to_contain_text("No results")
    page.go_back()
    expect(page.locator("#paper-search-topic")).to_have_value("")
    expect(page.locator(RESULT_TITLES).first).to_have_text("Toy Models of Superposition")


def test_a_phone_header_has_a_search_button_where_the_field_does_not_fit(
    browser: Browser, site_url: str
) -> None:
    with fresh_page(browser, viewport={"width": 360, "height": 740}, has_touch=True) as page:
        page.goto(site_url + "topics/")
        expect(page.locator("#papers-header-query")).to_be_hidden()
        button = page.get_by_role("link", name="Search papers")
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box is not None
        assert min(box["width"], box["height"]) >= 24  # WCAG 2.5.8 target size
        button.tap()
        expect(page).to_have_url(site_url + "search/")
        expect(page.locator("#paper-search-query")).to_be_focused()
    with fresh_page(browser, viewport={"width": 1280, "height": 800}) as page:
        page.goto(site_url + "topics/")
        expect(page.get_by_role("link", name="Search papers")).to_be_hidden()  # the field is there


@pytest.mark.parametrize(
    "start", ["topics/", "papers/piqa-reasoning-about-physical-commonsense-in-natural/"]
)
def test_header_field_on_any_page_opens_the_search(
    watched: Watched, site_url: str, start: str
) -> None:
    page = watched.page
    page.goto(site_url + start)
    page.locator("#papers-header-query").fill("PIQA")
    page.locator("#papers-header-query").press("Enter")
    expect(page).to_have_url(site_url + "search/?q=PIQA")
    expect(page.locator(RESULT_TITLES).first).to_have_text(
        "PIQA: Reasoning about Physical Commonsense in Natural Language"
    )


def test_index_loads_once_and_nothing_leaves_the_site(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "search/")
    box = page.locator("#paper-search-query")
    for query in ("physics", "video", "sparse autoencoders"):
        box.fill(query)
        box.press("Enter")
        expect(page.locator("#paper-search-status")).to_contain_text(query)
    assert sum(url.endswith("/papers-index.json") for url in watched.requests) == 1
    assert all(url.startswith(site_url) for url in watched.requests)


# Each index shard a page or worker fetched, with the bytes it downloaded (0: from the cache).
SHARDS_FETCHED = """performance.getEntriesByType("resource")
    .filter(entry => entry.name.includes("/search/index/"))
    .map(entry => [entry.name, entry.transferSize])"""

# The search's files a page or worker downloaded rather than found in the browser's cache.
SEARCH_FILES_DOWNLOADED = """performance.getEntriesByType("resource")
    .filter(entry => entry.name.includes("/search/") && entry.transferSize > 0)
    .map(entry => entry.name)"""


def test_the_index_is_searched_in_a_worker(watched: Watched, site_url: str) -> None:
    page = watched.page
    with page.expect_worker() as started:
        page.goto(site_url + "search/?q=superposition")
    worker = started.value
    assert worker.url.endswith("/assets/javascripts/search-bundle.js")  # the page's own script
    expect(page.locator(RESULT_TITLES).first).to_have_text("Toy Models of Superposition")
    # The worker holds lunr and the split index, from its copy of the page's script.
    assert worker.evaluate("typeof lunr.Index + ' ' + typeof SplitIndex") == "function function"
    # And it answered: the page's head asked early for the shard of the address's query, and
    # the worker found it in the browser's cache; a query typed later is fetched by the worker.
    early = dict(page.evaluate(SHARDS_FETCHED))
    searched = dict(worker.evaluate(SHARDS_FETCHED))
    assert early
    assert all(searched.get(url) == 0 for url in early)  # read, but not downloaded again
    box = page.locator("#paper-search-query")
    box.fill("attention")  # a word in another shard than "superposition"
    box.press("Enter")
    expect(page.locator("#paper-search-status")).to_contain_text("attention")
    assert dict(page.evaluate(SHARDS_FETCHED)) == early
    assert set(dict(worker.evaluate(SHARDS_FETCHED))) > set(searched)
    # Of the search's scripts the page asks for one: lunr.js and the theme's parts are in it.
    scripts = {url.rsplit("/", 1)[1] for url in watched.requests if "/javascripts/" in url}
    assert "search-bundle.js" in scripts
    assert not scripts & {"lunr.js", "split-index.js", "search-answers.js", "paper-search.js"}


def shards_asked_early_and_read(page: Page, site_url: str, query: str) -> tuple[set[str], set[str]]:
    """The shards the search page's head asked for, and those its worker read, for `query`."""
    with page.expect_worker() as started:
        page.goto(site_url + "search/?" + urllib.parse.urlencode({"q": query}))
    expect(page.locator("#paper-search-status")).not_to_be_empty()
    read = set(dict(started.value.evaluate(SHARDS_FETCHED)))
    return set(dict(page.evaluate(SHARDS_FETCHED))), read


@pytest.mark.parametrize(
    ("query", "early"),
    [
        ("circuit", True),  # words lunr's stemmer leaves alone: the guess is the search's own
        ("video of circuit", True),
        ("the of", False),  # stop words: not in the index
        ("title:physics", False),  # lunr's syntax: left to the search
        ("2209.10652", False),  # an arXiv id: found in the store's table, not the index
    ],
)
def test_the_page_asks_early_for_shards_its_address_s_search_reads(
    watched: Watched, site_url: str, query: str, early: bool
) -> None:
    asked, read = shards_asked_early_and_read(watched.page, site_url, query)
    assert bool(asked) == early
    assert asked == read if early else not asked


def test_the_page_asks_early_for_the_shard_of_a_word_s_stem_not_of_the_word(
    watched: Watched, site_url: str, shipped_site: BuiltSite
) -> None:
    manifest = json.loads((shipped_site.folder / "search" / "papers-index.json").read_text())
    firsts = [first for first, _ in manifest["shards"]]

    def shard(term: str) -> int:
        return bisect.bisect_right(firsts, term) - 1

    # A word at a shard's start whose stem sorts before it ("lengths", "length" | "lengthi").
    word = next(
        candidate
        for first in firsts[1:]
        for cut in range(len(first), 2, -1)
        for suffix in ("s", "es", "ing", "ed", "ings", "ness")
        if (candidate := first[:cut] + suffix) >= first
        and shard(str(stem_like_lunr_js(Token(candidate)))) != shard(candidate)
    )
    asked, read = shards_asked_early_and_read(watched.page, site_url, word)
    assert asked == read, word


def test_a_half_typed_word_asks_early_for_every_shard_its_words_span(
    watched: Watched, site_url: str, shipped_site: BuiltSite
) -> None:
    manifest = json.loads((shipped_site.folder / "search" / "papers-index.json").read_text())
    firsts = [first for first, _ in manifest["shards"]]
    # The start of a shard's first word, sorting after the shard before's first: the words it
    # begins lie in the shard before and in each following one whose first word it begins.
    position, half = next(
        (position, first[:-2])
        for position, (before, first) in enumerate(itertools.pairwise(firsts))
        if len(first) > 4 and first[:-2] > before and first[:-2].isalpha()
    )
    span = 1 + sum(1 for first in firsts[position + 1 :] if first.startswith(half))
    assert 2 <= span <= manifest["prefix_shards"]
    asked, read = shards_asked_early_and_read(watched.page, site_url, half)
    assert len(asked) == span
    assert asked <= read


@pytest.mark.parametrize(
    "query", ["superposition", "toy models of superposition", "title:physics -video", "superpos"]
)
def test_without_workers_the_page_searches_alike(
    browser: Browser, watched: Watched, site_url: str, query: str
) -> None:
    def every_title(page: Page) -> list[str]:
        search(page, site_url, query)
        show_all_results(page)  # every result, once the page of results is whole
        return titles(page)

    with_worker = every_title(watched.page)
    assert with_worker
    with fresh_page(browser) as page:
        page.add_init_script("delete window.Worker;")  # as where none may start
        assert every_title(page) == with_worker


def test_a_search_fetches_each_file_once_and_only_what_it_shows(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    with page.expect_worker() as started:
        page.goto(site_url + "search/?q=model")
    expect(page.locator("#paper-search-results li").first).to_be_visible()
    downloaded = page.evaluate(SEARCH_FILES_DOWNLOADED) + started.value.evaluate(
        SEARCH_FILES_DOWNLOADED
    )
    fetched = [url for url in downloaded if url.endswith(".json")]
    assert len(fetched) == len(set(fetched))
    shards = [url for url in fetched if "/search/index/" in url]
    chunks = [url for url in fetched if "/search/store/" in url]
    assert shards
    assert len(chunks) <= 20  # the first page of results, not the store
    assert not any("filters-" in url or "arxiv-" in url for url in fetched)  # none needed


def test_more_results_come_a_page_at_a_time_by_keyboard(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "search/")
    page.locator("#paper-search-query").fill("a*")
    page.locator("#paper-search-query").press("Enter")
    items = page.locator("#paper-search-results li")
    expect(items).to_have_count(20)
    more = page.locator("#paper-search-more")
    expect(more).to_be_visible()
    status = page.locator("#paper-search-status").inner_text()
    total = int(status.split()[0])
    assert total > 20
    expect(more).to_have_text(f"Show {min(total - 20, 20)} more ({total - 20} not shown)")
    more.focus()
    page.keyboard.press("Enter")
    expect(items).to_have_count(min(total, 40))
    expect(items.nth(20).locator("a").first).to_be_focused()  # reading goes on where it grew
    show_all_results(page)
    expect(items).to_have_count(total)
    expect(more).to_be_hidden()


PARITY_QUERIES = [
    "superposition",
    "physics video",
    "sparse autoencoders",
    "PIQA",
    "benchmark",
    "interpret*",
    "superpos*",
    "+sparse -video",
    "title:physics",
    "Lipton",
    "world model",
]


def ranking(hits: list[tuple[str, float]]) -> list[tuple[float, frozenset[str]]]:
    """Results as groups of equal score, best first: ties may come in any order."""
    groups: dict[float, set[str]] = {}
    for ref, score in hits:
        groups.setdefault(round(score, 3), set()).add(ref)
    return [(score, frozenset(refs)) for score, refs in sorted(groups.items(), reverse=True)]


def test_lunr_js_ranks_like_lunr_py(watched: Watched, site_url: str) -> None:
    """The page's split index, in Chromium, ranks as lunr.py's whole index of the corpus."""
    documents = search_documents(load_corpus(PROJECT_ROOT / "content"))
    python_index = Index.load(json.loads(build_index(documents)))
    page = watched.page
    page.goto(site_url + "search/")
    in_browser = page.evaluate(
        """async (queries) => {
            const manifestUrl = new URL("papers-index.json", location.href);
            const manifest = await (await fetch(manifestUrl)).json();
            const split = SplitIndex(lunr, manifest, async (name) =>
                (await fetch(new URL(name, manifestUrl))).json());
            const ranked = async (q) => (await split.search(q)).map((hit) => [hit.ref, hit.score]);
            const results = {};
            for (const q of queries) results[q] = await ranked(q);
            return results;
        }""",
        PARITY_QUERIES,
    )
    for query in PARITY_QUERIES:
        expected = [(hit["ref"], hit["score"]) for hit in python_index.search(query)]
        assert expected, query
        assert ranking([(ref, score) for ref, score in in_browser[query]]) == ranking(expected), (
            query
        )


def test_the_index_is_stemmed_as_lunr_js_stems_queries(watched: Watched, site_url: str) -> None:
    """Every word of the corpus, and words ending in y, stem the same on both sides."""
    corpus = load_corpus(PROJECT_ROOT / "content")
    words = {
        word
        for paper in corpus.papers
        for word in re.findall(r"[a-z]+", f"{paper.title} {paper.abstract}".lower())
    }
    words |= {"toy", "try", "survey", "key", "day", "by", "fly", "obey", "yy", "syzygy"}
    page = watched.page
    page.goto(site_url + "search/")
    in_browser = page.evaluate(
        "(words) => words.map((word) => lunr.stemmer(new lunr.Token(word)).toString())",
        sorted(words),
    )
    ours = [str(stem_like_lunr_js(Token(word))) for word in sorted(words)]
    assert dict(zip(sorted(words), ours, strict=True)) == dict(
        zip(sorted(words), in_browser, strict=True)
    )


FOLD_EXTRAS = {
    "Φeat:", "(Müller)", "e.g.,", "naïve", "ﬁnal", "Ⅻ", "x²", "İstanbul", "—", "x_y",
    "\U0001d538lpha", "Ångström", "Crabbé.", "“quoted”", "Σύνοψη", "ﬀ", "\u200bzero", "a\u0301",
}  # fmt: skip


def test_the_index_folds_words_as_the_page_folds_queries(watched: Watched, site_url: str) -> None:
    """Every word of the corpus as written (accents, punctuation, Greek), and harder ones,
    fold to the same term on both sides."""
    corpus = load_corpus(PROJECT_ROOT / "content")
    words = {
        word
        for paper in corpus.papers
        for text in (paper.title, paper.abstract, " ".join(paper.authors or ()))
        for word in text.split()
    } | FOLD_EXTRAS
    page = watched.page
    page.goto(site_url + "search/")
    in_browser = page.evaluate("(words) => words.map(SplitIndex.foldWord)", sorted(words))
    ours = [fold_word(word) for word in sorted(words)]
    assert dict(zip(sorted(words), ours, strict=True)) == dict(
        zip(sorted(words), in_browser, strict=True)
    )
    assert fold_word("Müller") == "muller"
    assert fold_word("Φeat:") == "φeat"


PRISM = "Capturing Polysemanticity with PRISM: A Multi-Concept Feature Description Framework"


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("muller", "Building and Interpreting Deep Similarity Models"),
        ("Müller", "Building and Interpreting Deep Similarity Models"),
        ("soljacic", "Multimodal Learning for Materials"),
        (
            "hedstrom prism",
            "Capturing Polysemanticity with PRISM: A Multi-Concept Feature Description Framework",
        ),
        ("Φeat", "Φeat: Physically-Grounded Feature Representation"),
        ("φeat representation", "Φeat: Physically-Grounded Feature Representation"),
        ("authors:müll*", "Building and Interpreting Deep Similarity Models"),
    ],
)
def test_accents_and_a_non_ascii_first_letter_find_their_paper(
    watched: Watched, site_url: str, query: str, title: str
) -> None:
    assert title in search(watched.page, site_url, query)


@pytest.mark.parametrize(
    ("typed", "offered", "found"),
    [
        ("superpositon", "superposition", "Toy Models of Superposition"),
        ("toy modles of superposition", "toy model superposition", "Toy Models of Superposition"),
        ("muler", "muller", "Building and Interpreting Deep Similarity Models"),
        ("benchmrak physics", "benchmarking physics", None),  # a word of the papers, unstemmed
    ],
)
def test_a_mistyped_word_offers_the_nearest_words_the_index_has(
    watched: Watched, site_url: str, typed: str, offered: str, found: str | None
) -> None:
    page = watched.page
    search(page, site_url, typed)
    status = page.locator("#paper-search-status")
    expect(status).to_contain_text("Did you mean")
    link = status.get_by_role("link")
    expect(link).to_have_text(offered)
    link.click()
    expect(page).to_have_url(site_url + "search/?" + urllib.parse.urlencode({"q": offered}))
    expect(page.locator(RESULT_TITLES).first).to_be_visible()
    if found:
        assert found in titles(page)
    expect(status).not_to_contain_text("Did you mean")


@pytest.mark.parametrize("typed", ["qqqzzzx", "superposition", "the of"])
def test_a_word_the_index_has_or_none_near_offers_nothing(
    watched: Watched, site_url: str, typed: str
) -> None:
    page = watched.page
    search(page, site_url, typed)
    status = page.locator("#paper-search-status")
    expect(status).not_to_be_empty()
    expect(status).not_to_contain_text("Did you mean")
    assert status.get_by_role("link").count() == 0


@pytest.mark.parametrize("word", ["toy", "survey", "key", "display"])
def test_words_ending_in_a_vowel_and_y_find_their_papers(
    watched: Watched, site_url: str, word: str
) -> None:
    page = watched.page
    page.goto(site_url + "search/?q=" + word)
    expect(page.locator("#paper-search-status")).to_contain_text("result")
    assert titles(page), f"nothing found for {word!r}"


CORPUS = load_corpus(PROJECT_ROOT / "content")
TOY = "Toy Models of Superposition"


def search(page: Page, site_url: str, query: str) -> list[str]:
    page.goto(site_url + "search/?" + urllib.parse.urlencode({"q": query}))
    expect(page.locator("#paper-search-status")).not_to_be_empty()
    return titles(page)


def test_every_word_is_required_the_best_match_first(watched: Watched, site_url: str) -> None:
    found = search(watched.page, site_url, "toy models of superposition")
    assert found[0] == TOY
    assert len(found) <= 5  # a handful: papers with all four words, not any of them
    words = ("toy", "model", "superposition")
    expected = {
        paper.title
        for paper in CORPUS.papers
        if all(word in f"{paper.title} {paper.abstract}".lower() for word in words)
    }
    assert set(found) <= expected | {TOY}


@pytest.mark.parametrize(
    "query",
    [
        "2209.10652",
        "arXiv:2209.10652",
        "ARXIV: 2209.10652v3",
        "https://arxiv.org/abs/2209.10652",
        "arxiv.org/pdf/2209.10652v2.pdf",
    ],
)
def test_an_arxiv_id_finds_its_paper(watched: Watched, site_url: str, query: str) -> None:
    assert search(watched.page, site_url, query) == [TOY]


COLON_TITLES = [paper.title for paper in CORPUS.papers if ":" in paper.title]


@pytest.mark.parametrize("title", COLON_TITLES[::6])
def test_a_pasted_title_with_a_colon_finds_its_paper(
    watched: Watched, site_url: str, title: str
) -> None:
    found = search(watched.page, site_url, title)
    assert found[0] == title  # the colon is text: only a field's name makes it syntax


@pytest.mark.parametrize("query", ["-- superposition", "superposition - circuits", "https: toy"])
def test_dashes_and_colons_that_are_not_syntax_are_text(
    watched: Watched, site_url: str, query: str
) -> None:
    found = search(watched.page, site_url, query)
    expect(watched.page.locator("#paper-search-status")).not_to_contain_text("could not be read")
    assert found


def test_a_field_colon_still_searches_that_field_beside_a_pasted_colon(
    watched: Watched, site_url: str
) -> None:
    found = search(watched.page, site_url, "+title:superposition Toy: models")
    assert found[0] == TOY  # lunr's syntax: the title must have the word, the others rank
    assert all("superposition" in title.lower() for title in found)


@pytest.mark.parametrize("phrase", ["sparse autoencoders", "world models"])
def test_a_quoted_phrase_finds_the_papers_with_it_those_holding_it_first(
    watched: Watched, site_url: str, phrase: str
) -> None:
    found = search(watched.page, site_url, f'"{phrase}"')
    holding = [
        paper.title
        for paper in CORPUS.papers
        if phrase in " ".join(f"{paper.title} {paper.abstract}".lower().split())
    ]
    assert holding, phrase
    assert set(holding) <= set(found)  # every paper with the phrase is found
    titled = [title for title in holding if phrase in title.lower()]
    if titled:
        assert found[0] in titled


@pytest.mark.parametrize("query", ["the", "of the and", "Is it?"])
def test_a_query_of_common_words_only_says_so(watched: Watched, site_url: str, query: str) -> None:
    assert search(watched.page, site_url, query) == []
    expect(watched.page.locator("#paper-search-status")).to_contain_text("too common to search")


def test_a_word_that_matches_nothing_is_not_called_common(watched: Watched, site_url: str) -> None:
    assert search(watched.page, site_url, "zzyzzx") == []
    expect(watched.page.locator("#paper-search-status")).to_have_text("No results for “zzyzzx”.")


def test_no_paper_with_every_word_shows_the_closest_labelled(
    watched: Watched, site_url: str
) -> None:
    found = search(watched.page, site_url, "superposition zebrafish")
    assert found
    assert TOY in found
    expect(watched.page.locator("#paper-search-status")).to_contain_text(
        "No paper has all the words for “superposition zebrafish”"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [("title:superposition", TOY), ("+superposition -phase", None), ("superpos*", TOY)],
)
def test_lunr_syntax_still_works(
    watched: Watched, site_url: str, query: str, expected: str | None
) -> None:
    found = search(watched.page, site_url, query)
    if expected:
        assert found[0] == expected
    else:
        assert TOY not in found  # its abstract says "phase change"


UNDATED = "A Perfectly Undated Superposition Study"


@pytest.fixture(scope="module")
def site_with_an_undated_paper(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped corpus and one paper that says nothing of when it appeared."""
    folder = tmp_path_factory.mktemp("undated")
    content = Path(shutil.copytree(PROJECT_ROOT / "content", folder / "content"))
    (content / "papers" / "undated.yaml").write_text(
        f'id: undated\ntitle: {UNDATED}\narxiv: "2101.00001"\nadded: 2026-11-24\n'
        "topics: [mechanistic-interpretability]\nabstract: Superposition, undated.\n",
        encoding="utf-8",
    )
    with served_site(folder, content) as url:
        yield url


def test_an_undated_paper_has_no_year_anywhere(
    watched: Watched, site_with_an_undated_paper: str
) -> None:
    page = watched.page
    url = site_with_an_undated_paper
    page.goto(url + "search/?q=" + urllib.parse.quote(UNDATED))
    result = page.locator("#paper-search-results li").filter(has_text=UNDATED)
    expect(result).to_have_count(1)
    meta = result.locator(".paper-search__meta").inner_text()
    assert not re.search(r"\b(19|20)\d\d\b", meta), meta  # not 2026, the year it was added
    page.goto(url + "search/?year=2026")
    expect(page.locator("#paper-search-status")).not_to_be_empty()
    assert UNDATED not in titles(page)
    page.goto(url + "papers/undated/")
    byline = page.locator(".paper-meta").inner_text()
    assert "Published" not in byline
    citation = page.locator("pre code").first.inner_text()
    assert "year" not in citation  # BibTeX: no year field
    plain = page.locator("pre code").nth(1).inner_text()
    assert not re.search(r"\((19|20)\d\d\)", plain)
