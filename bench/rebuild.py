"""Benchmark what a day's build costs: the engine in one process and in two, and what a
one-paper change costs, stage by stage.

    python -m bench.rebuild [--papers 10000] [--out bench/results]

On a synthetic corpus (bench/synthetic.py): a full build, then the engine alone forced over
the same source in one process and in two, then a first one-paper change built (the day after
a full build), then another paper's abstract edited: the generator alone, the search index of
the changed text alone, and the whole `papers build`, with the number of pages the engine
rendered (a morning's build, the build folder as the day before left it); then nothing
changed; then a day's papers added (50 and their trending day, as a morning's ingest).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

from bench.report import Row, write_results
from bench.synthetic import add_day, edit_abstract, write_corpus
from generator.build import BuildReport, BuildRequest, build, generate
from generator.project import Project
from generator.site.search_shards import build_index_files

COLUMNS = [
    ("papers", "papers"),
    ("pages", "pages"),
    ("full_build_s", "full build s"),
    ("engine_one_process_s", "engine alone, 1 process s"),
    ("engine_two_processes_s", "engine alone, 2 processes s"),
    ("first_change_build_s", "1 changed, first after a full build: papers build s"),
    ("changed_generator_s", "1 changed: generator s"),
    ("changed_index_s", "1 changed: search index s"),
    ("changed_build_s", "1 changed: papers build s"),
    ("changed_pages_rendered", "1 changed: pages rendered"),
    ("unchanged_build_s", "unchanged: papers build s"),
    ("day_build_s", "a day's 50 papers added: papers build s"),
    ("day_pages_rendered", "a day: pages rendered"),
]


def timed_build(request: BuildRequest) -> tuple[float, BuildReport]:
    started = time.perf_counter()
    report = build(request)
    return round(time.perf_counter() - started, 1), report


def measure(papers: int, work: Path) -> Row:
    """Every figure for one corpus."""
    content = write_corpus(work / "corpus", papers)
    request = BuildRequest(Project.locate(), content, work / "build", work / "site")
    row: Row = {"papers": papers}
    row["full_build_s"], report = timed_build(request)
    row["pages"] = report.pages
    for processes, key in ((1, "engine_one_process_s"), (2, "engine_two_processes_s")):
        forced = dataclasses.replace(request, force=True, processes=processes)
        row[key], _ = timed_build(forced)  # the source and its index are current: engine only
    files = sorted((content / "papers").glob("*.yaml"))

    # The day before: the first change after a full build, which leaves the build folder as
    # every morning's build finds it (the site it replaced, the index's terms, the parses).
    edit_abstract(files[papers // 3], "Changed.")
    row["first_change_build_s"], _ = timed_build(request)
    paper = files[papers // 2]
    edit_abstract(paper, "Changed.")
    started = time.perf_counter()
    source = generate(request)  # relating the papers itself, as a preview does
    row["changed_generator_s"] = round(time.perf_counter() - started, 1)
    if source.index_to_build is not None:
        to_build = source.index_to_build
        started = time.perf_counter()
        build_index_files(to_build.documents, to_build.terms_file)
        row["changed_index_s"] = round(time.perf_counter() - started, 1)
    edit_abstract(paper, "Again.")
    row["changed_build_s"], report = timed_build(request)
    row["changed_pages_rendered"] = report.pages_rendered
    row["unchanged_build_s"], _ = timed_build(request)
    add_day(content)  # a morning's ingest: a day's new papers and their trending day
    row["day_build_s"], report = timed_build(request)
    row["day_pages_rendered"] = report.pages_rendered
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    arguments = parser.parse_args()
    print(f"{arguments.papers} papers: measuring", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as scratch:
        row = measure(arguments.papers, Path(scratch))
    write_results(arguments.out, "rebuild", [row], COLUMNS)
    print((arguments.out / "rebuild.md").read_text())


if __name__ == "__main__":
    main()
