"""Fill what papers lack (arXiv id, authors, date, PDF link) from the arXiv API, exactly.

A paper without an id is looked up by title and takes an id only from a record whose title
equals its own (after Unicode form, case, white space and punctuation); a paper with an id
takes fields only from a record with its title. Nothing a file already says is changed: new
lines are inserted (`corpus.edit`), and every other byte of the contributor's file stays.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.corpus import Corpus, paper_file
from generator.corpus.consistency import normalized_title
from generator.corpus.edit import EditError, add_fields
from generator.corpus.schema import Paper
from generator.errors import display_path
from generator.site.paths import arxiv_pdf_url
from generator.sources.arxiv import ArxivClient, ArxivRecord, SourceError

Fields = dict[str, str | list[str]]

# After this many requests in a row fail, the API is down or refusing us: stop asking.
_FAILURES_BEFORE_GIVING_UP = 3


@dataclass(frozen=True)
class Edit:
    """One paper file: its text, its text with the fields added, and which fields those are."""

    before: str
    after: str
    fields: tuple[str, ...]


@dataclass
class Enrichment:
    """What an enrichment found and would write, before anything is written."""

    edits: dict[Path, Edit] = field(default_factory=dict)
    ambiguous: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)  # mismatched titles, withdrawn, ...
    failed: list[str] = field(default_factory=list)  # requests that failed after retries


def plan_enrichment(
    *,
    content_dir: Path,
    corpus: Corpus,
    client: ArxivClient,
    limit: int | None,
    report_progress: Callable[[str], None],
) -> Enrichment:
    """Ask arXiv about every paper that lacks something; return the edits, writing nothing."""
    wanting = [paper for paper in sorted(corpus.papers, key=lambda p: p.id) if _lacks(paper)]
    wanting = wanting[:limit] if limit is not None else wanting
    result = Enrichment()
    _enrich_by_id(content_dir, [p for p in wanting if p.arxiv], client, result, report_progress)
    used_ids = {paper.arxiv: paper.id for paper in corpus.papers if paper.arxiv}
    without_id = [paper for paper in wanting if not paper.arxiv]
    failures = 0
    for number, paper in enumerate(without_id, 1):
        if failures >= _FAILURES_BEFORE_GIVING_UP:
            message = f"not asked; the arXiv API failed {failures} times in a row"
            result.failed.append(f"{_file(content_dir, paper)}: {message}")
            continue
        report_progress(f"[{number}/{len(without_id)}] searching arXiv for {paper.title!r}")
        if number > 1:
            client.sleep(client.delay)
        try:
            found = client.search_title(paper.title)
        except SourceError as error:
            failures += 1
            result.failed.append(f"{_file(content_dir, paper)}: {error}")
            continue
        failures = 0
        _enrich_by_title(content_dir, paper, found, used_ids, result)
    return result


def _enrich_by_id(
    content_dir: Path,
    papers: Sequence[Paper],
    client: ArxivClient,
    result: Enrichment,
    report_progress: Callable[[str], None],
) -> None:
    """Fetch the papers' records by id, in batches, and take what each record gives."""
    if not papers:
        return
    report_progress(f"asking the arXiv API about {len(papers)} paper(s) by id")
    try:
        records = client.fetch([paper.arxiv for paper in papers if paper.arxiv])
    except SourceError as error:
        result.failed += [f"{_file(content_dir, paper)}: {error}" for paper in papers]
        return
    for paper in papers:
        _take(content_dir, paper, records.get(paper.arxiv or ""), result, by_id=True)


