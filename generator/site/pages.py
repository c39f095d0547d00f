"""Render the corpus into the site's Markdown pages, returned as data: path -> bytes."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import PurePosixPath

from generator.corpus.collation import title_key
from generator.corpus.freshness import freshness
from generator.corpus.gaps import metadata_gaps
from generator.corpus.model import Corpus, has_code
from generator.corpus.schema import Paper, Snapshot, Topic
from generator.site import text
from generator.site.author_pages import add_author_pages
from generator.site.memo import PageMemo
from generator.site.paginate import Sheet, neighbouring
from generator.site.paper_page import add_paper_pages
from generator.site.parts import add_parts
from generator.site.paths import (
    ABOUT,
    ALL_PAPERS,
    ARCHIVE,
    ARCHIVE_FOLDER,
    HOME,
    OPML_FILE,
    SITE_FOLDER,
    STATISTICS,
    SUBSCRIBE,
    TOPICS,
    archive_path,
    archive_year_path,
    listing_part_path,
    month_redirect_path,
    topic_folder,
    topic_path,
)
from generator.site.periods import PERIODS, period_views
from generator.site.related import RelatedIds
from generator.site.statistics import statistics
from generator.site.templating import render_kept, render_page
from generator.site.tree import SiteTree

_GAPS_LISTED = 50  # the About page lists this many papers that need metadata


def render_pages(
    corpus: Corpus,
    memo: PageMemo | None = None,
    related_of: Callable[[], RelatedIds] | None = None,
) -> SiteTree:
    """Render every generated page and copy the hand-written ones, without touching the disk;
    the pages `memo` knows unchanged are taken from it, the related papers from `related_of`
    if given (`add_paper_pages`)."""
    tree = SiteTree()
    _add_hand_written(tree, corpus)
    tree.add(HOME, _render_home(corpus))
    _add_archive(tree, corpus, memo)
    tree.add(TOPICS, render_page(corpus, "topics.md.j2", TOPICS))
    tree.add(SUBSCRIBE, _render_subscribe(corpus))
    _add_listing(tree, corpus, corpus.papers, None, memo)
    for topic in corpus.topics:
        _add_listing(tree, corpus, corpus.papers_by_topic[topic.slug], topic, memo)
    authors = corpus.authors
    add_author_pages(tree, corpus, authors, memo)
    unknown = sum(1 for paper in corpus.papers if not paper.authors)
    context = {
        "authors": authors,
        "unknown": unknown,
        "last_changed": last_changed(corpus),
        **statistics(corpus),
    }
    tree.add(STATISTICS, render_page(corpus, "statistics.md.j2", STATISTICS, **context))
    add_paper_pages(tree, corpus, authors, memo, related_of)  # last: related may come late
    return tree


def _add_hand_written(tree: SiteTree, corpus: Corpus) -> None:
    """content/pages/ as written, the About page followed by the papers that need metadata."""
    for path, hand_written in corpus.pages.items():
        if path == ABOUT:
            gaps = metadata_gaps(sorted(corpus.papers, key=lambda paper: title_key(paper.title)))
            # The list is bounded: the rest are counted, and `papers status` names them all.
            shown = gaps[:_GAPS_LISTED]
            listed = render_page(corpus, "_needs_metadata.md.j2", path, gaps=gaps, shown=shown)
            tree.add(path, hand_written.rstrip() + b"\n" + listed)
        else:
            tree.add(path, hand_written)


def _render_subscribe(corpus: Corpus) -> bytes:
    """The Subscribe page: every feed in every format, and the OPML list of them."""
    feed_folders = {
        "site": SITE_FOLDER,
        "days": PurePosixPath(ARCHIVE_FOLDER),
        "topics": {topic.slug: topic_folder(topic) for topic in corpus.topics},
    }
    context = {"periods": PERIODS, "feed_folders": feed_folders, "opml": OPML_FILE.name}
    return render_page(corpus, "subscribe.md.j2", SUBSCRIBE, **context)


def _add_listing(
    tree: SiteTree,
    corpus: Corpus,
    papers: Sequence[Paper],
    topic: Topic | None,
    memo: PageMemo | None,
) -> None:
    """A topic's page or All papers: the newest papers and, past `listing_size`, every paper
    on pages of that many.

    A single page of every paper would grow without bound (megabytes at ten thousand papers,
    slow for the engine to render and for readers to load), and a page per month grows with
    the days' papers (40 a day fill a month page with 1,200), so long listings are split by
    count, numbered from the oldest: pages that keep their papers as the archive grows.
    """
    index = topic_path(topic) if topic else ALL_PAPERS
    parts = add_parts(
        tree,
        corpus,
        papers,
        template="part.md.j2",
        path_of=partial(listing_part_path, topic=topic),
        redirect_path=partial(month_redirect_path, topic=topic),
        title_of=partial(_part_title, topic),
        memo=memo,
        topic=topic,
        listing=index,
    )
    listing: dict[str, object] = {
        "topic": topic,
        "papers": papers,
        "parts": parts,
        "with_code": sum(1 for paper in papers if has_code(paper)),
        "folder": topic_folder(topic) if topic else SITE_FOLDER,  # of its feeds, its .bib
    }
    template = "topic.md.j2" if topic else "papers.md.j2"
    newest = papers[: corpus.site.listing_size]
    tree.add(index, render_page(corpus, template, index, newest=newest, **listing))


def _part_title(topic: Topic | None, part: Sheet[Paper]) -> str:
    """A listing's page by count, as its title says: the part.md.j2 template's title."""
    return f"{topic.title}: papers {part.label}" if topic else f"All papers: {part.label}"


def _render_home(corpus: Corpus) -> bytes:
    """The home page: the newest trending day's top papers, the topics, the latest additions."""
    count = corpus.site.latest_count
    trending = corpus.snapshots[0] if corpus.snapshots else None
    top = trending.ranked[:count] if trending else []
    context = {"latest": corpus.papers[:count], "trending": trending, "trending_top": top}
    return render_page(corpus, "home.md.j2", HOME, last_changed=last_changed(corpus), **context)


