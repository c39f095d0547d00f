"""The corpus schema, declared once: validation, JSON Schema and field docs all derive from it."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 1
"""The `schema_version` of corpus.yaml that this generator reads."""

OFF_TOPIC_SKIP = "skip"
"""The `off_topic` policy that leaves papers no topic matches out of an ingest."""

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}")
"""An arXiv identifier without its version: new style (2209.10652) or old (hep-th/9901001)."""
_VERSION = r"(?:v[1-9][0-9]*)?"
_ARXIV_ID_WITH_VERSION = re.compile(f"({ARXIV_ID.pattern}){_VERSION}")
DOI = re.compile(r"10\.\d{4,9}/\S+")
_PARTIAL_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
# Control characters break feeds (XML 1.0 forbids them) and hide text from reviewers. A lone
# surrogate (half an emoji, as JSON can escape it when a source cuts a text short) cannot be
# written as UTF-8 at all.
FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _problem(kind: str, message: str, fix: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message, {"fix": fix})


def _matching(pattern: re.Pattern[str], kind: str, what: str, fix: str) -> Callable[[str], str]:
    """A validator that accepts values matching `pattern` whole, else names `what` was expected."""

    def check(value: str) -> str:
        if not pattern.fullmatch(value):
            raise _problem(kind, f"'{value}' is not {what}", fix)
        return value

    return check


_check_slug = _matching(
    _SLUG,
    "slug",
    "a slug",
    "use lowercase letters, digits and single hyphens, e.g. toy-models-of-superposition",
)
_check_doi = _matching(
    DOI,
    "doi",
    "a DOI",
    "write the DOI itself, e.g. 10.48550/arXiv.2209.10652 (no https://doi.org/)",
)


def _check_text(value: str) -> str:
    if not value.strip():
        raise _problem("empty_text", "the text is empty", "write the text, or remove the field")
    found = FORBIDDEN_CHARACTERS.search(value)
    if found:
        code = f"U+{ord(found.group()):04X}"
        raise _problem(
            "control_character",
            f"the text contains the control character {code} at position {found.start() + 1}",
            "delete that invisible character",
        )
    return value


def _normalise_text(value: str) -> str:
    """Line endings as "\\n" and no white space around: the same text wherever it is shown.

    XML parsers turn a carriage return into a line feed and feed readers trim, so any other
    form would read back differently from what the corpus holds.
    """
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _check_single_line(value: str) -> str:
    if "\n" in value.strip() or "\r" in value.strip():
        raise _problem("multiline", "this must be one line", "join the lines into one")
    return value.strip()


def _check_arxiv_id(value: object) -> object:
    if isinstance(value, float | int):
        raise _problem(
            "arxiv_number",
            "the arXiv id was read as a number, which drops trailing zeros",
            'put the id in quotes, e.g. arxiv: "2209.10652"',
        )
    if isinstance(value, str):
        match = _ARXIV_ID_WITH_VERSION.fullmatch(value)
        if match is None:
            raise _problem(
                "arxiv_id",
                f"'{value}' is not an arXiv id",
                'write the id without prefix, e.g. "2209.10652" or "hep-th/9901001"',
            )
        return match.group(1)  # any version of a paper is the paper
    return value


def _check_date(value: object) -> object:
    if isinstance(value, dt.datetime):
        raise _problem("date_time", "a date is expected, not a time", "write YYYY-MM-DD")
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            what = "a real date" if _PARTIAL_DATE.fullmatch(value) else "a date"
            raise _problem("date", f"'{value}' is not {what}", "write YYYY-MM-DD") from None
    if not isinstance(value, dt.date):
        raise _problem("date", f"'{value}' is not a date", "write YYYY-MM-DD, e.g. 2026-11-24")
    return value


def _check_partial_date(value: object) -> object:
    if isinstance(value, dt.datetime):
        raise _problem("date_time", "a date is expected, not a time", "write YYYY-MM or YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value.isoformat()
    match = _PARTIAL_DATE.fullmatch(value) if isinstance(value, str) else None
    try:
        if match is None:
            raise ValueError
        year, month, day = (int(part) for part in match.groups(default="1"))
        dt.date(year, month, day)
    except ValueError:
        what = "a real date" if match else "a date"
        raise _problem(
            "partial_date",
            f"'{value}' is not {what}",
            "write YYYY-MM or YYYY-MM-DD, e.g. 2024-01",
        ) from None
    return value


def check_web_url(value: str) -> str:
    """Accept only an absolute https URL with a host and no credentials or whitespace."""
    parts = urlsplit(value)
    fix = "use the full https:// address of the page, e.g. https://github.com/owner/repository"
    if parts.scheme != "https":
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise _problem("url_scheme", f"'{shown}' is not an https:// link", fix)
    if not parts.hostname or "." not in parts.hostname or parts.username or parts.password:
        raise _problem("url_host", f"'{value}' has no valid host name", fix)
    if any(
        character.isspace() or unicodedata.category(character) in ("Cc", "Cs")
        for character in value
    ):
        raise _problem("url_space", "the link contains spaces or invisible characters", fix)
    return value


def _editor_hint(pattern: str, **extra: str) -> object:
    """The rule a validator enforces, stated in the JSON Schema so editors check it while typing."""
    return Field(json_schema_extra={"pattern": pattern, **extra})


Slug = Annotated[
    str, Field(max_length=80), AfterValidator(_check_slug), _editor_hint(f"^{_SLUG.pattern}$")
]
Text = Annotated[str, AfterValidator(_check_text), AfterValidator(_normalise_text)]
Line = Annotated[str, AfterValidator(_check_text), AfterValidator(_check_single_line)]
WebUrl = Annotated[
    str,
    Field(max_length=2000),
    AfterValidator(check_web_url),
    _editor_hint(r"^https://[^\s/@]+\.[^\s]*$", format="uri"),
]
ArxivId = Annotated[
    str, BeforeValidator(_check_arxiv_id), _editor_hint(f"^(?:{ARXIV_ID.pattern}){_VERSION}$")
]
Date = Annotated[dt.date, BeforeValidator(_check_date)]
Doi = Annotated[str, AfterValidator(_check_doi), _editor_hint(f"^{DOI.pattern}$")]
PartialDate = Annotated[
    str, BeforeValidator(_check_partial_date), _editor_hint(r"^\d{4}-\d{2}(?:-\d{2})?$")
]


TITLE_LENGTH = 500
"""The longest title a paper, a trending day's entry or a declined record holds."""
AUTHOR_LENGTH = 300
"""The longest name an author list holds."""
DECLINED_WORDS_LENGTH = 1000
"""The longest list of words a declined record keeps of an abstract."""


