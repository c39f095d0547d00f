"""Bring a day's trending papers into the corpus: new paper files and the day's snapshot."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.corpus import Corpus, load_corpus, paper_file
from generator.corpus.consistency import normalized_title, today_anywhere
from generator.corpus.edit import EditError, add_fields, yaml_flow, yaml_scalar
from generator.corpus.load import papers_folder
from generator.corpus.schema import OFF_TOPIC_SKIP, DeclinedPaper, Paper
from generator.curate.contribute import paper_problems, paper_text, slug_for
from generator.curate.declined import declined_record, declined_writes
from generator.errors import CorpusError, display_path
from generator.sources.arxiv import ArxivRecord
from generator.sources.trending import TrendingPaper
from generator.write import write_atomically

if TYPE_CHECKING:
    from generator.curate.suggest import Suggestion


@dataclass(frozen=True)
class NewPaper:
    """A paper the ingest writes a file for, and the topics it gave it."""

    id: str
    item: TrendingPaper
    topics: tuple[str, ...]
    suggestion: Suggestion  # why those topics: the curated papers most like it


@dataclass
class IngestPlan:
    """Every file an ingest would write, and what it noticed, before anything is written."""

    writes: dict[Path, str] = field(default_factory=dict)  # new papers, updates, the snapshot
    new: list[NewPaper] = field(default_factory=list)  # most confident first
    linked: list[str] = field(default_factory=list)
    repeated: list[TrendingPaper] = field(default_factory=list)  # listed again that day, once each
    skipped: list[TrendingPaper] = field(default_factory=list)  # no topic admitted: declined
    declined_before: list[tuple[TrendingPaper, DeclinedPaper]] = field(default_factory=list)
    incomplete: list[TrendingPaper] = field(default_factory=list)  # not a whole paper: left out
    suggestions: dict[str, Suggestion] = field(default_factory=dict)  # by arXiv id, new ones
    declined: list[DeclinedPaper] = field(default_factory=list)  # records this ingest adds
    notes: list[str] = field(default_factory=list)


def plan_ingest(
    *,
    content_dir: Path,
    corpus: Corpus,
    date: dt.date,
    listing: Sequence[TrendingPaper],
    source: str,
    update: bool,
    today: dt.date | None = None,
) -> IngestPlan:
    """Work out the new files for `listing`, linking the papers the corpus already has.

    A paper is known by its arXiv id, or by its title when the archive's file has no id to
    compare. A paper listed twice is one, at its better rank. A declined paper is not proposed
    again, and the papers no topic admits are recorded as declined.
    """
    plan = IngestPlan()
    by_arxiv = {paper.arxiv: paper for paper in corpus.papers if paper.arxiv}
    by_title = {normalized_title(paper.title): paper for paper in corpus.papers if not paper.arxiv}
    declined = {record.arxiv: record for record in corpus.declined if record.arxiv not in by_arxiv}
    for removed in _removed_records(corpus, declined):
        declined[removed.arxiv] = removed
        plan.declined.append(removed)
        plan.notes.append(f"arXiv {removed.arxiv}: removed by a curator, recorded as declined")
    ranked: list[tuple[int, str, int | None, int | None]] = []
    candidates: list[TrendingPaper] = []
    seen: set[str] = set()
    for item in sorted(listing, key=lambda item: item.rank):
        if item.problem:
            plan.incomplete.append(item)
            continue
        if item.arxiv in seen:
            if all(repeated.arxiv != item.arxiv for repeated in plan.repeated):
                plan.repeated.append(item)  # once, however many times it is listed
            continue
        seen.add(item.arxiv)
        known = by_arxiv.get(item.arxiv) or by_title.get(normalized_title(item.title))
        if known:
            plan.linked.append(known.id)
            if normalized_title(known.title) != normalized_title(item.title):
                plan.notes.append(
                    f"{known.id}: {source} lists it as {item.title!r}; the archive keeps its title"
                )
            if update:
                _plan_update(content_dir, known, item, plan)
            ranked.append((item.rank, known.id, item.upvotes, item.stars))
        elif item.arxiv in declined:
            plan.declined_before.append((item, declined[item.arxiv]))
        else:
            candidates.append(item)
    plan.suggestions = suggest_for_day(corpus, candidates, declined.values())
    ranked += _file_candidates(
        plan, corpus, content_dir=content_dir, candidates=candidates, date=date, today=today
    )
    plan.new.sort(key=lambda new: -new.suggestion.closeness)
    plan.skipped.sort(key=lambda item: -plan.suggestions[item.arxiv].closeness)
    snapshot = content_dir / "trending" / f"{date.isoformat()}.yaml"
    named = {new.id: new.item for new in plan.new}
    text = _snapshot_text(date, source, ranked, named)
    if ranked and (
        not snapshot.exists() or (update and snapshot.read_text(encoding="utf-8") != text)
    ):
        plan.writes[snapshot] = text
    plan.writes.update(declined_writes(content_dir, plan.declined))
    return plan


def _file_candidates(
    plan: IngestPlan,
    corpus: Corpus,
    *,
    content_dir: Path,
    candidates: Sequence[TrendingPaper],
    date: dt.date,
    today: dt.date | None,
) -> list[tuple[int, str, int | None, int | None]]:
    """Plan a file for each candidate a topic admits, a declined record for the others."""
    ranked = []
    taken = {path.stem for path in papers_folder(content_dir).glob("*.yaml")}
    for item in candidates:
        suggestion = plan.suggestions[item.arxiv]
        topics = list(suggestion.topics)
        if not topics and corpus.site.off_topic == OFF_TOPIC_SKIP:
            plan.skipped.append(item)
            plan.declined.append(
                declined_record(item.arxiv, item.title, item.abstract, date, "not-admitted")
            )
            continue
        paper_id = slug_for(item.title)
        if paper_id in taken:  # another paper has this title's slug: keep both apart
            paper_id = f"{paper_id}-{item.arxiv.replace('.', '-').replace('/', '-')}"
        path = paper_file(content_dir, paper_id)
        text = _new_paper(corpus, item, paper_id=paper_id, topics=topics, date=date, today=today)
        problems = paper_problems(path, text, [topic.slug for topic in corpus.topics])
        if problems:  # a fact of the source the schema cannot hold: left out, named, not fatal
            problem = f"its file would not validate: {problems[0]}"
            plan.incomplete.append(dataclasses.replace(item, problem=problem))
            continue
        taken.add(paper_id)
        plan.writes[path] = text
        if not topics:
            plan.notes.append(f"{paper_id}: no topic matched; filed under {corpus.site.off_topic}")
        chosen = tuple(topics or [corpus.site.off_topic])
        plan.new.append(NewPaper(paper_id, item, chosen, suggestion))
        ranked.append((item.rank, paper_id, item.upvotes, item.stars))
    return ranked


def suggest_for_day(
    corpus: Corpus, candidates: Sequence[TrendingPaper], declined: Iterable[DeclinedPaper]
) -> dict[str, Suggestion]:
    """Each candidate's topics, judged against the declined papers and the day's own.

    First against the declined papers alone; then the papers admitted are judged again with
    the day's papers that no topic admitted as negatives too, so on the first day of an
    archive, with nothing declined yet, a general paper still meets the general papers of
    its day. A day's on-topic papers are never negatives for each other.
    """
    if not candidates:
        return {}
    # Imported here: NumPy and SciPy cost every `papers` command 0.3 s to start.
    from generator.curate.suggest import Negative, TopicSuggester  # noqa: PLC0415

    negatives = [Negative.declined(record) for record in declined]
    first = TopicSuggester(
        corpus.papers,
        corpus.topics,
        negatives=negatives,
        seen=[(item.title, item.abstract) for item in candidates],
    )
    suggestions = {item.arxiv: first.suggest(item.title, item.abstract) for item in candidates}
    refused = [
        Negative(item.arxiv, item.title, item.abstract)
        for item in candidates
        if not suggestions[item.arxiv].topics
    ]
    admitted = [item for item in candidates if suggestions[item.arxiv].topics]
    if refused and admitted:
        second = first.against(refused)
        for item in admitted:
            suggestions[item.arxiv] = second.suggest(item.title, item.abstract)
    return suggestions


def _removed_records(
    corpus: Corpus, declined: Mapping[str, DeclinedPaper]
) -> Iterator[DeclinedPaper]:
    """The papers a curator deleted from an ingest's pull request, as declined records."""
    for removed in corpus.removed:
        entry = removed.entry
        if entry.arxiv and entry.title and entry.arxiv not in declined:
            yield DeclinedPaper(
                arxiv=entry.arxiv, day=removed.day.date, why="removed", title=entry.title
            )


