"""Render the feeds (RSS 2.0, Atom, JSON Feed 1.1): the site's, each topic's, the trending
days', and the OPML list of them all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.etree import ElementTree

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree
from markupsafe import Markup

from generator import __version__
from generator.corpus.model import Corpus
from generator.corpus.provenance import provenance_of
from generator.corpus.schema import Paper, Snapshot, SnapshotEntry
from generator.site import text
from generator.site.escape import html_paragraphs, json_bytes
from generator.site.paths import (
    ARCHIVE,
    ARCHIVE_FOLDER,
    FEED_STYLESHEET,
    OPML_FILE,
    SITE_FOLDER,
    archive_path,
    arxiv_abstract_url,
    feed_path,
    paper_path,
    public_url,
    topic_folder,
    topic_path,
)
from generator.site.periods import period_views

# FEED_STYLESHEET (theme/assets/) is what a browser styles an RSS or Atom feed with.
_GENERATOR = "Trending Papers"


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, whatever it stands for (a paper, a trending day)."""

    url: str  # its page, also its permanent id
    title: str
    summary: str  # plain text
    summary_html: str  # the same, as escaped HTML for fields that carry HTML (RSS description)
    day: dt.date  # when it appeared in the archive
    authors: tuple[str, ...] = ()
    categories: tuple[tuple[str, str], ...] = ()  # (term, label)
    related: tuple[str, ...] = ()  # other addresses: arXiv, code


@dataclass(frozen=True)
class Feed:
    """One subscription, newest items first."""

    title: str
    description: str
    folder: PurePosixPath  # where its files live in the site: ".", topics/<slug>, archive
    home_url: str  # the page the feed belongs to
    items: tuple[FeedItem, ...]

    def url(self, base_url: str, kind: str) -> str:
        """Return the absolute address of this feed in format `kind`."""
        return public_url(base_url, feed_path(self.folder, kind))


def feeds_of(corpus: Corpus, base_url: str) -> list[Feed]:
    """The site-wide feed, one per topic in taxonomy order, then the trending days (if any)."""
    limit = corpus.site.feed_items

    def items(papers: tuple[Paper, ...]) -> tuple[FeedItem, ...]:
        return tuple(_paper_item(corpus, paper, base_url) for paper in papers[:limit])

    site = Feed(
        corpus.site.title,
        corpus.site.description,
        SITE_FOLDER,
        base_url,
        items(corpus.papers),
    )
    topics = [
        Feed(
            title=f"{corpus.site.title}: {topic.title}",
            description=topic.description,
            folder=topic_folder(topic),
            home_url=public_url(base_url, topic_path(topic)),
            items=items(corpus.papers_by_topic[topic.slug]),
        )
        for topic in corpus.topics
    ]
    days = Feed(
        title=f"{corpus.site.title}: trending each day",
        description="One entry a day: the papers that trended, in order.",
        folder=PurePosixPath(ARCHIVE_FOLDER),
        home_url=public_url(base_url, ARCHIVE),
        items=tuple(_day_item(corpus, snapshot, base_url) for snapshot in corpus.snapshots[:limit]),
    )
    periods = [
        Feed(
            title=f"{corpus.site.title}: {view.period.title.lower()}",
            description=f"The papers that trended most over the {view.period.days} days up to"
            " the newest, best first.",
            folder=view.period.feed_folder,
            home_url=public_url(base_url, view.period.page),
            items=tuple(
                _paper_item(corpus, standing.paper, base_url) for standing in view.standings[:limit]
            ),
        )
        for view in period_views(corpus)
    ]
    return [site, *topics, *([days] if corpus.snapshots else []), *periods]


def _paper_item(corpus: Corpus, paper: Paper, base_url: str) -> FeedItem:
    related = [arxiv_abstract_url(paper.arxiv)] if paper.arxiv else []
    related += [url for kind, url in sorted(paper.links.items()) if kind == "code"]
    return FeedItem(
        url=public_url(base_url, paper_path(paper)),
        title=paper.title,
        summary=paper.abstract,
        summary_html=html_paragraphs(paper.abstract),
        day=paper.added,
        authors=paper.authors or (),
        categories=tuple((topic.slug, topic.title) for topic in corpus.topics_of(paper)),
        related=tuple(related),
    )


