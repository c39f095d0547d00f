"""A page per author with two papers or more, and the author index (`author_index.py`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from functools import partial

from generator.corpus.authors import Author, name_key
from generator.corpus.model import Corpus
from generator.corpus.schema import Paper
from generator.site.author_index import add_author_index
from generator.site.memo import PageMemo
from generator.site.paginate import Sheet
from generator.site.parts import add_parts
from generator.site.paths import author_month_redirect_path, author_part_path, author_path
from generator.site.templating import render_page
from generator.site.tree import SiteTree

_COAUTHORS = 20


def add_author_pages(
    tree: SiteTree, corpus: Corpus, authors: Sequence[Author], memo: PageMemo | None = None
) -> None:
    """The author index and a page per prolific author; the index's letter pages and an
    author's pages by count that `memo` knows unchanged are kept."""
    add_author_index(tree, corpus, authors, memo)
    by_key = {author.key: author for author in authors}
    for author in authors:
        if author.has_page:
            _add_author(tree, corpus, author, _coauthors(author, by_key), memo)


def _add_author(
    tree: SiteTree,
    corpus: Corpus,
    author: Author,
    coauthors: list[tuple[Author, int]],
    memo: PageMemo | None,
) -> None:
    """An author's page and, past `listing_size` papers, every paper on pages of that many."""
    # A prolific author's page would grow without bound: the newest papers, then pages of
    # every paper by count (not by month: 64 papers over 34 months make two pages, not 34).
    parts = add_parts(
        tree,
        corpus,
        author.papers,
        template="author_part.md.j2",
        path_of=partial(author_part_path, author),
        redirect_path=partial(author_month_redirect_path, author),
        title_of=partial(_part_title, author),
        memo=memo,
        author=author,
    )
    page = author_path(author)
    newest = author.papers[: corpus.site.listing_size]
    context = {"newest": newest, "parts": parts, "coauthors": coauthors}
    tree.add(page, render_page(corpus, "author.md.j2", page, author=author, **context))


def _part_title(author: Author, part: Sheet[Paper]) -> str:
    return f"{author.name}: papers {part.label}"


def _coauthors(author: Author, by_key: Mapping[str, Author]) -> list[tuple[Author, int]]:
    """The people an author wrote most papers with, with how many: most first, then by name."""
    shared: Counter[str] = Counter()
    for paper in author.papers:
        shared.update({name_key(name) for name in paper.authors or ()} - {author.key})
    ranked = sorted(shared.items(), key=lambda item: (-item[1], by_key[item[0]].sort_key))
    return [(by_key[key], count) for key, count in ranked[:_COAUTHORS]]
