"""Write benchmark results: a JSON file for programs, a Markdown table for people."""

from __future__ import annotations

import json
from pathlib import Path

Row = dict[str, float | int]
Columns = list[tuple[str, str]]  # (key in a row, column title)


def markdown_table(rows: list[Row], columns: Columns) -> str:
    """The rows as a Markdown table with the given columns."""
    lines = ["| " + " | ".join(title for _, title in columns) + " |"]
    lines.append("|" + " --- |" * len(columns))
    lines += ["| " + " | ".join(str(row[key]) for key, _ in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_results(out: Path, name: str, rows: list[Row], columns: Columns) -> None:
    """Write out/<name>.json and out/<name>.md."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(rows, indent=1) + "\n")
    (out / f"{name}.md").write_text(markdown_table(rows, columns))
