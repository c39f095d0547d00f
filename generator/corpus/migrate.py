"""Upgrade a corpus written for an older schema version, editing only the lines that change."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.corpus.load import Document, papers_folder, parse_document
from generator.corpus.schema import SCHEMA_VERSION
from generator.errors import CorpusError, Problem
from generator.write import write_atomically

_ARXIV_URL = re.compile(
    r"https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/([^\s/?#]+?)(?:v\d+)?(?:\.pdf)?/?"
)
_CODE_HOSTS = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com)/")
_VERSION_LINE = re.compile(r"^schema_version:\s*\d+\s*$", re.MULTILINE)

PaperMigration = Callable[[Path, str], str]


def _flat_url_to_links(path: Path, text: str) -> str:
    """Version 0 → 1: a paper's single `url` becomes `arxiv`, or a `links` entry by its kind."""
    document = parse_document(path, text)
    data = document.data
    if not isinstance(data, dict) or "url" not in data:
        return text
    line_number = document.line_of(("url",))
    if "links" in data:
        raise _refusal(document, line_number, "the file has both url and links")
    url = data["url"]
    if not isinstance(url, str):
        raise _refusal(document, line_number, "url is not a single address")
    lines = text.splitlines(keepends=True)
    old = lines[line_number - 1]
    following = lines[line_number] if line_number < len(lines) else ""
    if not old.startswith("url:") or following[:1] in {" ", "\t"}:
        raise _refusal(document, line_number, "url spans several lines")
    ending = old[len(old.rstrip("\r\n")) :] or "\n"
    lines[line_number - 1 : line_number] = [line + ending for line in _replacement(url, data)]
    return "".join(lines)


def _replacement(url: str, data: dict[str, object]) -> list[str]:
    arxiv = _ARXIV_URL.fullmatch(url.strip())
    if arxiv and "arxiv" not in data:
        return [f'arxiv: "{arxiv.group(1)}"']
    secure = re.sub(r"^http://", "https://", url.strip())
    kind = "code" if _CODE_HOSTS.match(secure) else "pdf" if secure.endswith(".pdf") else "project"
    return ["links:", f"  {kind}: {secure}"]


def _refusal(document: Document, line: int, reason: str) -> CorpusError:
    fix = "turn url into `links:` by hand (see the schema), then run `papers migrate` again"
    return CorpusError([Problem(document.path, line, f"cannot migrate: {reason}", fix)])


MIGRATIONS: dict[int, PaperMigration] = {0: _flat_url_to_links}
"""For each old version, the change of one paper file that brings it to the next version."""


@dataclass
class Migration:
    """What a migration changes: the version it starts from and each file's new text."""

    from_version: int
    changes: dict[Path, str] = field(default_factory=dict)

    @property
    def due(self) -> bool:
        """Whether the corpus is older than this generator."""
        return self.from_version < SCHEMA_VERSION


def plan_migration(content_dir: Path) -> Migration:
    """Work out every change, touching nothing; raise CorpusError if any file cannot migrate."""
    settings = content_dir / "corpus.yaml"
    text = settings.read_text(encoding="utf-8")
    version = _version_of(parse_document(settings, text))
    migration = Migration(version)
    if version > SCHEMA_VERSION:
        message = (
            f"this corpus uses schema version {version}; this generator knows {SCHEMA_VERSION}"
        )
        raise CorpusError([Problem(settings, 1, message, "update the generator (git pull)")])
    texts = {
        path: path.read_text(encoding="utf-8")
        for path in sorted(papers_folder(content_dir).glob("*.yaml"))
        if not path.name.startswith(".")
    }
    problems: list[Problem] = []
    for step in range(version, SCHEMA_VERSION):
        for path, old in texts.items():
            try:
                texts[path] = MIGRATIONS[step](path, old)
            except CorpusError as error:
                problems.extend(error.problems)
    if problems:
        raise CorpusError(problems)
    for path, new in texts.items():
        if new != path.read_text(encoding="utf-8"):
            migration.changes[path] = new
    if migration.due:
        # corpus.yaml last: an interrupted run leaves the old version, so it is run again.
        migration.changes[settings] = _with_version(text, SCHEMA_VERSION)
    return migration


def _with_version(text: str, version: int) -> str:
    """corpus.yaml with its schema_version line set (added after the leading comments)."""
    line = f"schema_version: {version}"
    if _VERSION_LINE.search(text):
        return _VERSION_LINE.sub(line, text, count=1)
    lines = text.splitlines(keepends=True)
    comments = 0
    while comments < len(lines) and lines[comments].startswith("#"):
        comments += 1
    return "".join([*lines[:comments], line + "\n", *lines[comments:]])


def apply_migration(migration: Migration) -> None:
    """Write every changed file atomically, corpus.yaml last."""
    for path, text in migration.changes.items():
        write_atomically(path, text.encode("utf-8"))


def _version_of(document: Document) -> int:
    data = document.data if isinstance(document.data, dict) else {}
    version = data.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        line = document.line_of(("schema_version",))
        raise CorpusError([Problem(document.path, line, "schema_version must be a whole number")])
    return version
