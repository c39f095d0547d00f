"""What search results show, split so a search fetches only the papers it shows.

The store's manifest (STORE_FILE) names chunks of `STORE_CHUNK` papers, a filter table and an
arXiv table. Chunks count from the oldest paper and go by blocks of `CHUNKS_PER_BLOCK`, each
chunk named by its number and a hash of its block (a hash per chunk would make the manifest
grow by 20 bytes every few papers). A day's new papers add chunks at the end and leave the
older blocks' content, and so their chunks' names, as they were: browsers keep them.

A result's ref is the paper's position newest first (search.short_ref); the page turns it
into a chunk and an offset. The filter table (each paper's year, topics and code flag, a few
bytes a paper) is fetched only when a filter is set, the arXiv table only for a query that
is an arXiv id."""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.corpus.model import Corpus, has_code
from generator.corpus.schema import Paper
from generator.site import text
from generator.site.escape import json_bytes
from generator.site.paths import (
    STORE_CHUNK_NAME,
    STORE_FILE,
    STORE_FOLDER,
    content_digest,
    hashed_path,
    paper_path,
    public_url,
    search_name,
    store_chunk_path,
)

STORE_CHUNK = 4
"""Papers per chunk: a page of results fetches one chunk per result at worst, ~0.8 kB each."""

CHUNKS_PER_BLOCK = 64

_EXCERPT_CHARACTERS = 200
_STORE_AUTHORS = 4


def year_of(paper: Paper) -> int | None:
    """The year a reader filters by: when the paper appeared; none without `published` (the
    year the archive got it is not the paper's)."""
    return int(paper.published[:4]) if paper.published else None


def summary(paper: Paper) -> dict[str, object]:
    """What a result shows of a paper: no abstract, an excerpt."""
    authors = list(paper.authors or ())
    return {
        "title": paper.title,
        "authors": authors[:_STORE_AUTHORS] + (["et al."] if len(authors) > _STORE_AUTHORS else []),
        "added": paper.added.isoformat(),
        "year": year_of(paper),
        "arxiv": paper.arxiv,
        "topics": list(paper.topics),
        "url": public_url("", paper_path(paper)),
        "excerpt": text.shorten(paper.abstract, _EXCERPT_CHARACTERS),
        "code": has_code(paper),
    }


def render_store(corpus: Corpus) -> dict[PurePosixPath, bytes]:
    """The store's manifest (at STORE_FILE), its chunks, its filter and arXiv tables."""
    files: dict[PurePosixPath, bytes] = {}
    oldest_first = [summary(paper) for paper in reversed(corpus.papers)]
    chunks = [
        json_bytes(oldest_first[start : start + STORE_CHUNK], compact=True)
        for start in range(0, len(oldest_first), STORE_CHUNK)
    ]
    blocks = []
    for first in range(0, len(chunks), CHUNKS_PER_BLOCK):
        block = chunks[first : first + CHUNKS_PER_BLOCK]
        digest = content_digest(b"\0".join(block))
        blocks.append(digest)
        for number, content in enumerate(block, start=first):
            files[store_chunk_path(digest, number)] = content
    topic_numbers = {topic.slug: number for number, topic in enumerate(corpus.topics)}
    filters = {  # by ref, newest first, as the index counts
        "years": [year_of(paper) for paper in corpus.papers],
        "topics": [[topic_numbers[slug] for slug in paper.topics] for paper in corpus.papers],
        "code": "".join("1" if has_code(paper) else "0" for paper in corpus.papers),
    }
    arxiv: dict[str, list[int]] = {}  # an id to the positions of its papers
    for position, paper in enumerate(corpus.papers):
        if paper.arxiv:
            arxiv.setdefault(paper.arxiv.lower(), []).append(position)
    tables = {}
    for name, table in (("filters", filters), ("arxiv", arxiv)):
        content = json_bytes(table, compact=True)
        path = hashed_path(STORE_FOLDER, content, stem=f"{name}-")
        files[path] = content
        tables[name] = search_name(path)
    manifest = {
        "papers": len(corpus.papers),
        "chunk": STORE_CHUNK,
        "block": CHUNKS_PER_BLOCK,
        "blocks": blocks,
        "chunk_name": STORE_CHUNK_NAME,  # chunk n: {block} = blocks[n // block], {number} = n
        "topics": [[topic.slug, topic.title] for topic in corpus.topics],
        **tables,
    }
    files[STORE_FILE] = json_bytes(manifest, compact=True)
    return files
