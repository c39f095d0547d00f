"""The benchmarks run: a tiny size, so `make bench` cannot rot between real runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest

import generator.build
from bench.alternate import Version, export
from bench.alternate import measure as measure_alternate
from bench.alternate import summary as alternate_summary
from bench.build import COLUMNS as BUILD_COLUMNS
from bench.build import run as run_build
from bench.chart import bar_chart
from bench.day_stages import measure as measure_day_stages
from bench.prolific import COLUMNS as PROLIFIC_COLUMNS
from bench.prolific import measure as measure_prolific
from bench.rebuild import COLUMNS as REBUILD_COLUMNS
from bench.rebuild import measure as measure_rebuild
from bench.related import run as run_related
from bench.report import Row
from bench.synthetic import write_corpus
from generator.corpus import load_corpus
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast


def test_synthetic_corpus_is_valid_and_deterministic(tmp_path: Path) -> None:
    first = load_corpus(write_corpus(tmp_path / "a", 120))
    second = load_corpus(write_corpus(tmp_path / "b", 120))
    assert len(first.papers) == 120
    assert first.papers == second.papers
    assert first.snapshots == second.snapshots
    assert [len(day.papers) for day in first.snapshots] == [20, 50, 50]  # newest day first
    assert all(1400 <= len(paper.abstract) <= 2000 for paper in first.papers)  # ~1.5 kB
    assert all(1 <= len(paper.topics) <= 3 for paper in first.papers)
    assert all(2 <= len(paper.authors or ()) <= 8 for paper in first.papers)


def test_build_benchmark_reports_every_column(tmp_path: Path) -> None:
    rows = run_build([30], tmp_path)
    (row,) = rows
    assert row["papers"] == 30
    assert {key for key, _ in BUILD_COLUMNS} <= set(row)
    assert row["floor_s"] > 0
    assert row["ratio_to_floor"] > 0  # from unrounded times, so not recomputable here
    assert (tmp_path / "build.md").read_text().startswith("| papers |")


def test_prolific_benchmark_counts_pages_by_count_and_the_redirects(tmp_path: Path) -> None:
    # Five authors a paper from 8: about 60 papers each, past the default listing_size of 50.
    row = measure_prolific(papers=96, authors=8, months=3, work=tmp_path)
    assert {key for key, _ in PROLIFIC_COLUMNS} <= set(row)
    corpus = load_corpus(tmp_path / "corpus" / "content")
    per_author = Counter(name for paper in corpus.papers for name in paper.authors or ())
    assert len(per_author) == 8
    assert min(per_author.values()) > 50  # every author splits into pages by count
    # Each author: their page and a page per 50 papers; nothing per month but redirects.
    expected = sum(1 + -(-count // 50) for count in per_author.values())
    assert row["author_pages"] == expected + 1  # and the author index
    assert row["redirects"] > 0
    assert row["ratio_to_floor"] > 0


def test_rebuild_benchmark_measures_an_incremental_day(tmp_path: Path) -> None:
    row = measure_rebuild(30, tmp_path)
    assert {key for key, _ in REBUILD_COLUMNS} <= set(row)
    assert 0 < row["changed_pages_rendered"] < row["pages"]
    assert row["day_pages_rendered"] > row["changed_pages_rendered"]  # 50 new papers' pages


def test_day_stages_time_each_stage_of_a_days_build(tmp_path: Path) -> None:
    (row,) = measure_day_stages(40, days=1, per_day=2, work=tmp_path)
    assert row["pages"] > 2  # the day's two papers' pages, and the pages listing them
    assert {"load", "render_pages", "sync_folder", "run_engines", "record_site"} <= set(row)
    stages = ["load", "render_pages", "sync_folder", "run_engines", "record_site"]
    assert 0 < sum(row[stage] for stage in stages) < row["build"]
    assert not hasattr(generator.build.load, "__wrapped__")  # the wrappers are removed


def test_related_benchmark_reports_every_column(tmp_path: Path) -> None:
    (row,) = run_related([40], tmp_path)
    assert row["papers"] == 40
    assert row["peak_mb"] >= row["corpus_mb"] > 0
    assert (tmp_path / "related.md").read_text().startswith("| papers | related papers (s) |")


def test_chart_draws_a_labelled_bar_per_measurement() -> None:
    rows: list[Row] = [
        {"papers": 1000, "build_s": 8.0, "floor_s": 4.0},
        {"papers": 10000, "build_s": 64.8, "floor_s": 42.3},
    ]
    svg = ElementTree.fromstring(bar_chart(rows, before={10000: 90.8}))  # noqa: S314 (ours)
    namespace = {"svg": "http://www.w3.org/2000/svg"}
    assert svg.get("role") == "img"
    description = svg.find("svg:desc", namespace)
    assert description is not None
    assert "10,000 papers: Floor: bare mkdocs-material 42.3 s" in (description.text or "")
    bars = [
        bar.find("svg:title", namespace) for bar in svg.findall("svg:rect[svg:title]", namespace)
    ]
    assert [bar.text for bar in bars if bar is not None] == [
        "Floor: bare mkdocs-material: 4.0 s",
        "papers build, now: 8.0 s",
        "Floor: bare mkdocs-material: 42.3 s",
        "papers build, before: 90.8 s",
        "papers build, now: 64.8 s",
    ]


def test_the_replay_benchmark_scores_what_the_ingest_filed(tmp_path: Path) -> None:
    from bench.replay import replay  # noqa: PLC0415

    score = replay(Path(__file__).parents[1] / "content", tmp_path, days=3, per_day=12)
    assert score.general > 0
    assert score.on_topic > 0
    assert 0 <= score.general_filed <= score.general
    assert 0 < score.on_topic_right <= score.on_topic
    assert (tmp_path / "content" / "declined").is_dir()  # the general ones were declined


def test_the_real_paper_benchmark_scores_what_the_ingest_filed(tmp_path: Path) -> None:
    from bench.real import labelled_papers, replay  # noqa: PLC0415

    content = Path(__file__).parents[1] / "content"
    listed = labelled_papers()
    shipped = {record.arxiv for record in load_corpus(content).declined}
    declined = [paper for paper in listed if paper.arxiv in shipped][:4]
    on_topic = [paper for paper in listed if paper.topics][:3]
    score = replay(content, [*declined, *on_topic], tmp_path, per_day=20)
    assert (score.general, score.on_topic) == (4, 3)
    assert score.general_filed == ()  # declined papers are never proposed again
    assert score.on_topic_right + len(score.on_topic_missed) == 3


def test_the_declines_judged_in_turn_name_a_declined_paper_that_belongs(tmp_path: Path) -> None:
    from bench.real import declined_in_turn, labelled_papers  # noqa: PLC0415

    content = Path(shutil.copytree(Path(__file__).parents[1] / "content", tmp_path / "content"))
    listed = labelled_papers()
    robots = next(paper for paper in listed if "embodied-3d" in paper.topics)
    declined = content / "declined" / "2026-12.yaml"
    record = (
        f"  - {{arxiv: {json.dumps(robots.arxiv)}, day: 2026-12-06, why: declined,"
        f" title: {json.dumps(robots.title)}}}\n"
    )
    declined.write_text(declined.read_text() + record)
    filed, judged = declined_in_turn(content, listed, per_day=20)
    assert judged == len(load_corpus(content).declined)
    assert robots.title in filed  # a robotics paper a curator declined by mistake stands out
    assert len(filed) < judged // 2


def test_alternate_benchmark_builds_each_version_from_its_own_code_on_the_same_days(
    tmp_path: Path,
) -> None:
    before = export("HEAD", tmp_path / "code-before")
    versions = [Version(before, tmp_path / "before"), Version(PROJECT_ROOT, tmp_path / "after")]
    rows = measure_alternate(
        before, PROJECT_ROOT, tmp_path, papers=12, rounds=1, change="day", per_day=2, warm_ups=0
    )
    assert [row["round"] for row in rows] == [1]
    assert all(row["before_s"] > 0 and row["after_s"] > 0 for row in rows)
    assert all(row["before_cpu_s"] > 0 and row["after_cpu_s"] > 0 for row in rows)
    assert "median" in alternate_summary(rows)
    for version in versions:
        found = subprocess.run(  # the version's own package, not the one installed
            [sys.executable, "-c", "import generator; print(generator.__file__)"],
            cwd=version.code,
            env=version.environment(),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert Path(found.strip()).is_relative_to(version.code)
        assert len(load_corpus(version.work / "content").papers) == 14  # the same day added
        assert (version.work / "site" / "index.html").is_file()
