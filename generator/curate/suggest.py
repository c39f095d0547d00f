"""Suggest a new paper's topics from the curated papers most like it (TF-IDF cosine), against
the papers the archive declined; a paper unlike every topic's papers is off-topic."""

from __future__ import annotations

import copy
import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, vstack

from generator.corpus.schema import DeclinedPaper, Paper, Topic
from generator.corpus.similarity import tfidf_vectorizer, weighted_text

MAX_SUGGESTED = 3
GUARD_NEIGHBOURS = 3
"""The topic's papers and the negatives most like a paper, compared by their mean similarity:
one paper alike by chance on either side does not decide."""


@dataclass(frozen=True)
class Negative:
    """A paper the archive does not keep: declined, or not admitted the same day."""

    label: str  # how the report names it: its arXiv id
    title: str
    text: str  # its abstract, or the words a declined record keeps of it

    @classmethod
    def declined(cls, record: DeclinedPaper) -> Negative:
        """A declined paper, by the title and words its record keeps."""
        return cls(record.arxiv, record.title, record.words or "")


@dataclass(frozen=True)
class Suggestion:
    """A paper's suggested topics, best first (none: off-topic), and why."""

    topics: tuple[str, ...]
    neighbours: tuple[tuple[str, float], ...]  # the most similar curated papers: (id, cosine)
    keyword_topics: tuple[str, ...]  # the topics whose keywords the text names
    declined: tuple[tuple[str, float], ...] = ()  # the most similar negatives: (label, cosine)
    closeness: float = 0.0  # its best topic's similarity over that topic's bar (1: on the bar)


@dataclass(frozen=True)
class Thresholds:
    """How the evidence is weighed; the defaults are measured in docs/topics.md."""

    neighbours: int = 7  # curated papers that vote, each with its cosine similarity
    keyword_weight: float = 0.1  # what a keyword adds to its topic's vote, per occurrence (to 3)
    # A topic's bar: the similarity to its centroid that this share of its own papers reach
    # (each left out of the centroid in turn). A paper naming none of the topic's keywords
    # must pass `unnamed` times the bar, one naming them `keyword_share` of it (`_admits`).
    admitted: float = 0.9
    unnamed: float = 1.15
    keyword_share: float = 0.75
    cold_start: int = 5  # a topic with fewer curated papers: two of its keywords suggest it
    runner_up: float = 0.5  # a further topic is suggested when it scores this share of the first


