"""Add fields to a contributor's YAML file by inserting lines, leaving every other byte as it was.

Loading and dumping would lose comments, key order, quoting and line breaks. Here each new
key is inserted where the corpus layout puts it, and the result is parsed again: unless it
holds exactly the old data plus the new fields, nothing is returned.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from generator.corpus.load import parse_document
from generator.errors import CorpusError

FIELD_ORDER = (
    "id", "title", "authors", "arxiv", "doi", "published", "added", "topics", "links", "abstract",
)  # fmt: skip
"""The order of a paper file's keys, as `papers add` writes them."""

_TOP_LEVEL_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:(?:\s|$)")
_BLOCK_CHILD = re.compile(r"(\s+)[^\s#]")
_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


class EditError(ValueError):
    """The fields cannot be added by inserting lines (a flow mapping, say): change nothing."""


def add_fields(path: Path, text: str, fields: Mapping[str, str | Sequence[str]]) -> str:
    """Return `text` with each top-level field added; "links.<kind>" adds a link.

    Raises EditError when the file already has a field, or when the edit would not read back
    as the old data plus exactly these fields.
    """
    before = _data(path, text)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    links = {key.removeprefix("links."): v for key, v in fields.items() if key.startswith("links.")}
    for key, value in fields.items():
        if key.startswith("links."):
            continue
        if key in before:
            raise EditError(f"the file already has {key}")
        at = _insertion_line(lines, key)
        lines[at:at] = _field_lines(key, value, _sequence_indent(lines))
    if links:
        _add_links(lines, links, before)
    edited = "".join(lines)
    _check(path, before, edited, fields)
    return edited


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when it reads back as itself, else double-quoted."""
    if value and value == value.strip() and _reads_back(value):
        return value
    return yaml_flow(value)


def _reads_back(value: str) -> bool:
    """Whether `value`, written plain after a key, reads back as itself ("- x", "@x", "a: b"
    do not read at all)."""
    try:
        return bool(yaml.safe_load(f"key: {value}\n") == {"key": value})
    except yaml.YAMLError:
        return False


def yaml_flow(data: object) -> str:
    """`data` as one YAML flow value that reads back as `data`: JSON, keys sorted."""
    quoted = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # JSON is YAML's flow syntax, except that YAML 1.1 reads these three as line breaks.
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\x85")


def _field_lines(key: str, value: str | Sequence[str], indent: str) -> list[str]:
    if isinstance(value, str):
        if key == "arxiv":
            shown = f'"{value}"'  # an id is not a number
        elif key == "published" and _DATE.fullmatch(value):
            shown = value  # written as the corpus writes dates, unquoted
        else:
            shown = yaml_scalar(value)
        return [f"{key}: {shown}\n"]
    return [f"{key}:\n", *(f"{indent}- {yaml_scalar(item)}\n" for item in value)]


def _top_level_keys(lines: Sequence[str]) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(lines):
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            found.append((number, match.group(1)))
    return found


def _insertion_line(lines: Sequence[str], key: str) -> int:
    """Before the first key that the layout puts after `key`, above that key's own comments."""
    later = set(FIELD_ORDER[FIELD_ORDER.index(key) + 1 :])
    for number, existing in _top_level_keys(lines):
        if existing in later:
            above = number
            while above > 0 and lines[above - 1].startswith("#"):
                above -= 1
            return above
    return len(lines)


def _sequence_indent(lines: Sequence[str]) -> str:
    """The indentation the file gives list items ("  - " or "- "), "  " if it has none."""
    for line in lines:
        stripped = line.lstrip(" ")
        if stripped.startswith("- "):
            return line[: len(line) - len(stripped)]
    return "  "


def _add_links(
    lines: list[str], links: Mapping[str, str | Sequence[str]], before: dict[str, object]
) -> None:
    entries = {kind: str(url) for kind, url in links.items()}
    if "links" not in before:
        at = _insertion_line(lines, "links")
        lines[at:at] = [
            "links:\n",
            *(f"  {kind}: {yaml_scalar(url)}\n" for kind, url in entries.items()),
        ]
        return
    start = next(number for number, key in _top_level_keys(lines) if key == "links")
    if lines[start].split(":", 1)[1].split("#", 1)[0].strip():
        raise EditError("links are written on one line; add the new link there by hand")
    last, indent = start, "  "
    for number in range(start + 1, len(lines)):
        child = _BLOCK_CHILD.match(lines[number])
        if child:
            last, indent = number, child.group(1)
        elif lines[number].strip() and not lines[number].lstrip().startswith("#"):
            break
    existing = before["links"]
    for kind in entries:
        if isinstance(existing, dict) and kind in existing:
            raise EditError(f"the file already has a {kind} link")
    lines[last + 1 : last + 1] = [
        f"{indent}{kind}: {yaml_scalar(url)}\n" for kind, url in entries.items()
    ]


def _data(path: Path, text: str) -> dict[str, object]:
    try:
        data = parse_document(path, text).data
    except CorpusError as error:
        raise EditError(str(error)) from None
    if not isinstance(data, dict):
        raise EditError("the file is not a mapping of fields")
    return data


def _check(
    path: Path, before: dict[str, object], edited: str, fields: Mapping[str, str | Sequence[str]]
) -> None:
    """The edited file must read as the old data plus the new fields, and nothing else."""
    expected = dict(before)
    for key, value in fields.items():
        written = value if isinstance(value, str) else list(value)
        if key.startswith("links."):
            links = expected.get("links")
            links = links if isinstance(links, dict) else {}
            expected["links"] = {**links, key.removeprefix("links."): written}
        else:
            expected[key] = written
    if _as_text(_data(path, edited), fields) != expected:
        raise EditError("inserting lines would change more than the new fields")


def _as_text(data: dict[str, object], fields: Mapping[str, object]) -> dict[str, object]:
    """`data` with the new fields' dates as the text they were written from (YAML reads dates)."""
    return {
        key: value.isoformat() if key in fields and isinstance(value, dt.date) else value
        for key, value in data.items()
    }
