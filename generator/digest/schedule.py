"""Which days' papers a digest carries: those added since the last digest sent.

Ingested papers are `added` on the day they trended, which is yesterday when the ingest runs
in the morning, and a pull request may hold several days until curators merge it. So the
digest never goes by the calendar: it remembers the newest day it sent and carries every
day added after it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from generator.corpus.model import Corpus
from generator.errors import BuildError
from generator.write import write_atomically

FIRST_DIGEST_DAYS = 2
"""With no digest on record, the newest day is sent only if it is at most this many days old."""


@dataclass(frozen=True)
class DigestChoice:
    """The days whose papers a digest carries (oldest first), and why those."""

    days: tuple[dt.date, ...]
    reason: str


def choose_days(corpus: Corpus, *, last_sent: dt.date | None, today: dt.date) -> DigestChoice:
    """Every day papers were added after `last_sent`; with none on record, the newest day.

    Without a record, an old newest day is not sent: it may well have gone out already.
    """
    added = sorted({paper.added for paper in corpus.papers if paper.added <= today})
    if last_sent is not None:
        days = tuple(day for day in added if day > last_sent)
        if not days:
            return DigestChoice((), f"nothing was added since the last digest ({last_sent})")
        return DigestChoice(days, f"the days added since the last digest ({last_sent})")
    if not added:
        return DigestChoice((), "the archive has no papers")
    newest = added[-1]
    if (today - newest).days > FIRST_DIGEST_DAYS:
        return DigestChoice(
            (),
            f"no digest is on record and the newest papers ({newest}) are more than"
            f" {FIRST_DIGEST_DAYS} days old; give --date {newest} to send them",
        )
    return DigestChoice((newest,), "no digest is on record: the newest day papers were added")


def newest_on_site(feed: bytes) -> dt.date | None:
    """The newest day papers were added on a published site, from its JSON feed (feed.json)."""
    try:
        items = json.loads(feed).get("items") or []
    except (ValueError, AttributeError):
        return None
    days = []
    for item in items if isinstance(items, list) else []:
        published = item.get("date_published") if isinstance(item, dict) else None
        if isinstance(published, str):
            try:
                days.append(dt.date.fromisoformat(published[:10]))
            except ValueError:
                continue
    return max(days, default=None)


def read_last_sent(state: Path) -> dt.date | None:
    """The newest day the last digest carried, from the state file (None if there is none)."""
    if not state.is_file():
        return None
    text = state.read_text(encoding="utf-8").strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BuildError(
            f"{state} should hold the day of the last digest (YYYY-MM-DD), not {text[:40]!r};"
            " delete it to start again from the newest day"
        ) from None


def record_sent(state: Path, day: dt.date) -> None:
    """Remember that the digests up to `day` went out."""
    state.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(state, f"{day.isoformat()}\n".encode())
