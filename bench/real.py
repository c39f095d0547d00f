"""Measure topic filing on real papers of the daily papers API, labelled by hand
(`bench/real/labelled.yaml`), as the daily run files them: through `papers ingest --from`.

    python -m bench.real [--content content] [--per-day 20]

1. A fresh archive with nothing declined: every labelled paper, in days of PER_DAY papers
   (real days list 15 to 50), general and on-topic mixed as they trended.
2. The archive as shipped, its declines included: the labelled papers they do not name.
3. Curated papers left out in turn, each judged within a day of PER_DAY - 1 real general
   papers, against the shipped declines but those of that day: would it still be filed?
4. The shipped declines left out in turn, each judged the same way against the others:
   would it be filed again (the declines' cross-validated precision)?

These are real papers but few (see the file): read the figures as a direction.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import io
import json
import random
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.cli import main as papers
from generator.corpus import Corpus, load_corpus
from generator.curate.ingest import suggest_for_day
from generator.sources.trending import TrendingPaper

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "bench" / "real" / "labelled.yaml"
FIRST_DAY = dt.date(2027, 1, 4)  # after every shipped day, so each replayed day is new
LEFT_OUT = "0000.00000"  # the arXiv id a left-out curated paper is judged under


@dataclass(frozen=True)
class Labelled:
    """A real paper and the topics a curator would file it under (none: general)."""

    arxiv: str
    day: dt.date
    title: str
    abstract: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    """What a replay filed, against the labels."""

    general: int
    general_filed: tuple[str, ...]  # their titles
    on_topic: int
    on_topic_right: int  # filed under one of its labelled topics
    on_topic_missed: tuple[str, ...]  # titles, filed under no right topic

    def line(self, name: str) -> str:
        filed = len(self.general_filed)
        return (
            f"{name}: general papers filed {filed}/{self.general}"
            f" ({filed / max(self.general, 1):.0%}); on-topic under a right topic"
            f" {self.on_topic_right}/{self.on_topic}"
        )


def labelled_papers(path: Path = LABELLED) -> list[Labelled]:
    """The labelled papers, oldest day first."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["papers"]
    return [
        Labelled(
            arxiv=str(row["arxiv"]),
            day=dt.date.fromisoformat(str(row["day"])),
            title=row["title"],
            abstract=row["abstract"],
            topics=() if row["label"] == "general" else tuple(row["label"].split()),
        )
        for row in rows
    ]


def api_day(day: dt.date, listed: Sequence[Labelled]) -> bytes:
    """The daily papers API's answer for a day listing these papers, most upvoted first."""
    moment = f"{day.isoformat()}T08:00:00.000Z"
    return json.dumps(
        [
            {
                "paper": {
                    "id": paper.arxiv,
                    "title": paper.title,
                    "summary": paper.abstract,
                    "authors": [],
                    "publishedAt": moment,
                    "upvotes": len(listed) - rank,
                },
                "publishedAt": moment,
                "title": paper.title,
            }
            for rank, paper in enumerate(listed)
        ]
    ).encode()


