"""A year of daily operation, end to end: each day's ingest and build through the CLI,
against a stand-in daily papers API on loopback, measured.

    python -m bench.year.run [--days 365] [--per-day 50] [--in-topic 0.33] [--build-every 1]
                             [--clean-every 30] [--seed 2027] [--out docs/year.md]
                             [--results bench/results]

It starts from a copy of the shipped corpus; day one is the day after its newest trending
day. Each day runs what the workflows run: `papers ingest --date DAY` (and, when the API
fails, the same command again once it recovers, as a curator reruns the workflow), then
`papers build` every `--build-every` days and on the last, into the folders the day before
left (as the publish workflow restores them from its cache). Every `--clean-every` days, on
the days tabled and on the last, the same build from empty folders too (a cold cache), which
the report sums over the year beside the daily builds. Simulated days may lie ahead of the
real clock, so every command gets `--today` (the day after the one ingested).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gzip
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.process import Measured, measured
from bench.year.curator import review_day
from bench.year.report import MILESTONES, YearRow, write_report, write_rows
from bench.year.standin import StandInYear, YearSettings, write_year
from generator.corpus import load_corpus
from generator.site.paths import INDEX_FILE, SHARD_FOLDER, STORE_FILE, STORE_FOLDER
from standins.files import digests
from standins.loopback import Reply, answering, faulty_reply

ROOT = Path(__file__).resolve().parents[2]
PAPERS = str(Path(sys.executable).parent / "papers")


@contextmanager
def serving_year(year: StandInYear, mended: set[dt.date]) -> Iterator[str]:
    """The stand-in API for `year`; a faulty day fails until its date is in `mended`."""

    def answer(query: str, headers: Mapping[str, str]) -> Reply | tuple[int, bytes]:
        day = dt.date.fromisoformat(urllib.parse.parse_qs(query)["date"][0])
        body = year.answers.get(day, b"[]")
        if day in year.faults and day not in mended:
            return faulty_reply(year.faults[day], body)
        return 200, body

    with answering(answer, "application/json") as root:
        yield root + "api/daily_papers"


def site_figures(site: Path) -> YearRow:
    """Pages, size, the largest page and the search files' gzipped size of a built site."""
    pages, total, largest, largest_path = 0, 0, 0, ""
    for folder, _, files in os.walk(site):
        for name in files:
            size = (Path(folder) / name).stat().st_size
            total += size
            if name.endswith(".html"):
                pages += 1
                if size > largest:
                    largest, largest_path = size, str(Path(folder, name).relative_to(site))
    # The index and the store are split: their manifests and every part (a reader fetches
    # the manifests and the parts a search needs).
    parts = [*(site / SHARD_FOLDER).glob("*"), *(site / STORE_FOLDER).glob("*")]
    search_files = [site / INDEX_FILE, site / STORE_FILE, *parts]
    search = sum(len(gzip.compress(path.read_bytes(), 6)) for path in search_files)
    return {
        "pages": pages,
        "site_mb": round(total / 2**20, 1),
        "largest_page_kb": round(largest / 1024, 1),
        "largest_page": largest_path,
        "search_gz_kb": round(search / 1024),
    }


def refusal(result: Measured) -> str:
    """The line of an ingest's error output that says why it refused the day."""
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    return next((line for line in lines if "error" in line.casefold()), lines[-1] if lines else "")


@dataclass(frozen=True)
class YearRun:
    """A finished run: the stand-in year it ran, one row of figures per day, its folders."""

    year: StandInYear
    rows: list[YearRow]
    content: Path
    site: Path


def first_day_after(content: Path) -> dt.date:
    """Day one of a simulated year: the day after the corpus's newest trending day."""
    return load_corpus(content).snapshots[0].date + dt.timedelta(days=1)


