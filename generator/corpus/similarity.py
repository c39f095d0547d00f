"""The corpus's text model: papers as TF-IDF vectors of their words, for relating and suggesting."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix

from generator.cache import text_key
from generator.corpus.stop_words import ENGLISH_STOP_WORDS

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

_COMMON_WORDS_FROM = 100  # papers in the corpus before words in half of them are dropped
_MOST_PAPERS = 0.5  # the share of papers past which a word tells none apart
_WORD = re.compile(r"\b\w\w+\b")  # scikit-learn's token_pattern: two word characters or more


def paper_vectors(
    texts: Sequence[str],
    reference: Sequence[int] | None = None,
    known: Mapping[bytes, TextWords] | None = None,
    used: dict[bytes, TextWords] | None = None,
) -> csr_matrix:
    """One L2-normalised TF-IDF row per paper, from its `weighted_text`.

    The words counted and their weights are learnt from the `reference` papers (positions
    in `texts`; default: all), the settings `tfidf_vectorizer`'s: a paper's vector then does
    not change while the reference does not, whatever papers join. Raises ValueError when
    no reference paper has a word that counts. `known` and `used`: as `word_counts`'s.
    """
    counts = word_counts(texts, known, used)
    rows = np.arange(len(texts)) if reference is None else np.asarray(reference, dtype=np.int64)
    learnt = counts[rows]
    papers = learnt.shape[0]
    in_papers = np.bincount(learnt.indices, minlength=counts.shape[1])
    most = (_MOST_PAPERS if papers >= _COMMON_WORDS_FROM else 1.0) * papers
    words = np.flatnonzero((in_papers > 0) & (in_papers <= most))
    if not len(words):
        raise ValueError("no reference paper has a word that counts")
    vectors: csr_matrix = counts[:, words].tocsr()
    vectors.sort_indices()  # one order of each row's words, so each sum is made in one order
    # As TfidfVectorizer(sublinear_tf=True, smooth_idf=True, norm="l2"), in float32.
    weight = (np.log((1 + papers) / (1 + in_papers[words])) + 1).astype(np.float32)
    vectors.data = (np.log(vectors.data) + 1) * weight[vectors.indices]
    per_row = np.diff(vectors.indptr)
    lengths = np.repeat(np.where(per_row > 0, _row_lengths(vectors), 1), per_row)
    vectors.data = (vectors.data / lengths).astype(np.float32)
    return vectors


TextWords = tuple[tuple[str, ...], tuple[int, ...]]
"""The words a text says that count (not stop words), in the order it first says them, and how
often it says each."""


def said_words(text: str) -> TextWords:
    """The words `text` says that count, and how often."""
    said = Counter(w for w in _WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS)
    return tuple(said), tuple(said.values())


def word_counts(
    texts: Sequence[str],
    known: Mapping[bytes, TextWords] | None = None,
    used: dict[bytes, TextWords] | None = None,
) -> csr_matrix:
    """How often each text says each word: a row per text, a column per word in word order.

    As scikit-learn's `CountVectorizer(stop_words="english")` counts them (a test holds the
    two equal), without importing scikit-learn: 1.4 s in every build that relates papers.
    `known`: the words of texts counted before, by `text_key` (a day changes a few texts of
    thousands; counting them all again was half of relating 10,000 papers); `used`, if
    given, receives those of `texts`. Raises ValueError when no text has a word that is not
    a stop word.
    """
    columns: dict[str, int] = {}
    indices: list[int] = []
    counts: list[int] = []
    ends = [0]
    for text in texts:
        if known is None and used is None:
            words, numbers = said_words(text)
        else:
            key = text_key(text)
            found = known.get(key) if known is not None else None
            words, numbers = found if found is not None else said_words(text)
            if used is not None:
                used[key] = (words, numbers)
        indices.extend(columns.setdefault(word, len(columns)) for word in words)
        counts.extend(numbers)
        ends.append(len(indices))
    if not columns:
        raise ValueError("no text has a word that is not a stop word")
    in_word_order = np.empty(len(columns), dtype=np.int64)
    in_word_order[[columns[word] for word in sorted(columns)]] = np.arange(len(columns))
    matrix = csr_matrix(
        (np.asarray(counts, dtype=np.float32), in_word_order[indices], ends),
        shape=(len(texts), len(columns)),
    )
    matrix.sort_indices()
    return matrix


def _row_lengths(vectors: csr_matrix) -> np.ndarray:
    """Each row's Euclidean length (0 for an empty row), summed in the row's order."""
    lengths = np.zeros(vectors.shape[0], dtype=np.float32)
    filled = np.flatnonzero(np.diff(vectors.indptr) > 0)
    if len(filled):
        squares = np.add.reduceat(vectors.data * vectors.data, vectors.indptr[filled])
        lengths[filled] = np.sqrt(squares)
    return lengths


def weighted_text(title: str, abstract: str) -> str:
    """What a paper's vector is made of: the title counted twice for its weight, the abstract."""
    return f"{title}\n{title}\n{abstract}"


def tfidf_vectorizer(documents: int) -> TfidfVectorizer:
    """The TF-IDF settings for a corpus of `documents` papers (not yet fitted)."""
    # Imported here: scikit-learn takes 0.8 s to import, which a build with nothing to relate
    # (and every other command) should not pay.
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415

    return TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,  # a word said ten times is not ten times as telling
        # A word in most papers of a large corpus tells none apart, and such words make half
        # the work of the product. In a handful of papers, "most" may be two of three: kept.
        max_df=_MOST_PAPERS if documents >= _COMMON_WORDS_FROM else 1.0,
        dtype=np.float32,
    )
