"""Bring a day's trending papers into the corpus: new paper files and the day's snapshot."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.contribute import paper_text, slug_for, suggest_topics
from generator.corpus import Corpus, load_corpus, paper_file
from generator.corpus.consistency import normalized_title
from generator.corpus.edit import EditError, add_fields
from generator.corpus.schema import Paper
from generator.errors import CorpusError, display_path
from generator.sources.arxiv import ArxivRecord
from generator.sources.trending import TrendingPaper
from generator.write import write_atomically

_REVIEW_NOTE = (
    "# No topic keyword matched this paper: it was filed under the first topic. Review it.\n"
)


@dataclass
class IngestPlan:
    """Every file an ingest would write, and what it noticed, before anything is written."""

    writes: dict[Path, str] = field(default_factory=dict)  # new papers, updates, the snapshot
    new: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan_ingest(
    *,
    content_dir: Path,
    corpus: Corpus,
    date: dt.date,
    listing: Sequence[TrendingPaper],
    source: str,
    update: bool,
) -> IngestPlan:
    """Work out the new files for `listing`; link papers the corpus has (same arXiv id or title)."""
    plan = IngestPlan()
    by_arxiv = {paper.arxiv: paper for paper in corpus.papers if paper.arxiv}
    by_title = {normalized_title(paper.title): paper for paper in corpus.papers}
    taken = {path.stem for path in (content_dir / "papers").glob("*.yaml")}
    ranked: list[tuple[int, str, int | None]] = []
    for item in listing:
        known = by_arxiv.get(item.arxiv) or by_title.get(normalized_title(item.title))
        if known:
            plan.linked.append(known.id)
            if update:
                _plan_update(content_dir, known, item, plan)
            ranked.append((item.rank, known.id, item.upvotes))
            continue
        paper_id = slug_for(item.title)
        if paper_id in taken:  # another paper has this title's slug: keep both apart
            paper_id = f"{paper_id}-{item.arxiv.replace('.', '-').replace('/', '-')}"
        taken.add(paper_id)
        plan.writes[paper_file(content_dir, paper_id)] = _new_paper(
            corpus, item, paper_id, date, plan
        )
        plan.new.append(paper_id)
        ranked.append((item.rank, paper_id, item.upvotes))
    snapshot = content_dir / "trending" / f"{date.isoformat()}.yaml"
    text = _snapshot_text(date, source, ranked)
    if not snapshot.exists() or (update and snapshot.read_text(encoding="utf-8") != text):
        plan.writes[snapshot] = text
    return plan


def _new_paper(
    corpus: Corpus, item: TrendingPaper, paper_id: str, date: dt.date, plan: IngestPlan
) -> str:
    topics = suggest_topics(item.title, item.abstract, corpus.topics)
    record = ArxivRecord(
        item.arxiv, item.title, item.abstract, item.authors, item.published or "", None, False
    )
    if topics:
        return paper_text(record, paper_id, topics, date)
    plan.notes.append(
        f"{paper_id}: no topic keyword matched; filed under {corpus.topics[0].slug}, review it"
    )
    text = paper_text(record, paper_id, [corpus.topics[0].slug], date)
    return text.replace("\ntopics:\n", "\n" + _REVIEW_NOTE + "topics:\n", 1)


def _plan_update(content_dir: Path, paper: Paper, item: TrendingPaper, plan: IngestPlan) -> None:
    """Add the fields the paper lacks and the source knows, as lines where they belong."""
    fields: dict[str, str | list[str]] = {}
    if not paper.arxiv:
        fields["arxiv"] = item.arxiv
    if not paper.authors and item.authors:
        fields["authors"] = list(item.authors)
    if not paper.published and item.published:
        fields["published"] = item.published
    if fields:
        path = paper_file(content_dir, paper.id)
        old = plan.writes.get(path) or path.read_text(encoding="utf-8")
        try:
            plan.writes[path] = add_fields(path, old, fields)
        except EditError as error:
            plan.notes.append(f"{paper.id}: {', '.join(fields)} not added: {error}")


def _snapshot_text(date: dt.date, source: str, ranked: list[tuple[int, str, int | None]]) -> str:
    lines = [
        "# yaml-language-server: $schema=../schema/snapshot.schema.json",
        f"date: {date.isoformat()}",
        f"source: {source}",
        "papers:",
    ]
    for rank, paper_id, upvotes in sorted(ranked):
        lines += [f"  - rank: {rank}", f"    id: {paper_id}"]
        if upvotes is not None:
            lines.append(f"    upvotes: {upvotes}")
    return "\n".join(lines) + "\n"


def check_writes(content_dir: Path, writes: Mapping[Path, str]) -> None:
    """Validate the corpus as it would be with `writes`; raise CorpusError if it would not be.

    The check runs on a scratch copy (hard links, so it is cheap), never on content/.
    """
    with tempfile.TemporaryDirectory(prefix="papers-check-") as scratch:
        copy = Path(scratch) / "content"
        shutil.copytree(content_dir, copy, copy_function=os.link)
        for path, text in writes.items():
            target = copy / path.relative_to(content_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, text.encode("utf-8"))  # a new inode: the original is untouched
        try:
            load_corpus(copy)
        except CorpusError as error:
            # Name the files where they will be, not in the scratch copy.
            problems = [
                dataclasses.replace(problem, path=content_dir / problem.path.relative_to(copy))
                for problem in error.problems
            ]
            raise CorpusError(problems) from None


def apply_plan(plan: IngestPlan, report_progress: Callable[[str], None]) -> None:
    """Write the planned files atomically: papers first, the snapshot that names them last."""
    for path, text in sorted(
        plan.writes.items(), key=lambda item: item[0].parent.name == "trending"
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
        report_progress(f"wrote {display_path(path)}")
