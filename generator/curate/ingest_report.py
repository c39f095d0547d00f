"""What an ingest did, in words: a summary for the log and a report for the pull request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from generator.corpus import Corpus
from generator.curate.ingest import IngestPlan
from generator.site.escape import markdown_text
from generator.site.paths import arxiv_abstract_url
from generator.site.text import count_papers
from generator.sources.trending import TrendingPaper

if TYPE_CHECKING:
    from generator.curate.suggest import Suggestion


def ingest_summary(plan: IngestPlan, listing: Sequence[TrendingPaper]) -> list[str]:
    """What the ingest did, for the log: counts, then each paper left out and why."""
    counts = [f"{len(plan.new)} new", f"{len(plan.linked)} already here"]
    if plan.skipped:
        counts.append(f"{len(plan.skipped)} declined (no topic admitted them)")
    if plan.declined_before:
        counts.append(f"{len(plan.declined_before)} declined before")
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
            f"declined: arXiv {item.arxiv} {item.title!r}: no topic admitted it; to file it, run "
            f"`{add_command(item)}`"
        )
    for item, record in plan.declined_before:
        lines.append(
            f"declined on {record.day.isoformat()}: arXiv {item.arxiv} {item.title!r}; to file"
            f" it anyway, run `{add_command(item)}`"
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
        lines += [
            "",
            "### New papers",
            "",
            "Most confident first. Check each one's topics; delete the file of any that does not"
            " belong (it is then recorded as declined, and never proposed again), then merge.",
            "",
        ]
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
        near = [item for item in plan.skipped if _near(plan.suggestions[item.arxiv])]
        lines += [
            "",
            "### Declined: no topic admitted them",
            "",
            "Recorded in `content/declined/`, so they are not proposed again. To file one, run"
            f" its command with one or more of {slugs}.",
            "",
        ]
        if near:
            lines += ["Near misses, closest first:", ""]
            lines += [_skipped_line(item, plan, corpus) for item in near]
            lines += ["", "The others:", ""]
        lines += [_skipped_line(item, plan, corpus) for item in plan.skipped if item not in near]
    if plan.declined_before:
        lines += ["", "### Declined before", ""]
        lines += [
            f"- {_linked_title(item)}: declined on {record.day.isoformat()} ({record.why});"
            f" to file it anyway: `{add_command(item)}`"
            for item, record in plan.declined_before
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


NEAR_MISS = 0.8
"""A declined paper at least this close to a topic's bar is listed first, as a near miss."""


def _near(suggestion: Suggestion) -> bool:
    return suggestion.closeness >= NEAR_MISS


def _skipped_line(item: TrendingPaper, plan: IngestPlan, corpus: Corpus) -> str:
    evidence = _evidence(plan.suggestions[item.arxiv], corpus)
    return f"- {_linked_title(item)}: `{add_command(item)}`; {evidence}"


def _evidence(suggestion: Suggestion, corpus: Corpus) -> str:
    """Why a paper got its topics: the curated and declined papers most like it, keywords."""
    if not suggestion.neighbours:
        like = "like no curated paper"
    else:
        like = "most like " + " and ".join(
            f"{markdown_text(corpus.papers_by_id[paper_id].title)} (similarity {similarity:.2f})"
            for paper_id, similarity in suggestion.neighbours
        )
    if suggestion.declined:
        like += "; of the declined, " + " and ".join(
            f"arXiv {markdown_text(label)} ({similarity:.2f})"
            for label, similarity in suggestion.declined
        )
    named = (
        f"; keywords of {', '.join(suggestion.keyword_topics)}" if suggestion.keyword_topics else ""
    )
    return f"{like}{named}; {suggestion.closeness:.2f} of its topic's bar"


def _linked_title(item: TrendingPaper) -> str:
    return f"[{markdown_text(item.title)}]({arxiv_abstract_url(item.arxiv)})"


def _ranks_by_id(listing: Sequence[TrendingPaper]) -> dict[str, list[int]]:
    ranks: dict[str, list[int]] = {}
    for item in sorted(listing, key=lambda item: item.rank):
        ranks.setdefault(item.arxiv, []).append(item.rank)
    return ranks
