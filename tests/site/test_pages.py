"""Each page kind holds what a reader needs, linked so the engine can check every link."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from bs4 import BeautifulSoup, Tag

from generator.corpus import Corpus, load_corpus
from generator.site.pages import render_pages
from generator.site.tree import OutputCollisionError, SiteTree
from tests.markdown_site import page_soup, split_page


@pytest.fixture
def corpus(corpus_dir: Path) -> Corpus:
    return load_corpus(corpus_dir)


@pytest.fixture
def tree(corpus: Corpus) -> SiteTree:
    return render_pages(corpus)


def page(tree: SiteTree, path: str) -> BeautifulSoup:
    return page_soup(tree[PurePosixPath(path)])


def link_texts(soup: Tag, selector: str) -> list[str]:
    return [link.get_text() for link in soup.select(selector)]


def test_one_page_per_topic_and_paper_plus_listings(tree: SiteTree, corpus: Corpus) -> None:
    expected = {"index.md", "topics/index.md", "papers/index.md", "about.md"}
    expected |= {
        "authors/index.md",
        "statistics/index.md",
        "subscribe/index.md",
    }  # no author has two papers: no pages
    # All papers has 4, past the fixture's listing_size of 3: two pages by count, and the month
    # page it had before them left as a redirect.
    expected |= {"all/1.md", "all/2.md", "months/2026-11/index.html"}
    expected |= {f"topics/{topic.slug}/index.md" for topic in corpus.topics}
    expected |= {f"papers/{paper.id}.md" for paper in corpus.papers}
    assert {path.as_posix() for path in tree} == expected


def test_hand_written_pages_are_copied_unchanged(tree: SiteTree, corpus_dir: Path) -> None:
    """Apart from the list of papers needing metadata, added at the end of the About page."""
    about = tree[PurePosixPath("about.md")]
    hand_written = (corpus_dir / "pages" / "about.md").read_bytes().rstrip()
    assert about.startswith(hand_written + b"\n\n## Papers that need metadata")


def test_topic_page_lists_its_papers_newest_first_as_cards(tree: SiteTree) -> None:
    soup = page(tree, "topics/physics/index.md")
    assert soup.h1 is not None
    assert soup.h1.get_text() == "Physics"
    assert link_texts(soup, ".paper-card__title a") == [
        "PIQA: Reasoning about Physical Commonsense in Natural Language",
        "Interpretability in the Wild: a Circuit for Indirect Object Identification",
        "Seeing the Wind from a Falling Leaf",
    ]
    first_card = soup.select(".paper-card")[0]
    assert "Added 24 Nov 2026" in first_card.get_text()
    # Raw HTML (cards cost the engine three times as much as Markdown): the built address.
    assert [a["href"] for a in first_card.select(".paper-card__title a")] == ["../../papers/piqa/"]


def test_card_shows_authors_excerpt_and_topic_chips(tree: SiteTree) -> None:
    soup = page(tree, "topics/circuits/index.md")
    card = soup.select(".paper-card")[1]
    meta = card.select_one(".paper-card__meta")
    assert meta is not None
    # The paper links its code: a badge in words says so.
    assert meta.get_text() == (
        "Nelson Elhage, Tristan Hume · Published Sep 2022 · Added 20 Nov 2026 Has code"
    )
    assert "pack many unrelated concepts" in card.get_text()
    assert link_texts(card, "a.topic-chip") == ["Circuits"]


def test_paper_page_has_abstract_links_topics_and_neighbours(tree: SiteTree) -> None:
    soup = page(tree, "papers/interpretability-in-the-wild.md")
    meta, _ = split_page(tree[PurePosixPath("papers/interpretability-in-the-wild.md")])
    assert (
        meta["title"]
        == "Interpretability in the Wild: a Circuit for Indirect Object Identification"
    )
    paragraphs = [p.get_text() for p in soup.find_all("p")]
    assert "First paragraph of the abstract." in paragraphs
    assert "Second paragraph, after a blank line." in paragraphs
    assert link_texts(soup, "a.topic-chip") == ["Circuits", "Physics"]
    headings = [h2.get_text() for h2 in soup.find_all("h2")]
    assert headings == ["Abstract", "Cite", "More in Circuits", "More in Physics"]
    # Raw HTML, as the site serves them: built addresses, not the engine's source links.
    neighbours = [(li.get_text(), li.a["href"]) for li in soup.find_all("li") if li.a]
    assert neighbours == [
        ("Older: Toy Models of Superposition", "../toy-models-of-superposition/"),
        ("All papers in Circuits", "../../topics/circuits/"),
        ("Newer: PIQA: Reasoning about Physical Commonsense in Natural Language", "../piqa/"),
        ("Older: Seeing the Wind from a Falling Leaf", "../seeing-the-wind/"),
        ("All papers in Physics", "../../topics/physics/"),
    ]


def test_paper_with_arxiv_id_links_abstract_and_pdf(tree: SiteTree) -> None:
    soup = page(tree, "papers/toy-models-of-superposition.md")
    buttons = [(a.get_text(), a["href"]) for a in soup.select(".paper-links a")]
    assert buttons == [
        ("arXiv", "https://arxiv.org/abs/2209.10652"),
        ("PDF", "https://arxiv.org/pdf/2209.10652"),
        ("Code", "https://github.com/example/toy-models"),
    ]


def test_paper_without_arxiv_id_shows_only_its_own_links(tree: SiteTree) -> None:
    soup = page(tree, "papers/seeing-the-wind.md")
    buttons = [(a.get_text(), a["href"]) for a in soup.select(".paper-links a")]
    assert buttons == [("Project page", "https://example.org/wind/")]
    assert "Authors not recorded" in soup.get_text()


def test_home_lists_the_newest_papers_and_every_topic(tree: SiteTree) -> None:
    soup = page(tree, "index.md")
    assert link_texts(soup, "li a") == [
        "PIQA: Reasoning about Physical Commonsense in Natural Language",
        "Interpretability in the Wild: a Circuit for Indirect Object Identification",
    ]  # latest_count: 2 in the fixture's corpus.yaml
    assert [h2.get_text() for h2 in soup.find_all("h2")] == ["Topics", "Latest additions"]
    topics = [item.get_text(" ", strip=True) for item in soup.select(".topic-grid__item")]
    assert topics == [
        "Circuits Reverse-engineering networks. 2 papers",
        "Physics Learning physical laws. 3 papers",
    ]


def test_all_papers_page_groups_by_day_newest_first(tree: SiteTree) -> None:
    soup = page(tree, "papers/index.md")
    days = [h2.get_text() for h2 in soup.find_all("h2")]
    assert days == ["Added 24 Nov 2026", "Added 22 Nov 2026", "Added 21 Nov 2026", "Every paper"]
    assert [a["href"] for a in soup.select("li a")] == [
        "piqa/",  # raw HTML: built addresses
        "interpretability-in-the-wild/",
        "seeing-the-wind/",
        "../all/2.md",  # the newest, papers 4 (of 4, three a page, counted from the oldest)
        "../all/1.md",
    ]


def test_hand_written_page_cannot_replace_a_generated_one(corpus_dir: Path) -> None:
    (corpus_dir / "pages" / "index.md").write_text("# Mine\n")
    with pytest.raises(OutputCollisionError, match=r"index\.md"):
        render_pages(load_corpus(corpus_dir))


def test_hostile_title_is_text_in_every_context(corpus_dir: Path) -> None:
    title = "</title><script>alert(1)</script> [x](javascript:alert(2)) {{ 7*7 }}"
    text = (corpus_dir / "papers" / "piqa.yaml").read_text()
    hostile = text.replace(
        'title: "PIQA: Reasoning about Physical Commonsense in Natural Language"',
        f"title: '{title}'",
    )
    (corpus_dir / "papers" / "piqa.yaml").write_text(hostile)
    tree = render_pages(load_corpus(corpus_dir))
    meta, _ = split_page(tree[PurePosixPath("papers/piqa.md")])
    assert meta["title"] == (
        "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2)) {{ 7*7 }}"
    )
    for path in ("papers/piqa.md", "topics/physics/index.md", "index.md", "papers/index.md"):
        soup = page(tree, path)
        assert soup.find("script") is None
        assert all(not str(a["href"]).startswith("javascript") for a in soup.find_all("a"))
        assert title in soup.get_text()
