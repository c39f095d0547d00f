"""Suggest a new paper's topics from the curated papers most like it (TF-IDF cosine), with
the topics' keywords as further evidence; a paper unlike every curated one is off-topic."""

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
    threshold: float = 0.5  # the least vote of the best topic for a paper to be on-topic ...
    keyword_threshold: float = 0.25  # ... or this much, when it names one of its keywords
    cold_start: int = 5  # a topic with fewer curated papers: its keywords alone suggest it
    runner_up: float = 0.5  # a further topic is suggested when it scores this share of the first


class TopicSuggester:
    """Fitted once on the curated papers, then asked about each new paper.

    Each of the most similar curated papers votes for its topics with its similarity; each
    keyword the text names adds to its topic. A paper whose best topic's vote is under the
    threshold is off-topic, unless it names a topic's keywords twice or more, or once with
    half the vote, or names a keyword of a topic too new to have papers to compare with.
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
        if self._curated:
            try:
                self._vectors = self._vectorizer.fit_transform(
                    weighted_text(paper.title, paper.abstract) for paper in self._curated
                )
            except ValueError:  # no curated paper has a word that is not a stop word
                self._vectors = None

    def suggest(self, title: str, abstract: str) -> Suggestion:
        """The topics for a paper with this title and abstract, and the papers behind them."""
        hits = keyword_hits(f"{title} {abstract}", self.topics)
        neighbours = self._nearest(title, abstract)
        weights = self.thresholds
        votes: dict[str, float] = {}
        for index, similarity in neighbours:
            for slug in self._curated[index].topics:
                votes[slug] = votes.get(slug, 0.0) + similarity
        # The evidence is the best topic's vote: one curated paper alike in a generic word
        # or two ("A survey of ...") is not enough, several alike in the same topic are.
        support = max(votes.values(), default=0.0)
        scores = dict(votes)
        for slug, count in hits.items():
            scores[slug] = scores.get(slug, 0.0) + weights.keyword_weight * min(count, 3)
        keyword_topics = tuple(sorted(hits, key=lambda slug: -hits[slug]))
        # A keyword named once may be in passing ("unlike prior work on X"): it counts when
        # the paper is somewhat like the curated ones too, or when its topic is too new to
        # have curated papers to compare with. Named twice or more, the paper is about it.
        on_topic = support >= weights.threshold or any(
            count >= 2
            or self._count[slug] < weights.cold_start
            or support >= weights.keyword_threshold
            for slug, count in hits.items()
        )
        if support < weights.threshold:  # on-topic by its keywords: only theirs are evidence
            scores = {slug: score for slug, score in scores.items() if slug in hits}
        order = {topic.slug: index for index, topic in enumerate(self.topics)}
        ranked = sorted(scores, key=lambda slug: (-scores[slug], order.get(slug, len(order))))
        # A topic far behind the first is a neighbour's other interest, not this paper's.
        strong = [slug for slug in ranked if scores[slug] >= weights.runner_up * scores[ranked[0]]]
        chosen = tuple(strong[:MAX_SUGGESTED]) if on_topic else ()
        closest = tuple((self._curated[index].id, similarity) for index, similarity in neighbours)
        return Suggestion(chosen, closest[:2], keyword_topics)

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