class _Record(BaseModel):
    """Shared settings: immutable, and an unknown field is a mistake, not something to ignore."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Paper(_Record):
    """One research paper: the file content/papers/<id>.yaml."""

    id: Slug = Field(
        description="The paper's slug, equal to the file name without .yaml.",
        examples=["toy-models-of-superposition"],
    )
    title: Annotated[Line, Field(max_length=TITLE_LENGTH)] = Field(
        description="The title exactly as the authors wrote it.",
        examples=["Toy Models of Superposition"],
    )
    abstract: Annotated[Text, Field(max_length=200_000)] = Field(
        description="The abstract as plain text; blank lines separate paragraphs.",
        examples=["Neural networks often pack many unrelated concepts into a single neuron..."],
    )
    topics: tuple[Slug, ...] = Field(
        min_length=1,
        description="Slugs of the topics the paper belongs to, from content/topics.yaml.",
        examples=[["mechanistic-interpretability"]],
    )
    added: Date = Field(
        description="The day the archive added the paper (YYYY-MM-DD).",
        examples=["2026-11-24"],
    )
    authors: tuple[Annotated[Line, Field(max_length=AUTHOR_LENGTH)], ...] | None = Field(
        default=None,
        min_length=1,
        description="Author names in the paper's order.",
        examples=[["Nelson Elhage", "Tristan Hume"]],
    )
    arxiv: ArxivId | None = Field(
        default=None,
        description="The arXiv identifier, in quotes; a version (v2) may follow and is ignored:"
        " every version is the same paper.",
        examples=["2209.10652"],
    )
    doi: Doi | None = Field(
        default=None,
        description="The DOI, without https://doi.org/, when the paper has one.",
        examples=["10.48550/arXiv.2209.10652"],
    )
    published: PartialDate | None = Field(
        default=None,
        description="When the paper first appeared (YYYY-MM or YYYY-MM-DD).",
        examples=["2022-09"],
    )
    links: dict[Slug, WebUrl] = Field(
        default_factory=dict,
        description="Links by kind (code, project, pdf, data, video, ...), each an https URL.",
        examples=[{"code": "https://github.com/owner/repository"}],
    )


class Topic(_Record):
    """One topic of the taxonomy in content/topics.yaml."""

    slug: Slug = Field(description="The topic's slug, used in URLs and in papers' topics.")
    title: Annotated[Line, Field(max_length=80)] = Field(description="The topic's name.")
    description: Annotated[Line, Field(max_length=300)] = Field(
        description="One sentence saying what belongs in the topic."
    )
    keywords: tuple[Annotated[Line, Field(max_length=80)], ...] = Field(
        default=(),
        description="Words or phrases (any case) whose presence in a new paper's title or "
        "abstract adds to this topic's suggestion, beside the curated papers most like it "
        "(`papers add`, `papers ingest`); curators tune them.",
    )
    title_keywords: tuple[Annotated[Line, Field(max_length=80)], ...] = Field(
        default=(),
        description="Keywords that count only in a paper's title: words many papers use in "
        "passing ('improves interpretability') but only this topic's papers put in a title.",
    )


class SnapshotEntry(_Record):
    """One paper's place in a day's trending list."""

    rank: int = Field(ge=1, description="Its place in the day's list, 1 being the top.")
    id: Slug = Field(description="The paper's id (its file name in content/papers/).")
    arxiv: ArxivId | None = Field(
        default=None,
        description="The paper's arXiv id, written by `papers ingest`: when a curator deletes"
        " the paper's file from the pull request, the next ingest records it as declined.",
    )
    title: Annotated[Line, Field(max_length=TITLE_LENGTH)] | None = Field(
        default=None, description="The title the source listed it under, written by the ingest."
    )
    upvotes: int | None = Field(default=None, ge=0, description="Votes the source counted.")
    stars: int | None = Field(
        default=None, ge=0, description="The stars of the paper's code repository that day."
    )


class Snapshot(_Record):
    """One day's trending papers: the file content/trending/YYYY-MM-DD.yaml."""

    date: Date = Field(description="The day, equal to the file name (YYYY-MM-DD).")
    source: Annotated[Line, Field(max_length=200)] | None = Field(
        default=None, description="Where the list came from, e.g. huggingface-daily-papers."
    )
    papers: tuple[SnapshotEntry, ...] = Field(
        min_length=1, description="The papers that trended that day, by rank."
    )

    @property
    def ranked(self) -> tuple[SnapshotEntry, ...]:
        """The day's papers, best rank first."""
        return tuple(sorted(self.papers, key=lambda entry: entry.rank))


