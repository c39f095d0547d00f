"""Benchmark an archive whose authors have many papers each: how many pages it renders, and
how long `papers build` takes against the floor (the same paper pages in a bare Material site).

    python -m bench.prolific [--papers 3000] [--authors 234] [--months 34] [--out bench/results]

Every paper gets five authors drawn from the pool and an `added` day spread evenly over the
months, so each author has about papers * 5 / authors papers (64 by default) over all of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
from pathlib import Path

from bench.build import directory_size_mb, timed, write_floor
from bench.report import Row, markdown_table, write_results
from bench.synthetic import write_corpus
from generator.engine.config import DOCS_DIR
from generator.site.paths import PAPERS_FOLDER
from standins.files import rendered_pages

COLUMNS = [
    ("papers", "papers"),
    ("authors", "authors"),
    ("months", "months"),
    ("pages", "pages rendered"),
    ("author_pages", "of them authors'"),
    ("redirects", "redirects (static)"),
    ("build_s", "papers build s"),
    ("floor_s", "floor s"),
    ("ratio_to_floor", "ratio to floor"),
    ("site_mb", "site MB"),
]
_AUTHORS_A_PAPER = 5
_FIRST_DAY = dt.date(2024, 1, 1)


def write_prolific_corpus(folder: Path, papers: int, authors: int, months: int) -> Path:
    """The synthetic corpus, its authors drawn from a pool of `authors` and its days spread."""
    content = write_corpus(folder, papers)
    rng = random.Random(7)  # noqa: S311 (test data, not secrets)
    pool = [f"Author{number:04d} Family{number:04d}" for number in range(authors)]
    for number, path in enumerate(sorted((content / "papers").glob("*.yaml"))):
        added = _FIRST_DAY + dt.timedelta(days=number * months * 30 // papers)
        replaced = {
            "authors": f"authors: {json.dumps(rng.sample(pool, _AUTHORS_A_PAPER))}",
            "added": f'added: "{added.isoformat()}"',
        }
        lines = [
            replaced.get(line.split(":", 1)[0], line) for line in path.read_text().splitlines()
        ]
        path.write_text("\n".join(lines) + "\n")
    # write_corpus's trending days stay: with these spreads each lists papers added before it.
    return content


def measure(papers: int, authors: int, months: int, work: Path) -> Row:
    """Build the corpus and the floor once each; count what was rendered."""
    content = write_prolific_corpus(work / "corpus", papers, authors, months)
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = [sys.executable, "-m", "generator", "build", "-q", "--content", str(content)]
    build += ["--build-dir", str(work / "build"), "--site-dir", str(work / "site")]
    build_s, _ = timed(build, environment)
    floor = write_floor(work / "build" / DOCS_DIR / PAPERS_FOLDER, work / "floor")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(floor)]
    floor_s, _ = timed([*mkdocs, "-d", str(work / "floor-site")], environment)
    site = work / "site"
    pages = rendered_pages(site)
    every_html = sum(1 for _ in site.rglob("*.html"))
    return {
        "papers": papers,
        "authors": authors,
        "months": months,
        "pages": len(pages),
        "author_pages": sum(1 for page in pages if page.relative_to(site).parts[0] == "authors"),
        "redirects": every_html - len(pages),
        "build_s": round(build_s, 1),
        "floor_s": round(floor_s, 1),
        "ratio_to_floor": round(build_s / floor_s, 2),
        "site_mb": directory_size_mb(site),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--papers", type=int, default=3000)
    parser.add_argument("--authors", type=int, default=234)
    parser.add_argument("--months", type=int, default=34)
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-prolific-") as scratch:
        row = measure(arguments.papers, arguments.authors, arguments.months, Path(scratch))
    write_results(arguments.out, "prolific", [row], COLUMNS)
    print(markdown_table([row], COLUMNS))


if __name__ == "__main__":
    main()
