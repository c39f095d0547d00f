"""Render the corpus into the site's Markdown pages, returned as data: path -> bytes."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath
from typing import TypeVar

from generator.corpus.authors import Author, index_authors, name_key
from generator.corpus.collation import title_key
from generator.corpus.gaps import metadata_gaps
from generator.corpus.model import Corpus, best_trend, has_code
from generator.corpus.schema import Paper, Snapshot, Topic
from generator.site import cite, escape, text
from generator.site.escape import Safe
from generator.site.paths import (
    ABOUT,
    ALL_PAPERS,
    ARCHIVE,
    ARCHIVE_FOLDER,
    AUTHORS,
    HOME,
    OPML_FILE,
    SITE_FOLDER,
    STATISTICS,
    SUBSCRIBE,
    TOPICS,
    Links,
    archive_path,
    archive_year_path,
    arxiv_abstract_url,
    arxiv_pdf_url,
    author_letter_path,
    author_month_path,
    author_path,
    month_path,
    paper_path,
    topic_folder,
    topic_path,
)
from generator.site.periods import PERIODS, period_views
from generator.site.related import related_papers
from generator.site.statistics import statistics
from generator.site.templating import byline, render_page
from generator.site.tree import SiteTree

_GAPS_LISTED = 50  # the About page lists this many papers that need metadata
_BYLINE_AUTHORS = 50  # a paper page names this many authors, then folds the others
_LINK_LABELS = {"code": "Code", "project": "Project page", "pdf": "PDF", "data": "Data"}
_DESCRIPTION_CHARACTERS = 200  # search engines show about this much
# Past this many names the author index becomes pages per letter of at most this many
# names each: a page of a hundred thousand names would be megabytes, slow to render and read.
AUTHOR_INDEX_SIZE = 500
_COAUTHORS = 20


@dataclass(frozen=True)
class Month:
    """One month of a listing: its heading, its page and its papers, newest first."""

    label: str
    path: PurePosixPath
    papers: tuple[Paper, ...]


@dataclass(frozen=True)
class Letter:
    """One letter of the author index: its label, its page once split, its authors."""

    label: str
    path: PurePosixPath  # its first page, once split
    authors: tuple[Author, ...]

    def pages(self, size: int) -> list[LetterPage]:
        """The letter's pages once split, `size` names each: a.md, then a-2.md, a-3.md..."""
        chunks = [self.authors[start : start + size] for start in range(0, len(self.authors), size)]
        paths = [
            self.path if number == 1 else self.path.with_stem(f"{self.path.stem}-{number}")
            for number in range(1, len(chunks) + 1)
        ]
        return [
            LetterPage(
                self,
                number,
                len(chunks),
                path,
                chunk,
                paths[number - 2] if number > 1 else None,
                paths[number] if number < len(chunks) else None,
            )
            for number, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1)
        ]

    @property
    def anchor(self) -> str:
        """The letter's heading id on the unsplit index."""
        return self.label.lower()


@dataclass(frozen=True)
class LetterPage:
    """One page of a letter of the author index, and its neighbours."""

    letter: Letter
    number: int
    count: int  # the letter's pages
    path: PurePosixPath
    authors: tuple[Author, ...]
    previous: PurePosixPath | None
    next: PurePosixPath | None


def render_pages(corpus: Corpus) -> SiteTree:
    """Render every generated page and copy the hand-written ones, without touching the disk."""
    tree = SiteTree()
    render = partial(render_page, corpus)
    for path, hand_written in corpus.pages.items():
        if path == ABOUT:  # its hand-written text gets the papers needing metadata
            gaps = metadata_gaps(sorted(corpus.papers, key=lambda paper: title_key(paper.title)))
            # The list is bounded: the rest are counted, and `papers status` names them all.
            listed = render("_needs_metadata.md.j2", path, gaps=gaps, shown=gaps[:_GAPS_LISTED])
            tree.add(path, hand_written.rstrip() + b"\n" + listed)
        else:
            tree.add(path, hand_written)
    tree.add(HOME, _render_home(corpus))
    _add_archive(tree, corpus)
    tree.add(TOPICS, render("topics.md.j2", TOPICS))
    feed_folders = {
        "site": SITE_FOLDER,
        "days": PurePosixPath(ARCHIVE_FOLDER),
        "topics": {topic.slug: topic_folder(topic) for topic in corpus.topics},
    }
    subscribe = {"periods": PERIODS, "feed_folders": feed_folders, "opml": OPML_FILE.name}
    tree.add(SUBSCRIBE, render("subscribe.md.j2", SUBSCRIBE, **subscribe))
    _add_listing(tree, corpus, corpus.papers, topic=None)
    for topic in corpus.topics:
        _add_listing(tree, corpus, corpus.papers_by_topic[topic.slug], topic=topic)
    neighbours = _neighbours(corpus)
    related = related_papers(corpus.papers)
    authors = index_authors(corpus.papers)
    _add_authors(tree, corpus, authors)
    tree.add(
        STATISTICS,
        render(
            "statistics.md.j2",
            STATISTICS,
            authors=authors,
            unknown=sum(1 for paper in corpus.papers if not paper.authors),
            **statistics(corpus),
        ),
    )
    pages_of = {author.key: author for author in authors if author.has_page}
    for paper in corpus.papers:
        here = paper_path(paper)
        byline_of = _linked_byline(paper, pages_of, Links(here))
        tree.add(
            here,
            render(
                "paper.md.j2",
                here,
                paper=paper,
                byline=byline_of[0],
                more_authors=byline_of[1],
                links=_links(paper),
                neighbours=neighbours[paper.id],
                related=related[paper.id],
                trends=corpus.trends[paper.id],
                best=best_trend(corpus.trends[paper.id]),
                **_citation(paper),
            ),
        )
    return tree


