"""Time two versions of the code on the same days, alternately: what a change gains.

    python -m bench.alternate --before REV [--after REV] [--papers 10000] [--rounds 5]
                              [--change abstract|day] [--per-day 15] [--work DIR]

Exports the `--before` version (`git archive`; `--after` is the working tree unless given),
writes one synthetic corpus (bench/synthetic.py) and gives each version a copy of its own,
with its own build folder and site, built once in full and once more (a build's first
after a full one is not a day's). Then, each round, makes the same change to both copies
(one paper's abstract edited, or a day of `--per-day` new papers) and times each version's
`papers build` in turn, each in a process of its own. The machine's pace drifts over a run
(on shared machines by a third); alternating, the drift touches both versions alike.

Each build's CPU time (user and system, its own and its processes') is reported beside its
wall time: the work a change saves, which shows in the wall time only where the cores were
busy (the build waits for its second process after a text change). It drifts with the
machine's pace too.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.report import Row, markdown_table
from bench.synthetic import add_day, edit_abstract, write_corpus

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2100-01-01"  # after every synthetic day, however many rounds add
COLUMNS = [
    ("round", "round"),
    ("before_s", "before s"),
    ("after_s", "after s"),
    ("before_cpu_s", "before CPU s"),
    ("after_cpu_s", "after CPU s"),
]


@dataclass(frozen=True)
class Version:
    """One version of the code, and the copy of the corpus it builds."""

    code: Path  # a checkout: its `generator` package is the one run
    work: Path  # its corpus (work/content), build folder and site

    def build(self) -> tuple[float, float]:
        """Seconds its `papers build` of its copy took, in a process of its own: on the
        clock, and of CPU (that process's and those it waited for)."""
        command = [sys.executable, "-m", "generator", "build", "-q", "--today", TODAY]
        command += ["--content", str(self.work / "content"), "--build-dir"]
        command += [str(self.work / "build"), "--site-dir", str(self.work / "site")]
        used_before = _children_cpu()
        started = time.perf_counter()
        subprocess.run(command, cwd=self.code, env=self.environment(), check=True)  # noqa: S603
        return time.perf_counter() - started, _children_cpu() - used_before

    def environment(self) -> dict[str, str]:
        """This machine's, the checkout's `generator` first on Python's path."""
        return {**os.environ, "PYTHONPATH": str(self.code)}


def _children_cpu() -> float:
    """CPU seconds, user and system, of this process's children that ended and were waited
    for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def export(revision: str, folder: Path) -> Path:
    """The repository's files at `revision`, written into `folder`."""
    archive = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision],  # noqa: S607
        capture_output=True,
        check=True,
    ).stdout
    folder.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _edit_one(content: Path, number: int) -> None:
    """A change: the abstract of one paper, chosen by `number`, begins with a new word."""
    papers = sorted((content / "papers").glob("*.yaml"))
    edit_abstract(papers[(number * 7919 + 29) % len(papers)], f"Revised{number}")


def measure(
    before: Path,
    after: Path,
    work: Path,
    *,
    papers: int,
    rounds: int,
    change: str,
    per_day: int,
    warm_ups: int = 2,
) -> list[Row]:
    """Each round's `papers build` seconds for the `before` and `after` checkouts, after
    `warm_ups` builds of each (the first a full one)."""
    corpus = write_corpus(work / "corpus", papers)
    versions = [Version(before, work / "before"), Version(after, work / "after")]
    for version in versions:
        shutil.copytree(corpus, version.work / "content")
    for warm_up in range(warm_ups):
        for version in versions:
            _edit_one(version.work / "content", 10_000 + warm_up)
            version.build()
    rows: list[Row] = []
    for number in range(1, rounds + 1):
        row: Row = {"round": number}
        for version, name in zip(versions, ("before", "after"), strict=True):
            if change == "day":
                add_day(version.work / "content", per_day)
            else:
                _edit_one(version.work / "content", number)
            wall, cpu = version.build()
            row[f"{name}_s"], row[f"{name}_cpu_s"] = round(wall, 2), round(cpu, 2)
        rows.append(row)
    return rows


def summary(rows: list[Row]) -> str:
    """The rounds' medians, and each version's fastest and slowest: on the clock, then of CPU."""
    parts = []
    for key, name in [
        ("before_s", "before"),
        ("after_s", "after"),
        ("before_cpu_s", "before, CPU"),
        ("after_cpu_s", "after, CPU"),
    ]:
        values = [row[key] for row in rows]
        parts.append(
            f"{name}: median {statistics.median(values):.2f} s"
            f" ({min(values):.2f}-{max(values):.2f} s)"
        )
    return "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="a git revision, e.g. HEAD~3")
    parser.add_argument("--after", help="a git revision (default: the working tree)")
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--change", choices=["abstract", "day"], default="abstract")
    parser.add_argument("--per-day", type=int, default=15)
    parser.add_argument("--work", type=Path, help="keep the copies here (default: temporary)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="papers-alternate-") as temporary:
        work = arguments.work or Path(temporary)
        before = export(arguments.before, work / "code-before")
        after = export(arguments.after, work / "code-after") if arguments.after else ROOT
        rows = measure(
            before,
            after,
            work,
            papers=arguments.papers,
            rounds=arguments.rounds,
            change=arguments.change,
            per_day=arguments.per_day,
        )
    print(markdown_table(rows, COLUMNS), end="")
    print(summary(rows))


if __name__ == "__main__":
    main()
