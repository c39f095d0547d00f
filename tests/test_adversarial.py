"""A corpus hostile in every text field builds into a site where every value shows and none runs.

Every output is parsed as what it is: HTML with an HTML parser, feeds with feedparser, JSON with
json, the OPML and sitemap as XML.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from bibtexparser.entrypoint import parse_string
from bs4 import BeautifulSoup

from generator.corpus import load_corpus
from generator.corpus.authors import index_authors
from generator.site.cite import bibtex_entry, plain_citation
from tests.hostile import HOSTILE_TEXT, LONG_ABSTRACT, distinct
from tests.safety import places_that_could_run

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast

LINK = 'https://example.org/a"><script>alert(1)</script>?q=<img/src=x/onerror=alert(1)>'


def line(text: str, limit: int) -> str:
    return json.dumps(distinct(text)[:limit], ensure_ascii=False)


def shown(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Build the hostile corpus once; return its content folder and its built site."""
    folder = tmp_path_factory.mktemp("adversarial")
    content = folder / "content"
    (content / "papers").mkdir(parents=True)
    (content / "trending").mkdir()
    (content / "pages").mkdir()
    # Every hostile paper lacks a link to the paper, so the About page lists them all.
    (content / "pages" / "about.md").write_text("# About\n\nAn archive.\n", encoding="utf-8")
    (content / "corpus.yaml").write_text(
        f"schema_version: 1\ntitle: {line(HOSTILE_TEXT[0], 80)}\n"
        f"description: {line(HOSTILE_TEXT[1], 300)}\nbase_url: https://papers.example.org/\n",
        encoding="utf-8",
    )
    topics = "topics:\n" + "".join(
        f"  - slug: topic-{number}\n    title: {line(HOSTILE_TEXT[number], 80)}\n"
        f"    description: {line(HOSTILE_TEXT[number + 1], 300)}\n"
        for number in range(2, 6)
    )
    (content / "topics.yaml").write_text(topics, encoding="utf-8")
    entries = []
    for number, text in enumerate(HOSTILE_TEXT):
        abstract = LONG_ABSTRACT if number == 7 else text
        (content / "papers" / f"hostile-{number}.yaml").write_text(
            f"id: hostile-{number}\ntitle: {line(text, 500)}\n"
            # Each value names the authors of two papers, so each gets an author page too.
            f"authors: [{line(text, 300)}, {line(HOSTILE_TEXT[number - 1], 300)}]\n"
            f"added: 2026-11-23\ntopics: [topic-{2 + number % 4}]\n"
            f"links:\n  code: {json.dumps(LINK)}\n"
            f"abstract: {json.dumps(abstract, ensure_ascii=False)}\n",
            encoding="utf-8",
        )
        entries.append(f"  - rank: {number + 1}\n    id: hostile-{number}\n")
    (content / "trending" / "2026-11-23.yaml").write_text(
        f"date: 2026-11-23\nsource: {line(HOSTILE_TEXT[10], 200)}\npapers:\n{''.join(entries)}",
        encoding="utf-8",
    )
    site = folder / "site"
    from generator.cli import main  # noqa: PLC0415 (kept next to the one call that needs it)

    arguments = ["build", "-q", "--content", str(content), "--build-dir", str(folder / "build")]
    assert main([*arguments, "--site-dir", str(site)]) == 0
    return content, site


def soup(path: Path) -> BeautifulSoup:
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for permalink in page.select("a.headerlink"):
        permalink.decompose()
    return page


def test_there_are_at_least_40_hostile_values() -> None:
    assert len(HOSTILE_TEXT) >= 40


def test_no_page_holds_anything_that_could_run(hostile_site: tuple[Path, Path]) -> None:
    _, site = hostile_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(HOSTILE_TEXT)
    for page in pages:
        assert places_that_could_run(soup(page)) == [], page


def test_every_feed_and_xml_file_parses(hostile_site: tuple[Path, Path]) -> None:
    _, site = hostile_site
    feeds = [*site.rglob("feed.xml"), *site.rglob("atom.xml")]
    assert len(feeds) == 2 * (1 + 4 + 1 + 2)  # the site, four topics, the days, week and month
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert parsed.bozo == 0, (feed, parsed.get("bozo_exception"))
        for entry in parsed.entries:
            assert "<script" not in entry.get("title", "").lower() or "alert" in entry.title
    for document in (site / "feeds.opml", site / "sitemap.xml"):
        ElementTree.fromstring(document.read_bytes())  # noqa: S314 (our own output)


def test_every_json_file_parses_and_is_safe_to_embed(hostile_site: tuple[Path, Path]) -> None:
    _, site = hostile_site
    ours = [*site.rglob("feed.json"), *(site / "search").glob("papers-*.json")]
    ours += [*(site / "api").rglob("*.json")]
    assert len(ours) > 8
    for document in ours:
        json.loads(document.read_bytes())
        assert b"<" not in document.read_bytes(), document  # no </script> break-out