def last_changed(corpus: Corpus) -> dict[str, str] | None:
    """When the archive last changed, for the footer of the pages that say it (None: never)."""
    changed = freshness(corpus).last_changed
    return {"date": changed.isoformat(), "text": text.long_date(changed)} if changed else None


def _add_archive(tree: SiteTree, corpus: Corpus, memo: PageMemo | None = None) -> None:
    """The archive's index, by month, and one page per trending day with its ranked papers
    (those `memo` knows unchanged taken from it: a day's page rarely changes once written)."""
    if not corpus.snapshots:
        return
    # The index lists the newest year's days and links a page per earlier year: a list of
    # every day would grow by a line a day, for as long as the archive lives.
    by_year = [
        (year, list(days))
        for year, days in itertools.groupby(corpus.snapshots, key=lambda day: day.date.year)
    ]
    years = [(year, archive_year_path(year), len(days)) for year, days in by_year[1:]]
    for number, (year, days) in enumerate(by_year):
        page = ARCHIVE if number == 0 else archive_year_path(year)
        context = {
            "by_month": _days_by_month(days),
            "year": year if number else None,
            "feeds_folder": ARCHIVE_FOLDER,
        }
        others = [entry for entry in years if entry[0] != year]
        tree.add(page, render_page(corpus, "archive.md.j2", page, years=others, **context))
    for view in period_views(corpus):
        tree.add(view.period.page, render_page(corpus, "period.md.j2", view.period.page, view=view))
    for newer, snapshot, older in neighbouring(corpus.snapshots):
        page = archive_path(snapshot)
        context = {
            "snapshot": snapshot,
            "ranked": snapshot.ranked,
            "papers": [corpus.papers_by_id[entry.id] for entry in snapshot.ranked],
            "newer": newer,
            "older": older,
            "feeds_folder": ARCHIVE_FOLDER,
        }
        tree.add(page, render_kept(memo, corpus, "day.md.j2", page, **context))


def _days_by_month(days: Sequence[Snapshot]) -> list[tuple[str, list[Snapshot]]]:
    """Trending days grouped by month, newest first, each month with its name."""
    return [
        (text.month_and_year(year, month), list(group))
        for (year, month), group in itertools.groupby(
            days, key=lambda snapshot: (snapshot.date.year, snapshot.date.month)
        )
    ]
