"""The prebuilt search: the lunr index of the papers (split by `search_shards`), the page, its
result store (`search_store`) and lunr.js."""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from lunr import __VERSION__ as LUNR_VERSION
from lunr.index import Index
from lunr.stop_word_filter import stop_word_filter

from generator.cache import files_digest
from generator.corpus.model import Corpus
from generator.site.escape import json_bytes
from generator.site.folding import fold
from generator.site.lunr_builder import FastBuilder, FieldTerms, TermPostings
from generator.site.paths import (
    ALL_PAPERS,
    HOME,
    INDEX_FILE,
    SEARCH,
    SEARCH_BUNDLE,
    STORE_FILE,
    TOPICS,
    Links,
    topic_url_pattern,
)
from generator.site.search_store import render_store, year_of
from generator.site.stemmer import stem_like_lunr_js
from generator.site.templating import render_page

_HERE = Path(__file__).parent

# Title matches matter most; an author's name is a deliberate query too.
_FIELDS: list[dict[str, Any]] = [
    {"field_name": "title", "boost": 10},
    {"field_name": "authors", "boost": 3},
    {"field_name": "topics", "boost": 2},
    {"field_name": "abstract"},
]
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

SearchDocument = dict[str, str]


def short_ref(position: int) -> str:
    """Return a paper's position in base 36: the index repeats refs, so short ones keep it small."""
    digits = ""
    while True:
        position, remainder = divmod(position, 36)
        digits = _DIGITS[remainder] + digits
        if not position:
            return digits


def search_documents(corpus: Corpus) -> list[SearchDocument]:
    """The text lunr indexes for each paper, newest first, keyed by short ref."""
    return [
        {
            "ref": short_ref(position),
            "title": paper.title,
            "authors": " ".join(paper.authors or ()),
            "topics": " ".join(topic.title for topic in corpus.topics_of(paper)),
            "abstract": paper.abstract,
        }
        for position, paper in enumerate(corpus.papers)
    ]


_INDEX_CODE = ["search.py", "lunr_builder.py", "folding.py", "stemmer.py", "search_shards.py"]
"""This folder's modules that build, fold, stem and split the index: a change to any of them
changes the index's files, which the page's scripts must match (a version written by hand was
forgotten once, and a cached index kept its old format under new scripts)."""


def index_key(documents: Sequence[SearchDocument]) -> str:
    """What the index depends on: the documents, the fields, lunr.py's version, our code."""
    recipe = json.dumps([documents, _FIELDS, LUNR_VERSION, index_code()], sort_keys=True)
    return hashlib.sha256(recipe.encode()).hexdigest()


def index_code() -> str:
    """A digest of the code that builds, folds, stems and splits the index, and lunr.py's
    version: what the terms of a text, and the index's files, are made by."""
    return files_digest([_HERE / name for name in _INDEX_CODE], _HERE, salt=LUNR_VERSION)


@contextmanager
def collector_paused() -> Iterator[None]:
    """lunr allocates millions of small objects; pausing the cycle collector saves ~12 %."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def lunr_index(documents: Sequence[SearchDocument]) -> Index:
    """The lunr index of the documents, as lunr.js 2.3.9 will load it."""
    return lunr_index_reusing(documents, {})[0]


def lunr_index_reusing(
    documents: Sequence[SearchDocument], known_terms: Mapping[bytes, FieldTerms]
) -> tuple[Index, dict[bytes, FieldTerms]]:
    """`lunr_index`, taking the terms of field texts seen before from `known_terms`; also
    returns the terms of this index's field texts, to know next time."""
    with collector_paused():
        builder = _builder(known_terms)
        for document in documents:
            builder.add(document)
        index: Index = builder.build()
        return index, builder.used_terms


def index_postings(
    documents: Sequence[SearchDocument], known_terms: Mapping[bytes, FieldTerms]
) -> tuple[TermPostings, dict[bytes, FieldTerms]]:
    """The postings `lunr_index_reusing`'s index would hold, scored as it scores them, without
    building it: what the split index is cut from. Refs must be the papers' short refs."""
    for position, document in enumerate(documents):
        if document["ref"] != short_ref(position):
            raise ValueError(f"document {position}'s ref is {document['ref']!r}, not its number")
    with collector_paused():
        builder = _builder(known_terms)
        return builder.scored_postings(documents), builder.used_terms


def _builder(known_terms: Mapping[bytes, FieldTerms]) -> FastBuilder:
    """A builder set up as the site's index is: its fields, boosts and pipelines."""
    builder = FastBuilder(known_terms)
    builder.pipeline.add(fold, stop_word_filter, stem_like_lunr_js)
    builder.search_pipeline.add(fold, stem_like_lunr_js)
    builder.ref("ref")
    for field in _FIELDS:
        builder.field(**field)
    return builder


def build_index(documents: Sequence[SearchDocument]) -> bytes:
    """The whole lunr index, serialised (lunr.js 2.3.9 format): what the split one is cut from."""
    return json_bytes(lunr_index(documents).serialize(), compact=True)


def render_search(corpus: Corpus) -> dict[PurePosixPath, bytes]:
    """The search page and its result store: all but the index (INDEX_FILE) and lunr.js."""
    years = sorted({year for paper in corpus.papers if (year := year_of(paper))}, reverse=True)
    return {
        SEARCH: render_page(
            corpus,
            "search.md.j2",
            SEARCH,
            years=years,
            index_file=INDEX_FILE.name,
            store_file=STORE_FILE.name,
            root=Links(SEARCH).address(HOME),
            topic_url=topic_url_pattern(),
            # One script for the page and its Web Worker (from the browser's cache).
            script=SEARCH_BUNDLE,
            browse={"topics": TOPICS, "papers": ALL_PAPERS},
        ),
        **render_store(corpus),
    }
