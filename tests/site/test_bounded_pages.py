"""No page grows with the archive: an author of hundreds of papers, a paper of hundreds of
authors, and every listing keep their pages within a size set by the settings, not the days."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import RunPapers

PROLIFIC = "Ada Prolific"
COLLABORATION = [f"Member {number:03}" for number in range(300)]


def archive(corpus_dir: Path, papers: int) -> Path:
    """The fixture corpus and `papers` more by one author, one a day, one with 300 authors."""
    first = dt.date(2025, 1, 1)
    for number in range(papers):
        authors = [PROLIFIC, "Bo Steady"] + (COLLABORATION if number == 0 else [])
        (corpus_dir / "papers" / f"work-{number:04}.yaml").write_text(
            f"id: work-{number:04}\ntitle: Circuits Study Number {number}\n"
            f"added: {first + dt.timedelta(days=number)}\ntopics: [circuits]\n"
            f"authors: {json.dumps(authors)}\nabstract: Sparse circuits, study {number}.\n",
            encoding="utf-8",
        )
    return corpus_dir


def largest_pages(run_papers: RunPapers, content: Path, where: Path) -> dict[str, int]:
    """Each kind of built page's largest HTML, in bytes."""
    site = where / "site"
    run = run_papers(
        "build", "-q", "--content", content, "--build-dir", where / "build", "--site-dir", site
    )
    assert run.exit_code == 0, run.stderr
    sizes: dict[str, int] = {}
    for page in site.rglob("*.html"):
        parts = page.relative_to(site).parts
        kind = parts[0] if len(parts) > 1 else "home"
        sizes[kind] = max(sizes.get(kind, 0), page.stat().st_size)
    return sizes


@pytest.mark.slow
def test_no_page_grows_with_the_archive(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    small = largest_pages(run_papers, archive(corpus_dir, 100), tmp_path / "small")
    large = largest_pages(run_papers, archive(corpus_dir, 300), tmp_path / "large")
    assert set(small) == set(large)
    # Three times the papers: no kind of page more than a few percent larger (longer numbers,
    # more years to link), where an unbounded listing would be three times as large.
    grown = {kind: large[kind] / small[kind] for kind in small}
    assert {kind: ratio for kind, ratio in grown.items() if ratio > 1.1} == {}
    assert max(large.values()) < 400_000


@pytest.mark.slow
def test_a_prolific_author_s_papers_fill_pages_by_count_and_old_month_addresses_lead_there(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    largest_pages(run_papers, archive(corpus_dir, 10), tmp_path)
    site = tmp_path / "site"
    author = site / "authors" / "ada-prolific"
    page = BeautifulSoup((author / "index.html").read_text(), "html.parser")
    cards = page.select(".paper-card")
    assert len(cards) == 3  # listing_size: 3 in the fixture's corpus.yaml
    assert "Circuits Study Number 9" in cards[0].get_text()
    (heading,) = [h2 for h2 in page.find_all("h2") if h2.get_text().startswith("Every paper")]
    parts = heading.find_next("ul")
    assert parts is not None
    listed = [(a.get_text(), a["href"]) for a in parts.select("a")]
    # Counted from the oldest, so that a page keeps its papers as newer ones arrive.
    assert listed == [
        ("Papers 10", "4/"),
        ("Papers 7\N{EN DASH}9", "3/"),
        ("Papers 4\N{EN DASH}6", "2/"),
        ("Papers 1\N{EN DASH}3", "1/"),
    ]
    first = BeautifulSoup((author / "1" / "index.html").read_text(), "html.parser")
    titles = [a.get_text() for a in first.select("main li a") if "Study Number" in a.get_text()]
    assert titles == [f"Circuits Study Number {n}" for n in (2, 1, 0)]  # newest first
    assert sorted(path.name for path in author.iterdir() if path.is_dir()) == [
        "1", "2", "2025-01", "3", "4",
    ]  # fmt: skip
    # Ten days of January were one month page: its address now leads to the page that holds
    # the month's newest paper.
    moved = BeautifulSoup((author / "2025-01" / "index.html").read_text(), "html.parser")
    refresh = moved.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None
    assert refresh["content"] == "0; url=../4/"
    (link,) = moved.select("a")
    assert (link["href"], link.get_text()) == ("../4/", "Ada Prolific: papers 10")


@pytest.mark.slow
def test_an_author_of_300_papers_has_a_hundred_pages_not_one_a_day(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    largest_pages(run_papers, archive(corpus_dir, 300), tmp_path)
    author = tmp_path / "site" / "authors" / "ada-prolific"
    pages = [path for path in author.iterdir() if (path / "index.html").is_file()]
    numbered = [path for path in pages if path.name.isdigit()]
    assert len(numbered) == 100  # 300 papers, 3 a page
    assert len(pages) - len(numbered) == 10  # the ten old month addresses, redirects only


def test_a_paper_of_300_authors_names_50_and_folds_the_rest(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    largest_pages(run_papers, archive(corpus_dir, 1), tmp_path)
    page = BeautifulSoup(
        (tmp_path / "site" / "papers" / "work-0000" / "index.html").read_text(), "html.parser"
    )
    meta = page.select_one(".paper-meta")
    assert meta is not None
    assert "and 252 more" in meta.get_text()  # 302 authors: 50 named
    folded = page.select_one("details.paper-more-authors")
    assert folded is not None
    assert "Member 299" in folded.get_text()
    card = page.select(".paper-card__meta")  # cards elsewhere name a few and "et al."
    assert all("Member 010" not in meta.get_text() for meta in card)
