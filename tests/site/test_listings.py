"""Long listings stay short: the newest papers on the page, every paper on pages by count."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath

import pytest
from bs4 import BeautifulSoup

from generator.corpus import load_corpus
from generator.site.pages import render_pages
from generator.site.tree import SiteTree
from tests.markdown_site import page_soup, split_page

# Added dates of the papers each test adds to the fixture's physics topic (3 papers in Nov 2026).
EXTRA_DAYS = ["2026-10-30", "2026-10-02", "2026-09-15", "2025-12-31", "2026-10-02"]


def add_papers(corpus_dir: Path, days: list[str]) -> None:
    """Add one physics paper per date, titled by its position."""
    for number, day in enumerate(days):
        (corpus_dir / "papers" / f"extra-{number}.yaml").write_text(
            f"id: extra-{number}\ntitle: Extra paper {number}\nadded: {day}\n"
            f"topics: [physics]\nabstract: Abstract {number}.\n"
        )


def set_listing_size(corpus_dir: Path, size: int) -> None:
    site = corpus_dir / "corpus.yaml"
    lines = [line for line in site.read_text().splitlines() if not line.startswith("listing_size")]
    site.write_text("\n".join([*lines, f"listing_size: {size}", ""]))


@pytest.fixture
def tree(corpus_dir: Path) -> SiteTree:
    add_papers(corpus_dir, EXTRA_DAYS)
    set_listing_size(corpus_dir, 3)
    return render_pages(load_corpus(corpus_dir))


def soup_of(tree: SiteTree, path: str) -> BeautifulSoup:
    return page_soup(tree[PurePosixPath(path)])


def linked_papers(soup: BeautifulSoup, base: str) -> list[str]:
    """The paper ids a page links to, in order, from a page in folder `base` (by their source
    file, as Markdown links them, or by their built address, as raw HTML does)."""
    ids = []
    for link in soup.find_all("a"):
        href = str(link["href"])
        target = PurePosixPath(base, href)
        parts = [part for part in target.parts if part != ".."]
        built = href.endswith("/") and not href.endswith("papers/")
        if (
            parts[-2:-1] == ["papers"]
            and parts[-1] != "index.md"
            and (built or href.endswith(".md"))
        ):
            ids.append(parts[-1].removesuffix(".md"))
    return ids


def part_pages(tree: SiteTree, folder: str) -> list[str]:
    """A listing's pages by count, in their order (1.md, 2.md, ...)."""
    found = [path for path in tree if path.parent.as_posix() == folder and path.stem.isdigit()]
    return [path.as_posix() for path in sorted(found, key=lambda path: int(path.stem))]


def refresh_target(tree: SiteTree, path: str) -> str:
    """Where the redirect left at `path` sends readers."""
    soup = BeautifulSoup(tree[PurePosixPath(path)].decode(), "html.parser")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None
    return str(refresh["content"]).removeprefix("0; url=")


def test_a_long_topic_shows_its_newest_papers_then_every_paper_by_count(tree: SiteTree) -> None:
    soup = soup_of(tree, "topics/physics/index.md")
    cards = [a.get_text() for a in soup.select(".paper-card__title a")]
    assert cards == [
        "PIQA: Reasoning about Physical Commonsense in Natural Language",
        "Interpretability in the Wild: a Circuit for Indirect Object Identification",
        "Seeing the Wind from a Falling Leaf",
    ]
    assert "8 papers, newest first; the newest 3 here" in soup.get_text()
    parts = [(li.get_text(), li.a["href"]) for li in soup.find_all("li") if li.a]
    # Counted from the oldest paper, three a page: only the newest page is not yet full.
    assert parts == [
        ("Papers 7\N{EN DASH}8: added 22 Nov 2026 to 24 Nov 2026", "3.md"),
        ("Papers 4\N{EN DASH}6: added 2 Oct 2026 to 21 Nov 2026", "2.md"),
        ("Papers 1\N{EN DASH}3: added 31 Dec 2025 to 2 Oct 2026", "1.md"),
    ]


def test_pages_by_count_hold_every_paper_of_the_topic_exactly_once(tree: SiteTree) -> None:
    pages = part_pages(tree, "topics/physics")
    assert pages == [f"topics/physics/{number}.md" for number in (1, 2, 3)]
    listed = [
        paper for page in pages for paper in linked_papers(soup_of(tree, page), "topics/physics")
    ]
    corpus_ids = {"piqa", "interpretability-in-the-wild", "seeing-the-wind"}
    corpus_ids |= {f"extra-{number}" for number in range(len(EXTRA_DAYS))}
    assert sorted(listed) == sorted(corpus_ids)


def test_a_page_lists_its_days_newest_first_and_links_its_neighbours(tree: SiteTree) -> None:
    meta, _ = split_page(tree[PurePosixPath("topics/physics/2.md")])
    assert meta["title"] == "Physics: papers 4\N{EN DASH}6"
    soup = soup_of(tree, "topics/physics/2.md")
    assert [h2.get_text() for h2 in soup.find_all("h2")] == [
        "Added 21 Nov 2026",
        "Added 30 Oct 2026",
        "Added 2 Oct 2026",
    ]
    assert linked_papers(soup, "topics/physics") == ["seeing-the-wind", "extra-0", "extra-1"]
    navigation = {a.get_text(): a["href"] for a in soup.find_all("a") if "papers/" not in a["href"]}
    assert navigation == {"Physics": "index.md", "Newer papers": "3.md", "Older papers": "1.md"}


