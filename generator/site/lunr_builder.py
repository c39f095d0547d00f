"""lunr.py's index builder, made fast enough for an archive of tens of thousands of papers.

lunr.py tokenizes character by character, runs its pipeline once per token, and inserts each
term into a field vector by binary search: at 10,000 papers that took 24 s. `FastBuilder`
produces the same serialised index (tests compare the two byte for byte) with three changes:
words are split by one regular expression over lunr's own separator characters, the pipeline
runs once per distinct word (its steps depend on the word alone), and a field vector is
sorted once instead of inserted into term by term. lunr.py's version is pinned
(constraints.txt) and part of the index's cache key, so an upgrade is checked again.

The split index the site ships needs no index at all, only each term's postings with their
scores: `FastBuilder.scored_postings` works them out from all the documents at once, in arrays
(tests hold its postings to those read from lunr.py's own index).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.idf import idf as inverse_document_frequency
from lunr.token import Token
from lunr.tokenizer import SEPARATOR_CHARS
from lunr.vector import Vector

from generator.cache import text_key

if TYPE_CHECKING:
    import numpy as np

_NO_METADATA: dict[str, list[object]] = {}


_SEPARATORS = re.compile("[" + re.escape(SEPARATOR_CHARS) + "]+")


FieldTerms = tuple[tuple[str, ...], tuple[int, ...]]
"""A field's terms, in the order the pipeline first gives them, and how often each comes."""

Posting = tuple[list[int], list[float]]
"""A term's papers in one field, as gaps between their numbers (from 0, counting up), and the
term's score in each."""


@dataclass(frozen=True)
class TermPostings:
    """What a split index is cut from: every term's postings, per field, with lunr.py's scores."""

    fields: list[str]
    pipeline: list[str]  # the search pipeline, serialised: what the page runs on a query
    documents: int
    numbers: dict[str, int]  # each term's number (its posting's "_index" in lunr's index)
    postings: dict[int, list[Posting]]  # by term number, one per field in `fields`' order


