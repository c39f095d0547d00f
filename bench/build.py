"""Benchmark whole builds against the floor: a bare mkdocs-material site of the same pages.

    python -m bench.build [--sizes 1000 10000 50000] [--out bench/results] [--keep DIR]

Per size: each generator stage's time, the full `papers build` (wall time, peak memory), an
unchanged rebuild, a rebuild with one paper changed, the site's size, and the floor's build
time in the same run, with our build as a ratio to it.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.process import measured
from bench.report import Row, markdown_table, write_results
from bench.synthetic import edit_abstract, write_corpus
from generator.build import BuildRequest, generate_whole
from generator.corpus import load_corpus
from generator.engine.config import DOCS_DIR
from generator.project import Project
from generator.site.feeds import render_feeds
from generator.site.pages import render_pages
from generator.site.paths import PAPERS_FOLDER
from generator.site.search import build_index, search_documents
from generator.site.search_shards import build_index_files
from generator.write import sync_folder


def stage_times(content: Path, scratch: Path) -> Row:
    """Seconds of each generator stage, in process, as `papers build` runs them."""
    started = time.perf_counter()
    corpus = load_corpus(content)
    loaded = time.perf_counter()
    pages = render_pages(corpus)
    rendered = time.perf_counter()
    feeds = render_feeds(corpus, "https://bench.example.org/")
    fed = time.perf_counter()
    documents = search_documents(corpus)
    build_index_files(documents)  # the split index the site ships, no terms known
    indexed = time.perf_counter()
    sync_folder({**dict(pages.items()), **feeds}, scratch / "stages")
    written = time.perf_counter()
    # Its size as measured since the first row: the whole index, gzipped (not timed).
    index = build_index(documents)
    count = len(corpus.papers)
    generator = (loaded - started) + (rendered - loaded) + (fed - rendered) + (written - indexed)
    return {
        "load_validate_s": round(loaded - started, 2),
        "render_s": round(rendered - loaded, 2),
        "feeds_s": round(fed - rendered, 2),
        "index_s": round(indexed - fed, 2),
        "write_s": round(written - indexed, 2),
        "generator_ms_per_paper": round(generator * 1000 / count, 3),
        "index_gz_kb_per_paper": round(len(gzip.compress(index, 6)) / 1024 / count, 3),
    }


def timed(command: list[str], environment: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MB) of a command that must succeed."""
    result = measured(command, environment)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return result.seconds, result.peak_mb


def write_floor(pages: Path, folder: Path) -> Path:
    """The floor: the same paper pages in a bare mkdocs-material site, nothing of ours.

    `pages` holds the paper pages' Markdown as the generator wrote it; the floor renders those
    files with Material's defaults: no theme overrides, extensions, navigation or plugins.
    """
    docs = folder / "docs"
    (docs / PAPERS_FOLDER).mkdir(parents=True)
    (docs / "index.md").write_text("# Floor\n")
    for page in pages.glob("*.md"):
        if page.name != "index.md":
            (docs / PAPERS_FOLDER / page.name).write_bytes(page.read_bytes())
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: Floor\ntheme:\n  name: material\nplugins: []\nnav:\n  - index.md\n"
        f"not_in_nav: |\n  /{PAPERS_FOLDER}/*.md\nvalidation:\n  links:\n    not_found: info\n"
    )
    return config


def directory_size_mb(folder: Path) -> float:
    return round(
        sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 2**20, 1
    )


def measure(size: int, work: Path) -> Row:
    """Every figure for one corpus size."""
    content = write_corpus(work / "corpus", size)
    row: Row = {"papers": size, **stage_times(content, work)}
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = [sys.executable, "-m", "generator", "build", "-q", "--content", str(content)]
    build += ["--build-dir", str(work / "build"), "--site-dir", str(work / "site")]
    row["build_s"], row["build_peak_mb"] = timed(build, environment)
    row["unchanged_rebuild_s"], _ = timed(build, environment)
    started = time.perf_counter()
    request = BuildRequest(Project.locate(), content, work / "build", work / "site")
    generate_whole(request)  # the generator stage alone, unchanged
    row["generator_unchanged_s"] = round(time.perf_counter() - started, 2)
    paper = sorted((content / "papers").glob("*.yaml"))[size // 2]
    edit_abstract(paper, "Changed.")
    row["one_changed_rebuild_s"], _ = timed(build, environment)
    row["site_mb"] = directory_size_mb(work / "site")
    # The floor's pages link to topic pages it does not have: those links are left unchecked.
    floor = write_floor(work / "build" / DOCS_DIR / PAPERS_FOLDER, work / "floor")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(floor)]
    row["floor_s"], _ = timed([*mkdocs, "-d", str(work / "floor-site")], environment)
    row["ratio_to_floor"] = round(row["build_s"] / row["floor_s"], 2)
    for key in ("build_s", "unchanged_rebuild_s", "one_changed_rebuild_s", "floor_s"):
        row[key] = round(row[key], 1)
    return row


COLUMNS = [
    ("papers", "papers"),
    ("load_validate_s", "load+validate s"),
    ("render_s", "render s"),
    ("feeds_s", "feeds s"),
    ("index_s", "index s"),
    ("write_s", "write s"),
    ("generator_ms_per_paper", "generator ms/paper"),
    ("build_s", "papers build s"),
    ("build_peak_mb", "peak MB"),
    ("unchanged_rebuild_s", "unchanged rebuild s"),
    ("generator_unchanged_s", "generator, unchanged s"),
    ("one_changed_rebuild_s", "1 changed rebuild s"),
    ("floor_s", "floor s"),
    ("ratio_to_floor", "ratio to floor"),
    ("site_mb", "site MB"),
    ("index_gz_kb_per_paper", "index gz kB/paper"),
]


def run(sizes: list[int], out: Path, keep: Path | None = None) -> list[Row]:
    """Measure every size; write JSON and a Markdown table into `out`.

    With `keep`, each size's corpus, builds and floor stay in keep/<size>/ for profiling.
    """
    Project.locate()  # fail early outside a checkout
    rows = []
    for size in sizes:
        print(f"{size} papers: measuring", file=sys.stderr)
        if keep:
            shutil.rmtree(keep / str(size), ignore_errors=True)
            rows.append(measure(size, keep / str(size)))
            continue
        with tempfile.TemporaryDirectory(prefix=f"bench-build-{size}-") as scratch:
            rows.append(measure(size, Path(scratch)))
    write_results(out, "build", rows, COLUMNS)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep each size's files here")
    arguments = parser.parse_args()
    rows = run(arguments.sizes, arguments.out, arguments.keep)
    print(markdown_table(rows, COLUMNS))


if __name__ == "__main__":
    main()
