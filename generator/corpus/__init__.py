"""The corpus stages: load YAML files, validate them against the schema, model the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import TypeVar

from pydantic import BaseModel

from generator.corpus.consistency import check_consistency, today_anywhere
from generator.corpus.load import Document, Reuse, load_document, paper_file, papers_folder
from generator.corpus.model import Corpus, Removed
from generator.corpus.pages import check_page
from generator.corpus.schema import Declined, Paper, Site, Snapshot, Taxonomy
from generator.corpus.validate import (
    check_declined_name,
    check_paper,
    check_schema_version,
    check_site,
    check_snapshot,
    check_taxonomy,
    validate_document,
)
from generator.errors import CorpusError, Problem

__all__ = ["Corpus", "load_corpus", "load_paper", "paper_file"]

Record = TypeVar("Record", bound=BaseModel)


DocumentCheck = Callable[[Document], list[Problem]]
"""A check of one file's data beyond its schema (ids, topics), run even when the schema fails."""


class _Reader:
    """Reads corpus files into records, collecting every problem instead of stopping."""

    def __init__(self, reuse: Reuse | None = None) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.reuse = reuse  # parses of unchanged files, kept from an earlier load
        self.rejected: list[Path] = []  # files of a folder that hold a record with mistakes

    def note(self, found: Iterable[Problem]) -> None:
        """Keep `found`: errors stop the load, warnings travel with the corpus."""
        for problem in found:
            (self.warnings if problem.severity == "warning" else self.problems).append(problem)

    def record(
        self, path: Path, model: type[Record], check: DocumentCheck | None = None
    ) -> tuple[Document, Record] | None:
        """One file as a validated record, or None (its problems are kept).

        `check` looks at the file's data whether or not the schema accepts it, so that one
        run reports every mistake of a file.
        """
        if not path.is_file():
            fix = "restore it from the repository"
            self.problems.append(Problem(path, 1, "the file is missing", fix))
            return None
        try:
            document = load_document(path, self.reuse)
        except CorpusError as error:
            self.problems.extend(error.problems)
            return None
        if model is Site and (version_problems := check_schema_version(document)):
            # Files of another schema version would only add noise: stop here.
            raise CorpusError(version_problems)
        record, found = validate_document(document, model)
        self.problems.extend(found)
        if check is not None:
            self.note(check(document))
        return (document, record) if record else None

    def pages(self, pages_dir: Path) -> dict[PurePosixPath, bytes]:
        """The hand-written pages and their assets by path in the site; Markdown is checked."""
        pages: dict[PurePosixPath, bytes] = {}
        for path in sorted(pages_dir.rglob("*")) if pages_dir.is_dir() else []:
            if not path.is_file() or path.name.startswith("."):
                continue
            content = path.read_bytes()
            if path.suffix == ".md":
                try:
                    self.problems.extend(check_page(path, content.decode("utf-8-sig")))
                except UnicodeDecodeError:
                    fix = "save it with UTF-8 encoding"
                    self.problems.append(Problem(path, 1, "the page is not valid UTF-8 text", fix))
            pages[PurePosixPath(path.relative_to(pages_dir).as_posix())] = content
        return pages

    def folder(
        self, folder: Path, model: type[Record], naming: str, check: DocumentCheck | None = None
    ) -> list[tuple[Document, Record]]:
        """Every `<name>.yaml` record of a folder, in name order; other files are mistakes."""
        records = []
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.name.startswith("."):  # editors' swap files, .gitkeep: not contributions
                continue
            if path.suffix != ".yaml" or not path.is_file():
                fix = f"name it {path.stem}.yaml" if path.suffix == ".yml" else "move it elsewhere"
                message = f"{folder.name}/ holds only {naming}.yaml files"
                self.problems.append(Problem(path, 1, message, fix))
                continue
            if found := self.record(path, model, check):
                records.append(found)
            else:
                self.rejected.append(path)
        return records


def load_corpus(
    content_dir: Path, today: dt.date | None = None, reuse: Reuse | None = None
) -> Corpus:
    """Load and validate every file of `content_dir`; raise CorpusError listing all mistakes.

    `today` is what "in the future" is measured against (default: today anywhere on Earth);
    `reuse` may return the parses of files unchanged since an earlier load (`load_document`).
    """
    if not content_dir.is_dir():
        raise CorpusError([Problem(content_dir, 1, "the content folder does not exist")])
    reader = _Reader(reuse)
    site = reader.record(content_dir / "corpus.yaml", Site)
    taxonomy = reader.record(content_dir / "topics.yaml", Taxonomy)
    if taxonomy:
        reader.problems.extend(check_taxonomy(*taxonomy))
    topic_slugs = [topic.slug for topic in taxonomy[1].topics] if taxonomy else None
    if site and topic_slugs is not None:
        reader.problems.extend(check_site(*site, topic_slugs))

    papers = reader.folder(
        papers_folder(content_dir),
        Paper,
        "<id>",
        lambda document: check_paper(document, topic_slugs),
    )
    reader.note(check_consistency(papers, today or today_anywhere()))
    paper_ids = [paper.id for _, paper in papers]
    # A paper whose file has mistakes is reported there, not as missing from its days too.
    present = [*paper_ids, *(path.stem for path in reader.rejected)]

    snapshots = reader.folder(content_dir / "trending", Snapshot, "YYYY-MM-DD")
    for document, snapshot in snapshots:
        reader.note(check_snapshot(document, snapshot, present))
    declined = reader.folder(content_dir / "declined", Declined, "YYYY-MM", check_declined_name)

    pages = reader.pages(content_dir / "pages")
    if reader.problems or site is None or taxonomy is None:
        raise CorpusError(reader.problems)
    known = set(paper_ids)
    days, removed = [], []
    for _, snapshot in snapshots:
        # A paper a curator deleted leaves its day's entry: the day shows the others.
        removed += [Removed(snapshot, entry) for entry in snapshot.papers if entry.id not in known]
        kept = tuple(entry for entry in snapshot.papers if entry.id in known)
        if kept:
            days.append(snapshot.model_copy(update={"papers": kept}))
    return Corpus(
        site[1],
        taxonomy[1].topics,
        tuple(paper for _, paper in papers),
        pages,
        tuple(days),
        tuple(sorted(reader.warnings)),
        tuple(paper for _, month in declined for paper in month.papers),
        tuple(removed),
    )


def load_paper(path: Path, topic_slugs: Iterable[str]) -> Paper:
    """One paper file, validated by itself (the checks across files are `load_corpus`'s);
    raise CorpusError listing its mistakes."""
    reader = _Reader()
    found = reader.record(path, Paper, lambda document: check_paper(document, list(topic_slugs)))
    if reader.problems or found is None:
        raise CorpusError(reader.problems)
    return found[1]
