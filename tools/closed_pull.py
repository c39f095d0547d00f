"""The papers of an ingest pull request closed unmerged, recorded as declined (`why: closed`).

Closing the pull request is how a curator says no to what it proposed: its new papers are
recorded in content/declined/, like the papers a curator deletes from it, so that no later
ingest proposes them again and the topic suggester learns from them.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from generator.corpus.schema import DeclinedPaper
from generator.curate.declined import declined_record, declined_writes
from generator.write import write_atomically


@dataclass(frozen=True)
class ClosedRecords:
    """The declined records of a closed pull request's papers."""

    records: tuple[DeclinedPaper, ...]

    @property
    def count(self) -> int:
        """How many papers are recorded."""
        return len(self.records)

    def write(self, content_dir: Path) -> int:
        """Append the records to content/declined/, leaving out papers recorded already; how
        many were written."""
        known = _declined_ids(content_dir)
        fresh = [record for record in self.records if record.arxiv not in known]
        for path, text in declined_writes(content_dir, fresh).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, text.encode("utf-8"))
        return len(fresh)


def closed_records(repository: Path, tip: str, proposed: Sequence[str]) -> ClosedRecords:
    """The records of the papers `tip` added (`proposed`: its new paper and day files)."""
    days: dict[str, dt.date] = {}
    for name in sorted(proposed):
        path = PurePosixPath(name)
        if path.parent.name == "trending":
            day = dt.date.fromisoformat(path.stem) if _is_date(path.stem) else None
            for entry in _mapping(_read(repository, tip, name)).get("papers") or []:
                if day and isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    days.setdefault(entry["id"], day)
    newest = max(days.values(), default=None)
    records = []
    for name in sorted(proposed):
        path = PurePosixPath(name)
        if path.parent.name != "papers":
            continue
        paper = _mapping(_read(repository, tip, name))
        arxiv, title = paper.get("arxiv"), paper.get("title")
        if not (isinstance(arxiv, str) and isinstance(title, str)):
            continue  # a paper without an arXiv id cannot be recorded; it is simply gone
        abstract = paper.get("abstract") if isinstance(paper.get("abstract"), str) else ""
        added = paper.get("added") if isinstance(paper.get("added"), dt.date) else None
        day = days.get(path.stem) or newest or added or dt.datetime.now(dt.UTC).date()
        records.append(
            declined_record(arxiv, " ".join(title.split())[:500], str(abstract), day, "closed")
        )
    return ClosedRecords(tuple(records))


def _read(repository: Path, commit: str, name: str) -> str:
    shown = subprocess.run(  # noqa: S603 (git with fixed arguments, no shell)
        ["git", "show", f"{commit}:{name}"],  # noqa: S607 (git from PATH)
        cwd=repository,
        capture_output=True,
        text=True,
        check=False,
    )
    return shown.stdout if shown.returncode == 0 else ""


def _mapping(text: str) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _declined_ids(content_dir: Path) -> set[str]:
    ids: set[str] = set()
    for path in sorted((content_dir / "declined").glob("*.yaml")):
        for record in _mapping(path.read_text(encoding="utf-8")).get("papers") or []:
            if isinstance(record, dict) and isinstance(record.get("arxiv"), str):
                ids.add(record["arxiv"])
    return ids
