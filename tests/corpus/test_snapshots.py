"""Trending snapshots: one ranked list per day, checked against the papers and the file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.corpus import load_corpus
from generator.errors import CorpusError

GOOD = """\
date: 2026-11-24
source: test
papers:
  - rank: 1
    id: piqa
    upvotes: 40
  - rank: 2
    id: toy-models-of-superposition
"""


def write_snapshot(corpus_dir: Path, name: str, text: str) -> None:
    (corpus_dir / "trending").mkdir(exist_ok=True)
    (corpus_dir / "trending" / f"{name}.yaml").write_text(text)


def problems(corpus_dir: Path) -> list[tuple[int, str]]:
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_dir)
    return [(problem.line, problem.message) for problem in caught.value.problems]


def test_snapshots_are_modelled_newest_first_with_the_days_each_paper_trended(
    corpus_dir: Path,
) -> None:
    write_snapshot(corpus_dir, "2026-11-24", GOOD)
    write_snapshot(
        corpus_dir,
        "2026-11-23",
        GOOD.replace("2026-11-24", "2026-11-23").replace("piqa", "seeing-the-wind"),
    )
    corpus = load_corpus(corpus_dir)
    assert [snapshot.date.isoformat() for snapshot in corpus.snapshots] == [
        "2026-11-24",
        "2026-11-23",
    ]
    assert [t.snapshot.date.isoformat() for t in corpus.trends["toy-models-of-superposition"]] == [
        "2026-11-24",
        "2026-11-23",
    ]
    assert corpus.trends["interpretability-in-the-wild"] == ()
    assert corpus.snapshots[0].papers[0].upvotes == 40


def test_date_must_match_the_file_name(corpus_dir: Path) -> None:
    write_snapshot(corpus_dir, "2026-11-25", GOOD)
    assert problems(corpus_dir) == [(1, "date 2026-11-24 does not match the file name")]


def test_unknown_paper_ids_are_named_with_a_suggestion(corpus_dir: Path) -> None:
    write_snapshot(corpus_dir, "2026-11-24", GOOD.replace("id: piqa", "id: piqa-v2"))
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_dir)
    (problem,) = caught.value.problems
    assert (problem.line, problem.message, problem.fix) == (
        4,
        "no paper has the id 'piqa-v2'",
        "did you mean 'piqa'?",
    )


def test_ranks_and_papers_appear_once(corpus_dir: Path) -> None:
    text = GOOD + "  - rank: 2\n    id: piqa\n"
    write_snapshot(corpus_dir, "2026-11-24", text)
    assert problems(corpus_dir) == [
        (9, "piqa is listed twice (first on line 4)"),
        (9, "rank 2 is given twice (first on line 7)"),
    ]


def test_a_snapshot_needs_papers(corpus_dir: Path) -> None:
    write_snapshot(corpus_dir, "2026-11-24", "date: 2026-11-24\npapers: []\n")
    ((line, message),) = problems(corpus_dir)
    assert line == 2
    assert message == "papers is an empty list"
