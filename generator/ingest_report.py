"""What an ingest did, in words: a summary for the log and a report for the pull request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from generator.corpus import Corpus
from generator.ingest import IngestPlan
from generator.site.escape import markdown_text
from generator.site.text import count_papers
from generator.sources.trending import TrendingPaper
from generator.suggest import Suggestion


def ingest_summary(plan: IngestPlan, listing: Sequence[TrendingPaper]) -> list[str]:
    """What the ingest did, for the log: counts, then each paper left out and why."""
    counts = [f"{len(plan.new)} new", f"{len(plan.linked)} already here"]
    if plan.skipped:
        counts.append(f"{len(plan.skipped)} skipped (no topic matched)")
    if plan.repeated:
        counts.append(f"{len(plan.repeated)} listed more than once")
    if plan.incomplete:
        counts.append(f"{len(plan.incomplete)} incomplete")
    ranks = _ranks_by_id(listing)
    lines = [f"{count_papers(len(ranks))}: {', '.join(counts)}"]
    for item in plan.repeated:
        listed = ranks[item.arxiv]
        lines.append(
            f"listed {len(listed)} times: arXiv {item.arxiv} {item.title!r} (ranks "
            f"{' and '.join(map(str, listed))}): kept once, at rank {listed[0]}"
        )
    for item in plan.skipped:
        lines.append(
            f"skipped: arXiv {item.arxiv} {item.title!r}: no topic matched; to file it, run "
            f"`{add_command(item)}`"
        )
    lines += [f"left out: {_incomplete(item)}" for item in plan.incomplete]
    return lines


def report_markdown(
    plan: IngestPlan,
    listing: Sequence[TrendingPaper],
    *,
    date: dt.date,
    source: str,
    corpus: Corpus,
) -> str:
    """The ingest as Markdown for a pull request's body: what to review, what was left out.

    Titles come from the source, a stranger: they are escaped, so none can link or mention.
    """
    ranks = _ranks_by_id(listing)
    lines = [
        f"The papers that trended on {date.isoformat()}, from {source}, proposed by"
        " `papers ingest`.",
        "",
        f"**{ingest_summary(plan, listing)[0]}.**",
    ]
    if plan.new:
        lines += ["", "### New papers", "", "Please check each one's topics, then merge.", ""]
        lines += [
            f"- {_linked_title(new.item)}: `papers/{new.id}.yaml`, topics {', '.join(new.topics)}"
            f"; {_evidence(new.suggestion, corpus)}"
            for new in plan.new
        ]
    if plan.repeated:
        lines += ["", "### Listed more than once", ""]
        lines += [
            f"- {_linked_title(item)}: ranks {', '.join(map(str, ranks[item.arxiv]))}; "
            f"kept once, at rank {ranks[item.arxiv][0]}"
            for item in plan.repeated
        ]
    if plan.skipped:
        slugs = ", ".join(f"`{topic.slug}`" for topic in corpus.topics)
        lines += [
            "",
            "### Skipped: no topic matched",
            "",
            f"To file one, run its command with one or more of {slugs} "
            "(`off_topic` in `content/corpus.yaml` sets what happens to these).",
            "",
        ]
        lines += [
            f"- {_linked_title(item)}: `{add_command(item)}`; "
            f"{_evidence(plan.suggestions[item.arxiv], corpus)}"
            for item in plan.skipped
        ]
    if plan.incomplete:
        lines += ["", "### Left out: incomplete entries", ""]
        lines += [f"- {_incomplete(item, markdown_text)}" for item in plan.incomplete]
    if plan.notes:
        lines += ["", "### Notes", ""]
        lines += [f"- {markdown_text(note)}" for note in plan.notes]
    return "\n".join(lines) + "\n"


def _incomplete(item: TrendingPaper, escape: Callable[[str], str] = str) -> str:
    """An entry the ingest could not file, why, and how to file it from arXiv instead.

    The problem may quote the source's text (an id that is not one): `escape` it for Markdown.
    """
    problem = escape(item.problem or "")
    if not item.arxiv:
        return f"{problem}: nothing to file"
    return f"{problem}; arXiv has the paper: to file it, run `papers add {item.arxiv}`"


def add_command(item: TrendingPaper) -> str:
    """The command that files a paper the ingest left out, a topic still to choose."""
    return f"papers add {item.arxiv} --topic TOPIC"


def _evidence(suggestion: Suggestion, corpus: Corpus) -> str:
    """Why a paper got its topics: the two curated papers most like it, and keywords named."""
    if not suggestion.neighbours:
        like = "like no curated paper"
    else:
        like = "most like " + " and ".join(
            f"{markdown_text(corpus.papers_by_id[paper_id].title)} (similarity {similarity:.2f})"
            for paper_id, similarity in suggestion.neighbours
        )
    named = (
        f"; keywords of {', '.join(suggestion.keyword_topics)}" if suggestion.keyword_topics else ""
    )
    return like + named


def _linked_title(item: TrendingPaper) -> str:
    return f"[{markdown_text(item.title)}](https://arxiv.org/abs/{item.arxiv})"


def _ranks_by_id(listing: Sequence[TrendingPaper]) -> dict[str, list[int]]:
    ranks: dict[str, list[int]] = {}
    for item in sorted(listing, key=lambda item: item.rank):
        ranks.setdefault(item.arxiv, []).append(item.rank)
    return ranks
