"""Benchmark the prebuilt search: index build time and size, and in-browser time to results.

    python -m bench.search [--sizes 1000 10000 50000] [--out bench/results]

For each size it writes a synthetic corpus, builds the lunr index as `papers build` does, and
opens the real search page in Debian's Chromium with that index to time the first results.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from bench.report import Row, markdown_table, write_results
from bench.synthetic import write_corpus
from generator.cli import main as papers
from generator.corpus import load_corpus
from generator.site.paths import INDEX_FILE, STORE_FILE
from generator.site.search import SearchDocument, build_index, render_store, search_documents
from standins.pages_server import serving_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
BROWSER_RUNS = 3


def _timed_build(documents: list[SearchDocument]) -> tuple[float, int, bytes]:
    """In a fresh process: the index build's seconds, that process's peak RSS (bytes), the index."""
    started = time.perf_counter()
    index = build_index(documents)
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, index


def measure_index(content: Path) -> tuple[Row, bytes, bytes]:
    """Build the index and store for one corpus: the measurements, the index, the store."""
    corpus = load_corpus(content)
    documents = search_documents(corpus)
    # A fresh process, as `papers build` builds the index in: its peak RSS is the index's.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        seconds, peak, index = pool.submit(_timed_build, documents).result()
    store = render_store(corpus)
    count = len(corpus.papers)
    row: Row = {
        "papers": count,
        "index_seconds": round(seconds, 2),
        "index_ms_per_paper": round(seconds * 1000 / count, 3),
        "index_process_peak_mb": round(peak / 2**20),
        "index_kb_per_paper": round(len(index) / 1024 / count, 2),
        "index_gzip_kb_per_paper": round(len(gzip.compress(index, 6)) / 1024 / count, 3),
        "store_gzip_kb_per_paper": round(len(gzip.compress(store, 6)) / 1024 / count, 3),
    }
    return row, index, store


@contextmanager
def chromium(browser: Browser | None = None) -> Iterator[Browser]:
    """The given browser, or Debian's Chromium launched for the duration."""
    if browser is not None:
        yield browser
        return
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


RESULTS_TIMEOUT_MS = 120_000  # 50,000 papers show results in seconds; a query finding nothing fails


def time_first_results(site: Path, query: str, browser: Browser) -> float:
    """Milliseconds from navigating to /search/?q=… to the first result on screen (median)."""
    timings = []
    with serving_site(site) as root:
        url = f"{root}search/?q={query}"
        for _ in range(BROWSER_RUNS):
            context = browser.new_context()
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector("#paper-search-results li", timeout=RESULTS_TIMEOUT_MS)
            timings.append(page.evaluate("performance.now()"))
            context.close()
    median: float = sorted(timings)[len(timings) // 2]
    return round(median)


def run(sizes: list[int], out: Path, browser: Browser | None = None) -> list[Row]:
    """Measure every size; write results as JSON and a Markdown table into `out`."""
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-search-") as scratch,
        chromium(browser) as open_browser,
    ):
        work = Path(scratch)
        # The real search page, theme and scripts, built once; each size brings its own index.
        small = write_corpus(work / "small", 20)
        site = work / "site"
        arguments = ["build", "-q", "--content", str(small), "--build-dir", str(work / "build")]
        code = papers([*arguments, "--site-dir", str(site), "--base-url", "http://127.0.0.1/"])
        if code != 0:
            raise SystemExit("building the search page failed")
        for size in sizes:
            print(f"{size} papers: writing the corpus", file=sys.stderr)
            content = write_corpus(work / f"corpus-{size}", size)
            print(f"{size} papers: building the index", file=sys.stderr)
            row, index, store = measure_index(content)
            (site / INDEX_FILE).write_bytes(index)
            (site / STORE_FILE).write_bytes(store)
            print(f"{size} papers: timing the browser", file=sys.stderr)
            query = first_title_word(content)
            row["browser_first_results_ms"] = time_first_results(site, query, open_browser)
            rows.append(row)
            shutil.rmtree(content.parent)
    write_results(out, "search", rows, COLUMNS)
    return rows


def first_title_word(content: Path) -> str:
    """A word from the first paper's title, after its coined name: a query that has results."""
    first = sorted((content / "papers").iterdir())[0].read_text()
    title = next(line for line in first.splitlines() if line.startswith("title: "))
    word: str = json.loads(title.removeprefix("title: ")).split()[1].lower()
    return word


COLUMNS = [
    ("papers", "papers"),
    ("index_seconds", "index build (s)"),
    ("index_ms_per_paper", "ms / paper"),
    ("index_process_peak_mb", "index process peak MB"),
    ("index_kb_per_paper", "index kB / paper"),
    ("index_gzip_kb_per_paper", "index gz kB / paper"),
    ("store_gzip_kb_per_paper", "store gz kB / paper"),
    ("browser_first_results_ms", "page load to results (ms)"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    arguments = parser.parse_args()
    print(markdown_table(run(arguments.sizes, arguments.out), COLUMNS))


if __name__ == "__main__":
    main()
