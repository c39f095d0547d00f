"""Where the day's trending papers come from: one small interface, one class per source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class TrendingPaper:
    """One paper as a trending source lists it, ranked."""

    rank: int
    arxiv: str
    title: str
    abstract: str
    authors: tuple[str, ...]
    published: str | None  # YYYY-MM-DD
    upvotes: int | None
    code: str | None = None  # the paper's repository, as the source links it
    stars: int | None = None  # that repository's stars, as the source counted them that day
    problem: str | None = None  # why the entry cannot be filed as listed (no abstract, no id)


class TrendingSource(Protocol):
    """A public list of the papers that trended on a day."""

    name: str  # written into the day's snapshot as its `source`

    def day(self, date: dt.date) -> list[TrendingPaper]:
        """The day's papers, best first; SourceError when the source fails or talks nonsense."""
        ...
