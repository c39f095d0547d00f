"""Find each paper's most similar papers by the words of its title and abstract (TF-IDF cosine)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix

from generator.corpus.schema import Paper

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

RELATED_COUNT = 5
"""How many related papers a paper page lists."""

# Kept per paper before ties are ordered: the paper itself plus some room, so that papers tied
# at the cut are ordered by the rule below rather than by where the multiplication met them.
_CANDIDATES = RELATED_COUNT + 6
_COMMON_WORDS_FROM = 100  # papers in the corpus before words in half of them are dropped


def related_papers(
    papers: Sequence[Paper], threads: int | None = None
) -> Mapping[str, tuple[Paper, ...]]:
    """Return, for each paper id, up to five other papers most alike in title and abstract.

    Papers that share no weighted word are never listed. Equal scores are ordered by the
    papers' order in `papers`; each score is summed in one fixed order, so the same corpus
    gives the same lists on any machine and with any number of `threads` (default: all cores).
    """
    if len(papers) < 2:
        return {paper.id: () for paper in papers}
    # Imported here: scikit-learn takes 0.8 s to import, which a build with nothing to render
    # (and every other command) should not pay.
    from sparse_dot_topn import sp_matmul_topn  # noqa: PLC0415

    try:
        vectors = _vectors(papers)
    except ValueError:  # no paper has a word that is not a stop word: nothing relates them
        return {paper.id: () for paper in papers}
    # The full similarity matrix would hold n² scores (10 GB at 50,000 papers): the product
    # keeps only each row's best, computed over every core.
    best = sp_matmul_topn(
        vectors,
        vectors.T,
        top_n=_CANDIDATES,
        threshold=0.0,
        n_threads=threads or usable_cpus(),
    )
    result: dict[str, tuple[Paper, ...]] = {}
    for row, paper in enumerate(papers):
        start, end = best.indptr[row], best.indptr[row + 1]
        columns, scores = best.indices[start:end], best.data[start:end]
        order = np.lexsort((columns, -scores))
        chosen = [int(column) for column in columns[order] if column != row]
        result[paper.id] = tuple(papers[column] for column in chosen[:RELATED_COUNT])
    return result


def usable_cpus() -> int:
    """The CPUs this process may run on, on Linux, macOS and Windows alike."""
    process_cpu_count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if process_cpu_count is not None:
        return int(process_cpu_count() or 1)
    affinity = getattr(os, "sched_getaffinity", None)  # Linux; not macOS or Windows
    if affinity is not None:
        return len(affinity(0))
    return os.cpu_count() or 1


def _vectors(papers: Sequence[Paper]) -> csr_matrix:
    """One L2-normalised TF-IDF row per paper."""
    vectorizer = tfidf_vectorizer(len(papers))
    vectors: csr_matrix = vectorizer.fit_transform(
        weighted_text(paper.title, paper.abstract) for paper in papers
    )
    return vectors


def weighted_text(title: str, abstract: str) -> str:
    """What a paper's vector is made of: the title counted twice for its weight, the abstract."""
    return f"{title}\n{title}\n{abstract}"


def tfidf_vectorizer(documents: int) -> TfidfVectorizer:
    """The TF-IDF settings for a corpus of `documents` papers (not yet fitted)."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415 (see above)

    return TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,  # a word said ten times is not ten times as telling
        # A word in most papers of a large corpus tells none apart, and such words make half
        # the work of the product. In a handful of papers, "most" may be two of three: kept.
        max_df=0.5 if documents >= _COMMON_WORDS_FROM else 1.0,
        dtype=np.float32,
    )
