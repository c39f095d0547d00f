"""The statistics page: charts whose drawings, text alternatives and tables all match the corpus."""

from __future__ import annotations

from collections import Counter
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, Tag

from generator.corpus import Corpus, load_corpus
from generator.site.pages import render_pages
from tests.markdown_site import page_soup

SVG = "{http://www.w3.org/2000/svg}"


def add_paper(corpus_dir: Path, paper_id: str, added: str, topics: str, published: str) -> None:
    title = " ".join(reversed(paper_id.split("-"))).capitalize()  # titles must differ enough
    (corpus_dir / "papers" / f"{paper_id}.yaml").write_text(
        f"id: {paper_id}\ntitle: {title}\nadded: {added}\n"
        f"topics: {topics}\npublished: {published}\nabstract: About {paper_id}.\n"
    )


@pytest.fixture
def corpus(corpus_dir: Path) -> Corpus:
    # Months with no paper between August and November; years with none between 2019 and 2025.
    add_paper(corpus_dir, "august-first", "2026-08-03", "[circuits, physics]", "2019-05")
    add_paper(corpus_dir, "late-summer-harvest", "2026-08-30", "[physics]", "2019-11-30")
    return load_corpus(corpus_dir)


@pytest.fixture
def page(corpus: Corpus) -> BeautifulSoup:
    return page_soup(render_pages(corpus)[PurePosixPath("statistics/index.md")])


def table(page: BeautifulSoup, chart: str) -> dict[str, list[str]]:
    """A chart's table of numbers: each row's heading and its cells."""
    figure = page.find(id=f"chart-{chart}")
    assert isinstance(figure, Tag)
    details = figure.find_next("details")
    assert isinstance(details, Tag)
    return {
        row.th.get_text(): [cell.get_text() for cell in row.find_all("td")]
        for row in details.select("tbody tr")
        if row.th
    }


def drawing(page: BeautifulSoup, chart: str) -> ElementTree.Element:
    """A chart's SVG, parsed as the XML it must be."""
    svg = page.select_one(f"#chart-{chart} svg")
    assert svg is not None
    return ElementTree.fromstring(str(svg))  # noqa: S314 (our own output)


def test_papers_per_topic(page: BeautifulSoup, corpus: Corpus) -> None:
    expected = {t.title: [str(len(corpus.papers_by_topic[t.slug]))] for t in corpus.topics}
    assert table(page, "topics") == expected
    bars = [float(rect.get("width", "0")) for rect in drawing(page, "topics").iter(f"{SVG}rect")]
    counts = [int(values[0]) for values in expected.values()]
    assert [round(bar / max(bars) * max(counts), 6) for bar in bars] == counts


def test_papers_added_per_month_include_the_empty_months(
    page: BeautifulSoup, corpus: Corpus
) -> None:
    added = Counter(paper.added.strftime("%b %Y") for paper in corpus.papers)
    assert table(page, "added") == {
        "Aug 2026": [str(added["Aug 2026"])],
        "Sep 2026": ["0"],
        "Oct 2026": ["0"],
        "Nov 2026": [str(added["Nov 2026"])],
    }
    assert added["Aug 2026"] == 2


def test_papers_by_year_of_publication(page: BeautifulSoup, corpus: Corpus) -> None:
    years = Counter(paper.published[:4] for paper in corpus.papers if paper.published)
    rows = table(page, "published")
    assert list(rows) == [str(year) for year in range(2019, 2026)]
    assert rows == {year: [str(years[year])] for year in rows}
    undated = sum(1 for paper in corpus.papers if not paper.published)
    assert f"{undated} papers without a publication date are not counted." in page.get_text()


def test_topics_together_count_papers_in_both(page: BeautifulSoup, corpus: Corpus) -> None:
    rows = table(page, "together")
    slugs = [topic.slug for topic in corpus.topics]
    for row, first in enumerate(corpus.topics):
        expected = [
            str(sum(1 for p in corpus.papers if first.slug in p.topics and second in p.topics))
            for second in slugs
        ]
        assert rows[f"{row + 1}. {first.title}"] == expected
    assert rows["1. Circuits"][1] == rows["2. Physics"][0] == "2"  # Wild, and August one


def test_every_chart_has_a_name_and_a_description(page: BeautifulSoup) -> None:
    charts = page.select("figure.chart")
    assert len(charts) == 4
    for figure in charts:
        svg = figure.select_one("svg")
        assert svg is not None
        assert svg["role"] == "img"
        title_id, description_id = str(svg["aria-labelledby"]).split()
        title, description = svg.find(id=title_id), svg.find(id=description_id)
        assert title is not None
        assert title.name == "title"
        assert description is not None
        assert description.name == "desc"
        assert description.get_text().strip()
    described = drawing(page, "together").find(f"{SVG}desc")
    assert described is not None
    assert described.text == "Papers in both topics: Circuits and Physics: 2"


def test_colours_come_from_the_colour_scheme(page: BeautifulSoup) -> None:
    """No colour is fixed in the drawing: CSS gives light and dark schemes their own."""
    for figure in page.select("figure.chart"):
        for shape in figure.select("svg rect, svg line, svg text"):
            assert "fill" not in shape.attrs, shape
            assert "stroke" not in shape.attrs, shape
            assert shape.get("class"), shape


def test_topic_titles_are_escaped_in_the_drawing(corpus_dir: Path) -> None:
    topics = corpus_dir / "topics.yaml"
    hostile = "Circuits & <script>alert(1)</script> </text><text>"
    topics.write_text(topics.read_text().replace("title: Circuits", f"title: {hostile!r}"))
    page = page_soup(render_pages(load_corpus(corpus_dir))[PurePosixPath("statistics/index.md")])
    assert page.find("script") is None
    labels = [label.text for label in drawing(page, "topics").iter(f"{SVG}text")]
    assert hostile in labels
