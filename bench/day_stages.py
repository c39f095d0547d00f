"""Time a day's build stage by stage: loading, rendering, waiting, the engine, bookkeeping.

    python -m bench.day_stages [--papers 3600] [--days 3] [--per-day 10] [--work DIR]

On a synthetic corpus (bench/synthetic.py) built once in full, adds `--per-day` papers and
their trending day (`add_day`) `--days` times, timing each `papers build` and, inside it, the
functions that make up its stages. A profile, not a benchmark: the build's functions are
wrapped, and only here; timers, not a sampling profiler, which overstates work that waits on
the file system (py-spy put 0.57 s on reading 3,600 kept pages that take 0.07 s).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from types import ModuleType
from typing import Any

import generator.build as build_module
import generator.engine.incremental as engine_module
import generator.site.pages as pages_module
import generator.source as source_module
from bench.synthetic import add_day, write_corpus
from generator.project import Project

STAGES: list[tuple[ModuleType, str]] = [
    (build_module, "load"),
    (source_module, "render_pages"),
    (source_module, "render_feeds"),
    (source_module, "render_search"),
    (source_module, "render_bibliographies"),
    (source_module, "render_api"),
    (source_module, "sync_folder"),
    (pages_module, "add_paper_pages"),
    (pages_module, "add_author_pages"),
    (pages_module, "_add_listing"),
    (pages_module, "_add_archive"),
    (build_module, "built_site"),
    (build_module, "retired_site"),
    (engine_module, "scan_sources"),
    (engine_module, "changed_since"),
    (engine_module, "keep_outputs"),
    (engine_module, "run_engines"),
    (build_module, "place_index"),
    (build_module, "record_site"),
]
"""Where a build spends its time, by the module whose name for the function the build calls."""

WAITING = "waiting for the related papers"
WAITING_FOR_INDEX = "waiting for the search index"


@contextmanager
def timed_stages(seconds: dict[str, float]) -> Iterator[None]:
    """Add the time spent in each stage (and waiting for the second process's related papers
    and search index) to `seconds`."""
    originals = [(module, name, getattr(module, name)) for module, name in STAGES]
    in_background = build_module.in_background
    for module, name, function in originals:
        setattr(module, name, _timer(function, name, seconds))

    @contextmanager
    def waited(*args: Any, **kwargs: Any) -> Iterator[Any]:
        with in_background(*args, **kwargs) as (index, related):
            yield (
                _timer(index, WAITING_FOR_INDEX, seconds),
                related and _timer(related, WAITING, seconds),
            )

    build_module.in_background = waited
    try:
        yield
    finally:
        build_module.in_background = in_background
        for module, name, function in originals:
            setattr(module, name, function)


def _timer(function: Callable[..., Any], name: str, seconds: dict[str, float]) -> Any:
    @wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[name] += time.perf_counter() - started

    return timed


def measure(papers: int, days: int, per_day: int, work: Path) -> list[dict[str, float]]:
    """Each day's build time ("build", seconds), pages rendered ("pages") and stages."""
    content = write_corpus(work / "corpus", papers)
    request = build_module.BuildRequest(Project.locate(), content, work / "build", work / "site")
    build_module.build(request)
    rows = []
    for _ in range(days):
        add_day(content, per_day)
        seconds: dict[str, float] = defaultdict(float)
        with timed_stages(seconds):
            started = time.perf_counter()
            report = build_module.build(request)
            seconds["build"] = time.perf_counter() - started
        seconds["pages"] = report.pages_rendered
        rows.append(dict(seconds))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=3600)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--per-day", type=int, default=10)
    parser.add_argument("--work", type=Path, help="keep the corpus and builds here")
    arguments = parser.parse_args()
    work = arguments.work or Path(tempfile.mkdtemp(prefix="day-stages-"))
    try:
        rows = measure(arguments.papers, arguments.days, arguments.per_day, work)
    finally:
        if arguments.work is None:
            shutil.rmtree(work, ignore_errors=True)
    names = ["build", "pages", WAITING, *(name for _, name in STAGES)]
    print("| stage | " + " | ".join(f"day {day}" for day in range(1, len(rows) + 1)) + " |")
    print("| --- |" + " --- |" * len(rows))
    for name in names:
        cells = (
            f"{row.get(name, 0.0):.2f}" if name != "pages" else f"{row[name]:.0f}" for row in rows
        )
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":  # the build's second process is spawned: it imports this module
    main()
