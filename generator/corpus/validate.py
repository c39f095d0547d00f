"""Check loaded documents against the schema and each other; every mistake becomes a Problem."""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable, Sequence
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.corpus.authors import name_key
from generator.corpus.load import PAPERS_DIR, Document, Location
from generator.corpus.schema import OFF_TOPIC_SKIP, SCHEMA_VERSION, Site, Snapshot, Taxonomy
from generator.errors import Problem

Record = TypeVar("Record", bound=BaseModel)

_LONGEST_MESSAGE = 160  # a message quoting a 300,000-character value quotes its start
_TYPE_FIXES = {
    "string_type": ("must be text", "put the value in double quotes"),
    "list_type": ("must be a list", "write one item per line, each starting with '- '"),
    "tuple_type": ("must be a list", "write one item per line, each starting with '- '"),
    "dict_type": ("must be a mapping", "write one 'kind: value' pair per line, indented"),
    "model_type": ("must be a mapping", "write one 'field: value' pair per line"),
    "model_attributes_type": ("must be a mapping", "write one 'field: value' pair per line"),
    "int_type": ("must be a whole number", "write digits only, e.g. 10"),
    "int_parsing": ("must be a whole number", "write digits only, e.g. 10"),
}


def validate_document(
    document: Document, model: type[Record]
) -> tuple[Record | None, list[Problem]]:
    """Return the document as a `model` record, or None and the problems that prevent it."""
    if not isinstance(document.data, dict):
        fix = "start the file with 'field: value' lines"
        return None, [Problem(document.path, 1, f"the file must hold a {model.__name__}", fix)]
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        details = error.errors()
        return None, [
            _to_problem(document, model, detail)
            for detail in details
            if not _explained_by_another(detail, details)
        ]


def _explained_by_another(detail: ErrorDetails, details: list[ErrorDetails]) -> bool:
    """A list is 'too short' only because an item inside it failed: report the item alone."""
    location = tuple(detail["loc"])
    return detail["type"] == "too_short" and any(
        tuple(other["loc"])[: len(location)] == location and other is not detail
        for other in details
    )


def check_schema_version(document: Document) -> list[Problem]:
    """Stop at a corpus written for another schema version, before its fields confuse checks."""
    data = document.data if isinstance(document.data, dict) else {}
    version = data.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version == SCHEMA_VERSION:
        return []  # the schema reports a wrong type; the current version needs nothing
    line = document.line_of(("schema_version",))
    message = f"this corpus uses schema version {version}; this generator knows {SCHEMA_VERSION}"
    if version > SCHEMA_VERSION:
        return [Problem(document.path, line, message, "update the generator (git pull)")]
    return [Problem(document.path, line, message, "run `papers migrate` to upgrade it")]


def check_taxonomy(document: Document, taxonomy: Taxonomy) -> list[Problem]:
    """Every topic slug appears once."""
    problems = []
    seen: dict[str, int] = {}
    for index, topic in enumerate(taxonomy.topics):
        line = document.line_of(("topics", index, "slug"))
        if topic.slug in seen:
            message = (
                f"the topic '{topic.slug}' is declared twice (first on line {seen[topic.slug]})"
            )
            problems.append(Problem(document.path, line, message, "merge the two topics into one"))
        seen.setdefault(topic.slug, line)
    return problems


def check_paper(document: Document, topic_slugs: Sequence[str] | None) -> list[Problem]:
    """The file's id is its name; its topics are known (when known), each once; an author
    named twice is a warning. Read from the file's data, so they are reported beside schema
    errors.
    """
    data = document.data if isinstance(document.data, dict) else {}
    problems = []
    paper_id = data.get("id")
    if isinstance(paper_id, str) and paper_id != document.path.stem:
        problems.append(
            Problem(
                document.path,
                document.line_of(("id",)),
                f"id '{paper_id}' does not match the file name '{document.path.name}'",
                f"rename the file to {paper_id}.yaml, or set id: {document.path.stem}",
            )
        )
    topics = data.get("topics")
    seen: set[str] = set()
    for index, slug in enumerate(topics if isinstance(topics, list) else []):
        if not isinstance(slug, str):
            continue  # the schema reports it
        line = document.line_of(("topics", index))
        if topic_slugs is not None and slug not in topic_slugs:
            problems.append(
                Problem(
                    document.path, line, f"unknown topic '{slug}'", topic_hint(slug, topic_slugs)
                )
            )
        elif slug in seen:
            problems.append(
                Problem(document.path, line, f"topic '{slug}' is listed twice", "remove one")
            )
        seen.add(slug)
    authors = data.get("authors")
    first: dict[str, int] = {}
    repeats: list[tuple[str, int, int]] = []  # (name, its line, the line it was first on)
    for index, name in enumerate(authors if isinstance(authors, list) else []):
        if not isinstance(name, str):
            continue
        line = document.line_of(("authors", index))
        key = name_key(name)
        if key in first:
            repeats.append((name.strip(), line, first[key]))
        else:
            first[key] = line
    if repeats:
        # Large author lists often name two people alike ('Hao Wang'): a fact of the paper,
        # never a reason to refuse it, and one warning however many there are.
        name, line, earlier = repeats[0]
        more = f"; {len(repeats) - 1} more names repeat" if len(repeats) > 1 else ""
        problems.append(
            Problem(
                document.path,
                line,
                f"the author '{name}' is listed twice (first on line {earlier}){more}",
                "if it is one person, remove the second; if two people share the name, "
                "leave both as the paper lists them",
                severity="warning",
            )
        )
    return problems


