"""One way to split a long listing over pages that stay put as the archive grows.

A listing past its size becomes sheets of that many items: numbered from the oldest for papers
(topics, All papers, a prolific author), so that a full sheet never changes, or from the first
for names (a letter of the author index). Each sheet is linked to the ones beside it; trending
days and a topic's papers are linked to theirs the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Generic, TypeVar

Item = TypeVar("Item")

PAGES_LISTED = 10
"""A listing links its newest this many pages by count, then its oldest: a list of them all
would grow by a line every `listing_size` papers, for as long as the archive lives."""


@dataclass(frozen=True)
class Sheet(Generic[Item]):
    """One page of a split listing: its heading, where it lives, its items (newest first)."""

    label: str
    path: PurePosixPath
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Placed(Generic[Item]):
    """A sheet among its listing's others: its number, the sheet before it and after it."""

    sheet: Sheet[Item]
    number: int  # from 1
    count: int
    before: Sheet[Item] | None  # the newer month, the previous part
    after: Sheet[Item] | None

    @property
    def before_path(self) -> PurePosixPath | None:
        """Where the sheet before it lives, if any."""
        return self.before.path if self.before else None

    @property
    def after_path(self) -> PurePosixPath | None:
        """Where the sheet after it lives, if any."""
        return self.after.path if self.after else None


def by_size(
    items: Sequence[Item], size: int, label: str, first: PurePosixPath
) -> list[Sheet[Item]]:
    """`items` in parts of `size`, at `first`, then its stem numbered: a.md, a-2.md, a-3.md..."""
    return [
        Sheet(
            label,
            first if number == 1 else first.with_stem(f"{first.stem}-{number}"),
            tuple(items[start : start + size]),
        )
        for number, start in enumerate(range(0, len(items), size), start=1)
    ]


def by_count(
    items: Sequence[Item], size: int, path_of: Callable[[int], PurePosixPath]
) -> list[Sheet[Item]]:
    """Items (newest first) in pages of `size`, numbered from the oldest so that a page keeps
    its items as newer ones arrive: `path_of(number)` places each; the newest page comes first.

    Each page's label counts its items from the oldest, with an en dash: 1 to 50, 51 to 64.
    """
    oldest_first = list(reversed(items))
    sheets = []
    for number, start in enumerate(range(0, len(oldest_first), size), start=1):
        chunk = oldest_first[start : start + size]
        first, last = start + 1, start + len(chunk)
        label = f"{first}\N{EN DASH}{last}" if last > first else f"{first}"
        sheets.append(Sheet(label, path_of(number), tuple(reversed(chunk))))
    return list(reversed(sheets))


def placed(sheets: Sequence[Sheet[Item]]) -> list[Placed[Item]]:
    """Each sheet with its number and the sheets before and after it."""
    return [
        Placed(sheet, number, len(sheets), before, after)
        for number, (before, sheet, after) in enumerate(neighbouring(sheets), start=1)
    ]


def neighbouring(items: Sequence[Item]) -> Iterator[tuple[Item | None, Item, Item | None]]:
    """Each item of a newest-first sequence with the newer one before it and the older after."""
    for index, item in enumerate(items):
        newer = items[index - 1] if index > 0 else None
        older = items[index + 1] if index + 1 < len(items) else None
        yield newer, item, older