def _day_item(corpus: Corpus, snapshot: Snapshot, base_url: str) -> FeedItem:
    ranked = [(entry, corpus.papers_by_id[entry.id]) for entry in snapshot.ranked]
    # Links in an HTML list: readers show a plain-text list as one run-on paragraph.
    items = Markup("").join(
        Markup('<li value="{}"><a href="{}">{}</a>{}</li>').format(
            entry.rank, public_url(base_url, paper_path(paper)), paper.title, _votes(entry)
        )
        for entry, paper in ranked
    )
    origin = provenance_of(snapshot.source)
    source = f"From {origin.name}, ranked by {origin.signal}." if origin else ""
    return FeedItem(
        url=public_url(base_url, archive_path(snapshot)),
        title=f"Trending on {text.long_date(snapshot.date)}: {text.count_papers(len(ranked))}",
        summary="\n".join(
            [*([source] if source else []), *(f"{e.rank}. {p.title}{_votes(e)}" for e, p in ranked)]
        ),
        summary_html=(Markup("<p>{}</p>").format(source) if source else Markup(""))
        + Markup("<ol>{}</ol>").format(items),
        day=snapshot.date,
    )


def _votes(entry: SnapshotEntry) -> str:
    return f" ({text.count_upvotes(entry.upvotes)})" if entry.upvotes is not None else ""


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
            files[feed_path(feed.folder, kind)] = _styled(render(pretty=True), feed.folder)
        files[feed_path(feed.folder, "json")] = _json_feed(feed, base_url)
    files[OPML_FILE] = _opml(corpus, feeds, base_url)
    return files


def _styled(document: bytes, folder: PurePosixPath) -> bytes:
    """Link the feed stylesheet from an XML feed, by a path relative to the feed's folder."""
    declaration, rest = document.split(b"\n", 1)
    up = "../" * len(folder.parts)  # "." has no parts
    instruction = f'<?xml-stylesheet type="text/css" href="{up}{FEED_STYLESHEET}"?>'
    return b"\n".join((declaration, instruction.encode(), rest))


def _moment(day: dt.date) -> dt.datetime:
    """A day as a time: midnight UTC, so feeds never depend on the clock."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _updated(feed: Feed, corpus: Corpus) -> dt.datetime:
    """The feed changed when its newest item arrived (an empty feed: the archive's newest)."""
    if feed.items:
        return _moment(feed.items[0].day)
    return _moment(corpus.papers[0].added) if corpus.papers else _moment(dt.date(1970, 1, 1))


class _RelatedLinks(BaseEntryExtension):  # type: ignore[misc]
    """Writes an Atom entry's rel="related" links (arXiv, code).

    feedgen 1.0 drops the rel of entry links (python-feedgen issue #135), which would turn
    them into alternates that readers open instead of the item's page.
    """

    def __init__(self) -> None:
        self.urls: tuple[str, ...] = ()

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        for url in self.urls:
            etree.SubElement(entry, "link", href=url, rel="related")
        return entry


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
    for item in feed.items:  # newest first; 'append' keeps that order (the default prepends)
        entry = generator.add_entry(order="append")
        entry.id(item.url)
        entry.guid(item.url, permalink=True)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate")
        entry.related.urls = item.related
        # RSS's description is HTML, so plain text goes there escaped, or "<b>" typed in an
        # abstract would be bold in every reader. feedgen writes the same value as Atom's
        # summary, declared as HTML, so both formats show the same paragraphs and lists.
        entry.summary(item.summary_html, type="html")
        entry.published(_moment(item.day))
        entry.updated(_moment(item.day))
        for author in item.authors:
            entry.author(name=author)
            entry.dc.dc_creator(author)
        for term, label in item.categories:
            entry.category(term=term, label=label)
    return generator


def _json_feed(feed: Feed, base_url: str) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    items = []
    for item in feed.items:
        entry: dict[str, object] = {
            "id": item.url,
            "url": item.url,
            "title": item.title,
            "content_text": item.summary,
            "content_html": item.summary_html,
            "date_published": _moment(item.day).isoformat().replace("+00:00", "Z"),
        }
        if item.categories:
            entry["tags"] = [label for _, label in item.categories]
        if item.authors:
            entry["authors"] = [{"name": author} for author in item.authors]
        if item.related:
            entry["external_url"] = item.related[0]
        items.append(entry)
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