DeclinedWhy = Literal["not-admitted", "removed", "closed", "declined"]
"""Why a paper is not in the archive: no topic admitted it at ingest, a curator deleted it from
the ingest's pull request, a curator closed that pull request unmerged, or a curator ran
`papers decline`."""


class DeclinedPaper(_Record):
    """A paper that trended and that the archive does not keep: a negative for the suggester."""

    arxiv: ArxivId = Field(description="The paper's arXiv id.", examples=["2501.19393"])
    day: Date = Field(description="The day it was declined (YYYY-MM-DD).")
    why: DeclinedWhy = Field(
        description="not-admitted: no topic admitted it at ingest; removed: a curator deleted it"
        " from the ingest's pull request; closed: a curator closed that pull request unmerged;"
        " declined: a curator ran `papers decline`."
    )
    title: Annotated[Line, Field(max_length=TITLE_LENGTH)] = Field(description="Its title.")
    words: Annotated[Line, Field(max_length=DECLINED_WORDS_LENGTH)] | None = Field(
        default=None,
        description="Its abstract's most frequent words, what the suggester learns from"
        " (the abstract itself would cost four times the bytes).",
    )


class Declined(_Record):
    """One month of declined papers: the file content/declined/YYYY-MM.yaml."""

    papers: tuple[DeclinedPaper, ...] = Field(
        default=(), description="One line per paper, in the order they were declined."
    )


