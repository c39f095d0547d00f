"""The benchmarks run: a tiny size, so `make bench` cannot rot between real runs."""

from __future__ import annotations

from pathlib import Path

from bench.build import COLUMNS as BUILD_COLUMNS
from bench.build import run as run_build
from bench.synthetic import write_corpus
from generator.corpus import load_corpus


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