def test_the_newest_and_oldest_pages_link_only_inwards(tree: SiteTree) -> None:
    newest = soup_of(tree, "topics/physics/3.md").get_text()
    oldest = soup_of(tree, "topics/physics/1.md").get_text()
    assert "Newer papers" not in newest
    assert "Older papers" in newest
    assert "Older papers" not in oldest
    assert "Newer papers" in oldest


def test_a_full_page_keeps_its_bytes_when_newer_papers_arrive(corpus_dir: Path) -> None:
    add_papers(corpus_dir, EXTRA_DAYS)
    set_listing_size(corpus_dir, 3)
    before = render_pages(load_corpus(corpus_dir))
    (corpus_dir / "papers" / "newest.yaml").write_text(
        "id: newest\ntitle: The Newest Paper\nadded: 2026-11-25\n"
        "topics: [physics]\nabstract: Newest.\n"
    )
    after = render_pages(load_corpus(corpus_dir, today=dt.date(2026, 11, 26)))
    for page in ("topics/physics/1.md", "topics/physics/2.md"):
        assert after[PurePosixPath(page)] == before[PurePosixPath(page)], page
    assert "newest" in linked_papers(soup_of(after, "topics/physics/3.md"), "topics/physics")


def test_a_short_topic_keeps_every_paper_on_its_page(tree: SiteTree) -> None:
    soup = soup_of(tree, "topics/circuits/index.md")
    assert len(soup.select(".paper-card")) == 2
    assert "Every paper" not in soup.get_text()
    assert part_pages(tree, "topics/circuits") == []


def test_all_papers_splits_by_count_the_same_way(tree: SiteTree) -> None:
    soup = soup_of(tree, "papers/index.md")
    assert linked_papers(soup, "papers") == [
        "piqa",
        "interpretability-in-the-wild",
        "seeing-the-wind",
    ]
    pages = part_pages(tree, "all")
    assert pages == [f"all/{number}.md" for number in (1, 2, 3)]
    listed = [paper for page in pages for paper in linked_papers(soup_of(tree, page), "all")]
    assert len(listed) == len(set(listed)) == 9
    heading = soup_of(tree, "all/3.md").h1
    assert heading is not None
    assert heading.get_text() == "All papers: 7\N{EN DASH}9"


def test_the_old_month_addresses_lead_to_the_page_of_their_newest_paper(tree: SiteTree) -> None:
    assert refresh_target(tree, "topics/physics/2026-11/index.html") == "../3/"  # PIQA's
    assert refresh_target(tree, "topics/physics/2026-10/index.html") == "../2/"  # extra-0's
    assert refresh_target(tree, "topics/physics/2025-12/index.html") == "../1/"
    assert refresh_target(tree, "months/2026-09/index.html") == "../../all/1/"
    assert not any(path.match("topics/circuits/*/index.html") for path in tree)  # never split


def test_months_after_the_month_pages_ended_get_no_redirect(corpus_dir: Path) -> None:
    add_papers(corpus_dir, [*EXTRA_DAYS, "2027-01-05"])
    set_listing_size(corpus_dir, 3)
    tree = render_pages(load_corpus(corpus_dir, today=dt.date(2027, 1, 6)))
    assert PurePosixPath("topics/physics/2026-12/index.html") not in set(tree)
    assert PurePosixPath("topics/physics/2027-01/index.html") not in set(tree)
    assert PurePosixPath("topics/physics/2026-11/index.html") in set(tree)


def test_hostile_topic_titles_stay_text_on_pages_by_count(corpus_dir: Path) -> None:
    topics = corpus_dir / "topics.yaml"
    hostile = "<script>alert(1)</script> [x](javascript:alert(2)) {{ 7*7 }}"
    topics.write_text(topics.read_text().replace("title: Physics", f"title: '{hostile}'", 1))
    add_papers(corpus_dir, EXTRA_DAYS)
    set_listing_size(corpus_dir, 1)
    tree = render_pages(load_corpus(corpus_dir))
    meta, _ = split_page(tree[PurePosixPath("topics/physics/2.md")])
    assert str(meta["title"]).startswith("&lt;script&gt;")
    soup = soup_of(tree, "topics/physics/2.md")
    assert soup.find("script") is None
    assert all(not str(a["href"]).startswith("javascript") for a in soup.find_all("a"))
    assert soup.h1 is not None
    assert soup.h1.get_text() == f"{hostile}: papers 2"
    redirect = BeautifulSoup(
        tree[PurePosixPath("topics/physics/2026-10/index.html")], "html.parser"
    )
    assert redirect.find("script") is None
    assert redirect.title is not None
    assert redirect.title.get_text().startswith(hostile)


def test_pages_by_count_follow_the_added_dates_not_the_clock(corpus_dir: Path) -> None:
    add_papers(corpus_dir, EXTRA_DAYS)
    set_listing_size(corpus_dir, 1)
    first = render_pages(load_corpus(corpus_dir, today=dt.date(2026, 11, 25)))
    later = render_pages(load_corpus(corpus_dir, today=dt.date(2027, 3, 1)))
    assert dict(first.items()) == dict(later.items())


@pytest.mark.parametrize(("size", "split"), [(1, True), (2, False), (3, False)])
def test_a_listing_splits_only_past_listing_size(corpus_dir: Path, size: int, split: bool) -> None:
    set_listing_size(corpus_dir, size)  # the fixture's circuits topic has 2 papers
    tree = render_pages(load_corpus(corpus_dir))
    assert bool(part_pages(tree, "topics/circuits")) is split
    assert len(soup_of(tree, "topics/circuits/index.md").select(".paper-card")) == min(size, 2)
