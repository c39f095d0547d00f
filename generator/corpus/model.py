"""The validated corpus as one immutable object, with the lookups the renderers need."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath

from generator.corpus.authors import Author, index_authors
from generator.corpus.collation import title_key
from generator.corpus.schema import DeclinedPaper, Paper, Site, Snapshot, SnapshotEntry, Topic
from generator.errors import Problem


def has_code(paper: Paper) -> bool:
    """Whether the paper links its code (a `code` link): a badge, and a filter everywhere."""
    return "code" in paper.links


def newest_first(paper: Paper) -> tuple[int, str, str, str]:
    """Sort key: newest `added` first, then by title and id so ties never depend on file order."""
    return (-paper.added.toordinal(), *title_key(paper.title), paper.id)


@dataclass(frozen=True)
class Trend:
    """One day a paper trended: its rank, and its upvotes and stars when the source counted."""

    snapshot: Snapshot
    rank: int
    upvotes: int | None
    stars: int | None = None  # its code repository's, that day


@dataclass(frozen=True)
class Removed:
    """A paper a curator deleted from an ingest's pull request: its day's entry remains."""

    day: Snapshot
    entry: SnapshotEntry


@dataclass(frozen=True)
class Corpus:
    """Everything the site is made from: settings, topics, papers, trending days, pages."""

    site: Site
    topics: tuple[Topic, ...]
    papers: tuple[Paper, ...]
    pages: Mapping[PurePosixPath, bytes] = field(default_factory=dict)
    snapshots: tuple[Snapshot, ...] = ()  # newest day first
    warnings: tuple[Problem, ...] = ()  # what validation noticed that does not stop a build
    declined: tuple[DeclinedPaper, ...] = ()  # trended, not kept: the suggester's negatives
    removed: tuple[Removed, ...] = ()  # deleted from an ingest's pull request, not yet declined
    papers_by_topic: Mapping[str, tuple[Paper, ...]] = field(init=False)
    topics_by_slug: Mapping[str, Topic] = field(init=False)
    papers_by_id: Mapping[str, Paper] = field(init=False)
    trends: Mapping[str, tuple[Trend, ...]] = field(init=False)  # newest day first

    def __post_init__(self) -> None:
        papers = tuple(sorted(self.papers, key=newest_first))
        by_topic: dict[str, list[Paper]] = {topic.slug: [] for topic in self.topics}
        for paper in papers:
            for slug in paper.topics:
                by_topic[slug].append(paper)
        # Frozen dataclass: derived fields are set once here, never mutated afterwards.
        object.__setattr__(self, "papers", papers)
        object.__setattr__(self, "papers_by_topic", {s: tuple(p) for s, p in by_topic.items()})
        object.__setattr__(self, "topics_by_slug", {topic.slug: topic for topic in self.topics})
        object.__setattr__(self, "papers_by_id", {paper.id: paper for paper in papers})
        snapshots = tuple(sorted(self.snapshots, key=lambda snapshot: snapshot.date, reverse=True))
        trends: dict[str, list[Trend]] = {paper.id: [] for paper in papers}
        for snapshot in snapshots:
            for entry in snapshot.papers:
                trends[entry.id].append(Trend(snapshot, entry.rank, entry.upvotes, entry.stars))
        object.__setattr__(self, "snapshots", snapshots)
        object.__setattr__(self, "trends", {key: tuple(value) for key, value in trends.items()})

    @cached_property
    def authors(self) -> tuple[Author, ...]:
        """Everyone who wrote its papers (`index_authors`): worked out once, when first asked."""
        return tuple(index_authors(self.papers))

    def topics_of(self, paper: Paper) -> tuple[Topic, ...]:
        """Return the paper's topics in the order it lists them."""
        return tuple(self.topics_by_slug[slug] for slug in paper.topics)


def best_trend(trends: Sequence[Trend]) -> Trend | None:
    """The day a paper ranked highest (the earlier day on a tie), if it ever trended."""
    return min(trends, key=lambda trend: (trend.rank, trend.snapshot.date), default=None)
