"""Plain-text presentation shared by pages, feeds and the email digest."""

from __future__ import annotations

import datetime as dt

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date) -> str:
    """Return a date as readers write it, the same in every locale: 24 Nov 2026."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def month_and_year(year: int, month: int) -> str:
    """Return a month as a heading names it, the same in every locale: November 2026."""
    return f"{_MONTHS[month - 1]} {year}"


def shorten(text: str, limit: int) -> str:
    """Return `text` on one line, cut at a word boundary before `limit` characters, with …."""
    excerpt = ""
    for word in text.split():
        if len(excerpt) + len(word) + 1 > limit:
            return excerpt + " …"
        excerpt = f"{excerpt} {word}" if excerpt else word
    return excerpt


def partial_date(value: str) -> str:
    """Return a YYYY-MM or YYYY-MM-DD date as a reader writes it: 'Sep 2022' or '14 Sep 2022'."""
    year, month, *day = (int(part) for part in value.split("-"))
    if day:
        return long_date(dt.date(year, month, day[0]))
    return f"{_MONTHS[month - 1][:3]} {year}"


def count_upvotes(count: int) -> str:
    """Return '1 upvote' or 'N upvotes'."""
    return _counted(count, "upvote")


def count_stars(count: int) -> str:
    """Return '1 star' or 'N stars'."""
    return _counted(count, "star")


def count_papers(count: int) -> str:
    """Return '1 paper' or 'N papers'."""
    return _counted(count, "paper")


def count_topics(count: int) -> str:
    """Return '1 topic' or 'N topics'."""
    return _counted(count, "topic")


def _counted(count: int, noun: str) -> str:
    return f"1 {noun}" if count == 1 else f"{count:,} {noun}s"
