"""Load one YAML file strictly: safe types only, no duplicate keys, no aliases, lines kept."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import CorpusError, Problem

# libyaml's parser is ~16x faster than the pure-Python one; both give identical nodes.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Location = tuple[str | int, ...]
"""Where a value sits in a document: the keys and list positions leading to it."""

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_MAX_DEPTH = 32
MAX_FILE_BYTES = 1 << 20
"""The largest corpus file read: far above any real paper, far below what could exhaust memory."""
# YAML forbids these anyway; finding them first gives the line instead of a byte offset.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Document:
    """The data of one YAML file, with the line on which each value starts."""

    path: Path
    data: object
    lines: Mapping[Location, int]

    def line_of(self, location: Location) -> int:
        """Return the line of `location`, or of its nearest enclosing value that has one."""
        while location not in self.lines and location:
            location = location[:-1]
        return self.lines.get(location, 1)


PAPERS_DIR = "papers"
"""The folder of the corpus (content/) that holds one file per paper, named by its id."""


def papers_folder(content_dir: Path) -> Path:
    """Where the corpus's paper files live."""
    return content_dir / PAPERS_DIR


def paper_file(content_dir: Path, paper_id: str) -> Path:
    """Where the paper `paper_id` lives: its id, then .yaml, in `papers_folder`."""
    return papers_folder(content_dir) / f"{paper_id}.yaml"


def load_document(path: Path, reuse: Reuse | None = None) -> Document:
    """Parse `path` into plain Python values; raise CorpusError naming file and line.

    `reuse`, if given, is handed the file's bytes and a way to parse them, and may return a
    document parsed from the same bytes before instead (`ParseCache.document`).
    """
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        message = f"the file is {size / 2**20:.1f} MiB; corpus files are at most 1 MiB"
        raise CorpusError([Problem(path, 1, message, "shorten it: a paper file is a few kB")])
    raw = path.read_bytes()
    if reuse is not None:
        return reuse(path, raw, lambda: _parse_bytes(path, raw))
    return _parse_bytes(path, raw)


Reuse = Callable[[Path, bytes, Callable[[], "Document"]], "Document"]
"""Given a file, its bytes and their parse: a document (see `load_document`)."""


def _parse_bytes(path: Path, raw: bytes) -> Document:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CorpusError(
            [Problem(path, line, "the file is not valid UTF-8 text", "save it with UTF-8 encoding")]
        ) from None
    return parse_document(path, text)


def parse_document(path: Path, text: str) -> Document:
    """Parse YAML `text` (read from `path`) into a Document; raise CorpusError on any mistake."""
    invisible = _CONTROL_CHARACTER.search(text)
    if invisible:
        line = text[: invisible.start()].count("\n") + 1
        code = f"U+{ord(invisible.group()):04X}"
        message = f"the file contains the control character {code}"
        raise CorpusError([Problem(path, line, message, "delete that invisible character")])
    try:
        # Composing builds the node graph without expanding aliases, so it stays linear in size.
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise CorpusError([_syntax_problem(path, text, error)]) from None
    except yaml.YAMLError as error:
        raise CorpusError([Problem(path, 1, f"this is not valid YAML: {error}")]) from None
    if root is None:
        return Document(path, None, {(): 1})
    builder = _Builder(path)
    data = builder.build(root, ())
    if builder.problems:
        raise CorpusError(builder.problems)
    return Document(path, data, builder.lines)


def _syntax_problem(path: Path, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    reason = error.problem or error.context or "invalid YAML"
    if "nesting depth" in reason:
        return Problem(path, line, "values nest too deeply", "flatten the data")
    source_lines = text.splitlines()
    nearby = source_lines[max(line - 2, 0) : line]
    if any(source_line.lstrip(" ").startswith("\t") for source_line in nearby):
        fix = "indent with spaces; YAML does not allow tabs"
    else:
        fix = "check the indentation and quoting on this line and the one before it"
    return Problem(path, line, f"invalid YAML: {reason}", fix)


class _Builder:
    """Turns a composed node graph into Python values, recording lines and refusing surprises."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[Location, int] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._alias_reported = False
        self._constructor = yaml.SafeLoader("")

    def _refuse(self, line: int, message: str, fix: str) -> None:
        self.problems.append(Problem(self.path, line, message, fix))

    def build(self, node: yaml.Node, location: Location) -> object:
        self.lines.setdefault(location, node.start_mark.line + 1)
        if not self._acceptable(node, location):
            return None
        if isinstance(node, yaml.MappingNode):
            return self._build_mapping(node, location)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*location, index)) for index, item in enumerate(node.value)]
        return self._build_scalar(node)

    def _acceptable(self, node: yaml.Node, location: Location) -> bool:
        """Refuse aliases, deep nesting and tags; record why."""
        if id(node) in self._seen:
            # The composer shares one node object between an anchor and each of its aliases;
            # its mark is the anchor's, so report the line where the alias is used. Once per
            # file: a billion-laughs bomb would otherwise be reported alias by alias.
            if not self._alias_reported:
                # A list item's own position is the anchor's: name the list's line instead.
                in_list = bool(location) and isinstance(location[-1], int)
                line = self.lines[location[:-1] if in_list else location]
                self._refuse(line, "aliases (*name) are not allowed", "write the value out in full")
                self._alias_reported = True
            return False
        self._seen.add(id(node))
        if len(location) > _MAX_DEPTH:
            message = f"values nest deeper than {_MAX_DEPTH} levels"
            self._refuse(self.lines[location], message, "flatten the data")
            return False
        if node.tag not in _PLAIN_TAGS:
            self._refuse(
                node.start_mark.line + 1,
                f"the tag {node.tag} is not allowed",
                "remove the tag; values are plain text, numbers, dates, lists or mappings",
            )
            return False
        return True

    def _build_mapping(self, node: yaml.MappingNode, location: Location) -> dict[str, object]:
        result: dict[str, object] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                self._refuse(
                    line, "keys must be plain words", "write the key as a word, e.g. title"
                )
                continue
            key = key_node.value
            if key in first_lines:
                self._refuse(
                    line,
                    f"the key '{key}' appears twice (first on line {first_lines[key]})",
                    "keep one of the two lines",
                )
                continue
            first_lines[key] = line
            self.lines[(*location, key)] = line
            result[key] = self.build(value_node, (*location, key))
        return result

    def _build_scalar(self, node: yaml.Node) -> object:
        try:
            return self._constructor.construct_object(node)
        except (ValueError, yaml.YAMLError):
            if node.tag.endswith(":timestamp"):
                # A date that does not exist (2026-13-45) stays text: the schema names it on
                # its line, beside every other problem of the file, instead of hiding them.
                return str(node.value)
            line = node.start_mark.line + 1
            self._refuse(line, f"'{node.value}' is not a valid value", "quote it as text")
            return None