def check_snapshot(
    document: Document, snapshot: Snapshot, paper_ids: Sequence[str] | None
) -> list[Problem]:
    """The date matches the file name, every id is a paper (or one the ingest wrote that a
    curator removed since: a warning), ranks and papers appear once."""
    problems = []
    if snapshot.date.isoformat() != document.path.stem:
        problems.append(
            Problem(
                document.path,
                document.line_of(("date",)),
                f"date {snapshot.date.isoformat()} does not match the file name",
                f"name the file {snapshot.date}.yaml, or set date: {document.path.stem}",
            )
        )
    known = set(paper_ids) if paper_ids is not None else None
    first_rank: dict[int, int] = {}
    first_listing: dict[str, int] = {}
    for index, entry in enumerate(snapshot.papers):
        line = document.line_of(("papers", index))
        if known is not None and entry.id not in known and entry.arxiv and entry.title:
            problems.append(
                Problem(
                    document.path,
                    line,
                    f"the paper {entry.id} (arXiv {entry.arxiv}) is no longer in"
                    f" content/{PAPERS_DIR}/: the next `papers ingest` records it as declined",
                    "nothing to do if a curator removed it; to keep it, restore its file",
                    severity="warning",
                )
            )
        elif known is not None and entry.id not in known:
            close = difflib.get_close_matches(entry.id, sorted(known), n=1)
            fix = (
                f"did you mean '{close[0]}'?"
                if close
                else f"add the paper's file to content/{PAPERS_DIR}/"
            )
            problems.append(Problem(document.path, line, f"no paper has the id '{entry.id}'", fix))
        if entry.rank in first_rank:
            message = f"rank {entry.rank} is given twice (first on line {first_rank[entry.rank]})"
            problems.append(Problem(document.path, line, message, "give each paper its own rank"))
        if entry.id in first_listing:
            message = f"{entry.id} is listed twice (first on line {first_listing[entry.id]})"
            problems.append(Problem(document.path, line, message, "list each paper once a day"))
        first_rank.setdefault(entry.rank, line)
        first_listing.setdefault(entry.id, line)
    return problems


def check_site(document: Document, site: Site, topic_slugs: Sequence[str]) -> list[Problem]:
    """The off-topic policy is `skip` or a declared topic."""
    if site.off_topic == OFF_TOPIC_SKIP or site.off_topic in topic_slugs:
        return []
    line = document.line_of(("off_topic",))
    message = f"off_topic names the unknown topic '{site.off_topic}'"
    return [
        Problem(
            document.path,
            line,
            message,
            f"write skip, or {topic_hint(site.off_topic, topic_slugs)}",
        )
    ]


def topic_hint(wrong: str, choices: Iterable[str]) -> str:
    """How to mend an unknown topic slug: the closest declared one, or the list of them."""
    choices = sorted(choices)
    close = difflib.get_close_matches(wrong, choices, n=1)
    if close:
        return f"did you mean '{close[0]}'? Topics are declared in content/topics.yaml"
    return f"use one of: {', '.join(choices)} (declared in content/topics.yaml)"


def _to_problem(document: Document, model: type[BaseModel], detail: ErrorDetails) -> Problem:
    location: Location = tuple(detail["loc"])
    is_key = bool(location) and location[-1] == "[key]"
    if is_key:
        location = location[:-1]
    message, fix = _message_and_fix(model, location, detail, is_key=is_key)
    return Problem(document.path, document.line_of(location), message, fix)


