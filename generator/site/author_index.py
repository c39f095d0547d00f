"""The author index: every author by family name, split by letter once long.

A letter of more than a page of names is split by the letters that follow (Ma to Md, Me to Mh,
...: generator/site/shelves.py), so that a day's new names change their own pages only.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import NamedTuple

from generator.corpus.authors import OTHER, Author
from generator.corpus.model import Corpus
from generator.site.memo import PageMemo
from generator.site.paginate import Placed, Sheet, by_size, placed
from generator.site.parts import redirect_page
from generator.site.paths import (
    AUTHORS,
    AUTHORS_FOLDER,
    PAPERS_FOLDER,
    author_letter_path,
    author_letter_redirect_path,
    author_shelf_path,
    author_shelf_redirect_path,
)
from generator.site.shelves import END, shelve
from generator.site.templating import render_kept, render_page
from generator.site.tree import SiteTree

# Past this many names the author index becomes pages per letter of at most this many
# names each: a page of a hundred thousand names would be megabytes, slow to render and read.
AUTHOR_INDEX_SIZE = 500
_NOT_IN_KEY = re.compile(r"[^a-z0-9]")
_OTHER_PREFIX = "0"  # no family name under a letter starts with it: keys stay apart


class IndexLine(NamedTuple):
    """An author's line in the author index: all it shows of them, as plain values (a letter's
    page is keyed by the lines of its hundreds of authors)."""

    name: str
    page: str | None  # the path of their page; None: one paper, linked instead
    papers: int
    title: str | None  # their one paper's title and page, when they have no page
    paper: str | None

    @classmethod
    def of(cls, author: Author) -> IndexLine:
        """The line of `author`."""
        # author_path() and paper_path() as text: the index has a line for every author.
        if author.has_page:
            page = f"{AUTHORS_FOLDER}/{author.slug}.md"
            return cls(author.name, page, len(author.papers), None, None)
        only = author.papers[0]
        return cls(
            author.name, None, len(author.papers), only.title, f"{PAPERS_FOLDER}/{only.id}.md"
        )


@dataclass(frozen=True)
class Letter:
    """One letter of the author index: its label, its page once split, its authors."""

    label: str
    path: PurePosixPath  # its first page, once split
    authors: tuple[Author, ...]

    @property
    def lines(self) -> list[IndexLine]:
        """Its authors' lines in the index."""
        return [IndexLine.of(author) for author in self.authors]

    @property
    def anchor(self) -> str:
        """The letter's heading id on the unsplit index."""
        return self.label.lower()

    @property
    def prefix(self) -> str:
        """What the shelf key of each of its authors starts with."""
        return _OTHER_PREFIX if self.label == OTHER else self.label.lower()


def add_author_index(
    tree: SiteTree, corpus: Corpus, authors: Sequence[Author], memo: PageMemo | None = None
) -> None:
    """The author index (even empty: hand-written pages may link it) and, once long, its
    letters' pages; those `memo` knows unchanged are kept."""
    by_letter = [
        Letter(letter, author_letter_path(letter), tuple(group))
        for letter, group in itertools.groupby(authors, key=lambda author: author.letter)
    ]
    split = len(authors) > AUTHOR_INDEX_SIZE
    context: dict[str, object] = {"authors": authors, "by_letter": by_letter, "split": split}
    unknown = sum(1 for paper in corpus.papers if not paper.authors)
    tree.add(AUTHORS, render_page(corpus, "authors.md.j2", AUTHORS, unknown=unknown, **context))
    for letter in by_letter if split else []:
        _add_letter(tree, corpus, letter, memo)


def _add_letter(tree: SiteTree, corpus: Corpus, letter: Letter, memo: PageMemo | None) -> None:
    """A letter's page of names, or its pages by the letters that follow and a page linking them
    (with redirects from the addresses of the pages it had before)."""
    shelving = shelve(letter.authors, shelf_key, AUTHOR_INDEX_SIZE, letter.prefix)
    if not shelving.split:  # a page of names, or names too alike to split: pages by count
        parts = by_size(letter.authors, AUTHOR_INDEX_SIZE, letter.label, letter.path)
        for part in placed(parts):
            numbered = {"number": part.number, "count": part.count, "total": len(letter.authors)}
            _add_names(tree, corpus, memo, part, template="author_letter.md.j2", **numbered)
        return
    sheets = [
        Sheet(_guide(sheet.items), sheet.path, sheet.items)
        for shelf in shelving.shelves
        for sheet in by_size(shelf.items, AUTHOR_INDEX_SIZE, "", author_shelf_path(shelf.slug))
    ]
    for part in placed(sheets):  # not numbered: a page inserted would renumber all after it
        context = {"letter": letter.label, "letter_path": letter.path}
        _add_names(tree, corpus, memo, part, template="author_shelf.md.j2", **context)
    listed = {"label": letter.label, "total": len(letter.authors), "sheets": sheets}
    shelves_page = render_page(corpus, "author_letter_shelves.md.j2", letter.path, **listed)
    tree.add(letter.path, shelves_page)
    # The pages of each group split since it had one, and the letter's pages by count before
    # it was split by letters: a reader may have linked any of them.
    title = f"Authors: {letter.label}"
    redirects = [author_shelf_redirect_path(slug) for slug in shelving.split[1:]]
    by_count = range(2, math.ceil(len(letter.authors) / AUTHOR_INDEX_SIZE) + 1)
    redirects += [author_letter_redirect_path(letter.label, number) for number in by_count]
    for here in redirects:
        tree.add(here, redirect_page(here, letter.path, title))


def _add_names(
    tree: SiteTree,
    corpus: Corpus,
    memo: PageMemo | None,
    part: Placed[Author],
    template: str,
    **context: object,
) -> None:
    """One page of a letter's names, linked to the pages before and after it."""
    path = part.sheet.path
    page = render_kept(
        memo,
        corpus,
        template,
        path,
        label=part.sheet.label,
        group=[IndexLine.of(author) for author in part.sheet.items],
        before=part.before_path,
        after=part.after_path,
        **context,
    )
    tree.add(path, page)


def shelf_key(author: Author) -> str:
    """What places an author among a letter's pages: their family name, then their whole name
    (for a family name too common for a page), as the index sorts them, in the characters of
    the shelves' keys."""
    _, family, folded, _ = author.sort_key
    key = f"{_NOT_IN_KEY.sub('-', family)}{END}{_NOT_IN_KEY.sub('-', folded)}{END}"
    return f"{_OTHER_PREFIX}{key}" if author.letter == OTHER else key


def _guide(authors: Sequence[Author]) -> str:
    """A page's first and last family names, as a dictionary's guide words: "Maas to Mdivani"
    (whole names when they share one)."""
    first, last = authors[0], authors[-1]
    if first is last:
        return first.name
    first_family, last_family = first.name.rsplit(" ", 1)[-1], last.name.rsplit(" ", 1)[-1]
    if first_family.casefold() == last_family.casefold():
        return f"{first.name} to {last.name}"
    return f"{first_family} to {last_family}"
