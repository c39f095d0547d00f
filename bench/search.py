"""Benchmark the prebuilt search: index build time, memory and size, and what a reader's first
search downloads and waits for.

    python -m bench.search [--sizes 1000 10000 50000] [--out bench/results]

For each size it writes a synthetic corpus (bench/synthetic.py), builds the split index and
the split store as `papers build` does, and opens the real search page in Debian's Chromium,
from a cold cache, served gzipped as GitHub Pages serves it. For common words, rare words and
a three-word query it records the bytes transferred until the first results show (the
search's own files, and everything the page fetched) and the time to first results with the
network throttled to a 4G profile (9 Mb/s, 170 ms round trip). "Before" is what the page
fetched before the index was split: the whole index and store, gzipped.
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing
import re
import resource
import shutil
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from playwright.sync_api import Browser, Response, sync_playwright

from bench.report import Row, markdown_table, write_results
from bench.synthetic import write_corpus
from generator.cli import main as papers
from generator.corpus import load_corpus
from generator.corpus.model import Corpus
from generator.site.escape import json_bytes
from generator.site.paths import SHARD_FOLDER, STORE_FOLDER
from generator.site.search import SearchDocument, build_index, search_documents
from generator.site.search_shards import build_index_files, unbundle
from generator.site.search_store import render_store, summary
from standins.pages_server import serving_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]


def _timed_build(documents: list[SearchDocument]) -> tuple[float, int, bytes]:
    """In a fresh process: the split index's build seconds, that process's peak RSS (bytes),
    the index's files bundled."""
    started = time.perf_counter()
    bundled = build_index_files(documents)
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, bundled


def gzipped(content: bytes) -> int:
    return len(gzip.compress(content, 6))


def measure_index(content: Path) -> tuple[Row, dict[PurePosixPath, bytes], Corpus]:
    """Build the split index and store for one corpus: the measurements and the files."""
    corpus = load_corpus(content)
    documents = search_documents(corpus)
    # A fresh process, as `papers build` builds the index in: its peak RSS is the index's.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        seconds, peak, bundled = pool.submit(_timed_build, documents).result()
    files = {**unbundle(bundled), **render_store(corpus)}
    count = len(corpus.papers)
    shards = [data for path, data in files.items() if path.parent == SHARD_FOLDER]
    whole = build_index(documents)
    old_store = json_bytes({"papers": [summary(paper) for paper in corpus.papers]}, compact=True)
    row: Row = {
        "papers": count,
        "index_seconds": round(seconds, 2),
        "index_process_peak_mb": round(peak / 2**20),
        "shards": len(shards),
        "index_gzip_mb": round(sum(gzipped(shard) for shard in shards) / 2**20, 1),
        "before_kb": round((gzipped(whole) + gzipped(old_store)) / 1024),
    }
    return row, files, corpus


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
FOUR_G = {  # Chrome DevTools' "Fast 4G"-like profile the targets are stated for
    "offline": False,
    "latency": 170,
    "downloadThroughput": 9_000_000 / 8,
    "uploadThroughput": 9_000_000 / 8,
}


