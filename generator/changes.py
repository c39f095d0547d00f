"""Summarise, for a pull request, the papers it adds, changes or removes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.corpus.load import load_document
from generator.errors import BuildError, CorpusError
from generator.site.escape import markdown_text

_KINDS = {"A": "added", "M": "changed", "D": "removed", "R": "renamed"}


def changes_summary(content_dir: Path, base: str) -> str:
    """A Markdown table of the paper files that differ from `base`, with their titles.

    The titles come from a contributor's files and the summary is rendered as Markdown, so
    they are escaped like every other corpus text on the site.
    """
    papers_dir = content_dir / "papers"
    command = ["git", "diff", "--name-status", "--no-renames", "--relative", f"{base}...HEAD"]
    result = subprocess.run(  # noqa: S603 (fixed command, no shell)
        command, cwd=papers_dir, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BuildError(f"git diff against {base} failed: {result.stderr.strip()}")
    rows = []
    changed = (line.partition("\t") for line in result.stdout.splitlines())
    for status, _, name in sorted(changed, key=lambda entry: entry[2]):
        path = Path(name)
        if path.suffix != ".yaml":
            continue
        kind = _KINDS.get(status[:1], status)
        title = _title_of(papers_dir / name) if kind != "removed" else ""
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


def _title_of(path: Path) -> str:
    try:
        data = load_document(path).data
    except CorpusError:
        return "(the file has errors: see the check above)"
    title = data.get("title") if isinstance(data, dict) else None
    return markdown_text(title) if isinstance(title, str) else "(no title)"