class FastBuilder(Builder):  # type: ignore[misc]  # lunr has no type hints
    """A lunr.py `Builder` whose `add` and `build` give lunr.py's results, many times faster.

    `known_terms`: the terms of field texts seen before, by `text_key` (kept between builds:
    a day changes a few papers' text of thousands). `used_terms` holds those of this index.
    """

    _ref: str
    _fields: dict[str, object]
    _documents: dict[str, dict[str, object]]
    _b: float
    _k1: float

    def __init__(self, known_terms: Mapping[bytes, FieldTerms] | None = None) -> None:
        super().__init__()
        # The pipeline's terms for one word; filled once the pipeline is complete (first add).
        self._terms_of_word = lru_cache(maxsize=None)(self._run_pipeline)
        self._known_terms = known_terms or {}
        self.used_terms: dict[bytes, FieldTerms] = {}
        self._term_numbers: dict[str, list[int]] = {}  # each field's terms' numbers, in order
        self._number_of: dict[str, int] = {}  # each term's number (its posting's "_index")
        # Each field's documents by term: the inverted index's, by field first.
        self._postings: dict[str, dict[str, dict[str, object]]] = {}

    def field(self, field_name: str, boost: float = 1, extractor: object = None) -> None:
        """Index documents' `field_name` too, as lunr.py's `Builder.field` does."""
        super().field(field_name, boost, extractor)
        self._postings.setdefault(field_name, {})

    def _run_pipeline(self, word: str) -> tuple[str, ...]:
        return tuple(str(token) for token in self.pipeline.run([Token(word, {})]))

    def add(self, doc: Mapping[str, object], attributes: dict[str, object] | None = None) -> None:
        """Add a document to the index, as lunr.py's `Builder.add` does (no token metadata)."""
        if self.metadata_whitelist:
            raise ValueError("FastBuilder keeps no token metadata; use lunr's Builder")
        doc_ref = str(doc[self._ref])
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        for field_name, field in self._fields.items():
            terms_and_counts = self._terms_of(doc, field_name, field)
            field_ref = str(FieldRef(doc_ref, field_name))
            # In first-seen order, so terms are numbered (`_index`) as lunr.py numbers them.
            field_terms = dict(zip(*terms_and_counts, strict=True))
            self.field_term_frequencies[field_ref] = field_terms
            self.field_lengths[field_ref] = sum(terms_and_counts[1])
            terms = terms_and_counts[0]
            number_of, postings = self._number_of, self._postings[field_name]
            for term in [term for term in terms if term not in number_of]:  # first seen here
                posting: dict[str, object] = {name: {} for name in self._fields}
                posting["_index"] = number_of[term] = self.term_index
                self.term_index += 1
                self.inverted_index[term] = posting
                for name in self._fields:
                    self._postings[name][term] = posting[name]  # type: ignore[assignment]
            # In comprehensions and `map`, not a loop of statements: 1.5 million terms of
            # fields at 10,000 papers.
            self._term_numbers[field_ref] = [number_of[term] for term in terms]
            # lunr.py gives each (term, field, paper) its own empty metadata; with none kept,
            # one shared empty mapping serialises the same, without allocating 1.6 million of
            # them at 10,000 papers. Nothing writes into it: the index is only serialised, and
            # lunr's queries copy what they read.
            for documents in map(postings.__getitem__, terms):
                documents[doc_ref] = _NO_METADATA

    def scored_postings(self, documents: Iterable[Mapping[str, object]]) -> TermPostings:
        """The postings of `documents`' terms, scored as lunr.py's index scores them, without
        building that index: the documents are numbered in order, from 0.

        `add` then `build` fill dictionaries for each of 1.6 million terms of fields at 10,000
        papers, then vectors that a split reads back: about half the index's time.
        """
        import numpy as np  # noqa: PLC0415 (here: a command that builds no index does not pay)

        number_of: dict[str, int] = {}
        numbers_of: list[list[int]] = []  # per document and field, in that order
        counts_of: list[tuple[int, ...]] = []
        for document in documents:
            for field_name, field in self._fields.items():
                terms, term_counts = self._terms_of(document, field_name, field)
                for term in [term for term in terms if term not in number_of]:
                    number_of[term] = len(number_of)
                numbers_of.append([number_of[term] for term in terms])
                counts_of.append(term_counts)
        fields = list(self._fields)
        count = len(numbers_of) // len(fields)
        sizes = np.fromiter(map(len, numbers_of), np.int64, len(numbers_of))
        total = int(sizes.sum())
        numbers = np.fromiter(chain.from_iterable(numbers_of), np.int64, total)
        counts = np.fromiter(chain.from_iterable(counts_of), np.float64, total)
        field_lengths = np.fromiter(map(sum, counts_of), np.int64, len(counts_of))
        lengths = field_lengths.reshape(-1, len(fields))  # a row per document
        # lunr.py's idf counts the (document, field) pairs that hold a term.
        in_fields = np.bincount(numbers, minlength=len(number_of)).tolist()
        idf = np.array([_idf(count, pairs) for pairs in in_fields])
        k1, b = self._k1, self._b
        average = lengths.sum(axis=0) / max(count, 1)  # each field's, as lunr.py averages
        with np.errstate(divide="ignore", invalid="ignore"):  # a field empty in every document
            length_factors = (k1 * (1 - b + b * (lengths / average))).ravel()
        field_boosts = [self._fields[name].boost for name in fields]  # type: ignore[attr-defined]
        boosts = np.tile(np.array(field_boosts, np.float64), count)
        scores = _scores(idf[numbers], counts, sizes, length_factors, boosts, k1=k1)
        field_of = np.repeat(np.tile(np.arange(len(fields)), count), sizes)
        papers = np.repeat(np.arange(len(sizes)) // len(fields), sizes)
        postings = grouped_postings(numbers, field_of, papers, scores, len(fields))
        pipeline = self.search_pipeline.serialize()
        return TermPostings(fields, pipeline, count, number_of, postings)

    def _terms_of(self, document: Mapping[str, object], name: str, field: object) -> FieldTerms:
        """The terms of one field of `document`, known or found, and kept in `used_terms`."""
        extractor = field.extractor  # type: ignore[attr-defined]
        value = document[name] if extractor is None else extractor(document)
        text = "" if value is None else str(value)
        key = text_key(text)
        terms_and_counts = self._known_terms.get(key) or self._field_terms(text)
        self.used_terms[key] = terms_and_counts
        return terms_and_counts

    def _field_terms(self, text: str) -> FieldTerms:
        """The terms of a field's text, counted at once (a Counter keeps first-seen order)."""
        terms_of_word = self._terms_of_word
        words = _SEPARATORS.split(text.lower())
        counted = Counter(term for word in words if word for term in terms_of_word(word))
        return tuple(counted), tuple(counted.values())

    def _calculate_average_field_lengths(self) -> None:
        """lunr.py's averages, and 0 for a field no document has (an empty archive)."""
        if self.document_count:
            super()._calculate_average_field_lengths()
        else:  # lunr.py would divide by zero documents
            self.average_field_length = dict.fromkeys(self._fields, 0)

    def _create_field_vectors(self) -> None:
        """Score every document's terms as lunr.py does, all at once, each vector sorted once."""
        import numpy as np  # noqa: PLC0415 (here: a command that builds no index does not pay)

        k1, b = self._k1, self._b
        frequencies = self.field_term_frequencies
        refs = list(frequencies)
        sizes = np.fromiter((len(frequencies[ref]) for ref in refs), np.int64, len(refs))
        total = int(sizes.sum())
        numbers = np.fromiter(
            chain.from_iterable(self._term_numbers[ref] for ref in refs), np.int64, total
        )
        counts = np.fromiter(
            chain.from_iterable(frequencies[ref].values() for ref in refs), np.float64, total
        )
        idf = np.zeros(self.term_index)
        for posting in self.inverted_index.values():
            idf[posting["_index"]] = inverse_document_frequency(posting, self.document_count)
        # Per field: k1 * (1 - b + b * length ratio), and its boost times the document's.
        lengths, boosts = np.ones(len(refs)), np.ones(len(refs))
        for position, ref in enumerate(refs):
            if not sizes[position]:  # lunr.py never divides by a field's average length then
                continue
            parsed = FieldRef.from_string(ref)
            field_name = parsed.field_name
            length_ratio = self.field_lengths[ref] / self.average_field_length[field_name]
            lengths[position] = k1 * (1 - b + b * length_ratio)
            field_boost = self._fields[field_name].boost  # type: ignore[attr-defined]
            boosts[position] = field_boost * self._documents[parsed.doc_ref].get("boost", 1)
        scores = _scores(idf[numbers], counts, sizes, lengths, boosts, k1=k1)
        # Each field's terms by number: sorted by (field, number) at once.
        fields = np.repeat(np.arange(len(refs)), sizes)
        order = np.lexsort((numbers, fields))
        numbers_sorted, scores_sorted = numbers[order].tolist(), scores[order].tolist()
        field_vectors = {}
        end = 0
        for ref, size in zip(refs, sizes.tolist(), strict=True):
            start, end = end, end + size
            elements: list[float] = [0] * (2 * size)
            elements[::2] = numbers_sorted[start:end]
            elements[1::2] = scores_sorted[start:end]
            field_vectors[ref] = Vector(elements)
        self.field_vectors = field_vectors


def _idf(documents: int, documents_with_term: int) -> float:
    """lunr.py's inverse document frequency, from the count of (document, field) pairs that
    hold the term."""
    x = (documents - documents_with_term + 0.5) / (documents_with_term + 0.5)
    return math.log(1 + abs(x))


def _scores(
    idf: np.ndarray,
    counts: np.ndarray,
    sizes: np.ndarray,
    length_factors: np.ndarray,
    boosts: np.ndarray,
    *,
    k1: float,
) -> np.ndarray:
    """lunr.py's score of each term of each field (`sizes` terms a field, each field's length
    factor and boost), rounded as it rounds them: its expression, in its order, elementwise
    (the same floats)."""
    import numpy as np  # noqa: PLC0415 (here: a command that builds no index does not pay)

    scores = idf * ((k1 + 1) * counts) / (np.repeat(length_factors, sizes) + counts)
    return round_like_python(scores * np.repeat(boosts, sizes), 3)


def grouped_postings(
    numbers: np.ndarray, field_of: np.ndarray, papers: np.ndarray, scores: np.ndarray, fields: int
) -> dict[int, list[Posting]]:
    """Every term's postings from parallel arrays of (term number, field, paper, score), one
    element per term of a field; the papers of each field's terms counting up."""
    import numpy as np  # noqa: PLC0415 (here: a command that builds no index does not pay)

    order = np.lexsort((papers, field_of, numbers))
    numbers, field_of, papers = numbers[order], field_of[order], papers[order]
    scores = scores[order]
    if not numbers.size:  # no paper has a term
        return {}
    key = numbers * fields + field_of
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    ends = np.append(starts[1:], len(key))
    gaps = np.diff(papers, prepend=0)
    gaps[starts] = papers[starts]
    gaps_list, scores_list = gaps.tolist(), scores.tolist()
    postings: dict[int, list[Posting]] = {}
    segments = zip(starts.tolist(), ends.tolist(), key[starts].tolist(), strict=True)
    for start, end, number_and_field in segments:
        number, field = divmod(number_and_field, fields)
        per_field = postings.get(number)
        if per_field is None:
            per_field = postings[number] = [([], []) for _ in range(fields)]
        per_field[field] = (gaps_list[start:end], scores_list[start:end])
    return postings


def round_like_python(values: np.ndarray, digits: int) -> np.ndarray:
    """`round(value, digits)` of each value, as Python rounds a float: to the nearest double of
    the decimal its exact value rounds to (half to even).

    `rint(value * 10**digits) / 10**digits` is that whenever the product's rounding cannot
    change which integer is nearest; the values near a half are rounded by Python itself.
    """
    import numpy as np  # noqa: PLC0415 (here: a command that builds no index does not pay)

    scale = 10.0**digits
    scaled = values * scale
    nearest = np.rint(scaled)
    rounded = nearest / scale
    near_half = np.abs(np.abs(scaled - nearest) - 0.5) < 1e-6 * np.maximum(1.0, np.abs(scaled))
    near_half |= ~np.isfinite(scaled)
    for position in np.flatnonzero(near_half).tolist():
        rounded[position] = round(float(values[position]), digits)
    return rounded