def _new_paper(
    corpus: Corpus,
    item: TrendingPaper,
    *,
    paper_id: str,
    topics: list[str],
    date: dt.date,
    today: dt.date | None,
) -> str:
    # A source may date a paper after the day it trended (time zones): not "in the future".
    published = item.published or ""
    if published > (today or today_anywhere()).isoformat():
        published = ""
    record = ArxivRecord(
        item.arxiv, item.title, item.abstract, item.authors, published, None, False
    )
    if topics:
        return paper_text(record, paper_id, topics, date, code=item.code)
    fallback = corpus.site.off_topic
    text = paper_text(record, paper_id, [fallback], date, code=item.code)
    review = (
        f"# No topic matched this paper (it is unlike each topic's papers): it was filed under"
        f" {fallback} (off_topic in corpus.yaml). Review it.\n"
    )
    return text.replace("\ntopics:\n", "\n" + review + "topics:\n", 1)


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


def _snapshot_text(
    date: dt.date,
    source: str,
    ranked: list[tuple[int, str, int | None, int | None]],
    new: Mapping[str, TrendingPaper],
) -> str:
    """The day's snapshot; a new paper's entry also names its arXiv id and title, so that a
    curator's deleting its file reads as a decline, not as a broken day."""
    lines = [
        "# yaml-language-server: $schema=../schema/snapshot.schema.json",
        f"date: {date.isoformat()}",
        f"source: {source}",
        "papers:",
    ]
    for rank, paper_id, upvotes, stars in sorted(ranked):
        # A slug may read as something else in YAML ("yes", "null", "1e3"): quoted then.
        lines += [f"  - rank: {rank}", f"    id: {yaml_scalar(paper_id)}"]
        if paper_id in new:
            lines.append(f"    arxiv: {yaml_flow(new[paper_id].arxiv)}")
            lines.append(f"    title: {yaml_flow(new[paper_id].title)}")
        if upvotes is not None:
            lines.append(f"    upvotes: {upvotes}")
        if stars is not None:
            lines.append(f"    stars: {stars}")
    return "\n".join(lines) + "\n"