def _add_listing(
    tree: SiteTree, corpus: Corpus, papers: Sequence[Paper], topic: Topic | None
) -> None:
    """A topic's page or All papers: the newest papers and, past `listing_size`, every month.

    A single page of every paper would grow without bound (megabytes at ten thousand papers,
    slow for the engine to render and for readers to load), so long listings are split by the
    month papers were added: pages that stay put as the archive grows.
    """
    index = topic_path(topic) if topic else ALL_PAPERS
    size = corpus.site.listing_size
    months = (
        _months(papers, lambda year, month: month_path(year, month, topic))
        if len(papers) > size
        else []
    )
    template = "topic.md.j2" if topic else "papers.md.j2"
    with_code = sum(1 for paper in papers if has_code(paper))
    listing: dict[str, object] = {
        "topic": topic,
        "papers": papers,
        "months": months,
        "with_code": with_code,
        "folder": topic_folder(topic) if topic else SITE_FOLDER,  # of its feeds, its .bib
    }
    tree.add(index, render_page(corpus, template, index, newest=papers[:size], **listing))
    for newer, month, older in _neighbouring(months):
        context: dict[str, object] = {"month": month, "newer": newer, "older": older}
        page = render_page(corpus, "month.md.j2", month.path, topic=topic, listing=index, **context)
        tree.add(month.path, page)


def _months(papers: Sequence[Paper], path_of: Callable[[int, int], PurePosixPath]) -> list[Month]:
    """Group papers (already newest first) by the month they were added; `path_of` places the
    page of each (year, month)."""
    by_month = itertools.groupby(papers, key=lambda paper: (paper.added.year, paper.added.month))
    return [
        Month(text.month_and_year(year, month), path_of(year, month), tuple(group))
        for (year, month), group in by_month
    ]


_Item = TypeVar("_Item")


def _neighbouring(items: Sequence[_Item]) -> Iterator[tuple[_Item | None, _Item, _Item | None]]:
    """Each item of a newest-first sequence with the newer one before it and the older after."""
    for index, item in enumerate(items):
        newer = items[index - 1] if index > 0 else None
        older = items[index + 1] if index + 1 < len(items) else None
        yield newer, item, older


def _render_home(corpus: Corpus) -> bytes:
    """The home page: the newest trending day's top papers, the topics, the latest additions."""
    count = corpus.site.latest_count
    trending = corpus.snapshots[0] if corpus.snapshots else None
    top = trending.ranked[:count] if trending else []
    context = {"latest": corpus.papers[:count], "trending": trending, "trending_top": top}
    return render_page(corpus, "home.md.j2", HOME, **context)


def _add_archive(tree: SiteTree, corpus: Corpus) -> None:
    """The archive's index, by month, and one page per trending day with its ranked papers."""
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
    for newer, snapshot, older in _neighbouring(corpus.snapshots):
        page = archive_path(snapshot)
        context = {"snapshot": snapshot, "ranked": snapshot.ranked, "newer": newer, "older": older}
        page_of_day = render_page(corpus, "day.md.j2", page, feeds_folder=ARCHIVE_FOLDER, **context)
        tree.add(page, page_of_day)


def _days_by_month(days: Sequence[Snapshot]) -> list[tuple[str, list[Snapshot]]]:
    """Trending days grouped by month, newest first, each month with its name."""
    return [
        (text.month_and_year(year, month), list(group))
        for (year, month), group in itertools.groupby(
            days, key=lambda snapshot: (snapshot.date.year, snapshot.date.month)
        )
    ]


