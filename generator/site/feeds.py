"""Render the feeds (RSS 2.0, Atom, JSON Feed 1.1) of the site and of each topic, and the OPML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.etree import ElementTree

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from generator import __version__
from generator.corpus.model import Corpus
from generator.corpus.schema import Paper
from generator.site.escape import json_bytes
from generator.site.pages import paper_path, public_url, topic_path

FEED_FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
"""The file name of each feed format, the same in every feed's folder."""

OPML_FILE = "feeds.opml"
_GENERATOR = "Trending Papers"


class _RelatedLinks(BaseEntryExtension):  # type: ignore[misc]
    """Writes an Atom entry's rel="related" links (arXiv, code).

    feedgen 1.0 drops the rel of entry links (python-feedgen issue #135), which would turn
    them into alternates that readers open instead of the paper's page.
    """

    def __init__(self) -> None:
        self.urls: list[str] = []

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        for url in self.urls:
            etree.SubElement(entry, "link", href=url, rel="related")
        return entry


@dataclass(frozen=True)
class Feed:
    """One subscription: the newest papers of the whole archive or of one topic."""

    title: str
    description: str
    folder: PurePosixPath  # where its files live in the site: "." or topics/<slug>
    home_url: str  # the page the feed belongs to
    papers: tuple[Paper, ...]  # newest first

    def url(self, base_url: str, kind: str) -> str:
        """Return the absolute address of this feed in format `kind`."""
        folder = "" if self.folder == PurePosixPath(".") else f"{self.folder.as_posix()}/"
        return f"{base_url}{folder}{FEED_FILES[kind]}"


def feeds_of(corpus: Corpus, base_url: str) -> list[Feed]:
    """The site-wide feed, then one feed per topic in taxonomy order."""
    limit = corpus.site.feed_items
    site = Feed(
        title=corpus.site.title,
        description=corpus.site.description,
        folder=PurePosixPath("."),
        home_url=base_url,
        papers=corpus.papers[:limit],
    )
    topics = [
        Feed(
            title=f"{corpus.site.title}: {topic.title}",
            description=topic.description,
            folder=topic_path(topic).parent,
            home_url=public_url(base_url, topic_path(topic)),
            papers=corpus.papers_by_topic[topic.slug][:limit],
        )
        for topic in corpus.topics
    ]
    return [site, *topics]


def render_feeds(corpus: Corpus, base_url: str) -> dict[PurePosixPath, bytes]:
    """Return every feed file and the OPML list of them, keyed by path in the site."""
    feeds = feeds_of(corpus, base_url)
    files: dict[PurePosixPath, bytes] = {}
    for feed in feeds:
        generator = _feed_generator(corpus, feed, base_url)
        for kind, render in (("rss", generator.rss_str), ("atom", generator.atom_str)):
            # Each format names itself as `self`. feedgen makes the *last* link the RSS
            # channel's <link>, which must be the page the feed belongs to.
            self_link = {"href": feed.url(base_url, kind), "rel": "self"}
            home_link = {"href": feed.home_url, "rel": "alternate"}
            generator.link([self_link, home_link], replace=True)
            files[feed.folder / FEED_FILES[kind]] = render(pretty=True)
        files[feed.folder / FEED_FILES["json"]] = _json_feed(corpus, feed, base_url)
    files[PurePosixPath(OPML_FILE)] = _opml(corpus, feeds, base_url)
    return files


def _moment(day: dt.date) -> dt.datetime:
    """A paper's `added` day as a time: midnight UTC, so feeds never depend on the clock."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _updated(feed: Feed, corpus: Corpus) -> dt.datetime:
    """The feed changed when its newest paper arrived (an empty feed: the archive's newest)."""
    newest = feed.papers or corpus.papers
    return _moment(newest[0].added) if newest else _moment(dt.date(1970, 1, 1))


def _feed_generator(corpus: Corpus, feed: Feed, base_url: str) -> FeedGenerator:
    generator = FeedGenerator()
    # RSS names authors without e-mail addresses only through dc:creator; Atom has <author>.
    generator.load_extension("dc", atom=False, rss=True)
    generator.register_extension("related", BaseExtension, _RelatedLinks, atom=True, rss=False)
    generator.id(feed.url(base_url, "atom"))
    generator.title(feed.title)
    generator.subtitle(feed.description)
    generator.language("en")
    generator.generator(_GENERATOR, version=__version__)
    # feedgen stamps both with the current time unless they are set.
    generator.updated(_updated(feed, corpus))
    generator.lastBuildDate(_updated(feed, corpus))
    for paper in feed.papers:  # newest first; 'append' keeps that order (the default prepends)
        url = public_url(base_url, paper_path(paper))
        entry = generator.add_entry(order="append")
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(paper.title)
        entry.link(href=url, rel="alternate")
        entry.related.urls = _related_links(paper)
        entry.summary(paper.abstract)
        entry.published(_moment(paper.added))
        entry.updated(_moment(paper.added))
        for author in paper.authors or ():
            entry.author(name=author)
            entry.dc.dc_creator(author)
        for topic in corpus.topics_of(paper):
            entry.category(term=topic.slug, label=topic.title)
    return generator


def _related_links(paper: Paper) -> list[str]:
    """The paper itself (arXiv) and its code, where known."""
    links = [f"https://arxiv.org/abs/{paper.arxiv}"] if paper.arxiv else []
    return links + [url for kind, url in sorted(paper.links.items()) if kind == "code"]


def _json_feed(corpus: Corpus, feed: Feed, base_url: str) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    items = []
    for paper in feed.papers:
        url = public_url(base_url, paper_path(paper))
        item: dict[str, object] = {
            "id": url,
            "url": url,
            "title": paper.title,
            "content_text": paper.abstract,
            "date_published": _moment(paper.added).isoformat().replace("+00:00", "Z"),
            "tags": [topic.title for topic in corpus.topics_of(paper)],
        }
        if paper.authors:
            item["authors"] = [{"name": author} for author in paper.authors]
        related = _related_links(paper)
        if related:
            item["external_url"] = related[0]
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "description": feed.description,
        "home_page_url": feed.home_url,
        "feed_url": feed.url(base_url, "json"),
        "language": "en",
        "items": items,
    }
    return json_bytes(document)


def _opml(corpus: Corpus, feeds: list[Feed], base_url: str) -> bytes:
    """OPML 2.0 listing every RSS feed, so a reader subscribes to all of them at once."""
    opml = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(opml, "head")
    ElementTree.SubElement(head, "title").text = f"{corpus.site.title}: all feeds"
    ElementTree.SubElement(head, "dateModified").text = _updated(feeds[0], corpus).strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )
    body = ElementTree.SubElement(opml, "body")
    for feed in feeds:
        ElementTree.SubElement(
            body,
            "outline",
            type="rss",
            text=feed.title,
            title=feed.title,
            xmlUrl=feed.url(base_url, "rss"),
            htmlUrl=feed.home_url,
        )
    ElementTree.indent(opml)
    document: bytes = ElementTree.tostring(opml, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
