"""A long listing's pages by count, and redirects left at the month pages they replaced."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Sequence
from pathlib import PurePosixPath

from generator.corpus.model import Corpus
from generator.corpus.schema import Paper
from generator.site.memo import PageMemo
from generator.site.paginate import Sheet, by_count, placed
from generator.site.paths import MONTH_PAGES_UNTIL, Links
from generator.site.templating import render_kept
from generator.site.tree import SiteTree


def add_parts(
    tree: SiteTree,
    corpus: Corpus,
    papers: Sequence[Paper],
    *,
    template: str,
    path_of: Callable[[int], PurePosixPath],
    redirect_path: Callable[[int, int], PurePosixPath],
    title_of: Callable[[Sheet[Paper]], str],
    memo: PageMemo | None = None,
    **context: object,
) -> list[Sheet[Paper]]:
    """Past `listing_size`, every paper of a listing (newest first) on pages of that many, and
    the listing's old month addresses leading to them; return the pages for it to link.

    Each page is `template` rendered with `context`, `part` and the paths of its `newer` and
    `older` pages; those `memo` knows unchanged are read back.
    """
    size = corpus.site.listing_size
    if len(papers) <= size:
        return []
    parts = by_count(papers, size, path_of)
    for part in placed(parts):
        path = part.sheet.path
        around = {"part": part.sheet, "newer": part.before_path, "older": part.after_path}
        tree.add(path, render_kept(memo, corpus, template, path, **context, **around))
    # Month pages were made past `listing_size` papers too: their addresses lead on.
    for path, redirect in month_redirects(parts, redirect_path, title_of):
        tree.add(path, redirect)
    return parts


def redirect_page(here: PurePosixPath, target: PurePosixPath, title: str) -> bytes:
    """A static HTML file at `here` (copied as is) that sends readers on to the page `target`.

    A meta refresh, for browsers and crawlers alike, and a link for whatever ignores it; the
    address is relative, so it holds wherever the site is published.
    """
    address = html.escape(Links(here).address(target), quote=True)
    name = html.escape(title)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{name}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={address}">\n'
        "</head>\n"
        f'<body><p>This page has moved: <a href="{address}">{name}</a>.</p></body>\n'
        "</html>\n"
    ).encode()


def month_redirects(
    parts: Sequence[Sheet[Paper]],
    redirect_path: Callable[[int, int], PurePosixPath],
    title_of: Callable[[Sheet[Paper]], str],
) -> Iterator[tuple[PurePosixPath, bytes]]:
    """A redirect from each month page a listing had (up to MONTH_PAGES_UNTIL) to the page by
    count that now holds that month's newest paper."""
    newest_of_month: dict[tuple[int, int], Sheet[Paper]] = {}
    for part in parts:  # newest first, each part's papers too: the first seen is the newest
        for paper in part.items:
            newest_of_month.setdefault((paper.added.year, paper.added.month), part)
    for (year, month), part in newest_of_month.items():
        if (year, month) <= MONTH_PAGES_UNTIL:  # later months never had a page of their own
            here = redirect_path(year, month)
            yield here, redirect_page(here, part.path, title_of(part))