def _add_authors(tree: SiteTree, corpus: Corpus, authors: Sequence[Author]) -> None:
    """The author index (even empty: hand-written pages may link it), a page per prolific author."""
    by_letter = [
        Letter(letter, author_letter_path(letter), tuple(group))
        for letter, group in itertools.groupby(authors, key=lambda author: author.letter)
    ]
    split = len(authors) > AUTHOR_INDEX_SIZE
    index = AUTHORS
    context: dict[str, object] = {"authors": authors, "by_letter": by_letter, "split": split}
    unknown = sum(1 for paper in corpus.papers if not paper.authors)
    tree.add(index, render_page(corpus, "authors.md.j2", index, unknown=unknown, **context))
    for letter in by_letter if split else []:
        for part in letter.pages(AUTHOR_INDEX_SIZE):
            tree.add(part.path, render_page(corpus, "author_letter.md.j2", part.path, part=part))
    by_key = {author.key: author for author in authors}
    size = corpus.site.listing_size
    for author in authors:
        if not author.has_page:
            continue
        page = author_path(author)
        # A prolific author's page would grow without bound: the newest papers, then a page
        # per month for all of them, as topics have.
        months = (
            _months(author.papers, partial(author_month_path, author))
            if len(author.papers) > size
            else []
        )
        context = {
            "author": author,
            "newest": author.papers[:size],
            "months": months,
            "coauthors": _coauthors(author, by_key),
        }
        tree.add(page, render_page(corpus, "author.md.j2", page, **context))
        for newer, month, older in _neighbouring(months):
            month_context = {"author": author, "month": month, "newer": newer, "older": older}
            tree.add(
                month.path, render_page(corpus, "author_month.md.j2", month.path, **month_context)
            )


def _coauthors(author: Author, by_key: Mapping[str, Author]) -> list[tuple[Author, int]]:
    """The people an author wrote most papers with, with how many: most first, then by name."""
    shared: Counter[str] = Counter()
    for paper in author.papers:
        shared.update({name_key(name) for name in paper.authors or ()} - {author.key})
    ranked = sorted(shared.items(), key=lambda item: (-item[1], by_key[item[0]].sort_key))
    return [(by_key[key], count) for key, count in ranked[:_COAUTHORS]]


def _linked_byline(
    paper: Paper, pages_of: Mapping[str, Author], href: Links
) -> tuple[Safe, Safe | None]:
    """A paper page's byline, each author linked to their page where they have one, and past
    `_BYLINE_AUTHORS` the other authors, which the page folds away (collaborations list
    hundreds)."""
    names = []
    for name in paper.authors or ():
        author = pages_of.get(name_key(name))
        text_of_name = escape.markdown_text(name)
        names.append(Safe(f"[{text_of_name}]({href.author(author)})") if author else text_of_name)
    if len(names) <= _BYLINE_AUTHORS:
        return byline(paper, all_authors=True, names=names), None
    shown, rest = names[:_BYLINE_AUTHORS], names[_BYLINE_AUTHORS:]
    more = Safe(f"and {len(rest)} more")
    return byline(paper, all_authors=True, names=[*shown, more]), Safe(", ".join(rest))


def _citation(paper: Paper) -> dict[str, object]:
    """A paper page's citations, shown and copied, and its metadata for the page's head."""
    description = text.shorten(paper.abstract, _DESCRIPTION_CHARACTERS)
    return {
        "bibtex": escape.code_block(cite.bibtex_entry(paper), "bibtex"),
        "reference": escape.code_block(cite.plain_citation(paper), "text"),
        "description": description,
        "citation": cite.scholarly_metadata(paper),
        "schema_org": cite.schema_org(paper, description),
    }


Neighbour = tuple[Topic, Paper | None, Paper | None]


def _neighbours(corpus: Corpus) -> dict[str, list[Neighbour]]:
    """For each paper and each of its topics: the next newer and next older paper there."""
    positions = {
        slug: {paper.id: index for index, paper in enumerate(papers)}
        for slug, papers in corpus.papers_by_topic.items()
    }
    result: dict[str, list[Neighbour]] = {}
    for paper in corpus.papers:
        entries: list[Neighbour] = []
        for topic in corpus.topics_of(paper):
            papers = corpus.papers_by_topic[topic.slug]
            index = positions[topic.slug][paper.id]
            newer = papers[index - 1] if index > 0 else None
            older = papers[index + 1] if index + 1 < len(papers) else None
            entries.append((topic, newer, older))
        result[paper.id] = entries
    return result


def _links(paper: Paper) -> list[tuple[str, Safe]]:
    """The paper's outgoing links, arXiv first, each with a readable label."""
    links = []
    if paper.arxiv:
        links.append(("arXiv", escape.link_target(arxiv_abstract_url(paper.arxiv))))
        if "pdf" not in paper.links:
            links.append(("PDF", escape.link_target(arxiv_pdf_url(paper.arxiv))))
    for kind, url in sorted(paper.links.items(), key=lambda item: (item[0] != "pdf", item[0])):
        label = _LINK_LABELS.get(kind, kind.replace("-", " ").capitalize())
        links.append((label, escape.link_target(url)))
    return links
