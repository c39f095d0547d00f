"""Papers that lack metadata a reader needs: warnings, never errors, so the gap stays visible.

A paper without authors or without any link to the paper itself is valid (many arrive that
way), but half a page. `papers validate` warns about each, the About page lists them, and
`papers enrich` can fill most of them from arXiv.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.corpus.load import paper_file
from generator.corpus.schema import Paper
from generator.errors import Problem

PAPER_LINK_KINDS = ("pdf", "paper", "html")
"""Kinds of `links` that lead to the paper itself (code and project pages do not)."""

AUTHORS = "authors"
PAPER_LINK = "link to the paper"


@dataclass(frozen=True)
class MetadataGap:
    """One paper and what it lacks ("authors", "link to the paper")."""

    paper: Paper
    missing: tuple[str, ...]

    @property
    def summary(self) -> str:
        """What the paper lacks, in words: "no authors and no link to the paper"."""
        return "no " + " and no ".join(self.missing)


def metadata_gaps(papers: Iterable[Paper]) -> list[MetadataGap]:
    """Every paper lacking authors or a link to the paper, in the order given."""
    gaps = []
    for paper in papers:
        missing = tuple(
            what
            for what, lacking in ((AUTHORS, not paper.authors), (PAPER_LINK, not _linked(paper)))
            if lacking
        )
        if missing:
            gaps.append(MetadataGap(paper, missing))
    return gaps


def gap_warnings(content_dir: Path, gaps: Sequence[MetadataGap]) -> list[Problem]:
    """One warning per paper with a gap, on its file, with how to close it."""
    warnings = []
    for gap in gaps:
        wanted = []
        if AUTHORS in gap.missing:
            wanted.append("authors: (a list of names)")
        if PAPER_LINK in gap.missing:
            wanted.append('arxiv: "<id>", doi: <doi> or links: {pdf: https://...}')
        warnings.append(
            Problem(
                paper_file(content_dir, gap.paper.id),
                1,
                f"the paper has {gap.summary}",
                f"add {' and '.join(wanted)}, or let `papers enrich` look them up on arXiv",
                severity="warning",
            )
        )
    return warnings


def _linked(paper: Paper) -> bool:
    return bool(paper.arxiv or paper.doi or any(kind in paper.links for kind in PAPER_LINK_KINDS))
