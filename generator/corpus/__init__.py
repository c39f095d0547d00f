"""The corpus stages: load YAML files, validate them against the schema, model the result."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath

from generator.corpus.consistency import check_consistency, today_anywhere
from generator.corpus.load import Document, load_document
from generator.corpus.model import Corpus
from generator.corpus.schema import Paper, Site, Taxonomy
from generator.corpus.validate import (
    check_paper,
    check_schema_version,
    check_taxonomy,
    validate_document,
)
from generator.errors import CorpusError, Problem

__all__ = ["Corpus", "load_corpus"]


def load_corpus(content_dir: Path, today: dt.date | None = None) -> Corpus:
    """Load and validate every file of `content_dir`; raise CorpusError listing all mistakes.

    `today` is what "in the future" is measured against (default: today anywhere on Earth).
    """
    if not content_dir.is_dir():
        raise CorpusError([Problem(content_dir, 1, "the content folder does not exist")])
    problems: list[Problem] = []

    def read(path: Path) -> Document | None:
        if not path.is_file():
            problems.append(
                Problem(path, 1, "the file is missing", "restore it from the repository")
            )
            return None
        try:
            return load_document(path)
        except CorpusError as error:
            problems.extend(error.problems)
            return None

    site_document = read(content_dir / "corpus.yaml")
    site = None
    if site_document:
        version_problems = check_schema_version(site_document)
        if version_problems:  # the other files follow another schema: their errors are noise
            raise CorpusError(version_problems)
        site, found = validate_document(site_document, Site)
        problems.extend(found)

    taxonomy_document = read(content_dir / "topics.yaml")
    taxonomy = None
    if taxonomy_document:
        taxonomy, found = validate_document(taxonomy_document, Taxonomy)
        problems.extend(found)
        if taxonomy:
            problems.extend(check_taxonomy(taxonomy_document, taxonomy))
    topic_slugs = [topic.slug for topic in taxonomy.topics] if taxonomy else None

    entries: list[tuple[Document, Paper]] = []
    papers_dir = content_dir / "papers"
    for path in sorted(papers_dir.iterdir()) if papers_dir.is_dir() else []:
        if path.name.startswith("."):  # editors' swap files, .gitkeep: not contributions
            continue
        if path.suffix != ".yaml" or not path.is_file():
            fix = f"name it {path.stem}.yaml" if path.suffix == ".yml" else "move it out of papers/"
            problems.append(Problem(path, 1, "papers/ holds only <id>.yaml files", fix))
            continue
        document = read(path)
        paper, found = validate_document(document, Paper) if document else (None, [])
        problems.extend(found)
        if document and paper:
            problems.extend(check_paper(document, paper, topic_slugs))
            entries.append((document, paper))
    problems.extend(check_consistency(entries, today or today_anywhere()))

    if problems or site is None or taxonomy is None:
        raise CorpusError(problems)
    papers = tuple(paper for _, paper in entries)
    return Corpus(site, taxonomy.topics, papers, _read_pages(content_dir / "pages"))


def _read_pages(pages_dir: Path) -> dict[PurePosixPath, bytes]:
    """Return the hand-written Markdown pages and their assets, keyed by path in the site."""
    if not pages_dir.is_dir():
        return {}
    return {
        PurePosixPath(path.relative_to(pages_dir).as_posix()): path.read_bytes()
        for path in sorted(pages_dir.rglob("*"))
        if path.is_file()
    }
