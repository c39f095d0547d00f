"""A long alphabetical listing split where its keys' first letters split it, so pages stay put.

Cut into pages of equal length, a listing moves every name after a new one onto another page:
each day's new authors would change nearly every page of the author index. Split by the
keys' first letters instead, a page holds the keys that start alike ("ma" to "md", then "me"
to "mh"...) and a new name changes its own page only. A group of more than `size` keys splits
into five fixed ranges of its next character; a range of more than `size`, into one group per
character, each split again the same way while it is too long. The pages are a function of the
keys alone: the same names make the same pages whatever order they arrived in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Item = TypeVar("Item")

END = "_"
"""The character keys may use to end a part (a family name) before the next: it sorts first."""

RANGES = (END + "-0123456789abcd", "efgh", "ijklmn", "opqrst", "uvwxyz")
"""The next characters each range of a split group holds, in order; a vowel begins each, as
the next letter of a name is so often a vowel, so that no range holds most of a group."""
RANGE_NAMES = ("a-d", "e-h", "i-n", "o-t", "u-z")

_RANGE_OF = {character: number for number, range_ in enumerate(RANGES) for character in range_}
_ORDER = {character: place for place, character in enumerate("".join(RANGES))}

MAX_PREFIX = 40
"""A group whose keys share this many first characters stays one group however long it is
(its caller pages it by count): a slug is a file name, and names so alike are hostile input."""


@dataclass(frozen=True)
class Shelf(Generic[Item]):
    """A group of the listing short enough for a page, or past splitting: its items in order."""

    slug: str  # its keys' common start ("ma"), with the range of the next character ("m.e-h")
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Shelving(Generic[Item]):
    """A listing split into shelves, and the groups split to make them."""

    shelves: tuple[Shelf[Item], ...]  # in the order of their keys
    split: tuple[str, ...]  # the slugs of the groups split into shelves, the whole first


def shelve(
    items: Sequence[Item], key: Callable[[Item], str], size: int, prefix: str = ""
) -> Shelving[Item]:
    """`items` in shelves of at most `size` (but past splitting), by `key`.

    Every key starts with `prefix`, and no key may be the start of another (end each part with
    END): a split group's keys then all go on. Keys are best made of the characters of RANGES
    (they become file names); any other character goes with the first range, before them.
    """
    shelves: list[Shelf[Item]] = []
    split: list[str] = []
    _place([(key(item), item) for item in items], prefix, size, shelves, split)
    return Shelving(tuple(shelves), tuple(split))


def _place(
    keyed: list[tuple[str, Item]],
    prefix: str,
    size: int,
    shelves: list[Shelf[Item]],
    split: list[str],
) -> None:
    """A shelf for the group of `keyed` starting with `prefix`, or its shelves once split."""
    if len(keyed) <= size or len(prefix) >= MAX_PREFIX or _alike(keyed):
        shelves.append(Shelf(prefix, tuple(item for _, item in keyed)))
        return
    split.append(prefix)
    depth = len(prefix)
    ranges: list[list[tuple[str, Item]]] = [[] for _ in RANGES]
    for pair in keyed:
        ranges[_RANGE_OF.get(pair[0][depth], 0)].append(pair)
    for name, group in zip(RANGE_NAMES, ranges, strict=True):
        slug = f"{prefix}.{name}"  # no key holds a dot: no group of characters has this slug
        if len(group) <= size:
            if group:
                shelves.append(Shelf(slug, tuple(item for _, item in group)))
            continue
        split.append(slug)
        by_character: dict[str, list[tuple[str, Item]]] = {}
        for pair in group:
            by_character.setdefault(pair[0][depth], []).append(pair)
        for character in sorted(by_character, key=_position):
            _place(by_character[character], prefix + character, size, shelves, split)


def _position(character: str) -> tuple[int, str]:
    """Where a character comes among the next ones: as RANGES orders them, any other first."""
    return (_ORDER.get(character, -1), character)


def _alike(keyed: list[tuple[str, Item]]) -> bool:
    """Whether every key is the same: no split could part them."""
    first = keyed[0][0]
    return all(key == first for key, _ in keyed)