# When the first result is on the page, noted by the page itself: Playwright's waiting polls.
FIRST_RESULT_WATCH = """
new MutationObserver(function (changes, observer) {
  if (document.querySelector("#paper-search-results li")) {
    window.firstResultAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def first_search(root: str, query: str, browser: Browser, throttled: bool) -> tuple[int, int, int]:
    """From a cold cache: ms to the first result, and kB transferred by then (the search's
    JSON files, and everything the page fetched), compressed as sent."""
    context = browser.new_context()
    page = context.new_page()
    if throttled:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", FOUR_G)
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))  # noqa: PLW0108 (Playwright wraps the handler: a bound builtin cannot be)
    page.add_init_script(FIRST_RESULT_WATCH)
    page.goto(f"{root}search/?q={urllib.parse.quote(query)}")
    page.wait_for_selector("#paper-search-results li", timeout=RESULTS_TIMEOUT_MS)
    milliseconds = round(page.evaluate("window.firstResultAt"))
    sizes: Counter[str] = Counter()
    for response in responses:  # a file the page fetched early, then the worker from the cache
        sizes[response.url] += _transferred(response)
    context.close()
    search = {url: size for url, size in sizes.items() if "/search/" in url and ".json" in url}
    shards = sum(size for url, size in search.items() if "/search/index/" in url)
    print(
        f"  {query!r}{' on 4G' if throttled else ''}: {milliseconds} ms, "
        f"{sum(search.values()) // 1024} kB ({shards // 1024} kB of index shards)",
        file=sys.stderr,
    )
    return milliseconds, round(sum(search.values()) / 1024), round(sum(sizes.values()) / 1024)


def _transferred(response: Response) -> int:
    sizes = response.request.sizes()
    return int(sizes["responseBodySize"] + sizes["responseHeadersSize"])


def queries_of(corpus: Corpus) -> dict[str, list[str]]:
    """Common and rare words of the corpus's titles and abstracts, and three-word queries."""
    frequency: Counter[str] = Counter()
    for paper in corpus.papers:
        frequency.update({word for word in re.findall(r"[a-z]{4,}", paper.abstract.lower())})
    ranked = [word for word, _ in frequency.most_common()]
    titles = [paper.title.split(": ", 1)[-1].lower().split() for paper in corpus.papers[:3]]
    return {
        "common": ranked[:QUERIES_PER_KIND],
        "rare": ranked[len(ranked) // 2 : len(ranked) // 2 + QUERIES_PER_KIND],
        "three words": [" ".join(words[:3]) for words in titles if len(words) >= 3],
    }


QUERIES_PER_KIND = 3


def measure_browser(site: Path, corpus: Corpus, browser: Browser) -> Row:
    """Median and worst of the first searches' bytes, and their median time on 4G."""
    row: Row = {}
    with serving_site(site) as root:
        for kind, queries in queries_of(corpus).items():
            runs = [first_search(root, query, browser, throttled=False) for query in queries]
            key = kind.replace(" ", "_")
            search_kb = sorted(run[1] for run in runs)
            row[f"{key}_kb_median"] = search_kb[len(search_kb) // 2]
            row[f"{key}_kb_worst"] = search_kb[-1]
            row[f"{key}_page_kb_worst"] = max(run[2] for run in runs)
            timings = sorted(first_search(root, query, browser, True)[0] for query in queries)
            row[f"{key}_4g_ms"] = timings[len(timings) // 2]
    return row


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
            row, files, corpus = measure_index(content)
            for folder in (SHARD_FOLDER, STORE_FOLDER):
                shutil.rmtree(site / folder, ignore_errors=True)
            for path, data in files.items():
                (site / path).parent.mkdir(parents=True, exist_ok=True)
                (site / path).write_bytes(data)
            print(f"{size} papers: searching in the browser", file=sys.stderr)
            row.update(measure_browser(site, corpus, open_browser))
            rows.append(row)
            shutil.rmtree(content.parent)
    write_results(out, "search", rows, COLUMNS)
    return rows


COLUMNS = [
    ("papers", "papers"),
    ("index_seconds", "index build (s)"),
    ("index_process_peak_mb", "index process peak MB"),
    ("shards", "shards"),
    ("index_gzip_mb", "index gz MB"),
    ("before_kb", "before: whole index + store gz kB"),
    ("common_kb_median", "common word kB (median)"),
    ("common_kb_worst", "common word kB (worst)"),
    ("rare_kb_median", "rare word kB (median)"),
    ("rare_kb_worst", "rare word kB (worst)"),
    ("three_words_kb_worst", "three words kB (worst)"),
    ("common_page_kb_worst", "whole page, common word kB (worst)"),
    ("common_4g_ms", "common word on 4G (ms)"),
    ("rare_4g_ms", "rare word on 4G (ms)"),
    ("three_words_4g_ms", "three words on 4G (ms)"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    arguments = parser.parse_args()
    print(markdown_table(run(arguments.sizes, arguments.out), COLUMNS))


if __name__ == "__main__":
    main()
