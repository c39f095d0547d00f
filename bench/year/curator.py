"""A stand-in curator: reviews each ingested day as a person merging its pull request does,
knowing the topic each stand-in paper was written for. Without one, papers filed wrongly
would stay and, as neighbours, pull more like them in."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from bench.year.standin import StandInYear
from generator.corpus import load_corpus, paper_file

_TOPICS_BLOCK = re.compile(r"^topics:\n(?:- .*\n)+", re.MULTILINE)


@dataclass(frozen=True)
class Review:
    """What the curator found in a day's new papers, and did."""

    filed_right: int  # new papers whose first topic is the one they were written for
    refiled: int  # new papers written for a topic, filed under another: topics corrected
    removed: int  # general-AI papers the ingest filed: their files deleted (so, declined)
    missed: int  # papers written for a topic that the ingest skipped


def review_day(content: Path, day: dt.date, year: StandInYear) -> Review:
    """Review the papers the ingest of `day` added to `content`, fixing what is wrong."""
    corpus = load_corpus(content, today=day + dt.timedelta(days=1))
    new = [paper for paper in corpus.papers if paper.added == day and paper.arxiv in year.topic_of]
    right = refiled = 0
    removed: set[str] = set()
    for paper in new:
        topic = year.topic_of[str(paper.arxiv)]
        path = paper_file(content, paper.id)
        if topic is None:
            # As a curator does in the pull request: the day's entry stays, and the next
            # ingest records the paper as declined.
            path.unlink()
            removed.add(paper.id)
        elif paper.topics[0] == topic:
            right += 1
        else:
            text = path.read_text("utf-8")
            path.write_text(_TOPICS_BLOCK.sub(f"topics:\n- {topic}\n", text, count=1), "utf-8")
            refiled += 1
    filed = {paper.arxiv for paper in corpus.papers}
    listed = {entry["paper"]["id"] for entry in json.loads(year.answers[day])}
    missed = sum(1 for arxiv in listed if year.topic_of.get(arxiv) and arxiv not in filed)
    return Review(right, refiled, len(removed), missed)
