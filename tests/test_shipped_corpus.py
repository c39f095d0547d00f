"""The corpus the project ships: complete, faithful to the seed listing, and buildable."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import feedparser
import jsonschema
import pytest

from generator.corpus import Corpus, load_corpus
from generator.curate.contribute import code_links
from generator.sources.text import source_text
from tests.conftest import FIXTURES, PROJECT_ROOT, BuiltSite, RunPapers

pytestmark = [pytest.mark.slow, pytest.mark.corpus]  # slow: the engine, a browser or another
# process (not in test-fast); corpus: reads content/

SEED = PROJECT_ROOT.parent / "shared" / "seed"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(PROJECT_ROOT / "content")


def seed_listing() -> list[tuple[str, str]]:
    listing = SEED / "trending-listing.txt"
    if not listing.is_file():
        pytest.skip(f"the seed listing is not beside this checkout ({listing})")
    lines = listing.read_text(encoding="utf-8").split("\n")[2:]
    while lines and lines[-1] == "":
        lines.pop()
    pairs = list(zip(lines[::2], lines[1::2], strict=True))
    title, abstract = pairs[0]
    return [(title.removeprefix("Subscribe"), abstract), *pairs[1:]]


def test_holds_the_119_seed_papers_verbatim_but_for_tex_escapes(corpus: Corpus) -> None:
    listing = seed_listing()
    assert len(listing) == 119
    cleaned = [(title, source_text(abstract)) for title, abstract in listing]
    assert sorted((paper.title, paper.abstract) for paper in corpus.papers) == sorted(cleaned)
    assert sum(abstract != source_text(abstract) for _, abstract in listing) == 8


def test_no_shipped_abstract_keeps_a_tex_escape_or_doubled_quote(corpus: Corpus) -> None:
    leftovers = re.compile(r"\\[%&#]|``|''|\"\"")
    assert [paper.id for paper in corpus.papers if leftovers.search(paper.abstract)] == []


def seed_metadata() -> dict[str, dict[str, object]]:
    """The verified facts of metadata.json, by title."""
    seed = SEED / "metadata.json"
    if not seed.is_file():
        pytest.skip(f"the seed metadata is not beside this checkout ({seed})")
    return {entry["title"]: entry for entry in json.loads(seed.read_text())["papers"]}


def test_uses_the_verified_seed_metadata_and_nothing_else(corpus: Corpus) -> None:
    verified = seed_metadata()
    assert len(verified) == 119
    for paper in corpus.papers:
        entry = verified[paper.title]
        assert paper.arxiv == entry["arxiv"], paper.id
        assert paper.published == entry["published"], paper.id
        assert list(paper.authors or []) == (entry["authors"] or []), paper.id
        # A repository the abstract itself names was there first and stays.
        expected_code = code_links(paper.abstract).get("code") or entry["code"]
        assert paper.links.get("code") == expected_code, paper.id


def test_every_paper_with_verified_authors_shows_them(
    corpus: Corpus, run_papers: RunPapers, shipped_site: BuiltSite
) -> None:
    verified = seed_metadata()
    lacking = {paper.id for paper in corpus.papers if not verified[paper.title]["authors"]}
    run = run_papers("validate", "--all-warnings", "--content", PROJECT_ROOT / "content")
    warned = {
        Path(line.split(":", 1)[0]).stem
        for line in run.stderr.splitlines()
        if line.endswith("warning: the paper has no authors")
    }
    assert (run.exit_code, warned) == (0, lacking)
    site = shipped_site.folder
    assert (site / "index.html").read_text().count("Authors not recorded") <= len(lacking)


def test_every_topic_has_at_least_five_papers(corpus: Corpus) -> None:
    assert 6 <= len(corpus.topics) <= 10
    counts = Counter(slug for paper in corpus.papers for slug in paper.topics)
    assert {topic.slug: counts[topic.slug] >= 5 for topic in corpus.topics} == {
        topic.slug: True for topic in corpus.topics
    }


def test_code_links_named_in_abstracts_are_in_links(corpus: Corpus) -> None:
    toy = {paper.id: paper for paper in corpus.papers}
    assert toy["oneforecast-a-universal-framework-for-global-and-regional"].links == {
        "code": "https://github.com/YuanGao-YG/OneForecast"
    }


def test_strict_build_of_the_shipped_corpus(shipped_site: BuiltSite) -> None:
    site = shipped_site.folder  # built by `papers build`, strict: any engine warning fails it
    corpus = load_corpus(PROJECT_ROOT / "content")
    assert (site / "index.html").is_file()
    built_papers = {path.parent.name for path in (site / "papers").glob("*/index.html")}
    assert built_papers == {paper.id for paper in corpus.papers}
    built_topics = {path.parent.name for path in (site / "topics").glob("*/index.html")}
    assert built_topics == {topic.slug for topic in corpus.topics}
    assert (site / "archive" / "index.html").is_file()
    assert (site / "archive" / "2026-11-24" / "index.html").is_file()
    assert "Trending on 24 Nov 2026" in (site / "index.html").read_text()
    schema = json.loads((FIXTURES / "jsonfeed-1.1.schema.json").read_text())
    expected = {".": len(corpus.papers)} | {
        f"topics/{slug}": len(papers) for slug, papers in corpus.papers_by_topic.items()
    }
    for folder, count in expected.items():
        items = min(count, corpus.site.feed_items)
        for name in ("feed.xml", "atom.xml"):
            feed = feedparser.parse((site / folder / name).read_bytes())
            assert (feed.bozo, len(feed.entries)) == (0, items), (folder, name)
        document = json.loads((site / folder / "feed.json").read_text())
        jsonschema.validate(document, schema)
        assert len(document["items"]) == items


def test_seed_snapshot_holds_the_listing_in_its_order(corpus: Corpus) -> None:
    listing = seed_listing()
    (seed,) = [
        snapshot for snapshot in corpus.snapshots if snapshot.date.isoformat() == "2026-11-24"
    ]
    titles = [
        corpus.papers_by_id[entry.id].title for entry in sorted(seed.papers, key=lambda e: e.rank)
    ]
    assert titles == [title for title, _ in listing]
