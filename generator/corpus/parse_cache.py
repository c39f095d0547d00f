"""Parsed corpus files kept between loads: a file whose bytes did not change is not parsed again.

Parsing is most of loading (about 1.2 s of 2.5 at 10,000 papers), and a day's build changes
a few files of thousands. Each file's data and lines are kept with a digest of its bytes, in
Python's `marshal` format: plain values only, read in C, and unable to run code when read,
unlike pickle. Dates, which `marshal` does not hold, are kept as ISO text with their places.
Validation still runs on every file: only the parse is reused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.cache import keep, read_kept
from generator.corpus.load import Document, Location

_FORMAT = 1  # of the entries below; a change of it (or of `version`) starts a new cache


class ParseCache:
    """Documents parsed before, by path and the digest of the bytes they were parsed from."""

    def __init__(self, version: str, entries: dict[str, tuple[bytes, bytes]] | None = None):
        self._version = version  # the parser's code: another version may parse otherwise
        self._before = entries or {}
        self._now: dict[str, tuple[bytes, bytes]] = {}  # what this load parsed or reused

    def document(self, path: Path, raw: bytes, parse: Callable[[], Document]) -> Document:
        """What `raw`, the bytes of `path`, parse into: the document kept from before, or
        `parse()`'s."""
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        kept = self._before.get(str(path))
        if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == digest:
            try:
                document = _decoded(path, kept[1])
            except (EOFError, ValueError, TypeError, LookupError):  # a damaged entry: parse
                pass
            else:
                self._now[str(path)] = kept
                return document
        document = parse()
        self._now[str(path)] = (digest, _encoded(document))
        return document

    @classmethod
    def load(cls, file: Path, version: str) -> ParseCache:
        """The cache stored at `file` for this parser `version`; empty if none or unreadable."""
        entries = read_kept(file, f"{_FORMAT} {version}")
        return cls(version, entries if isinstance(entries, dict) else None)

    def save(self, file: Path) -> None:
        """Store what this load parsed or reused (files no longer read are dropped)."""
        keep(file, f"{_FORMAT} {self._version}", self._now)


def _encoded(document: Document) -> bytes:
    dates: list[tuple[Location, bool, str]] = []
    # Plain values only (the loader allows no others): what marshal holds.
    data: Any = _without_dates(document.data, (), dates)
    return marshal.dumps((data, dict(document.lines), dates))


def _decoded(path: Path, encoded: bytes) -> Document:
    data, lines, dates = marshal.loads(encoded)  # noqa: S302 (as above)
    for location, is_datetime, text in dates:
        value = dt.datetime.fromisoformat(text) if is_datetime else dt.date.fromisoformat(text)
        if not location:
            data = value
            continue
        container = data
        for step in location[:-1]:
            container = container[step]
        container[location[-1]] = value
    return Document(path, data, lines)


def _without_dates(
    value: object, location: Location, dates: list[tuple[Location, bool, str]]
) -> object:
    """`value` with each date in it replaced by None, its place and text added to `dates`."""
    if isinstance(value, dt.date):
        dates.append((location, type(value) is dt.datetime, value.isoformat()))
        return None
    if isinstance(value, dict):
        return {key: _without_dates(item, (*location, key), dates) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_dates(item, (*location, index), dates) for index, item in enumerate(value)]
    return value
