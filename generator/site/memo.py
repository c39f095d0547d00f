"""Pages rendered by the last generation, kept by a digest of everything each was rendered from:
a page whose inputs did not change is left as the last build wrote it instead of rendered again.

A day's build changes a few papers of thousands; rendering every paper page's template was
most of the generator's time. A page's key covers what the page is made from (for a paper's:
the paper, its authors' pages, what it shows of the papers it links, its trending days, the
topics and the site's settings) and the generator's own code, whose digest the stored memo
carries. Anything else a template read would make a stale page: `tests/site/test_memo.py`
holds the paper template to its key, and the incremental build's property test compares
every edited site with a clean build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from generator.cache import CACHE_FOLDER, generator_digest
from generator.write import Content, OnDisk, write_atomically

MEMO_FILE = "pages.json"
"""In the build folder's cache: each memoised page's path and the key it was rendered for."""


class PageMemo:
    """The keys of the pages the last generation rendered, and a way to find those pages."""

    def __init__(
        self,
        previous: Mapping[str, str] | None = None,
        find: Callable[[PurePosixPath], OnDisk | None] = lambda _: None,
        generator: str | None = None,
    ) -> None:
        self._previous = dict(previous or {})
        self._find = find
        self._generator = generator  # the code rendering these pages: computed when saved
        self.recorded: dict[str, str] = {}  # what this generation rendered: path -> key
        self.kept: set[PurePosixPath] = set()  # the pages left as they are on disk
        self._digests = _Digests()

    @property
    def reused(self) -> int:
        """How many pages were kept instead of rendered."""
        return len(self.kept)

    def render(self, path: PurePosixPath, inputs: object, render: Callable[[], bytes]) -> Content:
        """The page at `path` for these `inputs`: the last generation's file, if its inputs were
        the same and the page is still there, else `render()`'s bytes."""
        key = self.key(inputs)
        self.recorded[path.as_posix()] = key
        if self._previous.get(path.as_posix()) == key:
            kept = self._find(path)
            if kept is not None:
                self.kept.add(path)
                return kept
        return render()

    def key(self, inputs: object) -> str:
        """A digest of a page's inputs: text, numbers, dates, records, and lists and mappings
        of them (anything else is refused, so that nothing a page shows goes unkeyed)."""
        return self._digests.key(inputs)

    @classmethod
    def load(cls, build_dir: Path, docs: Path) -> PageMemo:
        """The memo the last generation in `build_dir` left, its pages found in `docs`."""
        try:
            stored = json.loads(_memo_file(build_dir).read_text())
        except (OSError, ValueError):
            return cls()
        generator = generator_digest()
        if not isinstance(stored, dict) or stored.get("generator") != generator:
            return cls(generator=generator)  # other code renders other pages: none is kept
        pages = stored.get("pages")
        if not isinstance(pages, dict):
            return cls(generator=generator)

        def find(path: PurePosixPath) -> OnDisk | None:
            page = docs.joinpath(*path.parts)
            return OnDisk(page) if page.is_file() else None

        return cls({str(k): str(v) for k, v in pages.items()}, find, generator)

    @staticmethod
    def forget(build_dir: Path) -> None:
        """Remove the stored memo: the pages are about to change, and a build stopped midway
        must not leave keys that name pages it did not write."""
        _memo_file(build_dir).unlink(missing_ok=True)

    @staticmethod
    def drop(build_dir: Path, paths: Iterable[PurePosixPath]) -> None:
        """Forget the stored keys of `paths`, pages written since by other means: the next
        generation renders them again rather than read back what it did not write."""
        try:
            stored = json.loads(_memo_file(build_dir).read_text())
            pages = stored["pages"]
        except (OSError, ValueError, KeyError, TypeError):
            return  # no memo: nothing is read back
        for path in paths:
            pages.pop(path.as_posix(), None)
        write_atomically(_memo_file(build_dir), json.dumps(stored, indent=0).encode())

    def save(self, build_dir: Path) -> None:
        """Store this generation's keys, once its pages are all written."""
        generator = self._generator or generator_digest()
        stored = {"generator": generator, "pages": dict(sorted(self.recorded.items()))}
        _memo_file(build_dir).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(_memo_file(build_dir), json.dumps(stored, indent=0).encode())


def _memo_file(build_dir: Path) -> Path:
    return build_dir / CACHE_FOLDER / MEMO_FILE


class _Digests:
    """Digests of the values a page is rendered from; a record's (a paper, a day) once each."""

    def __init__(self) -> None:
        # By identity, the object kept alongside so that its id is not reused meanwhile.
        self._records: dict[int, tuple[object, str]] = {}
        self._as_plain: dict[type, Callable[[Any], object]] = {}

    def key(self, value: object) -> str:
        # JSON, in C: a page's values are text, numbers and records, in the order the code that
        # renders them puts them (which the generator's digest covers, so types need no tag).
        text = json.dumps(value, default=self._default, ensure_ascii=False, check_circular=False)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def _default(self, value: object) -> object:
        # What a value becomes is decided once for its type: asked of 30,000 values at 10,000
        # papers, three kinds checked and a dataclass's fields listed each time cost 0.2 s.
        as_plain = self._as_plain.get(type(value))
        if as_plain is None:
            as_plain = self._as_plain[type(value)] = self._plain_for(type(value))
        return as_plain(value)

    def _plain_for(self, kind: type) -> Callable[[Any], object]:
        """How a value of this type is keyed: as its text, its record's digest, or its fields."""
        if issubclass(kind, PurePosixPath | dt.date):
            return str
        if issubclass(kind, BaseModel):
            return self._record
        if dataclasses.is_dataclass(kind):
            names = tuple(field.name for field in dataclasses.fields(kind))
            return lambda value: [kind.__qualname__, *(getattr(value, name) for name in names)]
        raise TypeError(f"a memoised page cannot be keyed by a {kind.__name__}")

    def _record(self, value: BaseModel) -> str:
        """A record's digest: computed once however many pages show it."""
        kept = self._records.get(id(value))
        if kept is not None and kept[0] is value:
            return kept[1]
        text = f"{type(value).__qualname__}:{value.model_dump_json()}"
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
        self._records[id(value)] = (value, digest.hexdigest())
        return digest.hexdigest()