def test_the_about_page_lists_every_hostile_title_as_written(
    hostile_site: tuple[Path, Path],
) -> None:
    _, site = hostile_site
    about = soup(site / "about" / "index.html")
    listed = about.select("details li a")
    expected = sorted((distinct(text) for text in HOSTILE_TEXT), key=str.casefold)
    # The list is bounded (50); the others are counted, never dropped silently.
    assert [shown(link.get_text()) for link in listed] == expected[:50]
    assert f"and {len(expected) - 50} more" in about.get_text()


def test_every_value_is_shown_as_written(hostile_site: tuple[Path, Path]) -> None:
    _, site = hostile_site
    for number, text in enumerate(HOSTILE_TEXT):
        page = soup(site / "papers" / f"hostile-{number}" / "index.html")
        heading = page.select_one("article h1")
        assert heading is not None
        assert shown(heading.get_text()) == distinct(text), number
        byline = page.select_one(".paper-meta")
        assert byline is not None
        assert distinct(text)[:300] in shown(byline.get_text()), number
        body = shown(page.select_one("article").get_text())  # type: ignore[union-attr]
        abstract = LONG_ABSTRACT if number == 7 else text
        assert shown(abstract) in body, number
        links = [str(a["href"]) for a in page.select(".paper-links a")]
        assert links == [
            "https://example.org/a%22%3E%3Cscript%3Ealert%281%29%3C/script%3E?q=%3Cimg/src=x/onerror=alert%281%29%3E"
        ]


def test_author_pages_show_each_name_as_written(hostile_site: tuple[Path, Path]) -> None:
    content, site = hostile_site
    authors = index_authors(load_corpus(content).papers)
    assert len(authors) == len(HOSTILE_TEXT)
    index = shown(soup(site / "authors" / "index.html").get_text())
    for author in authors:
        assert author.has_page
        page = soup(site / "authors" / author.slug / "index.html")
        heading = page.select_one("article h1")
        assert heading is not None
        assert shown(heading.get_text()) == shown(author.name)
        assert shown(author.name) in index


def test_site_and_topic_names_and_the_day_source_are_shown(hostile_site: tuple[Path, Path]) -> None:
    _, site = hostile_site
    home = soup(site / "index.html")
    assert home.title is not None
    assert shown(home.title.get_text()) == distinct(HOSTILE_TEXT[0])[:80]
    for number in range(2, 6):
        page = soup(site / "topics" / f"topic-{number}" / "index.html")
        heading = page.select_one("article h1")
        assert heading is not None
        assert shown(heading.get_text()) == distinct(HOSTILE_TEXT[number])[:80]
    day = soup(site / "archive" / "2026-11-23" / "index.html")
    assert distinct(HOSTILE_TEXT[10])[:200] in shown(day.get_text())
    # Lists of papers name each paper's topics (raw HTML on listings and paper pages).
    topics = {distinct(HOSTILE_TEXT[number])[:80] for number in range(2, 6)}
    listing = soup(site / "papers" / "index.html").select(".paper-list__topics")
    assert {shown(span.get_text()) for span in listing} == topics
    related = soup(site / "papers" / "hostile-1" / "index.html").select(".paper-list__topics")
    assert related
    assert {shown(span.get_text()) for span in related} <= topics


def test_head_metadata_and_citations_hold_each_value_as_written(
    hostile_site: tuple[Path, Path],
) -> None:
    content, site = hostile_site
    papers = load_corpus(content).papers_by_id
    for number, text in enumerate(HOSTILE_TEXT):
        page = soup(site / "papers" / f"hostile-{number}" / "index.html")
        title = page.find("meta", attrs={"name": "citation_title"})
        assert title is not None
        assert title["content"] == distinct(text)[:500], number
        authors = [
            tag["content"] for tag in page.find_all("meta", attrs={"name": "citation_author"})
        ]
        assert authors == [distinct(text)[:300], distinct(HOSTILE_TEXT[number - 1])[:300]]
        (script,) = page.find_all("script", attrs={"type": "application/ld+json"})
        assert json.loads(script.string or "")["name"] == distinct(text)[:500], number
        paper = papers[f"hostile-{number}"]
        codes = [code.get_text().rstrip("\n") for code in page.select("article pre code")]
        assert codes == [bibtex_entry(paper).rstrip("\n"), plain_citation(paper)], number


def test_every_bibliography_parses_with_an_entry_per_paper(hostile_site: tuple[Path, Path]) -> None:
    _, site = hostile_site
    library = parse_string((site / "papers.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    assert sorted(entry.key for entry in library.entries) == sorted(
        f"hostile-{number}" for number in range(len(HOSTILE_TEXT))
    )
