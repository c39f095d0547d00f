"""The fast index builder writes exactly what lunr.py's own builder writes: index and postings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.builder import Builder
from lunr.index import Index
from lunr.stop_word_filter import stop_word_filter

from generator.corpus import Corpus, load_corpus
from generator.site.folding import fold
from generator.site.lunr_builder import FastBuilder, round_like_python
from generator.site.search import _FIELDS as SEARCH_FIELDS
from generator.site.search import (
    SearchDocument,
    index_postings,
    lunr_index,
    search_documents,
    short_ref,
)
from generator.site.search_shards import split_index, split_postings
from generator.site.stemmer import stem_like_lunr_js

BOOSTS = {"title": 10, "authors": 5, "abstract": 1}

# What real abstracts hold: lunr's separators (including no-break space and hyphen), other
# whitespace lunr does not split on, punctuation the fold step trims, stop words, LaTeX,
# accents and scripts whose lower case changes length.
WORDS = st.sampled_from(
    [
        "the",
        "a",
        "of",
        "quantum",
        "Quantum",
        "superposition",
        "toy",
        "survey",
        "day",
        "models",
        "modelling",
        "re-ranking",
        "state-of-the-art",
        "$\\alpha$",
        "O(n^2)",
        "(3D)",
        "--",
        "...",
        "Schrödinger",
        "naïve",
        "İstanbul",
        "ΣΦ",
        "数据",
        "e.g.,",
        "x_{t+1}",
        "2026",
        "<script>",
        "'quoted'",
        "\u2018curly\u2019",
        "a\u00a0b",
        "zero\u200bwidth",
    ]
)
SEPARATORS = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "-", " - ", "\u2003", ""])
TEXT = st.lists(st.tuples(WORDS, SEPARATORS), max_size=30).map(
    lambda pairs: "".join(word + separator for word, separator in pairs)
)
DOCUMENTS = st.lists(
    st.fixed_dictionaries({"title": TEXT, "authors": TEXT, "abstract": TEXT}),
    min_size=1,
    max_size=8,
)


def serialised(builder: Builder, documents: Sequence[dict[str, str]]) -> str:
    """The index `builder` makes of `documents`, set up as the site's search sets it up."""
    builder.pipeline.add(fold, stop_word_filter, stem_like_lunr_js)
    builder.search_pipeline.add(fold, stem_like_lunr_js)
    builder.ref("ref")
    for field_name, boost in BOOSTS.items():
        builder.field(field_name, boost=boost)
    for position, document in enumerate(documents):
        builder.add({"ref": str(position), **document})
    return json.dumps(builder.build().serialize(), sort_keys=True)


@settings(max_examples=150, deadline=None)
@given(DOCUMENTS)
def test_the_index_is_lunr_pys_for_any_text(documents: list[dict[str, str]]) -> None:
    assert serialised(FastBuilder(), documents) == serialised(Builder(), documents)


@pytest.fixture
def corpus(corpus_dir: Path) -> Corpus:
    return load_corpus(corpus_dir)


def test_the_index_is_lunr_pys_for_the_fixture_corpus(corpus: Corpus) -> None:
    documents = [
        {key: value for key, value in document.items() if key != "ref"}
        for document in search_documents(corpus)
    ]
    assert serialised(FastBuilder(), documents) == serialised(Builder(), documents)


def test_a_missing_field_is_indexed_as_empty_as_lunr_py_does() -> None:
    documents = [{"title": "Quantum toys", "authors": None, "abstract": "A survey."}]
    assert serialised(FastBuilder(), documents) == serialised(Builder(), documents)  # type: ignore[arg-type]


def test_token_metadata_is_refused_rather_than_left_out() -> None:
    builder = FastBuilder()
    builder.metadata_whitelist = ["position"]
    builder.ref("ref")
    builder.field("title")
    with pytest.raises(ValueError, match="no token metadata"):
        builder.add({"ref": "0", "title": "Quantum"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), max_size=50))
def test_scores_are_rounded_as_python_rounds_them(values: list[float]) -> None:
    # Halves in decimal (k / 2000) that are not halves in binary, where `rint(x * 1000)` alone
    # goes wrong (0.0005 is stored a hair above its half: Python rounds it up to 0.001, `rint`
    # of the product, 0.5, down to 0), exact binary halves (0.0625) and others.
    halves = [k / 2000 for k in range(1, 4001, 2)] + [2.675, 1.0005, 0.0625, 1 / 3]
    values = values + halves
    rounded = round_like_python(np.array(values, dtype=np.float64), 3).tolist()
    assert rounded == [round(value, 3) for value in values]


def lunr_py_index(documents: Sequence[SearchDocument]) -> Index:
    """lunr.py's own index of `documents`, set up as the site's search sets up its builder."""
    builder = Builder()
    builder.pipeline.add(fold, stop_word_filter, stem_like_lunr_js)
    builder.search_pipeline.add(fold, stem_like_lunr_js)
    builder.ref("ref")
    for field in SEARCH_FIELDS:
        builder.field(**field)
    for document in documents:
        builder.add(document)
    return builder.build()


PAPERS = st.lists(
    st.fixed_dictionaries({"title": TEXT, "authors": TEXT, "topics": TEXT, "abstract": TEXT}),
    min_size=1,  # lunr.py divides by the number of documents
    max_size=8,
).map(lambda fields: [{"ref": short_ref(n), **paper} for n, paper in enumerate(fields)])


@settings(max_examples=150, deadline=None)
@given(PAPERS, st.sampled_from([1, 200, 48_000]))
def test_postings_scored_without_an_index_split_as_lunr_py_s_index_does(
    documents: list[SearchDocument], shard_bytes: int
) -> None:
    postings, _ = index_postings(documents, {})
    expected = split_index(lunr_py_index(documents), shard_bytes)
    assert split_postings(postings, shard_bytes) == expected


def test_postings_of_the_fixture_corpus_split_as_lunr_py_s_index_does(corpus: Corpus) -> None:
    documents = search_documents(corpus)
    postings, _ = index_postings(documents, {})
    assert split_postings(postings, 2_000) == split_index(lunr_py_index(documents), 2_000)


def test_an_empty_archive_s_postings_split_as_its_index_does() -> None:
    postings, _ = index_postings([], {})
    assert split_postings(postings) == split_index(lunr_index([]))


def test_postings_are_scored_only_for_papers_numbered_in_order(corpus: Corpus) -> None:
    documents = search_documents(corpus)
    documents[0], documents[1] = documents[1], documents[0]
    with pytest.raises(ValueError, match="document 0's ref is '1', not its number"):
        index_postings(documents, {})
