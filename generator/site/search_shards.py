"""The search index split by term, so a query downloads only the part of the index it needs.

This module cuts the postings of lunr's index (scored straight from the papers, or read from
a lunr.py index) into shards of consecutive terms (about `SHARD_BYTES` each) and writes a
small manifest of each shard's first term.
The page (`theme/assets/javascripts/split-index.js`) fetches the shards its query's terms
fall in, rebuilds lunr's serialised form from them and loads it in lunr.js, unmodified.

Results are lunr's exactly: lunr.js scores a document by `queryVector.similarity(fieldVector)`,
the dot product over the query's terms divided by the query vector's magnitude alone, so a
field vector that holds only the fetched terms scores as the whole one does. A shard entry
is one term with its postings and, beside each posting, the document's score for that term:
the field vectors are put back together from those (tests compare every result and score
with the whole index's). A posting lists its documents by number, each as the gap from the
one before: a common word's postings are mostly gaps of 1, which compress to almost nothing
(the shard of the commonest word of 10,000 synthetic papers is 18 kB gzipped, not the
52 kB it took with its refs written out).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
from lunr.index import Index
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.vector import Vector

from generator.cache import keep, read_kept
from generator.site.escape import json_bytes
from generator.site.lunr_builder import TermPostings, grouped_postings
from generator.site.paths import INDEX_FILE, SHARD_FOLDER, hashed_path, search_name
from generator.site.search import (
    SearchDocument,
    collector_paused,
    index_code,
    index_postings,
    short_ref,
)

SHARD_BYTES = 48_000
"""About how large a shard is before compression: a one-word query fetches one or two."""

PREFIX_SHARDS = 3
"""A half-typed last word is also searched as a prefix, but only while the words it may begin
lie in at most this many shards: the words a common word begins ("model": modelling, models,
modeller...) would bring much of the index for little. In the manifest, for the page."""

IndexFiles = dict[PurePosixPath, bytes]


def build_index_files(documents: Sequence[SearchDocument], terms_file: Path | None = None) -> bytes:
    """The split index of `documents`, bundled; runs in a worker process.

    `terms_file`: where the terms of the field texts are kept between builds (a day changes
    a few papers' text of thousands; finding the terms of all of them was half the index's
    time), in `marshal`'s format: plain values, no code run when read.
    """
    version = index_code()
    known = read_kept(terms_file, version) if terms_file else None
    with collector_paused():  # the split allocates millions of objects too
        postings, used = index_postings(documents, known if isinstance(known, dict) else {})
        files = bundle(split_postings(postings))
    if terms_file is not None:
        keep(terms_file, version, used)
    return files


def split_index(index: Index, shard_bytes: int = SHARD_BYTES) -> IndexFiles:
    """The manifest (at INDEX_FILE) and the shards of a lunr index, about `shard_bytes` each."""
    return split_postings(postings_of_index(index), shard_bytes)


def split_postings(postings: TermPostings, shard_bytes: int = SHARD_BYTES) -> IndexFiles:
    """The manifest (at INDEX_FILE) and the shards of an index's postings, about `shard_bytes`
    each."""
    # In the order lunr.js compares strings (UTF-16 code units), which is the order its
    # token set must be built in; Python's own order differs for characters past U+FFFF.
    terms = sorted(postings.numbers, key=_utf16)
    files: IndexFiles = {}
    shards = []
    entries = (_shard_entry(term, postings) for term in terms)
    for first, shard in _cut(entries, shard_bytes):
        content = json_bytes(shard, compact=True)
        path = hashed_path(SHARD_FOLDER, content)
        files[path] = content
        shards.append([first, search_name(path)])
    manifest = {
        "version": LUNR_JS_VERSION,
        "fields": postings.fields,
        "pipeline": postings.pipeline,
        "documents": postings.documents,
        "shards": shards,
        "prefix_shards": PREFIX_SHARDS,
        # What the index leaves out: the page's early fetch (theme/partials/search-prefetch.html)
        # fetches no shard for them.
        "stop_words": sorted(STOP_WORDS),
    }
    files[INDEX_FILE] = json_bytes(manifest, compact=True)
    return files


def _utf16(term: str) -> bytes:
    return term.encode("utf-16-be", "surrogatepass")


def postings_of_index(index: Index) -> TermPostings:
    """Every term's postings in a lunr index, per field in the index's order, read from its
    field vectors, and checked against its inverted index.

    lunr.py adds papers one after the other, filling each paper's postings and field vectors
    together: the vectors come paper by paper, each paper's fields in the index's order, short
    refs counting up (checked here), so each posting read from them counts up too, in the
    order the whole index lists it. The vectors' 1.6 million scores at 10,000 papers are
    sorted by term at once (numpy), not appended one by one.
    """
    import numpy as np  # noqa: PLC0415 (here: a command that builds no index does not pay)

    fields: list[str] = list(index.fields)
    field_vectors: Mapping[str, Vector] = index.field_vectors
    for position, field_ref in enumerate(field_vectors):
        paper, field = divmod(position, len(fields))
        expected = f"{fields[field]}/{short_ref(paper)}"
        if field_ref != expected:
            raise ValueError(f"field vector {position} is {field_ref!r}, not {expected!r}")
    vectors = list(field_vectors.values())
    sizes = np.fromiter((len(vector.elements) for vector in vectors), np.int64, len(vectors))
    flat = chain.from_iterable(vector.elements for vector in vectors)
    elements = np.fromiter(flat, np.float64, int(sizes.sum()))
    # lunr serialises round(score, 3); the builder rounded each score so already (FastBuilder,
    # as lunr.py's builder does), and a float goes through numpy unchanged.
    numbers, scores = elements[0::2].astype(np.int64), elements[1::2]
    papers, field_of = np.divmod(np.repeat(np.arange(len(vectors)), sizes // 2), len(fields))
    postings = grouped_postings(numbers, field_of, papers, scores, len(fields))
    numbers_of = {term: posting["_index"] for term, posting in index.inverted_index.items()}
    for term, number in numbers_of.items():
        per_field = postings.get(number, [([], [])] * len(fields))
        for name, (gaps, _) in zip(fields, per_field, strict=True):
            if len(gaps) != len(index.inverted_index[term].get(name, ())):
                message = f"the postings of {term!r} in {name} and its field vectors differ"
                raise ValueError(message)
    documents = len(field_vectors) // max(len(fields), 1)
    return TermPostings(fields, index.pipeline.serialize(), documents, numbers_of, postings)


def _shard_entry(term: str, postings: TermPostings) -> list[Any]:
    """[term, its number, then per field: [] or [gaps between its papers' numbers, from 0 and
    counting up; their scores in that order]].

    That is the order lunr.py added the papers in, newest first, and so the order of results
    that score alike, in the whole index as in the split one.
    """
    number = postings.numbers[term]
    per_field = [[gaps, scores] if gaps else [] for gaps, scores in postings.postings[number]]
    return [term, number, *per_field]


def _cut(entries: Iterable[list[Any]], shard_bytes: int) -> Iterator[tuple[str, list[list[Any]]]]:
    """Consecutive runs of entries of about `shard_bytes` each, with the first term of each (the
    first shard's is "", so every term falls in one)."""
    shard: list[list[Any]] = []
    size = 0
    first = ""
    for entry in entries:
        if shard and size >= shard_bytes:
            yield first, shard
            shard, size, first = [], 0, entry[0]
        shard.append(entry)
        # About the entry's JSON: each document's short ref and score take ~10 bytes.
        size += len(entry[0]) + 12 + 10 * sum(len(part[0]) for part in entry[2:] if part)
    if shard or not first:
        yield first, shard


def bundle(files: IndexFiles) -> bytes:
    """The index's files as one blob, to cache and to pass between processes."""
    return json.dumps({str(path): content.decode() for path, content in files.items()}).encode()


def unbundle(blob: bytes) -> IndexFiles:
    """The files a `bundle` holds."""
    return {PurePosixPath(path): text.encode() for path, text in json.loads(blob).items()}
