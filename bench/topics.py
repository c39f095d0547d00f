"""Measure the topic suggestions: leave-one-out on the curated corpus, and on a labelled
part of the stand-in year (papers written for a topic, and general-AI papers).

    python -m bench.topics [--content content] [--days 60] [--out FILE]

Leave-one-out: each curated paper is suggested topics by the others (the suggester fitted
without it); a hit is a first suggestion among its curated topics. The stand-in part: its
on-topic papers should get their topic first, its general-AI ones no topic at all. The
keyword matcher alone (every topic whose keywords the text names, most named first) is
measured beside it.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.year.run import first_day_after
from bench.year.standin import YearSettings, write_year
from generator.corpus import load_corpus
from generator.corpus.schema import Paper, Topic
from generator.curate.suggest import Thresholds, TopicSuggester, keyword_hits

ROOT = Path(__file__).resolve().parents[1]
Suggest = Callable[[str, str], tuple[str, ...]]


@dataclass(frozen=True)
class Figures:
    """How one way of suggesting did."""

    curated: int  # papers left out in turn
    curated_first: int  # ... whose first suggestion is one of their topics
    curated_none: int  # ... that got no suggestion (would be skipped)
    standin_on: int
    standin_on_first: int
    standin_off: int
    standin_off_recognised: int  # general-AI papers given no topic


def by_keywords(topics: Sequence[Topic]) -> Suggest:
    def suggest(title: str, abstract: str) -> tuple[str, ...]:
        hits = keyword_hits(f"{title} {abstract}", topics)
        return tuple(sorted(hits, key=lambda slug: -hits[slug]))

    return suggest


def measure(
    papers: Sequence[Paper],
    topics: Sequence[Topic],
    labelled: Sequence[tuple[str, str, str | None]],
    make: Callable[[Sequence[Paper]], Suggest],
) -> Figures:
    """Leave-one-out over `papers`, then the `labelled` (title, abstract, topic) papers."""
    first = none = 0
    for index, paper in enumerate(papers):
        suggested = make([*papers[:index], *papers[index + 1 :]])(paper.title, paper.abstract)
        first += bool(suggested) and suggested[0] in paper.topics
        none += not suggested
    suggest = make(papers)
    on = [(t, a, slug) for t, a, slug in labelled if slug]
    off = [(t, a) for t, a, slug in labelled if not slug]
    on_first = sum(suggest(t, a)[:1] == (slug,) for t, a, slug in on)
    off_none = sum(not suggest(t, a) for t, a in off)
    return Figures(len(papers), first, none, len(on), on_first, len(off), off_none)


def labelled_papers(content: Path, days: int) -> list[tuple[str, str, str | None]]:
    """The new papers of the stand-in's first `days` days, with the topic each was written for."""
    year = write_year(
        YearSettings(first_day=first_day_after(content), days=days), load_corpus(content)
    )
    seen: set[str] = set()
    papers = []
    for answer in year.answers.values():
        for entry in json.loads(answer):
            paper = entry["paper"]
            if paper["id"] not in seen and "summary" in paper:  # incomplete ones are left out
                seen.add(paper["id"])
                papers.append((paper["title"], paper["summary"], year.topic_of[paper["id"]]))
    return papers


def percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "0/0"


def report(rows: list[tuple[str, Figures]], command: str) -> str:
    """docs/topics.md: the figures of each way of suggesting."""
    lines = [
        "# Topic suggestions, measured",
        "",
        "`papers ingest` and `papers add` suggest a new paper's topics from the curated papers",
        "(`generator/curate/suggest.py`), by TF-IDF over title and abstract.",
        "",
        "- **Whether it belongs.** A topic admits the paper when the paper is as similar to the",
        "  topic's centroid as 85% of the topic's own papers are (each measured against the",
        "  centroid of the others), at 75% of that bar when it names one of the topic's",
        "  keywords; and only when the topic's three papers most like it are more like it than",
        "  the three most similar negatives: papers declined (`content/declined/`) and the",
        "  day's papers no topic admitted. Keywords alone never file a paper; a topic with",
        "  fewer than 5 papers is admitted by two different keywords of its own.",
        "- **Which, in what order.** Among the admitted topics: the 7 most similar curated",
        "  papers vote for theirs with their cosine similarity, each keyword the text names adds",
        "  0.1 (at most 3 times); a further topic is suggested at half the first's score, at",
        "  most 3. No admitted topic: the paper is declined (or follows `off_topic`).",
        "",
        f"Measured on {dt.datetime.now(dt.UTC).date().isoformat()} with `{command}`.",
        "",
        "| suggester | curated papers, first suggestion right (leave-one-out) | curated papers "
        "left without a topic | stand-in on-topic papers, first suggestion right | stand-in "
        "general-AI papers recognised as off-topic |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, figures in rows:
        lines.append(
            f"| {name} | {percent(figures.curated_first, figures.curated)} | "
            f"{percent(figures.curated_none, figures.curated)} | "
            f"{percent(figures.standin_on_first, figures.standin_on)} | "
            f"{percent(figures.standin_off_recognised, figures.standin_off)} |"
        )
    lines += [
        "",
        "The stand-in's on-topic papers borrow sentences from curated ones, so their figure is",
        "kinder than real days will be; leave-one-out on the curated corpus is the honest one.",
        "A quarter of its general-AI papers name a topic's keyword in passing, as real ones do,",
        "which is where the keyword matcher alone files papers wrongly.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--days", type=int, default=60, help="stand-in days to label")
    # docs/topics.md is written by hand around these figures and the replay's (bench.replay).
    parser.add_argument("--out", type=Path, help="also write the figures as Markdown here")
    parser.add_argument(
        "--admitted",
        type=float,
        nargs="*",
        default=[],
        help="also measure these shares of a topic's papers that its bar admits",
    )
    arguments = parser.parse_args()
    corpus = load_corpus(arguments.content)
    papers, topics = list(corpus.papers), corpus.topics
    labelled = labelled_papers(arguments.content, arguments.days)
    rows = [
        ("keywords only", measure(papers, topics, labelled, lambda _: by_keywords(topics))),
        ("similar papers and keywords", measure(papers, topics, labelled, _similar(topics))),
    ]
    for admitted in arguments.admitted:
        thresholds = dataclasses.replace(Thresholds(), admitted=admitted)
        rows.append(
            (
                f"admitting {admitted:.0%}",
                measure(papers, topics, labelled, _similar(topics, thresholds)),
            )
        )
    command = f"python -m bench.topics --days {arguments.days}"
    if arguments.out:
        arguments.out.write_text(report(rows, command), "utf-8")
    for name, figures in rows:
        print(name, figures)


def _similar(
    topics: Sequence[Topic], thresholds: Thresholds | None = None
) -> Callable[[Sequence[Paper]], Suggest]:
    def make(papers: Sequence[Paper]) -> Suggest:
        suggester = TopicSuggester(papers, topics, thresholds)
        return lambda title, abstract: suggester.suggest(title, abstract).topics

    return make


if __name__ == "__main__":
    main()
