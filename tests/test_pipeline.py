"""The pipeline's own choices: the search index built beside the pages gives the same bytes."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from generator import pipeline
from generator.corpus import load_corpus
from generator.site.search import build_index, search_documents


def test_index_built_in_a_worker_process_matches_the_in_process_one(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submitted: list[object] = []

    class CountingPool(ProcessPoolExecutor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            submitted.append(fn)
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(pipeline, "PARALLEL_INDEX_FROM", 1)
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", CountingPool)
    pipeline.generate(corpus_dir, tmp_path / "build", pipeline.Project.locate())

    assert submitted == [build_index]
    written = (tmp_path / "build" / "docs" / "search" / "papers-index.json").read_bytes()
    assert written == build_index(search_documents(load_corpus(corpus_dir)))
