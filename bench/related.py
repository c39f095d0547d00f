"""Benchmark related papers: TF-IDF cosine over title and abstract, the five nearest each.

    python -m bench.related [--sizes 1000 10000 50000] [--out bench/results]

Each size runs in a fresh process, so its peak memory is the related-papers step's alone
(plus the loaded corpus, measured before it starts).
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.report import Columns, Row, write_results
from bench.synthetic import write_corpus
from generator.corpus import load_corpus
from generator.site.related import related_papers

COLUMNS: Columns = [
    ("papers", "papers"),
    ("seconds", "related papers (s)"),
    ("corpus_mb", "peak MB before"),
    ("peak_mb", "peak MB after"),
]


def _measure(content: Path) -> Row:
    papers = load_corpus(content).papers
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    related = related_papers(papers)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if len(related) != len(papers):
        raise RuntimeError(f"related papers for {len(related)} of {len(papers)} papers")
    return {
        "papers": len(papers),
        "seconds": round(seconds, 1),
        "corpus_mb": round(before),
        "peak_mb": round(peak),
    }


def run(sizes: list[int], out: Path) -> list[Row]:
    """Measure each size in a fresh process; write out/related.json and out/related.md."""
    rows = []
    context = multiprocessing.get_context("spawn")
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-related-") as scratch:
            content = write_corpus(Path(scratch), size)
            with ProcessPoolExecutor(1, mp_context=context) as fresh:
                rows.append(fresh.submit(_measure, content).result())
        print(rows[-1], flush=True)
    write_results(out, "related", rows, COLUMNS)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    arguments = parser.parse_args()
    run(arguments.sizes, arguments.out)


if __name__ == "__main__":
    main()