class Taxonomy(_Record):
    """The file content/topics.yaml: the topics, in the order the site lists them."""

    topics: tuple[Topic, ...] = Field(min_length=1, description="Every topic of the archive.")


class Site(_Record):
    """The file content/corpus.yaml: schema version and site-wide settings."""

    schema_version: Literal[1] = Field(description="The version of the schema the files follow.")
    title: Annotated[Line, Field(max_length=80)] = Field(description="The site's name.")
    description: Annotated[Line, Field(max_length=300)] = Field(
        description="One sentence saying what the archive is."
    )
    base_url: WebUrl = Field(
        description="The address the site is published at; overridden at build time on CI."
    )
    repository: WebUrl | None = Field(
        default=None,
        description="The GitHub repository that holds the corpus and the generator: every"
        " page's footer links it, each paper page links its file's editor and a form to report a"
        " problem, each topic page a form to propose a paper. Unset, the site links none (the"
        " publish workflow sets the repository it runs in).",
        examples=["https://github.com/owner/trending-papers"],
    )
    branch: Annotated[
        str, Field(max_length=100, pattern=r"^[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*$")
    ] = Field(
        default="main",
        description="The repository's default branch, the one the edit links open.",
    )
    off_topic: Slug = Field(
        default=OFF_TOPIC_SKIP,
        description=(
            "What `papers ingest` does with a new paper no topic matches (unlike the curated"
            " papers, and naming no topic's keywords but in passing): `skip` it"
            " (listed in the summary, with the command that would add it), or file it under"
            " the topic with this slug, marked for review."
        ),
    )
    latest_count: int = Field(
        default=10, ge=1, le=100, description="How many of the newest papers the home page lists."
    )
    feed_items: int = Field(
        default=50, ge=1, le=1000, description="How many of the newest papers each feed holds."
    )
    listing_size: int = Field(
        default=50,
        ge=1,
        le=1000,
        description=(
            "How many of the newest papers a topic page and All papers show; when there are"
            " more, every paper is also listed on one page per month, linked from there."
        ),
    )


SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "paper.schema.json": Paper,
    "topics.schema.json": Taxonomy,
    "corpus.schema.json": Site,
    "snapshot.schema.json": Snapshot,
    "declined.schema.json": Declined,
}
"""The JSON Schema file of each corpus file kind, in content/schema/."""


def json_schemas() -> dict[str, bytes]:
    """Each corpus file kind's JSON Schema, derived from the models above, for editors."""
    return {name: schema_bytes(model) for name, model in SCHEMA_FILES.items()}


def schema_bytes(model: type[BaseModel]) -> bytes:
    """A model's JSON Schema (draft 2020-12) as a file."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": f"Schema version {SCHEMA_VERSION}. Generated from the models in "
        "generator/ (`papers schema` writes content/schema/); do not edit.",
        **model.model_json_schema(),
    }
    return (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
