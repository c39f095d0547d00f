"""The pipeline's own choices: an index built in a second process gives the same bytes, and a
generation whose index is still building is recorded only once the index is in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.cache import last_generation
from generator.corpus import load_corpus
from generator.site.search import INDEX_FILE, build_index, search_documents


class CountingPendingIndex(pipeline.PendingIndex):
    started = 0

    def __init__(self, *args: object, **kwargs: object) -> None:
        CountingPendingIndex.started += 1
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> type[CountingPendingIndex]:
    CountingPendingIndex.started = 0
    monkeypatch.setattr(pipeline, "PendingIndex", CountingPendingIndex)
    return CountingPendingIndex


def in_process_index(corpus_dir: Path) -> bytes:
    return build_index(search_documents(load_corpus(corpus_dir)))


def deferred(corpus_dir: Path, build_dir: Path) -> pipeline.PendingIndex:
    """Generate with the index left building; return the index still pending."""
    generated = pipeline.generate(
        corpus_dir, build_dir, pipeline.Project.locate(), defer_index=True
    )
    assert generated.pending is not None
    return generated.pending


def test_index_built_in_a_worker_process_matches_the_in_process_one(
    corpus_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    counting: type[CountingPendingIndex],
) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_INDEX_FROM", 1)
    generated = pipeline.generate(corpus_dir, tmp_path / "build", pipeline.Project.locate())

    assert counting.started == 1
    assert generated.pending is None  # waited for: the build folder is complete
    written = (tmp_path / "build" / "docs" / INDEX_FILE).read_bytes()
    assert written == in_process_index(corpus_dir)


def test_a_deferred_index_completes_the_generation_only_when_finished(
    corpus_dir: Path, tmp_path: Path, counting: type[CountingPendingIndex]
) -> None:
    build_dir = tmp_path / "build"
    pending = deferred(corpus_dir, build_dir)
    assert counting.started == 1
    assert last_generation(build_dir) is None  # not yet whole: a crash now redoes it all

    late = pending.finish()

    assert late == {INDEX_FILE: in_process_index(corpus_dir)}
    assert (build_dir / "docs" / INDEX_FILE).read_bytes() == late[INDEX_FILE]
    assert last_generation(build_dir) is not None
    again = pipeline.generate(corpus_dir, build_dir, pipeline.Project.locate(), defer_index=True)
    assert again.report is None  # unchanged inputs: nothing redone, nothing pending
    assert again.pending is None


def test_a_cancelled_index_leaves_the_generation_to_be_redone(
    corpus_dir: Path, tmp_path: Path, counting: type[CountingPendingIndex]
) -> None:
    build_dir = tmp_path / "build"
    deferred(corpus_dir, build_dir).cancel()

    assert last_generation(build_dir) is None
    deferred(corpus_dir, build_dir).finish()  # redone whole: a new index process, then recorded
    assert counting.started == 2
    assert last_generation(build_dir) is not None


def test_a_cached_index_is_reused_without_a_second_process(
    corpus_dir: Path, tmp_path: Path, counting: type[CountingPendingIndex]
) -> None:
    build_dir = tmp_path / "build"
    deferred(corpus_dir, build_dir).finish()
    # A change the index does not see: a topic's description is not indexed.
    topics = corpus_dir / "topics.yaml"
    topics.write_text(topics.read_text().replace("Learning physical laws.", "Physical laws."))

    second = pipeline.generate(corpus_dir, build_dir, pipeline.Project.locate(), defer_index=True)

    assert second.report is not None
    assert second.pending is None
    assert counting.started == 1
    assert (build_dir / "docs" / INDEX_FILE).read_bytes() == in_process_index(corpus_dir)