def check_writes(
    content_dir: Path,
    writes: Mapping[Path, str],
    today: dt.date | None = None,
    removed: Iterable[Path] = (),
) -> None:
    """Validate the corpus as it would be with `writes` (and without the `removed` files);
    raise CorpusError if it would not be.

    `today` is what "in the future" is measured against, as for `load_corpus`.

    The check runs on a scratch copy, never on content/: hard links where the file system
    allows them (cheap), a copy where it does not (a temporary folder on another file system,
    a file system without links).
    """
    with tempfile.TemporaryDirectory(prefix="papers-check-") as scratch:
        copy = Path(scratch) / "content"
        shutil.copytree(content_dir, copy, copy_function=_link_or_copy)
        for path, text in writes.items():
            target = copy / path.relative_to(content_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, text.encode("utf-8"))  # a new inode: the original is untouched
        for path in removed:
            (copy / path.relative_to(content_dir)).unlink()  # a link: the original stays
        try:
            load_corpus(copy, today=today)
        except CorpusError as error:
            # Name the files where they will be, not in the scratch copy.
            problems = [
                dataclasses.replace(problem, path=content_dir / problem.path.relative_to(copy))
                for problem in error.problems
            ]
            raise CorpusError(problems) from None


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # EXDEV across file systems; EPERM or ENOTSUP where links are refused
        shutil.copy2(source, target)


def apply_writes(writes: Mapping[Path, str], report_progress: Callable[[str], None]) -> None:
    """Write the files atomically: papers first, the snapshot that names them last."""
    for path, text in sorted(writes.items(), key=lambda item: item[0].parent.name == "trending"):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
        report_progress(f"wrote {display_path(path)}")


def land(
    content_dir: Path,
    writes: Mapping[Path, str],
    report_progress: Callable[[str], None],
    *,
    today: dt.date | None = None,
    removed: Sequence[Path] = (),
) -> None:
    """Write `writes` and delete `removed`, only once the corpus they make validates whole."""
    if not writes and not removed:
        return
    check_writes(content_dir, writes, today, removed)
    apply_writes(writes, report_progress)
    for path in removed:
        path.unlink()
        report_progress(f"removed {display_path(path)}")
