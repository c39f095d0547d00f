"""The text model counts words as scikit-learn does, without importing it in a build."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from generator.cache import text_key
from generator.corpus import load_corpus
from generator.corpus.similarity import TextWords, said_words, weighted_text, word_counts
from generator.corpus.stop_words import ENGLISH_STOP_WORDS as OURS
from tests.conftest import PROJECT_ROOT

# Words, stop words, digits, underscores, TeX, accents and other scripts, odd case and spaces.
_PIECES = ["the", "Model", "models", "x", "42", "n_2", "$\\alpha$", "Über", "İstanbul", "物理"]
_TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=12).map(
    " ".join
)


def test_the_stop_words_are_scikit_learns() -> None:
    assert OURS == ENGLISH_STOP_WORDS


def same_counts(texts: list[str], known: dict[bytes, TextWords] | None = None) -> None:
    ours = word_counts(texts, known, {} if known is not None else None)
    theirs = CountVectorizer(stop_words="english", dtype=np.float32).fit_transform(texts).tocsr()
    theirs.sort_indices()
    assert ours.shape == theirs.shape
    assert (ours.indptr == theirs.indptr).all()
    assert (ours.indices == theirs.indices).all()  # the same words, in the same columns
    assert (ours.data == theirs.data).all()


def test_the_shipped_papers_words_are_counted_as_scikit_learn_counts_them() -> None:
    papers = load_corpus(PROJECT_ROOT / "content").papers
    same_counts([weighted_text(paper.title, paper.abstract) for paper in papers])


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=6))
@example(["", "x y", "the and of"])  # a text with no word, one of short words, of stop words
def test_any_texts_words_are_counted_as_scikit_learn_counts_them(texts: list[str]) -> None:
    try:
        CountVectorizer(stop_words="english").fit(texts)
    except ValueError:  # no word but stop words: both refuse
        try:
            word_counts(texts)
        except ValueError:
            return
        raise AssertionError("counted words scikit-learn found none of") from None
    same_counts(texts)


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=6), st.lists(_TEXT, max_size=6))
def test_words_kept_from_other_texts_count_as_counted_afresh(
    texts: list[str], before: list[str]
) -> None:
    # Kept from an earlier build: the words of some of these texts and of texts since gone.
    known = {text_key(text): said_words(text) for text in [*texts[::2], *before]}
    try:
        CountVectorizer(stop_words="english").fit(texts)
    except ValueError:
        return
    same_counts(texts, known)
    used: dict[bytes, TextWords] = {}
    word_counts(texts, known, used)
    assert used == {text_key(text): said_words(text) for text in texts}  # none of the gone


def test_a_text_counted_before_is_not_counted_again() -> None:
    # What is kept is what counts (the build's cache is versioned by the generator's code).
    known = {text_key("quantum toys"): (("superposition",), (3,))}
    counts = word_counts(["quantum toys", "quantum models"], known)
    assert counts[0].toarray().tolist() == [[0, 0, 3]]  # models, quantum, superposition