def replay(content: Path, listed: Sequence[Labelled], work: Path, *, per_day: int) -> Score:
    """Ingest `listed` into a copy of `content`, PER_DAY papers a day, and score what it filed."""
    saved = work / "days"
    saved.mkdir(parents=True)
    for start in range(0, len(listed), per_day):
        day = FIRST_DAY + dt.timedelta(days=start // per_day)
        (saved / f"{day.isoformat()}.json").write_bytes(
            api_day(day, listed[start : start + per_day])
        )
    copy = Path(shutil.copytree(content, work / "content"))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        papers(["ingest", "--from", str(saved), "--content", str(copy)])
    after = load_corpus(copy, today=FIRST_DAY + dt.timedelta(days=len(listed)))
    filed = {paper.arxiv: paper.topics for paper in after.papers if paper.arxiv}
    general = [paper for paper in listed if not paper.topics]
    on_topic = [paper for paper in listed if paper.topics]
    right = [paper for paper in on_topic if set(paper.topics) & set(filed.get(paper.arxiv, ()))]
    return Score(
        general=len(general),
        general_filed=tuple(paper.title for paper in general if paper.arxiv in filed),
        on_topic=len(on_topic),
        on_topic_right=len(right),
        on_topic_missed=tuple(paper.title for paper in on_topic if paper not in right),
    )


def left_out_in_turn(content: Path, general: Sequence[Labelled], per_day: int) -> tuple[int, int]:
    """Curated papers filed under one of their topics when left out and judged in a day."""
    corpus = load_corpus(content)
    randomness = random.Random(1)  # noqa: S311 (the same days on every run, not secrets)
    right = 0
    curated = [paper for paper in corpus.papers if paper.topics]
    for left_out in curated:
        others = tuple(paper for paper in corpus.papers if paper.id != left_out.id)
        without = dataclasses.replace(corpus, papers=others, snapshots=())
        company = randomness.sample(list(general), min(per_day - 1, len(general)))
        topics = _judged_in_a_day(without, left_out.title, left_out.abstract, company)
        right += bool(set(topics) & set(left_out.topics))
    return right, len(curated)


def declined_in_turn(
    content: Path, labelled: Sequence[Labelled], per_day: int
) -> tuple[list[str], int]:
    """Declined papers filed again when each is left out of the declines and judged in a day
    (by its whole abstract where the labelled papers hold it): the declines' precision. The
    titles of those filed again, and how many were judged."""
    corpus = load_corpus(content)
    by_arxiv = {paper.arxiv: paper for paper in labelled}
    general = [paper for paper in labelled if not paper.topics]
    randomness = random.Random(2)  # noqa: S311 (the same days on every run, not secrets)
    filed = []
    for record in corpus.declined:
        others = [other for other in corpus.declined if other.arxiv != record.arxiv]
        without = dataclasses.replace(corpus, declined=tuple(others))
        pool = [paper for paper in general if paper.arxiv != record.arxiv]
        company = randomness.sample(pool, min(per_day - 1, len(pool)))
        known = by_arxiv.get(record.arxiv)
        abstract = known.abstract if known else (record.words or "")
        if _judged_in_a_day(without, record.title, abstract, company):
            filed.append(record.title)
    return filed, len(corpus.declined)


def _judged_in_a_day(
    corpus: Corpus, title: str, abstract: str, company: Sequence[Labelled]
) -> tuple[str, ...]:
    """The topics a paper gets in a day with `company`, against the corpus's declines but
    theirs."""
    names = {paper.arxiv for paper in company}
    declined = [record for record in corpus.declined if record.arxiv not in names]
    day = [
        TrendingPaper(rank, paper.arxiv, paper.title, paper.abstract, (), None, None)
        for rank, paper in enumerate(company, start=2)
    ]
    day.insert(0, TrendingPaper(1, LEFT_OUT, title, abstract, (), None, None))
    return suggest_for_day(corpus, day, declined)[LEFT_OUT].topics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--per-day", type=int, default=20)
    arguments = parser.parse_args()
    content, per_day = arguments.content, arguments.per_day
    listed = labelled_papers()
    shipped = {record.arxiv for record in load_corpus(content).declined}
    with tempfile.TemporaryDirectory(prefix="papers-real-") as work:
        fresh = Path(work) / "fresh"
        shutil.copytree(content, fresh, ignore=shutil.ignore_patterns("declined"))
        scores = {
            "fresh archive, nothing declined": replay(
                fresh, listed, Path(work) / "1", per_day=per_day
            ),
            "as shipped, papers its declines do not name": replay(
                content,
                [paper for paper in listed if paper.arxiv not in shipped],
                Path(work) / "2",
                per_day=per_day,
            ),
        }
    for name, score in scores.items():
        print(score.line(name))
        for title in score.general_filed:
            print(f"  general, filed: {title}")
        for title in score.on_topic_missed:
            print(f"  on-topic, missed: {title}")
    right, curated = left_out_in_turn(
        content, [paper for paper in listed if not paper.topics], per_day
    )
    print(f"curated papers left out in turn, filed under one of their topics: {right}/{curated}")
    filed, declined = declined_in_turn(content, listed, per_day)
    print(f"declined papers left out of the declines in turn, filed again: {len(filed)}/{declined}")
    for title in filed:
        print(f"  declined, filed again: {title}")


if __name__ == "__main__":
    main()
