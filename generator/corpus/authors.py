"""The archive's authors: one per name, merged when only Unicode form, case or spacing differ."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.corpus.collation import ascii_fold
from generator.corpus.schema import Paper

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_RESERVED_SLUGS = {"index"}  # authors/index.md is the author index itself
OTHER = "Other"
"""The index letter of family names that start with no letter A to Z (other scripts)."""


@dataclass(frozen=True)
class Author:
    """One person as the archive knows them: a name, a stable slug, their papers newest first."""

    key: str  # name_key() of the name: what papers' author lists are matched by
    name: str
    slug: str
    papers: tuple[Paper, ...]

    @property
    def has_page(self) -> bool:
        """Whether the site gives this author a page: only for two papers or more."""
        return len(self.papers) >= 2

    @property
    def letter(self) -> str:
        """The index letter: the family name's first letter, A-Z, or "Other" for other scripts."""
        other_script, family, _, _ = self.sort_key
        return OTHER if other_script else family[:1].upper()

    @functools.cached_property
    def sort_key(self) -> tuple[bool, str, str, str]:
        """Family name first, as reference lists sort (the last word), other scripts last."""
        # Kept: the index sorts, groups and shelves tens of thousands of names by it, and
        # folding each name again every time was a tenth of a one-change build at 10,000.
        folded = ascii_fold(self.name).casefold()
        family = folded.rsplit(" ", 1)[-1]
        initial = family[:1].upper()
        return (not "A" <= initial <= "Z", family, folded, self.key)


def spelled(name: str) -> str:
    """Return a name as shown: composed Unicode (NFC), single spaces, no spaces around it."""
    composed = name if name.isascii() else unicodedata.normalize("NFC", name)
    return " ".join(composed.split())


def name_key(name: str) -> str:
    """Return what identifies a name: compatibility forms folded, single spaces, any case.

    "Jose\u0301 Li", "José  Li", "José\u00a0Li" and "JOSÉ LI" are one author; "Jose Li" is another,
    since an accent can tell two people apart.
    """
    if name.isascii():  # NFKC changes no ASCII text, and casefold is lower there
        return " ".join(name.lower().split())
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def index_authors(papers: Sequence[Paper]) -> tuple[Author, ...]:
    """Return every author of `papers` (given newest first), sorted by family name."""
    papers_by_key: dict[str, list[Paper]] = defaultdict(list)
    uses: Counter[tuple[str, str]] = Counter()  # (key, spelling): one counter, not one a name
    for paper in papers:
        keys = [(name_key(author), spelled(author)) for author in paper.authors or ()]
        for key in dict.fromkeys(key for key, _ in keys):
            papers_by_key[key].append(paper)
        uses.update(keys)
    spellings: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (key, spelling), count in uses.items():
        spellings[key].append((spelling, count))
    slugs = _slugs(papers_by_key)
    authors = [
        Author(key, _commonest(spellings[key]), slugs[key], tuple(found))
        for key, found in papers_by_key.items()
    ]
    return tuple(sorted(authors, key=lambda author: author.sort_key))


def _commonest(spellings: Sequence[tuple[str, int]]) -> str:
    """The spelling most papers use; of equally common ones, the first in code-point order."""
    if len(spellings) == 1:  # most authors have one
        return spellings[0][0]
    return min(spellings, key=lambda spelling: (-spelling[1], spelling[0]))[0]


def _slugs(keys: Iterable[str]) -> dict[str, str]:
    """A URL slug per name key: readable ASCII, made unique by a short hash where two clash.

    A name with no Latin letters gets "author-" and its hash. The hash comes from the key
    alone, so a slug changes only if a clashing name arrives, never with the paper order.
    """
    readable = {key: _NOT_SLUG.sub("-", ascii_fold(key).lower()).strip("-") for key in keys}
    clashes = Counter(readable.values())
    slugs = {}
    for key, slug in readable.items():
        if slug and clashes[slug] == 1 and slug not in _RESERVED_SLUGS:
            slugs[key] = slug
            continue
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:6]
        slugs[key] = f"{slug}-{digest}" if slug else f"author-{digest}"
    return slugs
