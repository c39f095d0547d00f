"""A paper's page: its byline, links, citations, related papers and neighbours in its topics."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import PurePosixPath

from generator.corpus.authors import Author, name_key
from generator.corpus.model import Corpus, best_trend
from generator.corpus.schema import Paper, Topic
from generator.site import cite, escape, text
from generator.site.escape import Safe
from generator.site.memo import PageMemo
from generator.site.paginate import neighbouring
from generator.site.paths import Links, arxiv_abstract_url, arxiv_pdf_url, paper_path
from generator.site.related import RelatedIds, papers_of, related_papers
from generator.site.templating import byline, render_page
from generator.site.tree import SiteTree

_BYLINE_AUTHORS = 50  # a paper page names this many authors, then folds the others
_LINK_LABELS = {"code": "Code", "project": "Project page", "pdf": "PDF", "data": "Data"}
_DESCRIPTION_CHARACTERS = 200  # search engines show about this much
PAPER_TEMPLATE = "paper.md.j2"


def add_paper_pages(
    tree: SiteTree,
    corpus: Corpus,
    authors: Sequence[Author],
    memo: PageMemo | None = None,
    related_of: Callable[[], RelatedIds] | None = None,
) -> None:
    """One page per paper; those whose inputs `memo` knows unchanged are not rendered again.

    `related_of`: the related papers' ids, worked out elsewhere (a build's second process);
    by default they are worked out here.
    """
    memo = memo or PageMemo()
    neighbours = _neighbours(corpus)
    if related_of is None:
        related = related_papers(corpus.papers)
    else:
        related = papers_of(related_of(), corpus.papers)
    slugs = author_slugs(authors)
    # What every page reads of the corpus, keyed once: the topics (a neighbour's topic is
    # named by its slug below) and the site's settings.
    shared = memo.key((PAPER_TEMPLATE, corpus.topics, corpus.site))
    for paper in corpus.papers:
        here = paper_path(paper)
        byline_names = _byline_names(paper, slugs)
        # All a page is made of (tests/site/test_memo.py): the paper, its authors' pages, what
        # it shows of the papers it links (address, title, topics), its trending days, and
        # the topics' titles and the site's settings, which the template reads.
        inputs = (
            shared,
            here.as_posix(),
            paper,
            byline_names,
            [_as_linked(other) for other in related[paper.id]],
            [
                (topic.slug, _as_linked(new), _as_linked(old))
                for topic, new, old in neighbours[paper.id]
            ],
            corpus.trends[paper.id],
        )
        render = partial(
            _render_paper_page,
            corpus,
            paper,
            here,
            byline_names,
            related=related[paper.id],
            neighbours=neighbours[paper.id],
        )
        tree.add(here, memo.render(here, inputs, render))


def author_slugs(authors: Sequence[Author]) -> dict[str, str]:
    """The slug of each author's page, by the author's key: of the authors who have one."""
    return {author.key: author.slug for author in authors if author.has_page}


def render_paper_page(
    corpus: Corpus, paper: Paper, slugs: Mapping[str, str], related: Sequence[Paper]
) -> tuple[PurePosixPath, bytes]:
    """One paper's page and its path, as `add_paper_pages` renders it, given its authors'
    `author_slugs` and its related papers: for a preview that shows an edit at once."""
    here = paper_path(paper)
    page = _render_paper_page(
        corpus,
        paper,
        here,
        _byline_names(paper, slugs),
        related=related,
        neighbours=_neighbours(corpus)[paper.id],  # a few milliseconds at 10,000 papers
    )
    return here, page


def _byline_names(paper: Paper, slugs: Mapping[str, str]) -> list[tuple[str, str | None]]:
    """Each author, and the slug of their page where they have one."""
    return [(name, slugs.get(name_key(name))) for name in paper.authors or ()]


def _render_paper_page(
    corpus: Corpus,
    paper: Paper,
    here: PurePosixPath,
    byline_names: Sequence[tuple[str, str | None]],
    *,
    related: Sequence[Paper],
    neighbours: Sequence[Neighbour],
) -> bytes:
    linked_byline, more_authors = _linked_byline(paper, byline_names, Links(here))
    return render_page(
        corpus,
        PAPER_TEMPLATE,
        here,
        paper=paper,
        byline=linked_byline,
        more_authors=more_authors,
        links=_links(paper),
        neighbours=neighbours,
        related=related,
        trends=corpus.trends[paper.id],
        best=best_trend(corpus.trends[paper.id]),
        **_citation(paper),
    )


def _linked_byline(
    paper: Paper, byline_names: Sequence[tuple[str, str | None]], href: Links
) -> tuple[Safe, Safe | None]:
    """A paper page's byline, each author linked to their page where they have one (`slug`),
    and past `_BYLINE_AUTHORS` the other authors, which the page folds away (collaborations
    list hundreds)."""
    names = []
    for name, slug in byline_names:
        text_of_name = escape.markdown_text(name)
        names.append(Safe(f"[{text_of_name}]({href.author_page(slug)})") if slug else text_of_name)
    if len(names) <= _BYLINE_AUTHORS:
        return byline(paper, names=names), None
    shown, rest = names[:_BYLINE_AUTHORS], names[_BYLINE_AUTHORS:]
    more = Safe(f"and {len(rest)} more")
    return byline(paper, names=[*shown, more]), Safe(", ".join(rest))


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


def _as_linked(paper: Paper | None) -> tuple[str, str, tuple[str, ...]] | None:
    """What a page shows of a paper it links: its id (its address), title and topics."""
    return None if paper is None else (paper.id, paper.title, paper.topics)


def _neighbours(corpus: Corpus) -> dict[str, list[Neighbour]]:
    """For each paper and each of its topics: the next newer and next older paper there."""
    around: dict[tuple[str, str], Neighbour] = {}
    for topic in corpus.topics:
        for newer, paper, older in neighbouring(corpus.papers_by_topic[topic.slug]):
            around[topic.slug, paper.id] = (topic, newer, older)
    # In the order the paper lists its topics.
    return {paper.id: [around[slug, paper.id] for slug in paper.topics] for paper in corpus.papers}


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
