"""The numbers of the statistics page: papers per topic, per month and year, topics together."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from generator.corpus.model import Corpus, has_code
from generator.site import charts, text
from generator.site.escape import Safe


def statistics(corpus: Corpus) -> dict[str, object]:
    """The statistics page's context: headline counts and the charts, drawn."""
    topics = [topic.title for topic in corpus.topics]
    per_topic = tuple(len(corpus.papers_by_topic[topic.slug]) for topic in corpus.topics)
    added = _per_month(paper.added for paper in corpus.papers)
    published = Counter(int(paper.published[:4]) for paper in corpus.papers if paper.published)
    years = range(min(published), max(published) + 1) if published else range(0)
    drawn: dict[str, Safe | None] = {
        "per_topic": charts.bar_chart(
            charts.Chart("topics", "Papers per topic", "papers", tuple(topics), per_topic)
        ),
        "per_month": charts.column_chart(
            charts.Chart(
                "added",
                "Papers added per month",
                "papers",
                tuple(label for label, _ in added),
                tuple(count for _, count in added),
            )
        ),
        "per_year": charts.column_chart(
            charts.Chart(
                "published",
                "Papers by year of publication",
                "papers",
                tuple(str(year) for year in years),
                tuple(published[year] for year in years),
            )
        )
        if published
        else None,
        "together": charts.heatmap(
            "together", "Papers in two topics at once", topics, _together(corpus)
        )
        if len(topics) > 1
        else None,
    }
    with_code = sum(1 for paper in corpus.papers if has_code(paper))
    return {
        "charts": drawn,
        "with_code": with_code,
        "undated": len(corpus.papers) - sum(published.values()),
    }


def _per_month(days: Iterable[dt.date]) -> list[tuple[str, int]]:
    """Counts for every month from the first to the last, empty months included."""
    counts = Counter((day.year, day.month) for day in days)
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    months = []
    while (year, month) <= last:
        months.append((_short_month(year, month), counts[year, month]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _short_month(year: int, month: int) -> str:
    """'Nov 2026': the axis prints the month over the year."""
    full = text.month_and_year(year, month)
    return f"{full[:3]} {year}"


def _together(corpus: Corpus) -> list[list[int]]:
    """For each pair of topics, how many papers belong to both (the diagonal: to the topic)."""
    index = {topic.slug: number for number, topic in enumerate(corpus.topics)}
    counts = [[0] * len(index) for _ in index]
    for paper in corpus.papers:
        for first in paper.topics:
            for second in paper.topics:
                counts[index[first]][index[second]] += 1
    return counts
