"""The prebuilt search: a lunr index of the papers, a compact result store, and lunr.js."""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import PurePosixPath
from typing import Any

from lunr import __VERSION__ as LUNR_VERSION
from lunr.index import Index
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from generator.corpus.model import Corpus, has_code
from generator.corpus.schema import Paper
from generator.site import text
from generator.site.escape import json_bytes
from generator.site.lunr_builder import FastBuilder
from generator.site.paths import (
    ALL_PAPERS,
    INDEX_FILE,
    LUNR_FILE,
    SEARCH,
    SEARCH_SCRIPT,
    SPLIT_INDEX_SCRIPT,
    STORE_FILE,
    TOPICS,
    paper_path,
    public_url,
)
from generator.site.stemmer import stem_like_lunr_js
from generator.site.templating import render_page

# Title matches matter most; an author's name is a deliberate query too.
_FIELDS: list[dict[str, Any]] = [
    {"field_name": "title", "boost": 10},
    {"field_name": "authors", "boost": 3},
    {"field_name": "topics", "boost": 2},
    {"field_name": "abstract"},
]
_EXCERPT_CHARACTERS = 200
_STORE_AUTHORS = 4
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


def index_key(documents: Sequence[SearchDocument]) -> str:
    """What the index depends on: the documents, the fields, lunr.py's version, the stemmer."""
    recipe = json.dumps(
        [documents, _FIELDS, LUNR_VERSION, "lunr.js stemmer", "split by term 1"], sort_keys=True
    )
    return hashlib.sha256(recipe.encode()).hexdigest()


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
    with collector_paused():
        builder = FastBuilder()
        builder.pipeline.add(trimmer, stop_word_filter, stem_like_lunr_js)
        builder.search_pipeline.add(stem_like_lunr_js)
        builder.ref("ref")
        for field in _FIELDS:
            builder.field(**field)
        for document in documents:
            builder.add(document)
        index: Index = builder.build()
        return index


def build_index(documents: Sequence[SearchDocument]) -> bytes:
    """The whole lunr index, serialised (lunr.js 2.3.9 format): what the split one is cut from."""
    return json_bytes(lunr_index(documents).serialize(), compact=True)


def year_of(paper: Paper) -> int | None:
    """The year a reader filters by: when the paper appeared; none without `published` (the
    year the archive got it is not the paper's)."""
    return int(paper.published[:4]) if paper.published else None


def render_store(corpus: Corpus) -> bytes:
    """What a result shows, at each paper's position (its ref in base 36): no abstracts."""
    papers = []
    for paper in corpus.papers:
        authors = list(paper.authors or ())
        papers.append(
            {
                "title": paper.title,
                "authors": authors[:_STORE_AUTHORS]
                + (["et al."] if len(authors) > _STORE_AUTHORS else []),
                "added": paper.added.isoformat(),
                "year": year_of(paper),
                "arxiv": paper.arxiv,
                "topics": list(paper.topics),
                "url": public_url("", paper_path(paper)),
                "excerpt": text.shorten(paper.abstract, _EXCERPT_CHARACTERS),
                "code": has_code(paper),
            }
        )
    topics = {topic.slug: topic.title for topic in corpus.topics}
    return json_bytes({"papers": papers, "topics": topics}, compact=True)


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
            scripts=[LUNR_FILE, SPLIT_INDEX_SCRIPT, SEARCH_SCRIPT],
            browse={"topics": TOPICS, "papers": ALL_PAPERS},
        ),
        STORE_FILE: render_store(corpus),
    }
