"""Two weeks of the stand-in year through the daily path (`make year`, shortened): the rules
every day must keep, whatever the API lists."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest

from bench.year.report import YearRow, build_totals, write_report
from bench.year.run import YearRun, first_day_after, run_year, site_figures
from bench.year.standin import YearSettings, write_year
from generator.cli import main
from generator.corpus import load_corpus
from generator.corpus.model import Corpus
from generator.site.paths import INDEX_FILE, SHARD_FOLDER, STORE_FILE, STORE_FOLDER
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast

CONTENT = PROJECT_ROOT / "content"

# Quirks far more often than real days have them, so two weeks show each of them.
SETTINGS = YearSettings(
    first_day=first_day_after(CONTENT),
    days=14,
    per_day=20,
    in_topic=0.5,
    seed=19,
    listed_twice=0.5,
    trend_again=0.08,
    retitled=0.15,
    series=0.05,
    collaboration=0.05,
    no_authors=0.1,
    markup_title=0.1,
    fault=0.3,
    incomplete=0.03,
)
PAGE_BOUND = 400_000  # bytes of HTML, as in tests/site/test_bounded_pages.py


def corpus_after(run: YearRun) -> Corpus:
    """The corpus at the end of the run, read on the day after its last (a simulated today)."""
    return load_corpus(run.content, today=last_day(run) + dt.timedelta(days=1))


def last_day(run: YearRun) -> dt.date:
    return dt.date.fromisoformat(str(run.rows[-1]["date"]))


def listed_ids(answer: bytes) -> list[str]:
    return [entry["paper"]["id"] for entry in json.loads(answer)]


def test_the_stand_in_year_is_the_same_for_a_seed_and_has_every_quirk() -> None:
    corpus = load_corpus(CONTENT)
    year = write_year(SETTINGS, corpus)
    assert write_year(SETTINGS, corpus) == year
    days = {day: listed_ids(answer) for day, answer in year.answers.items()}
    assert all(not ids for day, ids in days.items() if day.weekday() >= 5)  # empty weekends
    assert any(len(set(ids)) < len(ids) for ids in days.values())  # a paper listed twice
    assert year.faults
    assert year.retitled
    entries = [entry["paper"] for answer in year.answers.values() for entry in json.loads(answer)]
    assert any(len(paper["authors"]) >= 100 for paper in entries)
    assert any(not paper["authors"] for paper in entries)
    assert any("summary" not in paper for paper in entries)
    assert set(year.topic_of.values()) - {None}  # some papers written for a topic, ...
    assert None in year.topic_of.values()  # ... some general AI


@pytest.fixture(scope="module")
def two_weeks(tmp_path_factory: pytest.TempPathFactory) -> YearRun:
    return run_year(SETTINGS, tmp_path_factory.mktemp("year"), build_every=7, clean_every=14)


def test_every_day_lands_and_faulty_days_land_on_the_second_run(two_weeks: YearRun) -> None:
    year, corpus = two_weeks.year, corpus_after(two_weeks)
    refused = {row["date"] for row in two_weeks.rows if row["refused"]}
    assert refused == {day.isoformat() for day in year.faults}
    snapshots = {snapshot.date: snapshot for snapshot in corpus.snapshots}
    filed = {paper.arxiv: paper for paper in corpus.papers if paper.arxiv}
    for day, answer in year.answers.items():
        listed = set(listed_ids(answer))
        # On its day, each listed paper the archive files (or had filed) is in the snapshot.
        expected = {arxiv for arxiv in listed if arxiv in filed and filed[arxiv].added <= day}
        shown = snapshots[day].papers if day in snapshots else ()
        in_snapshot = {corpus.papers_by_id[entry.id].arxiv for entry in shown}
        assert in_snapshot == expected, day
    for paper in filed.values():
        if paper.arxiv not in year.topic_of:
            continue  # a paper of the shipped corpus
        assert paper.arxiv in listed_ids(year.answers[paper.added])  # filed on a day it trended


def test_no_paper_twice_and_a_retitled_paper_keeps_its_id_and_address(two_weeks: YearRun) -> None:
    corpus = corpus_after(two_weeks)
    by_arxiv = Counter(paper.arxiv for paper in corpus.papers if paper.arxiv)
    assert max(by_arxiv.values()) == 1
    kept = [
        (paper, titles)
        for paper in corpus.papers
        for arxiv, titles in two_weeks.year.retitled.items()
        if paper.arxiv == arxiv
    ]
    assert kept  # at least one retitled paper was filed, so the rule was exercised
    for paper, titles in kept:
        assert paper.title == titles[0]
        assert (two_weeks.site / "papers" / paper.id / "index.html").is_file()


def test_after_two_weeks_the_corpus_validates_and_every_page_is_bounded(
    two_weeks: YearRun,
) -> None:
    last = two_weeks.rows[-1]
    today = (last_day(two_weeks) + dt.timedelta(days=1)).isoformat()
    assert main(["validate", "-q", "--content", str(two_weeks.content), "--today", today]) == 0
    assert "build_s" in last  # the last day was built, strictly (mkdocs build --strict)
    pages = list(two_weeks.site.rglob("*.html"))
    assert len(pages) > len(corpus_after(two_weeks).papers)
    assert max(page.stat().st_size for page in pages) < PAGE_BOUND


def test_the_report_tables_the_figures_and_charts_them(two_weeks: YearRun, tmp_path: Path) -> None:
    out = tmp_path / "year.md"
    write_report(
        out,
        two_weeks.rows,
        settings=SETTINGS,
        build_every=7,
        clean_every=14,
        elapsed=60.0,
        machine="a test",
    )
    text = out.read_text()
    assert "clean_build_s" in two_weeks.rows[-1]  # the last day, also built from empty folders
    daily, clean = build_totals(two_weeks.rows)
    assert f"2 builds, {daily / 60:.1f} min in all" in text
    assert clean is not None
    assert f"about {clean / 60:.1f} min" in text
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| day | date | papers |")
    assert [line.split(" | ")[0] for line in table[2:]] == ["| 14"]  # the last built day
    assert "make year DAYS=14 PER_DAY=20" in text
    for day in two_weeks.year.faults:
        assert f"- {day.isoformat()}: error:" in text  # each refusal, with its reason
    chart = ElementTree.parse(out.with_suffix(".svg")).getroot()  # noqa: S314 (ours)
    svg = "{http://www.w3.org/2000/svg}"
    assert len(chart.findall(f"{svg}g/{svg}polyline")) == 4


def test_the_year_s_clean_builds_are_summed_over_every_built_day_between_those_measured() -> None:
    rows: list[YearRow] = [
        {"day": 1, "build_s": 1.0},
        {"day": 2},  # not built: counts in neither total
        {"day": 3, "build_s": 2.0, "clean_build_s": 10.0},
        {"day": 4, "build_s": 1.0},
        {"day": 5, "build_s": 1.0, "clean_build_s": 20.0},
        {"day": 6, "build_s": 3.0},
    ]
    # Day 1 takes the first measured figure, day 4 lies halfway, day 6 takes the last.
    assert build_totals(rows) == (8.0, 10.0 + 10.0 + 15.0 + 20.0 + 20.0)
    assert build_totals([{"day": 1, "build_s": 2.5}]) == (2.5, None)


def test_the_search_figure_counts_every_part_of_the_split_index_and_store(
    two_weeks: YearRun,
) -> None:
    site = two_weeks.site
    shards = sorted((site / SHARD_FOLDER).glob("*.json"))
    assert len(shards) > 1
    chunks = sorted((site / STORE_FOLDER).glob("*"))
    assert chunks
    files = [site / INDEX_FILE, site / STORE_FILE, *shards, *chunks]
    gzipped = sum(len(gzip.compress(path.read_bytes(), 6)) for path in files)
    assert site_figures(site)["search_gz_kb"] == round(gzipped / 1024)