def run_year(
    settings: YearSettings,
    work: Path,
    build_every: int,
    *,
    curate: bool = True,
    clean_every: int = 0,
) -> YearRun:
    """Ingest and build each day of the stand-in year in `work`; one row per day.

    With `curate`, a stand-in curator reviews each day's new papers before the next day, as
    the ingest pull request's reviewer does (bench/year/curator.py).

    With `clean_every`, every so many days (and on the days tabled and the last) the day is
    also built from empty folders, timed as `clean_build_s`.

    Stops (SystemExit) when a day breaks a rule of the daily path: a refused ingest that
    wrote anything, a day that fails again once the API recovered, a failed build.
    """
    content, build, site = work / "content", work / "build", work / "site"
    shutil.copytree(ROOT / "content", content)
    year = write_year(settings, load_corpus(content))
    mended: set[dt.date] = set()
    rows: list[YearRow] = []
    with serving_year(year, mended) as api:
        environment = {**os.environ, "PAPERS_HF_API_URL": api, "PAPERS_HF_DELAY": "0"}
        for number, day in enumerate(sorted(year.answers), start=1):
            today = today_after(day)
            ingest = [PAPERS, "ingest", "-q", "--date", day.isoformat(), "--today", today]
            ingest += ["--content", str(content), "--report", str(work / "report.md")]
            before = digests(content) if day in year.faults else {}
            result = measured(ingest, environment)
            row: YearRow = {"day": number, "date": day.isoformat(), "refused": ""}
            if result.returncode != 0:
                if day not in year.faults:
                    raise SystemExit(
                        f"{day} was refused, though the API answered:\n{result.stderr}"
                    )
                row["refused"] = refusal(result)
                if digests(content) != before:
                    raise SystemExit(f"{day}: the refused ingest wrote to {content}")
                mended.add(day)  # the API recovers; the curator runs the workflow again
                retried = measured(ingest, environment)
                if retried.returncode != 0:
                    raise SystemExit(f"{day} failed again:\n{retried.stderr[-2000:]}")
                result = retried
            row["ingest_s"] = round(result.seconds, 2)
            row["ingest_peak_mb"] = result.peak_mb
            if curate:
                row |= dataclasses.asdict(review_day(content, day, year))
            row["papers"] = len(os.listdir(content / "papers"))
            # Built every `build_every` days, on the days the report tables, and on the last.
            tabled = number in MILESTONES or number == len(year.answers)
            if number % build_every == 0 or tabled:
                built = build_day(day, content, build, site, environment)
                row |= {"build_s": round(built.seconds, 1), "peak_mb": built.peak_mb}
                row |= site_figures(site)
            if clean_every and (number % clean_every == 0 or tabled):
                cold = work / "cold"
                shutil.rmtree(cold, ignore_errors=True)
                clean = build_day(day, content, cold / "build", cold / "site", environment)
                row["clean_build_s"] = round(clean.seconds, 1)
            rows.append(row)
            print(_progress(row, len(year.answers)), file=sys.stderr, flush=True)
    return YearRun(year, rows, content, site)


def today_after(day: dt.date) -> str:
    """The `--today` of the commands run for `day`: the day after it, when it is over."""
    return (day + dt.timedelta(days=1)).isoformat()


def build_day(
    day: dt.date, content: Path, build: Path, site: Path, environment: Mapping[str, str]
) -> Measured:
    """`papers build` of `content` as it stands on `day`, measured; a failure stops the run."""
    command = [PAPERS, "build", "-q", "--today", today_after(day), "--content", str(content)]
    command += ["--build-dir", str(build), "--site-dir", str(site)]
    built = measured(command, dict(environment))
    if built.returncode != 0:
        raise SystemExit(f"the build of {day} failed:\n{built.stderr[-2000:]}")
    return built


def _progress(row: YearRow, days: int) -> str:
    built = f", build {row['build_s']} s, {row['site_mb']} MB" if "build_s" in row else ""
    refused = f" (refused once: {row['refused']})" if row["refused"] else ""
    return f"day {row['day']}/{days} {row['date']}: {row['papers']} papers{built}{refused}"


def commit() -> str:
    """The commit the figures were measured at, if this is a git checkout."""
    try:
        done = subprocess.run(  # noqa: S603 (a fixed command)
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "an unknown commit"
    return f"commit {done.stdout.strip()}"


def machine() -> str:
    """What the figures were measured on."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    system = f"{platform.system()} {platform.machine()}"
    return f"{system}, {cpus} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=50)
    parser.add_argument("--in-topic", type=float, default=1 / 3, help="share of on-topic papers")
    parser.add_argument("--build-every", type=int, default=1, metavar="N")
    parser.add_argument(
        "--clean-every", type=int, default=30, metavar="N", help="a build from empty folders too"
    )
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "year.md")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--keep", type=Path, help="run in DIR and keep it (default: a temp dir)")
    arguments = parser.parse_args()
    settings = YearSettings(
        first_day=first_day_after(ROOT / "content"),
        days=arguments.days,
        per_day=arguments.per_day,
        in_topic=arguments.in_topic,
        seed=arguments.seed,
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="year-") as scratch:
        work = arguments.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        rows = run_year(
            settings, work, arguments.build_every, clean_every=arguments.clean_every
        ).rows
    elapsed = time.perf_counter() - started
    write_rows(arguments.results / "year.json", rows)
    write_report(
        arguments.out,
        rows,
        settings=settings,
        build_every=arguments.build_every,
        clean_every=arguments.clean_every,
        elapsed=elapsed,
        machine=f"{machine()}, {commit()}",
    )
    print(f"wrote {arguments.out} after {elapsed / 60:.1f} min", file=sys.stderr)


if __name__ == "__main__":
    main()
