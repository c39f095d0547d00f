"""Replay stand-in days through `papers ingest --from`, as a new archive catching up would, and
score what it filed against the topic each stand-in paper was written for.

    python -m bench.replay [--content content] [--days 42] [--per-day 30]

The days come from the stand-in year (`bench/year/standin.py`), without faults and without a
curator: what the suggester does alone, learning only from what it declined. A stand-in shares
our assumptions; real days are measured with `papers ingest --from DIR` on saved answers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.year.run import first_day_after
from bench.year.standin import YearSettings, write_year
from generator.cli import main as papers
from generator.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Score:
    """What a replay filed, against what each paper was written for."""

    general: int  # whole general-AI papers listed
    general_filed: int
    on_topic: int  # whole papers written for a topic
    on_topic_right: int  # ... filed under that topic


def replay(content: Path, work: Path, *, days: int, per_day: int) -> Score:
    """Write the stand-in days into `work`, replay them into a copy of `content`, score it."""
    year = write_year(
        YearSettings(first_day=first_day_after(content), days=days, per_day=per_day, fault=0.0),
        load_corpus(content),
    )
    saved = work / "days"
    saved.mkdir(parents=True)
    whole: set[str] = set()
    for day, answer in year.answers.items():
        listing = json.loads(answer)
        if listing:
            (saved / f"{day.isoformat()}.json").write_bytes(answer)
            whole |= {entry["paper"]["id"] for entry in listing if "summary" in entry["paper"]}
    copy = Path(shutil.copytree(content, work / "content"))
    papers(["ingest", "--from", str(saved), "--content", str(copy)])
    # The stand-in's days may lie ahead of the clock: the corpus is read as of its last one.
    after = load_corpus(copy, today=max(year.answers) + dt.timedelta(days=1))
    filed = {paper.arxiv: paper for paper in after.papers if paper.arxiv in whole}
    general = [arxiv for arxiv in whole if year.topic_of[arxiv] is None]
    on_topic = [arxiv for arxiv in whole if year.topic_of[arxiv] is not None]
    return Score(
        general=len(general),
        general_filed=sum(arxiv in filed for arxiv in general),
        on_topic=len(on_topic),
        on_topic_right=sum(
            arxiv in filed and str(year.topic_of[arxiv]) in filed[arxiv].topics
            for arxiv in on_topic
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--days", type=int, default=42, help="calendar days (weekends are empty)")
    parser.add_argument("--per-day", type=int, default=30)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="papers-replay-") as work:
        score = replay(
            arguments.content, Path(work), days=arguments.days, per_day=arguments.per_day
        )
    print(
        f"stand-in general papers filed: {score.general_filed}/{score.general}; stand-in"
        f" on-topic papers under their topic: {score.on_topic_right}/{score.on_topic}"
    )


if __name__ == "__main__":
    main()