def _enrich_by_title(
    content_dir: Path,
    paper: Paper,
    found: Sequence[ArxivRecord],
    used_ids: dict[str, str],
    result: Enrichment,
) -> None:
    """Take an id (and the rest) only from the one record whose title is exactly the paper's."""
    where = _file(content_dir, paper)
    exact = {record.arxiv: record for record in found if _same_title(record.title, paper.title)}
    if len(exact) > 1:
        listed = ", ".join(sorted(exact))
        result.ambiguous.append(f"{where}: {len(exact)} arXiv papers have this title: {listed}")
    elif not exact:
        result.not_found.append(f"{where}: no arXiv paper has exactly this title")
    elif (arxiv := next(iter(exact))) in used_ids:
        result.left_alone.append(
            f"{where}: arXiv {arxiv}, of this title, is already papers/{used_ids[arxiv]}.yaml; "
            "one of the two may be a duplicate"
        )
    else:
        _take(content_dir, paper, exact[arxiv], result, by_id=False)


def _lacks(paper: Paper) -> bool:
    return not (paper.arxiv and paper.authors and paper.published and "pdf" in paper.links)


def _same_title(first: str, second: str) -> bool:
    return normalized_title(first) == normalized_title(second)


def _take(
    content_dir: Path, paper: Paper, record: ArxivRecord | None, result: Enrichment, by_id: bool
) -> None:
    """Plan the fields `record` gives `paper`, if it is truly the paper's record."""
    where = _file(content_dir, paper)
    if record is None:
        result.not_found.append(f"{where}: arXiv does not know {paper.arxiv}; check the id")
        return
    if by_id and not _same_title(record.title, paper.title):
        result.left_alone.append(
            f"{where}: arXiv {record.arxiv} is titled {record.title!r}, not {paper.title!r}; "
            "check the id"
        )
        return
    if record.withdrawn:
        result.left_alone.append(f"{where}: arXiv {record.arxiv} was withdrawn; nothing taken")
        return
    fields = _missing(paper, record)
    if fields:
        _edit(paper_file(content_dir, paper.id), fields, result)


def _missing(paper: Paper, record: ArxivRecord) -> Fields:
    """The fields the paper lacks that the record has; never one the paper already has."""
    fields: Fields = {}
    if not paper.arxiv:
        fields["arxiv"] = record.arxiv
    if not paper.authors and record.authors:
        fields["authors"] = [unicodedata.normalize("NFC", name) for name in record.authors]
    if not paper.published and record.published:
        fields["published"] = record.published
    if "pdf" not in paper.links:
        fields["links.pdf"] = arxiv_pdf_url(record.arxiv)
    return fields


def _edit(path: Path, fields: Fields, result: Enrichment) -> None:
    """Plan the edit; if a link cannot be inserted (flow-style links), plan the rest without it."""
    before = path.read_text(encoding="utf-8")
    try:
        result.edits[path] = Edit(before, add_fields(path, before, fields), tuple(fields))
        return
    except EditError as error:
        without_links = {k: v for k, v in fields.items() if not k.startswith("links.")}
        if len(without_links) == len(fields):
            result.left_alone.append(f"{display_path(path)}: {error}")
            return
        result.left_alone.append(f"{display_path(path)}: PDF link not added: {error}")
    if without_links:
        _edit(path, without_links, result)  # no link left: one more try at most


def _file(content_dir: Path, paper: Paper) -> str:
    return display_path(paper_file(content_dir, paper.id))


def summary_lines(result: Enrichment) -> Sequence[str]:
    """The end-of-run summary: what was filled, and every paper left as it was, and why."""
    lines = [
        f"filled {sum(len(e.fields) for e in result.edits.values())} field(s) in "
        f"{len(result.edits)} paper(s); {len(result.ambiguous)} ambiguous, "
        f"{len(result.not_found)} not found, {len(result.left_alone)} left alone, "
        f"{len(result.failed)} failed"
    ]
    lines += [f"filled {display_path(p)}: {', '.join(e.fields)}" for p, e in result.edits.items()]
    for heading, items in (
        ("ambiguous", result.ambiguous),
        ("not found", result.not_found),
        ("left alone", result.left_alone),
        ("failed", result.failed),
    ):
        lines += [f"{heading}: {item}" for item in items]
    return lines
