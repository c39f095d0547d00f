"""Summarise, for a pull request, the papers it adds, changes or removes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.corpus.load import load_document, papers_folder
from generator.errors import BuildError, CorpusError
from generator.site.escape import markdown_text

_KINDS = {"A": "added", "M": "changed", "D": "removed", "R": "renamed"}


def changes_summary(content_dir: Path, base: str) -> str:
    """A Markdown table of the paper files that differ from `base`, with their titles.

    The titles come from a contributor's files and the summary is rendered as Markdown, so
    they are escaped like every other corpus text on the site.
    """
    papers_dir = papers_folder(content_dir).resolve()
    rows = []
    for path, status in sorted(changed_since(content_dir, base).items()):
        if path.parent != papers_dir or path.suffix != ".yaml":
            continue
        kind = _KINDS.get(status[:1], status)
        title = _title_of(path) if kind != "removed" else ""
        rows.append(f"| {kind} | {markdown_text(path.stem)} | {title} |")
    if not rows:
        return "No paper files changed.\n"
    header = [
        "### Papers in this pull request",
        "",
        "| change | id | title |",
        "| --- | --- | --- |",
    ]
    return "\n".join([*header, *rows]) + "\n"


def changed_since(content_dir: Path, base: str) -> dict[Path, str]:
    """The files of `content_dir` this branch changed since it left `base`, with git's status
    letter (A, M, D)."""
    return _git_paths(
        content_dir, ["diff", "--name-status", "--no-renames", "--relative", f"{base}...HEAD"]
    )


def changed_in_working_tree(content_dir: Path) -> dict[Path, str] | None:
    """The files of `content_dir` changed or new since the last commit; None outside git."""
    try:
        return _git_paths(
            content_dir, ["diff", "--name-status", "--no-renames", "--relative", "HEAD"]
        ) | _git_paths(content_dir, ["ls-files", "--others", "--exclude-standard", "-t"])
    except BuildError:
        return None


def _git_paths(content_dir: Path, arguments: list[str]) -> dict[Path, str]:
    command = ["git", *arguments]
    try:
        result = subprocess.run(  # noqa: S603 (fixed command, no shell)
            command, cwd=content_dir, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BuildError("git is not installed: it is needed to tell which files changed") from None
    if result.returncode != 0:
        raise BuildError(f"git {arguments[0]} failed: {result.stderr.strip()}")
    found = {}
    for line in result.stdout.splitlines():
        status, _, name = line.partition("\t") if "\t" in line else line.partition(" ")
        found[(content_dir / name).resolve()] = status.strip()
    return found


def _title_of(path: Path) -> str:
    try:
        data = load_document(path).data
    except CorpusError:
        return "(the file has errors: see the check above)"
    title = data.get("title") if isinstance(data, dict) else None
    return markdown_text(title) if isinstance(title, str) else "(no title)"
