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
def test_a_prolific_author_s_page_shows_the_newest_and_links_every_month(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    largest_pages(run_papers, archive(corpus_dir, 300), tmp_path)
    site = tmp_path / "site"
    author = site / "authors" / "ada-prolific"
    page = BeautifulSoup((author / "index.html").read_text(), "html.parser")
    cards = page.select(".paper-card")
    assert len(cards) == 3  # listing_size: 3 in the fixture's corpus.yaml
    assert "Circuits Study Number 299" in cards[0].get_text()
    (heading,) = [h2 for h2 in page.find_all("h2") if h2.get_text().startswith("Every month")]
    months = heading.find_next("ul")
    assert months is not None
    listed = [a.get_text() for a in months.select("a")]
    assert listed[0] == "October 2025"
    assert listed[-1] == "January 2025"
    assert len(listed) == 10  # 300 days from 1 Jan 2025
    january = BeautifulSoup((author / "2025-01" / "index.html").read_text(), "html.parser")
    assert len([a for a in january.select("main li a") if "Study Number" in a.get_text()]) == 31


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