class TopicSuggester:
    """Fitted once on the curated papers and the declined ones (its word weights on the papers
    `seen` too: a day's whole listing), then asked about each new paper.

    Whether a paper belongs is decided per topic. First by its similarity to the topic's
    centroid, against a bar measured on the topic's own papers (so it holds as the archive
    grows): higher for a paper that names none of the topic's keywords, lower for one that
    does (its title keywords count only in its title: many abstracts say "interpretable" in
    passing, few titles do). Then against the negatives (papers declined, and the day's
    papers no topic admitted): the topic's nearest papers must be more like it than the
    nearest negatives, so a general paper that shares a topic's vocabulary is stopped by the
    general papers like it; a paper that names the topic's keywords in earnest answers for
    itself (`_admits`). Keywords are evidence, never admission: they order the admitted
    topics, with the votes of the most similar curated papers; only a topic too new to have
    papers to compare with is admitted by its keywords, two different ones at least.
    """

    def __init__(
        self,
        papers: Sequence[Paper],
        topics: Sequence[Topic],
        thresholds: Thresholds | None = None,
        negatives: Sequence[Negative] = (),
        seen: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.topics = tuple(topics)
        self.thresholds = thresholds or Thresholds()
        self._curated = [paper for paper in papers if paper.topics]
        self._negatives = tuple(negatives)
        texts = [weighted_text(paper.title, paper.abstract) for paper in self._curated]
        texts += [weighted_text(negative.title, negative.text) for negative in self._negatives]
        # Word weights come from every paper the archive has seen, the day's listing too: a
        # word that most of a day's papers use (agents, LLMs, benchmarks) tells no topic apart.
        background = [weighted_text(title, abstract) for title, abstract in seen]
        self._vectorizer = tfidf_vectorizer(len(texts) + len(background))
        self._vectors: csr_matrix | None = None
        self._negative_vectors: csr_matrix | None = None
        self._centroids: dict[str, np.ndarray] = {}
        self._bars: dict[str, float] = {}
        self._members: dict[str, np.ndarray] = {}
        if self._curated:
            try:
                vectors = self._vectorizer.fit_transform(texts + background).tocsr()
                vectors = vectors[: len(texts)]
            except ValueError:  # no paper has a word that is not a stop word
                vectors = None
            if vectors is not None:
                self._vectors = vectors[: len(self._curated)]
                self._negative_vectors = vectors[len(self._curated) :]
                self._calibrate(self._vectors)

    def against(self, more: Sequence[Negative]) -> TopicSuggester:
        """This suggester with `more` negatives, in the words it was fitted on (no refit)."""
        widened = copy.copy(self)
        widened._negatives = (*self._negatives, *more)
        if self._negative_vectors is not None and more:
            added = self._vectorizer.transform(
                [weighted_text(negative.title, negative.text) for negative in more]
            )
            widened._negative_vectors = vstack([self._negative_vectors, added]).tocsr()
        return widened

    def _calibrate(self, vectors: csr_matrix) -> None:
        """Each topic's centroid, and the similarity to it that most of its papers reach."""
        for topic in self.topics:
            members = [i for i, paper in enumerate(self._curated) if topic.slug in paper.topics]
            self._members[topic.slug] = np.array(members, dtype=np.int64)
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
        weights = self.thresholds
        in_title = keyword_hits(title, self.topics, in_title=True)
        hits = Counter(keyword_hits(abstract, self.topics)) + Counter(in_title)
        named = tuple(sorted(hits, key=lambda slug: -hits[slug]))
        # How earnestly the text names each topic: in how many of its sentences, the title
        # and the abstract's first sentence (which says what the paper is about) counting
        # twice; one later sentence listing fields in passing names them once.
        earnest: dict[str, int] = dict.fromkeys(in_title, 2)
        for number, sentence in enumerate(re.split(r"(?<=[.!?])\s+", abstract)):
            for slug in keyword_hits(sentence, self.topics):
                earnest[slug] = earnest.get(slug, 0) + (2 if number == 0 else 1)
        # A topic too new to have papers to compare with: two of its keywords suggest it.
        distinct = keyword_hits(f"{title} {abstract}", self.topics, distinct=True)
        cold = [slug for slug in named if slug not in self._bars and distinct.get(slug, 0) >= 2]
        if self._vectors is None:
            return Suggestion(tuple(cold[:MAX_SUGGESTED]), (), named)
        query = self._vectorizer.transform([weighted_text(title, abstract)])
        curated = np.asarray((self._vectors @ query.T).todense()).ravel()
        negative = self._similarities(self._negative_vectors, query)
        nearest_negative = _mean_of_best(negative, GUARD_NEIGHBOURS)
        closeness = {
            slug: float((query @ centroid)[0]) for slug, centroid in self._centroids.items()
        }
        admitted = {
            slug
            for slug, bar in self._bars.items()
            if self._admits(
                closeness[slug] / bar if bar > 0 else 0.0,
                named=earnest.get(slug, 0),
                nearer=self._nearest_member(curated, slug) > nearest_negative,
            )
        }
        admitted.update(cold)
        neighbours = _best(curated, weights.neighbours)
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
        declined = tuple(
            (self._negatives[index].label, similarity) for index, similarity in _best(negative, 2)
        )
        return Suggestion(
            topics=tuple(strong[:MAX_SUGGESTED]),
            neighbours=closest[:2],
            keyword_topics=named,
            declined=declined,
            closeness=self._closeness_ratio(closeness, strong[:1]),
        )

    def _admits(self, ratio: float, *, named: int, nearer: bool) -> bool:
        """Whether a topic admits a paper `ratio` times as close to it as its bar, whose text
        names the topic's keywords in `named` sentences (the title and the abstract's first
        sentence count twice), whose nearest papers of the topic are (`nearer`) or are not
        more like it than its nearest negatives.

        A keyword is evidence, never admission: it lowers the bar, it never clears it alone.
        Named in the title, in the abstract's first sentence or in two others, it also answers
        for the negatives: a paper about robots is not stopped by the day's agent papers,
        however alike their words. Named in one later sentence, it may be in passing ("data
        from papers on materials science and chemistry"): the negatives still judge. Named
        never, the paper must be closer than most of the topic's own papers: general papers
        share the topics' words.
        """
        weights = self.thresholds
        if not named:
            return ratio >= weights.unnamed and nearer
        if ratio < weights.keyword_share:
            return False
        return named >= 2 or nearer

    def _closeness_ratio(self, closeness: dict[str, float], first: Sequence[str]) -> float:
        """How far above its bar the paper is: for its first topic, else for its closest."""
        ratios = {slug: closeness[slug] / bar for slug, bar in self._bars.items() if bar > 0}
        if first and first[0] in ratios:
            return round(ratios[first[0]], 4)
        return round(max(ratios.values(), default=0.0), 4)

    def _nearest_member(self, similarities: np.ndarray, slug: str) -> float:
        members = self._members.get(slug)
        if members is None or not members.size:
            return 0.0
        return _mean_of_best(similarities[members], GUARD_NEIGHBOURS)

    @staticmethod
    def _similarities(vectors: csr_matrix | None, query: csr_matrix) -> np.ndarray:
        if vectors is None or vectors.shape[0] == 0:
            return np.zeros(0)
        return np.asarray((vectors @ query.T).todense()).ravel()


def _mean_of_best(similarities: np.ndarray, count: int) -> float:
    """The mean of the `count` highest similarities (of all, when there are fewer)."""
    if not similarities.size:
        return 0.0
    return float(np.sort(similarities)[-count:].mean())


def _best(similarities: np.ndarray, count: int) -> list[tuple[int, float]]:
    """The `count` most similar rows with a positive similarity, ties in the rows' order."""
    order = np.lexsort((np.arange(len(similarities)), -similarities))
    return [
        (int(index), round(float(similarities[index]), 4))
        for index in order[:count]
        if similarities[index] > 0
    ]


def keyword_hits(
    text: str, topics: Sequence[Topic], *, distinct: bool = False, in_title: bool = False
) -> dict[str, int]:
    """How often each topic's keywords (and, `in_title`, its title keywords) occur in `text`
    as whole words, each also as its plural with an `s` (or, `distinct`, how many of them
    occur); topics with none left out."""
    words = " " + " ".join(re.findall(r"\w+", text.casefold())) + " "
    hits = {}
    for topic in topics:
        keywords = topic.keywords + topic.title_keywords if in_title else topic.keywords
        counts = [
            words.count(f" {phrase} ") + words.count(f" {phrase}s ")
            for phrase in _phrases(keywords)
        ]
        count = sum(bool(n) for n in counts) if distinct else sum(counts)
        if count:
            hits[topic.slug] = count
    return hits


@functools.cache
def _phrases(keywords: tuple[str, ...]) -> tuple[str, ...]:
    """A topic's keywords as the words `keyword_hits` looks for, each once: normalised once per
    topic, not per sentence asked about."""
    phrases = {" ".join(re.findall(r"\w+", keyword.casefold())) for keyword in keywords}
    # "robot" finds "robots" already: a topic listing both counts each mention once.
    phrases -= {phrase + "s" for phrase in phrases}
    return tuple(sorted(phrase for phrase in phrases if phrase))
