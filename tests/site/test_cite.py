"""Citations parse with a real BibTeX parser and give back every title and name as written."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath

import pytest
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from pylatexenc.latex2text import LatexNodes2Text

from generator.corpus import load_corpus
from generator.corpus.schema import Paper
from generator.site import cite
from generator.site.escape import code_block
from generator.site.pages import render_pages
from tests.markdown_site import page_soup

AWKWARD_TITLES = [
    "Toy Models of Superposition",
    "50% of {braces} & $dollars$ # under_scores ~tilde ^caret \\backslash",
    "Ünïcödé — “quotes”, naïve café, 数学, emoji 🧪",
    "A Title With  Double   Spaces and a } lone brace {",
    "```backticks``` and @misc{fake, title={x}}",
    "En--dash, em---dash, ''quoted'', ?`inverted!` <<guillemets>>",
    "Percent at the end 100%",
]
AWKWARD_AUTHORS = [
    ("Nelson Elhage", "Tristan Hume"),
    ("Smith, Jr., John",),
    ("Barnes and Noble Research Lab", "Ada Lovelace"),
    ("José Ñúñez", "Dr. O'Neil", "An {odd} Name"),
]


def paper(title: str, authors: tuple[str, ...] | None = None, **fields: object) -> Paper:
    return Paper(
        id="a-paper",
        title=title,
        abstract="An abstract.",
        topics=("physics",),
        added=dt.date(2026, 11, 24),
        authors=authors,
        **fields,
    )


def parse(bibtex: str, decode: bool = True) -> Library:
    """Parse with bibtexparser: names split on "and" (braces respected), then LaTeX decoded."""
    middleware = [SeparateCoAuthors(), LatexDecodingMiddleware()] if decode else []
    library = parse_string(bibtex, append_middleware=middleware)
    assert library.failed_blocks == []
    return library


def latex_text(value: str) -> str:
    # pylatexenc decodes \textasciicircum (which LaTeX prints as ^) to U+02C6, its look-alike.
    text: str = LatexNodes2Text().latex_to_text(value)
    return text.replace("\u02c6", "^")


@pytest.mark.parametrize("title", AWKWARD_TITLES)
@pytest.mark.parametrize("authors", AWKWARD_AUTHORS)
def test_titles_and_names_round_trip_through_a_bibtex_parser(
    title: str, authors: tuple[str, ...]
) -> None:
    (entry,) = parse(cite.bibtex_entry(paper(title, authors, arxiv="2209.10652"))).entries
    assert entry.key == "a-paper"
    assert entry.entry_type == "misc"
    decoded = entry.fields_dict["title"].value.replace("\u02c6", "^")
    assert decoded == " ".join(title.split())
    names = [latex_text(name) for name in entry.fields_dict["author"].value]
    assert names == list(authors)


def test_the_corpus_bibliography_parses_with_one_entry_per_paper(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    library = parse(cite.bibtex_file(corpus.papers).decode("utf-8"))
    assert [entry.key for entry in library.entries] == [paper.id for paper in corpus.papers]
    toy = library.entries[[p.id for p in corpus.papers].index("toy-models-of-superposition")]
    assert toy.fields_dict["eprint"].value == "2209.10652"
    assert toy.fields_dict["year"].value == "2022"
    assert toy.fields_dict["url"].value == "https://arxiv.org/abs/2209.10652"


def test_keys_are_the_ids_so_they_never_change_or_collide(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    keys = [cite.bibtex_key(paper) for paper in corpus.papers]
    assert len(set(keys)) == len(keys)
    assert keys == [paper.id for paper in corpus.papers]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"published": "2022-09-14", "arxiv": "2101.00001"}, (2022, 9)),
        ({"published": "2022-09"}, (2022, 9)),
        ({"arxiv": "2209.10652"}, (None, None)),  # the id's month is not the paper's year
        ({"arxiv": "hep-th/9901001"}, (None, None)),
        ({}, (None, None)),
    ],
)
def test_the_year_comes_from_publication_only(
    fields: dict[str, str], expected: tuple[int | None, int | None]
) -> None:
    assert cite.year_and_month(paper("T", None, **fields)) == expected


def test_an_unknown_year_leaves_year_and_month_out() -> None:
    entry = cite.bibtex_entry(paper("T", arxiv="hep-th/9901001"))
    assert "year" not in entry
    assert "month" not in entry


def test_doi_and_url_cannot_break_out_of_their_fields() -> None:
    hostile = paper("T", doi="10.1234/a}b{c\\d", links={"project": "https://example.org/{x}"})
    # Verbatim fields: BibTeX styles print them with \url, so they are read undecoded.
    (entry,) = parse(cite.bibtex_entry(hostile), decode=False).entries
    assert entry.fields_dict["doi"].value == "10.1234/a%7Db%7Bc%5Cd"
    assert entry.fields_dict["url"].value == "https://doi.org/10.1234/a%7Db%7Bc%5Cd"
    assert set(entry.fields_dict) == {"title", "doi", "url"}


def test_plain_citation_reads_as_a_reference() -> None:
    text = cite.plain_citation(
        paper("Toy Models of Superposition", ("Nelson Elhage", "Tristan Hume", "Chris Olah"),
              arxiv="2209.10652", published="2022-09")
    )  # fmt: skip
    assert text == (
        "Nelson Elhage, Tristan Hume and Chris Olah (2022). Toy Models of Superposition. "
        "arXiv:2209.10652. https://arxiv.org/abs/2209.10652"
    )
    assert cite.plain_citation(paper("Untitled thoughts.")) == "Untitled thoughts."


@pytest.mark.parametrize("text", ["plain", "a ``` fence", "````four````", "`", "ends with ```"])
def test_a_code_block_fence_outlasts_every_backtick_run_inside(text: str) -> None:
    block = code_block(text, "text")
    fence = block.split("\n", 1)[0].removesuffix("text")
    assert set(fence) == {"`"}
    assert len(fence) > max((len(run) for run in re.findall("`+", text)), default=0)
    assert block == f"{fence}text\n{text}\n{fence}"


def test_paper_page_shows_both_citations_verbatim(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    tree = render_pages(corpus)
    soup = page_soup(tree[PurePosixPath("papers/toy-models-of-superposition.md")])
    blocks = [code.get_text().rstrip("\n") for code in soup.select("pre code")]
    toy = corpus.papers_by_id["toy-models-of-superposition"]
    assert blocks == [cite.bibtex_entry(toy).rstrip("\n"), cite.plain_citation(toy)]


def test_bibliographies_cover_the_corpus_and_each_topic(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    files = cite.render_bibliographies(corpus)
    assert set(files) == {
        PurePosixPath("papers.bib"),
        *(PurePosixPath("topics", topic.slug, "papers.bib") for topic in corpus.topics),
    }
    physics = parse(files[PurePosixPath("topics/physics/papers.bib")].decode())
    assert [entry.key for entry in physics.entries] == [
        paper.id for paper in corpus.papers_by_topic["physics"]
    ]
