"""The benchmarks run: a tiny size, so `make bench` cannot rot between real runs."""

from __future__ import annotations

from pathlib import Path

from bench.synthetic import write_corpus
from generator.corpus import load_corpus


def test_synthetic_corpus_is_valid_and_deterministic(tmp_path: Path) -> None:
    first = load_corpus(write_corpus(tmp_path / "a", 40))
    second = load_corpus(write_corpus(tmp_path / "b", 40))
    assert len(first.papers) == 40
    assert first.papers == second.papers
    assert all(1 <= len(paper.topics) <= 3 for paper in first.papers)
    assert all(2 <= len(paper.authors or ()) <= 8 for paper in first.papers)
