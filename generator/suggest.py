"""Suggest a new paper's topics from the curated papers most like it (TF-IDF cosine), with
the topics' keywords as further evidence; a paper unlike every topic's papers is off-topic."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from generator.corpus.schema import Paper, Topic
from generator.site.related import tfidf_vectorizer, weighted_text

MAX_SUGGESTED = 3


@dataclass(frozen=True)
class Suggestion:
    """A paper's suggested topics, best first (none: off-topic), and why."""

    topics: tuple[str, ...]
    neighbours: tuple[tuple[str, float], ...]  # the most similar curated papers: (id, cosine)
    keyword_topics: tuple[str, ...]  # the topics whose keywords the text names


@dataclass(frozen=True)
class Thresholds:
    """How the evidence is weighed; the defaults are measured in docs/topics.md."""

    neighbours: int = 7  # curated papers that vote, each with its cosine similarity
    keyword_weight: float = 0.1  # what a keyword adds to its topic, per occurrence (up to 3)
    # A topic admits a paper as like its own papers as this share of them are (their
    # similarity to the topic's centroid, each left out of it in turn) ...
    admitted: float = 0.8
    keyword_share: float = 0.7  # ... or this fraction of that, when it names one of its keywords
    cold_start: int = 5  # a topic with fewer curated papers: its keywords alone suggest it
    runner_up: float = 0.5  # a further topic is suggested when it scores this share of the first


class TopicSuggester:
    """Fitted once on the curated papers, then asked about each new paper.

    Whether a paper belongs at all is decided per topic, by its similarity to the topic's
    centroid: a topic admits it when it is as like the topic as most of the topic's own
    papers are. That bar is measured on the topic's papers, so it holds as the archive
    grows (the nearest neighbours of any paper grow closer as the archive fills; a
    centroid does not). Which admitted topics, and in what order: each of the most similar
    curated papers votes for its topics with its similarity, each keyword adds to its topic.
    A keyword named twice or more admits its topic; named once, with a lower bar; a topic
    too new to have papers to compare with is admitted by its keywords alone.
    """

    def __init__(
        self, papers: Sequence[Paper], topics: Sequence[Topic], thresholds: Thresholds | None = None
    ) -> None:
        self.topics = tuple(topics)
        self.thresholds = thresholds or Thresholds()
        self._curated = [paper for paper in papers if paper.topics]
        self._count: Counter[str] = Counter(slug for p in self._curated for slug in p.topics)
        self._vectorizer = tfidf_vectorizer(len(self._curated))
        self._vectors: csr_matrix | None = None
        self._centroids: dict[str, np.ndarray] = {}
        self._bars: dict[str, float] = {}
        if self._curated:
            try:
                self._vectors = self._vectorizer.fit_transform(
                    weighted_text(paper.title, paper.abstract) for paper in self._curated
                )
            except ValueError:  # no curated paper has a word that is not a stop word
                self._vectors = None
        if self._vectors is not None:
            self._calibrate(self._vectors)

    def _calibrate(self, vectors: csr_matrix) -> None:
        """Each topic's centroid, and the similarity to it that most of its papers reach."""
        for topic in self.topics:
            members = [i for i, paper in enumerate(self._curated) if topic.slug in paper.topics]
            if len(members) < self.thresholds.cold_start:
                continue
            rows = vectors[members]
            total = np.asarray(rows.sum(axis=0)).ravel()
            norm = float(np.linalg.norm(total))
            if norm == 0:
                continue
            self._centroids[topic.slug] = total / norm
            # Each paper against the centroid of the others: x.(S - x) / |S - x|, where
            # |S - x|^2 = |S|^2 - 2 x.S + |x|^2 and rows are unit vectors (or empty).
            dots = rows @ total
            lengths = np.asarray(rows.multiply(rows).sum(axis=1)).ravel()
            rest = np.sqrt(np.maximum(norm**2 - 2 * dots + lengths, 1e-12))
            left_out = (dots - lengths) / rest
            self._bars[topic.slug] = float(
                np.quantile(left_out, 1 - self.thresholds.admitted, method="lower")
            )

    def suggest(self, title: str, abstract: str) -> Suggestion:
        """The topics for a paper with this title and abstract, and the papers behind them."""
        hits = keyword_hits(f"{title} {abstract}", self.topics)
        neighbours = self._nearest(title, abstract)
        weights = self.thresholds
        closeness = self._closeness(title, abstract)
        admitted = {slug for slug, bar in self._bars.items() if closeness[slug] >= bar}
        for slug, count in hits.items():
            # A keyword named once may be in passing ("unlike prior work on X").
            bar = self._bars.get(slug)
            if bar is None or count >= 2 or closeness.get(slug, 0.0) >= weights.keyword_share * bar:
                admitted.add(slug)
        scores: dict[str, float] = dict.fromkeys(admitted, 0.0)
        for index, similarity in neighbours:
            for slug in self._curated[index].topics:
                if slug in scores:
                    scores[slug] += similarity
        for slug, count in hits.items():
            if slug in scores:
                scores[slug] += weights.keyword_weight * min(count, 3)
        order = {topic.slug: index for index, topic in enumerate(self.topics)}
        ranked = sorted(scores, key=lambda slug: (-scores[slug], order.get(slug, len(order))))
        # A topic far behind the first is a neighbour's other interest, not this paper's.
        strong = [slug for slug in ranked if scores[slug] >= weights.runner_up * scores[ranked[0]]]
        closest = tuple((self._curated[index].id, similarity) for index, similarity in neighbours)
        keyword_topics = tuple(sorted(hits, key=lambda slug: -hits[slug]))
        return Suggestion(tuple(strong[:MAX_SUGGESTED]), closest[:2], keyword_topics)

    def _closeness(self, title: str, abstract: str) -> dict[str, float]:
        """The paper's cosine similarity to each calibrated topic's centroid."""
        if not self._centroids:
            return {}
        query = self._vectorizer.transform([weighted_text(title, abstract)])
        return {slug: float((query @ centroid)[0]) for slug, centroid in self._centroids.items()}

    def _nearest(self, title: str, abstract: str) -> list[tuple[int, float]]:
        """The most similar curated papers, by index, with their cosine similarity."""
        if self._vectors is None:
            return []
        query = self._vectorizer.transform([weighted_text(title, abstract)])
        similarities = np.asarray((self._vectors @ query.T).todense()).ravel()
        # Ties are ordered by the papers' order (newest first), so the choice is stable.
        order = np.lexsort((np.arange(len(similarities)), -similarities))
        return [
            (int(index), round(float(similarities[index]), 4))
            for index in order[: self.thresholds.neighbours]
            if similarities[index] > 0
        ]


def keyword_hits(text: str, topics: Sequence[Topic]) -> dict[str, int]:
    """How often each topic's keywords occur in `text` as whole words; topics with none left out."""
    words = " " + " ".join(re.findall(r"\w+", text.casefold())) + " "
    hits = {}
    for topic in topics:
        phrases = (" ".join(re.findall(r"\w+", keyword.casefold())) for keyword in topic.keywords)
        count = sum(words.count(f" {phrase} ") for phrase in phrases if phrase)
        if count:
            hits[topic.slug] = count
    return hits