def _message_and_fix(  # noqa: PLR0911 (one answer per kind of schema error)
    model: type[BaseModel], location: Location, detail: ErrorDetails, *, is_key: bool
) -> tuple[str, str]:
    """A schema error in a contributor's words, with a fix that does not contradict the schema."""
    kind = detail["type"]
    context = detail.get("ctx") or {}
    name = str(location[-1]) if location else ""
    if kind == "missing":
        return f"the field '{name}' is missing", _example(model, location)
    if kind == "extra_forbidden":
        known = list(_model_at(model, location[:-1]).model_fields)
        close = difflib.get_close_matches(name, known, n=1)
        fix = (
            f"did you mean '{close[0]}'?"
            if close
            else f"remove it; the fields are: {', '.join(known)}"
        )
        return f"unknown field '{name}'", fix
    subject = f"the key '{name}' of {_describe(location)}" if is_key else _describe(location)
    required = _is_required(model, location)
    if kind == "empty_text":
        # An empty list item or required field is filled in; only an optional field may go.
        if isinstance(location[-1], int):
            return f"{subject}: {detail['msg']}", "write it, or remove the line"
        return f"{subject}: {detail['msg']}", "write the text" if required else str(context["fix"])
    if "fix" in context:
        said = detail["msg"]
        if len(said) > _LONGEST_MESSAGE:
            said = said[: _LONGEST_MESSAGE - 3] + "..."
        return f"{subject}: {said}", str(context["fix"])
    if kind in _TYPE_FIXES:
        message, fix = _TYPE_FIXES[kind]
        return f"{subject} {message}", fix
    if kind == "too_short":
        fix = _example(model, location) if required else "list at least one, or remove the field"
        return f"{subject} is an empty list", fix
    if kind in {"string_too_long", "too_long"}:
        unit = "characters" if isinstance(detail.get("input"), str) else "items"
        return f"{subject} is longer than {context.get('max_length')} {unit}", "shorten it"
    if kind in {"less_than_equal", "greater_than_equal"}:
        bound = "at most" if kind == "less_than_equal" else "at least"
        limit = context.get("le", context.get("ge"))
        return f"{subject} must be {bound} {limit}", f"write a number {bound} {limit}"
    message = detail["msg"].removeprefix("Input should be").removeprefix("Value error, ")
    return f"{subject}: expected {message.strip()}", _field_help(model, location)


def _is_required(model: type[BaseModel], location: Location) -> bool:
    name = location[-1] if location else None
    if not isinstance(name, str):
        return False
    field = _model_at(model, location[:-1]).model_fields.get(name)
    return field is not None and field.is_required()


def _field_help(model: type[BaseModel], location: Location) -> str:
    """What the field holds, from the schema, for a mistake with no fix of its own."""
    names = [part for part in location if isinstance(part, str)]
    field = _model_at(model, location[:-1]).model_fields.get(names[-1]) if names else None
    if field is None or not field.description:
        return "check the value against the schema in content/schema/"
    return f"write {names[-1]} as the schema says: {field.description}"


def _describe(location: Location) -> str:
    """Name a location as a contributor reads it: links.code, topics[2]."""
    text = ""
    for part in location:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "the file"


def _model_at(model: type[BaseModel], location: Location) -> type[BaseModel]:
    """Return the record type that holds the value at `location` (Topic inside Taxonomy)."""
    for part in location:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        nested = _record_in(field.annotation) if field else None
        if nested is None:
            break
        model = nested
    return model


def _record_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, map(_record_in, typing.get_args(annotation))), None)


def _example(model: type[BaseModel], location: Location) -> str:
    name = str(location[-1])
    field = _model_at(model, location[:-1]).model_fields.get(name)
    if field is None or not field.examples:
        return f"add a line '{name}: ...'"
    example = field.examples[0]
    if isinstance(example, list):
        value = "".join(f"\n  - {item}" for item in example)
    else:
        value = f'"{example}"' if name == "arxiv" else str(example)
    return f"add a line like '{name}: {value}' ({field.description})"


def check_declined_name(document: Document) -> list[Problem]:
    """A month of declined papers is named after its month."""
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", document.path.stem):
        return []
    return [
        Problem(
            document.path,
            1,
            f"'{document.path.name}' is not named after a month",
            "name it YYYY-MM.yaml, the month its papers were declined",
        )
    ]
