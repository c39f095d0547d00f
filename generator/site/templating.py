"""The Jinja environment that renders Markdown pages: every value escaped unless made safe.

Templates print corpus text through `finalize`, which escapes it for Markdown; helpers that
build Markdown themselves (bylines, dates, counts) return `Safe`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from functools import cache, partial
from pathlib import Path, PurePosixPath

import jinja2

from generator.corpus.model import Corpus, has_code
from generator.corpus.provenance import provenance_of
from generator.corpus.schema import Paper
from generator.site import escape, text
from generator.site.escape import Safe
from generator.site.memo import PageMemo
from generator.site.paginate import PAGES_LISTED
from generator.site.paths import Links
from generator.site.repository import repository_of
from generator.write import Content

_EXCERPT_CHARACTERS = 300
_CARD_AUTHORS = 4


def render_page(
    corpus: Corpus, template: str, here: str | PurePosixPath, **context: object
) -> bytes:
    """Render one page template for the page at `here`, with links relative to it."""
    links = Links(PurePosixPath(here))
    page = (
        _environment()
        .get_template(template)
        .render(corpus=corpus, href=links, repository=repository_of(corpus.site), **context)
    )
    return page.encode("utf-8")


def render_kept(
    memo: PageMemo | None,
    corpus: Corpus,
    template: str,
    here: PurePosixPath,
    **context: object,
) -> Content:
    """`render_page`, or the page `memo` kept from the last generation when the template, the
    page's path, its `context`, and the corpus's topics and settings are as they were then.

    The key holds all a template is given: a memoised template reads nothing else of the
    corpus (tests/site/test_memo.py holds each to that).
    """
    render = partial(render_page, corpus, template, here, **context)
    if memo is None:
        return render()
    inputs = (template, here, sorted(context.items()), corpus.topics, corpus.site)
    return memo.render(here, inputs, render)


def _by_day(papers: Sequence[Paper]) -> list[tuple[dt.date, list[Paper]]]:
    """Group papers (already newest first) by the day they were added."""
    return [(day, list(group)) for day, group in itertools.groupby(papers, key=lambda p: p.added)]


def _long_date(day: dt.date) -> Safe:
    return escape.markdown_text(text.long_date(day))


def byline(paper: Paper, names: Sequence[Safe] = ()) -> Safe:
    """A paper page's byline, in Markdown: its authors, publication and addition dates."""
    authors = list(names) or [escape.markdown_text(name) for name in paper.authors or ()]
    return _dated(paper, authors, escape.markdown_text)


def _card_byline(paper: Paper) -> Safe:
    """A card's byline, as raw HTML: the first few authors, publication and addition dates."""
    names = [escape.html_text(name) for name in paper.authors or ()]
    if len(names) > _CARD_AUTHORS:
        names = [*names[: _CARD_AUTHORS - 1], Safe("et al.")]
    return _dated(paper, names, escape.html_text)


def _dated(paper: Paper, names: Sequence[Safe], escaped: Callable[[str], Safe]) -> Safe:
    """Names already escaped, then the paper's dates escaped by `escaped`, on one line."""
    parts = [", ".join(names) if names else "Authors not recorded"]
    if paper.published:
        parts.append(f"Published {escaped(text.partial_date(paper.published))}")
    parts.append(f"Added {escaped(text.long_date(paper.added))}")
    return Safe(" · ".join(parts))


def _card_excerpt(abstract: str) -> Safe:
    return escape.html_text(text.shorten(abstract, _EXCERPT_CHARACTERS))  # on one line


def _papers_count(count: int) -> Safe:
    return Safe(text.count_papers(count))


def _finalize(value: object) -> object:
    """Escape every value a template prints unless a helper already made it safe."""
    if isinstance(value, Safe):
        return value
    if isinstance(value, str):
        return escape.markdown_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"templates print only text, numbers or Safe, not {type(value).__name__}")


def keep_compiled_templates(folder: Path) -> None:
    """Keep the page templates compiled in `folder` for the processes after this one: compiling
    them took each build 0.15 s. Jinja keys each by its source, so an edited one compiles again.
    """
    folder.mkdir(parents=True, exist_ok=True)
    _environment().bytecode_cache = _CompiledTemplates(str(folder))


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache in a folder, where a template that cannot be kept is not."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        # A folder since removed or made read-only: the next process compiles it again.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.site", "templates"),
        # The output is Markdown, not HTML: `finalize` applies Markdown escaping to every value.
        autoescape=False,  # noqa: S701
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # templates are package files: no stat() per page and per include
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        front_matter=escape.front_matter_string,
        front_matter_data=escape.front_matter_data,
        paragraphs=escape.markdown_paragraphs,
        html=escape.html_text,
        card_excerpt=_card_excerpt,
        card_byline=_card_byline,
        long_date=_long_date,
        papers_count=_papers_count,
        topics_count=lambda count: Safe(text.count_topics(count)),
        upvotes_count=lambda count: Safe(text.count_upvotes(count)),
        stars_count=lambda count: Safe(text.count_stars(count)),
        provenance=provenance_of,
        link=escape.link_target,
        anchor=escape.anchor,
        by_day=_by_day,
    )
    environment.tests["with_code"] = has_code
    environment.globals["parts_listed"] = PAGES_LISTED
    return environment
