"""Papers the archive saw and does not keep: one line each in content/declined/YYYY-MM.yaml.

Every day's listing holds many more papers than the archive keeps. Each one not kept is
recorded, compactly, so that it is never proposed again and so that the topic suggester
learns what the archive does not want (its negatives). Lines are only ever appended.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from generator.corpus.edit import yaml_flow
from generator.corpus.load import paper_file
from generator.corpus.model import Corpus
from generator.corpus.schema import (
    DECLINED_WORDS_LENGTH,
    TITLE_LENGTH,
    DeclinedPaper,
    DeclinedWhy,
)
from generator.corpus.stop_words import ENGLISH_STOP_WORDS
from generator.sources.arxiv import SourceError, normalise_id

WORDS_KEPT = 40
"""How many of an abstract's words a record keeps: its most frequent, for the suggester."""
LONGEST_WORD = 40
"""A longer "word" is a sequence, an address or words run together: no use to the suggester."""
_WORD = re.compile(r"[^\W\d_][\w-]{2,}")
HEADER = """\
# yaml-language-server: $schema=../schema/declined.schema.json
# Papers that trended and that the archive does not keep, one a line: no topic admitted them
# (not-admitted), a curator deleted them from an ingest's pull request (removed) or closed it
# unmerged (closed), or ran `papers decline` (declined). `papers ingest` never proposes them
# again; `papers add ID` files one anyway. Written by the papers commands; lines are only ever
# added.
papers:
"""


def abstract_words(title: str, abstract: str) -> str:
    """The words of a paper the suggester learns from: its most frequent, most first."""
    words = [
        word
        for word in _WORD.findall(f"{title} {abstract}".casefold())
        if word not in ENGLISH_STOP_WORDS
    ]
    counts = Counter(word for word in words if len(word) <= LONGEST_WORD)
    first = {word: index for index, word in reversed(list(enumerate(words)))}
    kept: list[str] = []
    length = -1  # no space before the first word
    for word in sorted(counts, key=lambda word: (-counts[word], first[word]))[:WORDS_KEPT]:
        if length + 1 + len(word) > DECLINED_WORDS_LENGTH:  # what a record holds, at most
            break
        kept.append(word)
        length += 1 + len(word)
    return " ".join(kept)


def declined_record(
    arxiv: str, title: str, abstract: str, day: dt.date, why: DeclinedWhy
) -> DeclinedPaper:
    """The record of a paper the archive does not keep: its id, title and abstract's words.

    A title longer than a record holds (the source's, which no rule of ours may refuse) is
    cut there, with an ellipsis: the arXiv id names the paper.
    """
    shown = title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1].rstrip() + "…"
    return DeclinedPaper(
        arxiv=arxiv, day=day, why=why, title=shown, words=abstract_words(title, abstract) or None
    )


def record_line(record: DeclinedPaper) -> str:
    """One record as one YAML line (a flow mapping; its strings JSON-quoted, which YAML reads)."""
    fields = {
        "arxiv": yaml_flow(record.arxiv),
        "day": record.day.isoformat(),
        "why": record.why,
        "title": yaml_flow(record.title),
    }
    if record.words:
        fields["words"] = yaml_flow(record.words)
    return "  - {" + ", ".join(f"{key}: {value}" for key, value in fields.items()) + "}\n"


def month_file(content_dir: Path, day: dt.date) -> Path:
    """Where the papers declined on `day` are recorded."""
    return content_dir / "declined" / f"{day:%Y-%m}.yaml"


def declined_writes(content_dir: Path, records: Iterable[DeclinedPaper]) -> Mapping[Path, str]:
    """Each month file with `records` appended to what it holds."""
    writes: dict[Path, str] = {}
    for record in records:
        path = month_file(content_dir, record.day)
        if path not in writes:
            old = path.read_text(encoding="utf-8") if path.is_file() else HEADER
            writes[path] = old if old.endswith("\n") else old + "\n"
        writes[path] += record_line(record)
    return writes


def decline_papers(
    content_dir: Path, corpus: Corpus, ids: Sequence[str], day: dt.date
) -> tuple[Mapping[Path, str], list[Path], list[str]]:
    """The records of declining `ids` (papers of the corpus, by id or arXiv id, or papers a
    curator removed), the paper files to delete, and the ids that cannot be declined."""
    by_arxiv = {paper.arxiv: paper for paper in corpus.papers if paper.arxiv}
    removed = {r.entry.arxiv: r.entry for r in corpus.removed if r.entry.arxiv}
    trended = {entry.id: entry for day_ in corpus.snapshots for entry in day_.papers}
    already = {record.arxiv for record in corpus.declined}
    records: list[DeclinedPaper] = []
    files: list[Path] = []
    refused: list[str] = []
    for given in ids:
        try:
            arxiv = normalise_id(given)
        except SourceError:
            arxiv = ""  # a paper's id, then
        paper = corpus.papers_by_id.get(given) or by_arxiv.get(arxiv)
        if paper is None and arxiv in removed:
            entry = removed[arxiv]
            if entry.arxiv not in already:
                title = entry.title or ""
                records.append(DeclinedPaper(arxiv=arxiv, day=day, why="declined", title=title))
            continue
        if paper is None or not paper.arxiv:
            refused.append(
                f"{given}: no paper of the archive has this id or arXiv id (a paper without an"
                " arXiv id cannot be declined: delete its file instead)"
            )
            continue
        listed = trended.get(paper.id)
        if listed is not None and not (listed.arxiv and listed.title):
            refused.append(
                f"{given}: it trended before the ingest named papers' arXiv ids in its days:"
                " delete its file and its lines in content/trending/ instead"
            )
            continue
        records.append(declined_record(paper.arxiv, paper.title, paper.abstract, day, "declined"))
        files.append(paper_file(content_dir, paper.id))
    return declined_writes(content_dir, records), files, refused
