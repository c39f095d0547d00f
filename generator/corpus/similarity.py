"""The corpus's text model: papers as TF-IDF vectors of their words, for relating and suggesting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

_COMMON_WORDS_FROM = 100  # papers in the corpus before words in half of them are dropped


def paper_vectors(texts: Sequence[str]) -> csr_matrix:
    """One L2-normalised TF-IDF row per paper, from its `weighted_text`."""
    vectorizer = tfidf_vectorizer(len(texts))
    vectors: csr_matrix = vectorizer.fit_transform(texts)
    return vectors


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
        max_df=0.5 if documents >= _COMMON_WORDS_FROM else 1.0,
        dtype=np.float32,
    )
