"""When the archive last changed, and whether its daily updates have stopped arriving.

The date comes from the corpus (the newest trending day, else the newest paper), never from the
clock: a rebuild of an unchanged archive must not claim it is fresh.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.corpus.model import Corpus


@dataclass(frozen=True)
class Freshness:
    """The newest trending day and the newest change of any kind (either may be unknown)."""

    newest_snapshot: dt.date | None
    last_changed: dt.date | None

    def days_since_snapshot(self, today: dt.date) -> int | None:
        """Whole days from the newest trending day to `today`; None without any snapshot."""
        return (today - self.newest_snapshot).days if self.newest_snapshot else None

    def is_stale(self, today: dt.date, max_age: int) -> bool:
        """No snapshot, or none for more than `max_age` days."""
        age = self.days_since_snapshot(today)
        return age is None or age > max_age


CATCH_UP_DAYS = 7
"""The most days one ingest brings in: a week of lost mornings, caught up oldest first."""


def newest_day_seen(corpus: Corpus) -> dt.date | None:
    """The newest trending day the archive has taken in: a snapshot, or a day whose papers
    were all declined (at ingest, by a curator deleting them or closing the pull request)."""
    seen = [day.date for day in corpus.snapshots]
    seen += [record.day for record in corpus.declined if record.why != "declined"]
    seen += [removed.day.date for removed in corpus.removed]
    return max(seen, default=None)


def missing_days(corpus: Corpus, until: dt.date) -> list[dt.date]:
    """Every day after the newest day seen, up to `until`, oldest first (none seen: `until`)."""
    newest = newest_day_seen(corpus)
    if newest is None:
        return [until]
    return [newest + dt.timedelta(days=offset) for offset in range(1, (until - newest).days + 1)]


def freshness(corpus: Corpus) -> Freshness:
    """How fresh `corpus` is, from its own dates."""
    snapshot = max((day.date for day in corpus.snapshots), default=None)
    paper = max((paper.added for paper in corpus.papers), default=None)
    known = [date for date in (snapshot, paper) if date is not None]
    return Freshness(snapshot, max(known, default=None))
