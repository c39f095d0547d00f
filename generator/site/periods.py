"""This week and this month: the papers that trended over a period, best first.

A period ends on the archive's newest trending day, never the build's clock, so the same
corpus gives the same pages; each lists at most `listing_size` papers, whatever the archive's
size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from generator.corpus.collation import title_key
from generator.corpus.model import Corpus
from generator.corpus.schema import Paper
from generator.site.paths import period_folder, period_path


@dataclass(frozen=True)
class Period:
    """A view of the trending days: its slug, its name and how many days it spans."""

    slug: str
    title: str
    days: int

    @property
    def page(self) -> PurePosixPath:
        """Where its page lives in the site source."""
        return period_path(self.slug)

    @property
    def feed_folder(self) -> PurePosixPath:
        """Where its feeds live in the site."""
        return period_folder(self.slug)


PERIODS = (Period("week", "This week", 7), Period("month", "This month", 30))
"""The views beside the daily one, shortest first."""


@dataclass
class Standing:
    """A paper over a period: its best rank, its most upvotes on a day, how many days."""

    paper: Paper
    best_rank: int
    peak_upvotes: int | None = None
    days: int = 0
    first_day: dt.date = field(default=dt.date.max)


@dataclass(frozen=True)
class PeriodView:
    """A period's papers, best first, and the days it covers."""

    period: Period
    start: dt.date
    end: dt.date
    standings: tuple[Standing, ...]


def period_view(corpus: Corpus, period: Period) -> PeriodView | None:
    """The papers that trended in the `period` days up to the newest day (None without days).

    Ranked by their most upvotes on one day (a count that grows from day to day, so it is not
    summed), then their best rank, then how many days they trended.
    """
    if not corpus.snapshots:
        return None
    end = corpus.snapshots[0].date
    start = end - dt.timedelta(days=period.days - 1)
    standings: dict[str, Standing] = {}
    for snapshot in corpus.snapshots:
        if snapshot.date < start:
            break  # newest first: the rest are older
        for entry in snapshot.papers:
            paper = corpus.papers_by_id[entry.id]
            standing = standings.setdefault(entry.id, Standing(paper, entry.rank))
            standing.best_rank = min(standing.best_rank, entry.rank)
            if entry.upvotes is not None:
                standing.peak_upvotes = max(standing.peak_upvotes or 0, entry.upvotes)
            standing.days += 1
            standing.first_day = min(standing.first_day, snapshot.date)
    ordered = sorted(standings.values(), key=_best_first)
    return PeriodView(period, start, end, tuple(ordered[: corpus.site.listing_size]))


def period_views(corpus: Corpus) -> Sequence[PeriodView]:
    """Every period's view; none when the archive has no trending day."""
    return [view for period in PERIODS if (view := period_view(corpus, period))]


def _best_first(standing: Standing) -> tuple[bool, int, int, int, tuple[str, str], str]:
    return (
        standing.peak_upvotes is None,
        -(standing.peak_upvotes or 0),
        standing.best_rank,
        -standing.days,
        title_key(standing.paper.title),
        standing.paper.id,
    )
