"""Trending days: an archive by month, a page per day, the home page's newest day, the feed."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import feedparser
import pytest
from bs4 import BeautifulSoup

from generator.corpus import Corpus, load_corpus
from generator.site.api import render_api
from generator.site.feeds import render_feeds
from generator.site.pages import render_pages
from generator.site.periods import PERIODS, period_view
from tests.markdown_site import page_soup

DAYS = {
    "2026-10-31": ["seeing-the-wind"],
    "2026-11-23": ["toy-models-of-superposition", "piqa"],
    "2026-11-24": ["piqa", "interpretability-in-the-wild", "toy-models-of-superposition"],
}


@pytest.fixture
def corpus(corpus_dir: Path) -> Corpus:
    (corpus_dir / "trending").mkdir()
    for day, ids in DAYS.items():
        entries = "".join(
            f"  - rank: {rank}\n    id: {paper}\n" for rank, paper in enumerate(ids, 1)
        )
        (corpus_dir / "trending" / f"{day}.yaml").write_text(
            f"date: {day}\nsource: test\npapers:\n{entries}"
        )
    return load_corpus(corpus_dir)


def test_archive_lists_every_day_by_month_newest_first(corpus: Corpus) -> None:
    soup = page_soup(render_pages(corpus)[PurePosixPath("archive/index.md")])
    assert [h2.get_text() for h2 in soup.find_all("h2")] == ["November 2026", "October 2026"]
    assert [(li.get_text(), a["href"]) for li in soup.find_all("li") if (a := li.a)] == [
        ("24 Nov 2026: 3 papers", "2026-11-24.md"),
        ("23 Nov 2026: 2 papers", "2026-11-23.md"),
        ("31 Oct 2026: 1 paper", "2026-10-31.md"),
    ]


def test_a_day_page_ranks_its_papers_and_links_its_neighbours(corpus: Corpus) -> None:
    soup = page_soup(render_pages(corpus)[PurePosixPath("archive/2026-11-23.md")])
    assert soup.h1 is not None
    assert soup.h1.get_text() == "Trending on 23 Nov 2026"
    rows = [[cell.get_text() for cell in row.find_all("td")] for row in soup.select("tbody tr")]
    assert rows == [
        ["1", "Toy Models of Superposition", "Circuits"],
        ["2", "PIQA: Reasoning about Physical Commonsense in Natural Language", "Physics"],
    ]
    neighbours = {a.get_text(): a["href"] for a in soup.find_all("a") if "day" in a.get_text()}
    assert neighbours == {
        "Every day": "index.md",
        "Next day: 24 Nov 2026": "2026-11-24.md",
        "Previous day: 31 Oct 2026": "2026-10-31.md",
    }


def test_home_shows_the_newest_day_first(corpus: Corpus) -> None:
    soup = page_soup(render_pages(corpus)[PurePosixPath("index.md")])
    headings = [h2.get_text() for h2 in soup.find_all("h2")]
    assert headings[0] == "Trending on 24 Nov 2026"
    cards = [a.get_text() for a in soup.select(".paper-card__title a")]
    assert cards == [  # latest_count: 2 in the fixture's corpus.yaml
        "PIQA: Reasoning about Physical Commonsense in Natural Language",
        "Interpretability in the Wild: a Circuit for Indirect Object Identification",
    ]


def test_a_paper_page_lists_the_days_it_trended_with_its_rank(corpus: Corpus) -> None:
    soup = page_soup(render_pages(corpus)[PurePosixPath("papers/toy-models-of-superposition.md")])
    trended = soup.select_one(".paper-trended")
    assert trended is not None
    assert trended.get_text() == (
        "Trended on 24 Nov 2026 (#3), 23 Nov 2026 (#1). Best rank #1, on 2 days."
    )
    assert [a["href"] for a in trended.find_all("a")] == [
        "../archive/2026-11-24.md",
        "../archive/2026-11-23.md",
    ]


def test_trending_feed_has_one_item_per_day(corpus: Corpus) -> None:
    files = render_feeds(corpus, "https://papers.example.org/")
    feed = feedparser.parse(files[PurePosixPath("archive/feed.xml")])
    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == [
        "Trending on 24 Nov 2026: 3 papers",
        "Trending on 23 Nov 2026: 2 papers",
        "Trending on 31 Oct 2026: 1 paper",
    ]
    assert feed.entries[0].link == "https://papers.example.org/archive/2026-11-24/"
    listed = BeautifulSoup(feed.entries[1].summary, "html.parser").select("ol > li")
    assert [(item["value"], item.get_text()) for item in listed] == [
        ("1", "Toy Models of Superposition"),
        ("2", "PIQA: Reasoning about Physical Commonsense in Natural Language"),
    ]


def test_no_days_means_no_archive_and_no_trending_feed(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    assert not any(path.parts[0] == "archive" for path in render_pages(corpus))
    assert not any(path.parts[0] == "archive" for path in render_feeds(corpus, "https://x.org/"))


def ingested_day(corpus_dir: Path) -> Corpus:
    """A day from the daily papers API, with upvotes, beside the hand-written days."""
    (corpus_dir / "trending" / "2026-11-25.yaml").write_text(
        "date: 2026-11-25\nsource: huggingface-daily-papers\npapers:\n"
        "  - {rank: 1, id: piqa, upvotes: 87}\n  - {rank: 2, id: seeing-the-wind, upvotes: 1}\n"
    )
    return load_corpus(corpus_dir)


def test_a_day_says_where_it_came_from_and_shows_the_upvotes(
    corpus: Corpus, corpus_dir: Path
) -> None:
    pages = render_pages(ingested_day(corpus_dir))
    soup = page_soup(pages[PurePosixPath("archive/2026-11-25.md")])
    source = soup.find("a", string="Hugging Face Daily Papers")
    assert source is not None
    assert source["href"] == "https://huggingface.co/papers"
    assert "ranked by the upvotes of the readers" in soup.get_text()
    assert [th.get_text() for th in soup.select("thead th")] == [
        "Rank",
        "Paper",
        "Upvotes",
        "Topics",
    ]
    rows = [[cell.get_text() for cell in row.find_all("td")][:3] for row in soup.select("tbody tr")]
    assert rows == [
        ["1", "PIQA: Reasoning about Physical Commonsense in Natural Language", "87"],
        ["2", "Seeing the Wind from a Falling Leaf", "1"],
    ]
    paper = page_soup(pages[PurePosixPath("papers/piqa.md")]).select_one(".paper-trended")
    assert paper is not None
    assert paper.get_text().startswith("Trended on 25 Nov 2026 (#1, 87 upvotes), 24 Nov 2026 (#1)")
    hand_written = page_soup(pages[PurePosixPath("archive/2026-11-24.md")])
    assert "Upvotes" not in [th.get_text() for th in hand_written.select("thead th")]
    assert "from test, ranked by the order the source gave them" in hand_written.get_text()
    home = page_soup(pages[PurePosixPath("index.md")]).select_one(".trending-source")
    assert home is not None
    assert home.get_text().startswith("The day's top 2, from Hugging Face Daily Papers, ranked by")


def test_feeds_and_the_api_carry_the_upvotes(corpus: Corpus, corpus_dir: Path) -> None:
    ingested = ingested_day(corpus_dir)
    feeds = render_feeds(ingested, "https://papers.example.org/")
    day = feedparser.parse(feeds[PurePosixPath("archive/feed.xml")]).entries[0]
    listed = BeautifulSoup(day.summary, "html.parser")
    assert [li.get_text() for li in listed.select("ol > li")] == [
        "PIQA: Reasoning about Physical Commonsense in Natural Language (87 upvotes)",
        "Seeing the Wind from a Falling Leaf (1 upvote)",
    ]
    assert "From Hugging Face Daily Papers" in listed.get_text()
    api = json.loads(
        render_api(ingested, "https://papers.example.org/")[PurePosixPath("api/papers.json")]
    )
    piqa = next(paper for paper in api["papers"] if paper["id"] == "piqa")
    assert piqa["trended"][0] == {
        "date": "2026-11-25",
        "rank": 1,
        "upvotes": 87,
        "stars": None,
        "source": "huggingface-daily-papers",
    }


def test_this_week_and_this_month_rank_the_papers_of_their_days(
    corpus: Corpus, corpus_dir: Path
) -> None:
    ingested = ingested_day(corpus_dir)  # 25 Nov: piqa 87 upvotes, seeing-the-wind 1
    week = period_view(ingested, PERIODS[0])
    assert week is not None
    assert (week.start.isoformat(), week.end.isoformat()) == ("2026-11-19", "2026-11-25")
    assert [
        (standing.paper.id, standing.best_rank, standing.peak_upvotes, standing.days)
        for standing in week.standings
    ] == [
        ("piqa", 1, 87, 3),  # upvotes first
        ("seeing-the-wind", 2, 1, 1),
        ("toy-models-of-superposition", 1, None, 2),  # then the best rank, days
    ]  # listing_size: 3 in the fixture's corpus.yaml, so interpretability-in-the-wild is out
    month = period_view(ingested, PERIODS[1])
    assert month is not None
    assert "seeing-the-wind" in {standing.paper.id for standing in month.standings}
    assert month.start.isoformat() == "2026-10-27"  # 31 Oct is in it
    pages = render_pages(ingested)
    soup = page_soup(pages[PurePosixPath("archive/week.md")])
    rows = [[cell.get_text() for cell in row.find_all("td")][:5] for row in soup.select("tbody tr")]
    assert rows[0] == [
        "1",
        "PIQA: Reasoning about Physical Commonsense in Natural Language",
        "1",
        "87",
        "3",
    ]
    feeds = render_feeds(ingested, "https://papers.example.org/")
    for folder in ("archive/week", "archive/month"):
        parsed = feedparser.parse(feeds[PurePosixPath(folder, "feed.xml")])
        assert parsed.bozo == 0
        assert parsed.entries[0].link == "https://papers.example.org/papers/piqa/"


def test_a_period_lists_at_most_listing_size_papers(corpus_dir: Path) -> None:
    settings = corpus_dir / "corpus.yaml"
    settings.write_text(settings.read_text().replace("listing_size: 3", "listing_size: 2"))
    (corpus_dir / "trending").mkdir(exist_ok=True)
    (corpus_dir / "trending" / "2026-11-24.yaml").write_text(
        "date: 2026-11-24\npapers:\n"
        + "".join(f"  - {{rank: {n}, id: {paper}}}\n" for n, paper in enumerate(
            ["piqa", "seeing-the-wind", "toy-models-of-superposition"], 1))
    )  # fmt: skip
    view = period_view(load_corpus(corpus_dir), PERIODS[1])
    assert view is not None
    assert [standing.paper.id for standing in view.standings] == ["piqa", "seeing-the-wind"]


def test_the_archive_lists_the_newest_year_and_links_a_page_per_earlier_year(
    corpus_dir: Path,
) -> None:
    (corpus_dir / "trending").mkdir()
    for day in ("2024-05-01", "2025-01-02", "2025-12-30", "2026-11-24"):
        (corpus_dir / "trending" / f"{day}.yaml").write_text(
            f"date: {day}\nsource: test\npapers:\n  - rank: 1\n    id: piqa\n"
        )
    tree = render_pages(load_corpus(corpus_dir))
    index = page_soup(tree[PurePosixPath("archive/index.md")])
    days = [link["href"] for link in index.select("h2:not(#years) + ul a")]
    assert days == ["2026-11-24.md"]  # only the newest year's days
    assert [link["href"] for link in index.select("h2#years + ul a")] == ["2025.md", "2024.md"]
    year = page_soup(tree[PurePosixPath("archive/2025.md")])
    assert [link["href"] for link in year.select("h2:not(#years) + ul a")] == [
        "2025-12-30.md",
        "2025-01-02.md",
    ]
    assert [link["href"] for link in year.select("h2#years + ul a")] == ["2024.md"]
    heading = year.select_one("h1")
    assert heading is not None
    assert heading.get_text() == "Archive: 2025"
