"""Feeds parse in a real feed parser, hold the newest papers, and keep each item's identity."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup

from generator.corpus import load_corpus
from generator.corpus.edit import yaml_flow
from generator.site.feeds import render_feeds
from tests.conftest import FIXTURES
from tests.hostile import MARKUP_TEXT
from tests.safety import shown

BASE = "https://papers.example.org/archive/"
FEED_FOLDERS = [".", "topics/circuits", "topics/physics"]
ATOM = "{http://www.w3.org/2005/Atom}"
PIQA = "PIQA: Reasoning about Physical Commonsense in Natural Language"
HOSTILE_TITLE = "</title><script>alert(1)</script> ]]> <![CDATA[ & {{ 7*7 }}"


def feeds(corpus_dir: Path) -> dict[PurePosixPath, bytes]:
    return render_feeds(load_corpus(corpus_dir), BASE)


def parsed(files: dict[PurePosixPath, bytes], folder: str, name: str) -> Any:
    result = feedparser.parse(files[PurePosixPath(folder, name)])
    assert result.bozo == 0, result.get("bozo_exception")
    return result


def add_paper(corpus_dir: Path, paper_id: str, added: str, topics: str, title: str) -> None:
    (corpus_dir / "papers" / f"{paper_id}.yaml").write_text(
        f"id: {paper_id}\ntitle: {json.dumps(title)}\nadded: {added}\ntopics: [{topics}]\n"
        "abstract: A new result.\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("folder", FEED_FOLDERS)
@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_xml_feeds_are_well_formed_with_absolute_stable_ids(
    corpus_dir: Path, folder: str, name: str
) -> None:
    feed = parsed(feeds(corpus_dir), folder, name)
    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids)) > 0
    for entry in feed.entries:
        assert entry.id == entry.link
        assert entry.link.startswith(BASE + "papers/")
        assert entry.published_parsed is not None
        assert entry.tags
    assert feed.feed.link == BASE + ("" if folder == "." else f"{folder}/")


def test_site_feed_holds_the_newest_papers_first(corpus_dir: Path) -> None:
    feed = parsed(feeds(corpus_dir), ".", "feed.xml")
    assert [entry.link.rsplit("/", 2)[1] for entry in feed.entries] == [
        "piqa",
        "interpretability-in-the-wild",
        "seeing-the-wind",
        "toy-models-of-superposition",
    ]
    newest = feed.entries[0]
    assert time.strftime("%Y-%m-%d", newest.published_parsed) == "2026-11-24"
    assert time.strftime("%Y-%m-%d", feed.feed.updated_parsed) == "2026-11-24"


def test_entries_carry_authors_topics_and_related_links(corpus_dir: Path) -> None:
    for name in ("feed.xml", "atom.xml"):
        toy = parsed(feeds(corpus_dir), "topics/circuits", name).entries[1]
        assert toy.title == "Toy Models of Superposition"
        assert [author["name"] for author in toy.authors] == ["Nelson Elhage", "Tristan Hume"]
        assert [tag.term for tag in toy.tags] in (["circuits"], ["Circuits"])
        assert (
            shown(toy.summary_detail.value, toy.summary_detail.type)[0]
            == "Neural networks often pack many unrelated concepts into a single neuron."
        )
    atom = parsed(feeds(corpus_dir), "topics/circuits", "atom.xml").entries[1]
    related = [link.href for link in atom.links if link.rel == "related"]
    assert related == ["https://arxiv.org/abs/2209.10652", "https://github.com/example/toy-models"]


def test_feeds_hold_at_most_the_configured_number(corpus_dir: Path) -> None:
    settings = corpus_dir / "corpus.yaml"
    settings.write_text(settings.read_text() + "feed_items: 2\n")
    files = feeds(corpus_dir)
    assert len(parsed(files, ".", "feed.xml").entries) == 2
    assert len(json.loads(files[PurePosixPath("feed.json")])["items"]) == 2


def test_hostile_title_is_escaped_text_in_every_format(corpus_dir: Path) -> None:
    add_paper(corpus_dir, "hostile", "2026-11-25", "physics", HOSTILE_TITLE)
    files = feeds(corpus_dir)
    for name in ("feed.xml", "atom.xml"):
        raw = files[PurePosixPath(name)]
        assert b"<script>" not in raw
        assert parsed(files, ".", name).entries[0].title == HOSTILE_TITLE
    document = json.loads(files[PurePosixPath("feed.json")])
    assert document["items"][0]["title"] == HOSTILE_TITLE
    assert b"<" not in files[PurePosixPath("feed.json")]  # safe to embed in a page


@pytest.mark.parametrize("folder", FEED_FOLDERS)
def test_json_feed_follows_json_feed_1_1(corpus_dir: Path, folder: str) -> None:
    schema = json.loads((FIXTURES / "jsonfeed-1.1.schema.json").read_text())
    document = json.loads(feeds(corpus_dir)[PurePosixPath(folder, "feed.json")])
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
    assert document["feed_url"] == BASE + ("" if folder == "." else f"{folder}/") + "feed.json"
    for item in document["items"]:
        assert dt.datetime.fromisoformat(item["date_published"]).tzinfo is not None
        assert item["id"] == item["url"]


def test_editing_a_paper_keeps_its_feed_identity(corpus_dir: Path) -> None:
    before = parsed(feeds(corpus_dir), ".", "atom.xml").entries
    paper = corpus_dir / "papers" / "piqa.yaml"
    paper.write_text(paper.read_text().replace("PIQA: Reasoning", "PIQA (corrected): Reasoning"))
    after = parsed(feeds(corpus_dir), ".", "atom.xml").entries
    assert [entry.id for entry in after] == [entry.id for entry in before]
    assert [entry.published for entry in after] == [entry.published for entry in before]
    assert after[0].title != before[0].title


def test_new_paper_appears_first_in_its_feeds_and_nowhere_else(corpus_dir: Path) -> None:
    before = feeds(corpus_dir)
    add_paper(corpus_dir, "brand-new", "2026-11-25", "circuits", "A Brand New Circuit")
    after = feeds(corpus_dir)
    for folder in (".", "topics/circuits"):
        for name in ("feed.xml", "atom.xml"):
            assert parsed(after, folder, name).entries[0].title == "A Brand New Circuit"
        items = json.loads(after[PurePosixPath(folder, "feed.json")])["items"]
        assert items[0]["title"] == "A Brand New Circuit"
    for name in ("feed.xml", "atom.xml", "feed.json"):
        path = PurePosixPath("topics/physics", name)
        assert after[path] == before[path]


def test_rendering_twice_gives_identical_bytes(corpus_dir: Path) -> None:
    assert feeds(corpus_dir) == feeds(corpus_dir)


def test_opml_lists_every_feed(corpus_dir: Path) -> None:
    files = feeds(corpus_dir)
    opml = ElementTree.fromstring(files[PurePosixPath("feeds.opml")])  # noqa: S314 (our output)
    outlines = opml.findall("./body/outline")
    assert [outline.get("xmlUrl") for outline in outlines] == [
        BASE + "feed.xml",
        BASE + "topics/circuits/feed.xml",
        BASE + "topics/physics/feed.xml",
    ]
    assert [outline.get("title") for outline in outlines] == [
        "Fixture Papers",
        "Fixture Papers: Circuits",
        "Fixture Papers: Physics",
    ]


@pytest.mark.parametrize("abstract", MARKUP_TEXT)
def test_every_feed_shows_an_abstract_as_its_exact_text(corpus_dir: Path, abstract: str) -> None:
    paper = corpus_dir / "papers" / "marked-up.yaml"
    paper.write_text(
        "id: marked-up\ntitle: Marked up\nadded: 2026-11-25\ntopics: [physics]\n"
        f"abstract: {yaml_flow(abstract)}\n",
        encoding="utf-8",
    )
    expected = load_corpus(corpus_dir).papers_by_id["marked-up"].abstract
    files = feeds(corpus_dir)
    only_paragraphs = (expected, {"p"})
    for name in ("feed.xml", "atom.xml"):
        (entry, *_) = parsed(files, ".", name).entries
        assert entry.title == "Marked up"
        detail = entry.summary_detail
        assert shown(detail.value, detail.type)[0] == expected, (name, detail)
    # Read without feedparser's sanitiser, as a reader that trusts the feed would.
    rss = ElementTree.fromstring(files[PurePosixPath("feed.xml")])  # noqa: S314 (our output)
    assert shown(rss.findtext("./channel/item/description") or "") == only_paragraphs
    atom = ElementTree.fromstring(files[PurePosixPath("atom.xml")])  # noqa: S314
    (summary,) = atom.findall(f"./{ATOM}entry/{ATOM}summary")[:1]
    assert summary.get("type") == "html"
    assert shown(summary.text or "") == only_paragraphs
    (item, *_) = json.loads(files[PurePosixPath("feed.json")])["items"]
    assert item["content_text"] == expected
    assert shown(item["content_html"]) == only_paragraphs


def test_a_trending_day_item_lists_its_papers_as_escaped_links(corpus_dir: Path) -> None:
    add_paper(corpus_dir, "hostile", "2026-11-24", "physics", HOSTILE_TITLE)
    (corpus_dir / "trending").mkdir(exist_ok=True)
    (corpus_dir / "trending" / "2026-11-24.yaml").write_text(
        "date: 2026-11-24\npapers:\n  - {rank: 1, id: hostile}\n  - {rank: 2, id: piqa}\n",
        encoding="utf-8",
    )
    files = feeds(corpus_dir)
    for name in ("feed.xml", "atom.xml"):
        (day,) = parsed(files, "archive", name).entries
        html = day.summary_detail.value
        assert shown(html)[1] == {"ol", "li", "a"}  # the hostile title drew no element
        items = BeautifulSoup(html, "html.parser").select("ol > li")
        assert [li.get_text() for li in items] == [HOSTILE_TITLE, PIQA]
        assert [link["href"] for li in items for link in li.select("a")] == [
            BASE + "papers/hostile/",
            BASE + "papers/piqa/",
        ]
