"""Fetch paper metadata from the arXiv API (Atom): title, abstract, authors, dates, DOI."""

from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import feedparser

from generator.corpus.schema import ARXIV_ID
from generator.sources.http import Http, SourceError, UnreadableAnswerError
from generator.sources.text import source_date, source_doi, source_text

__all__ = ["ArxivClient", "ArxivRecord", "SourceError", "normalise_id", "parse_feed"]

DEFAULT_API_URL = "https://export.arxiv.org/api/query"
BATCH_SIZE = 100  # ids per request, as the arXiv API allows
SEARCH_RESULTS = 20  # a title search's results: exact matches come among the first
ATOM = "application/atom+xml"  # arXiv answers 406 to a request that does not accept it
_ID = re.compile(
    r"(?:arxiv:|https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/)?([^\s]+?)(?:v\d+)?(?:\.pdf)?/?", re.I
)


@dataclass(frozen=True)
class ArxivRecord:
    """What the arXiv API says about one paper."""

    arxiv: str
    title: str
    abstract: str
    authors: tuple[str, ...]
    published: str  # YYYY-MM-DD of the first version
    doi: str | None
    withdrawn: bool


def normalise_id(text: str) -> str:
    """Return the bare arXiv id of '2209.10652', 'arXiv:2209.10652v2' or an abs/pdf URL."""
    match = _ID.fullmatch(text.strip())
    bare = match.group(1) if match else ""
    if not ARXIV_ID.fullmatch(bare):
        raise SourceError(f"{text!r} is not an arXiv id (like 2209.10652 or hep-th/9901001)")
    return bare


@dataclass(frozen=True)
class ArxivClient:
    """A polite client: batched requests, a pause between them, retries with backoff."""

    base_url: str = DEFAULT_API_URL
    attempts: int = 4
    delay: float = 3.0  # seconds between requests and the first retry, as arXiv asks
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def from_environment(cls, environment: Mapping[str, str]) -> ArxivClient:
        """PAPERS_ARXIV_API_URL overrides the address (tests point it at a local server)."""
        delay = environment.get("PAPERS_ARXIV_DELAY", "").strip()
        try:
            pause = float(delay) if delay else cls.delay
        except ValueError:
            raise SourceError(f"PAPERS_ARXIV_DELAY is {delay!r}, not a number") from None
        return cls(base_url=environment.get("PAPERS_ARXIV_API_URL") or DEFAULT_API_URL, delay=pause)

    def fetch(self, ids: Sequence[str]) -> dict[str, ArxivRecord | None]:
        """Each id's record, or None when arXiv does not know it."""
        found: dict[str, ArxivRecord | None] = dict.fromkeys(ids)
        for number, batch in enumerate(_batches(list(ids), BATCH_SIZE)):
            if number:
                self.sleep(self.delay)
            for record in self._query({"id_list": ",".join(batch), "max_results": len(batch)}):
                if record.arxiv in found:
                    found[record.arxiv] = record
        return found

    def search_title(self, title: str) -> list[ArxivRecord]:
        """Records whose title contains `title`'s words as a phrase (arXiv's `ti:` search)."""
        words = re.findall(r"\w+", title)
        if not words:
            return []
        return list(
            self._query({"search_query": f'ti:"{" ".join(words)}"', "max_results": SEARCH_RESULTS})
        )

    def _query(self, parameters: Mapping[str, str | int]) -> list[ArxivRecord]:
        """One API request, retried as `Http` does (a rate-limit notice too); its records."""
        http = Http("the arXiv API", self.attempts, self.delay, self.timeout, self.sleep, ATOM)
        return http.get(f"{self.base_url}?{urllib.parse.urlencode(parameters)}", parse_feed)


def parse_feed(body: bytes) -> list[ArxivRecord]:
    """The records of an arXiv API response; SourceError for an error or a non-feed."""
    return list(_records(body))


def _records(body: bytes) -> Iterator[ArxivRecord]:
    feed = feedparser.parse(body)
    # A malformed or cut-off answer could yield some entries: trust none of them.
    benign = isinstance(feed.get("bozo_exception"), feedparser.CharacterEncodingOverride)
    # An HTML error page or arXiv's "Rate exceeded." parses as an empty feed: insist on Atom,
    # or "unknown id" would lie. Such answers pass, so they are retried.
    if (feed.bozo and not benign) or not str(feed.get("version", "")).startswith("atom"):
        raise UnreadableAnswerError(
            f"the arXiv API answered with something that is not a complete Atom feed"
            f" ({_opening(body)})"
        )
    for entry in feed.entries:
        entry_id = str(entry.get("id", ""))
        if "/api/errors" in entry_id:
            raise SourceError(
                f"the arXiv API refused the query: {entry.get('summary', '').strip()}"
            )
        title = source_text(str(entry.get("title", "")))
        if not entry_id or not title:
            continue  # an empty entry: arXiv does not know the id
        summary = source_text(str(entry.get("summary", "")))
        comment = str(entry.get("arxiv_comment", ""))
        yield ArxivRecord(
            arxiv=normalise_id(entry_id),
            title=title,
            abstract=summary,
            authors=tuple(
                name
                for author in entry.get("authors", [])
                if (name := source_text(str(author.get("name", ""))))
            ),
            published=source_date(entry.get("published")) or "",
            doi=source_doi(entry.get("arxiv_doi")),
            withdrawn="withdrawn" in comment.lower()
            or summary.lower().startswith("this paper has been withdrawn"),
        )


def _opening(body: bytes) -> str:
    """The start of an answer, to quote in a message: "Rate exceeded." says what happened."""
    text = " ".join(body[:200].decode("utf-8", "replace").split())
    return repr(text[:60] + ("..." if len(text) > 60 else "")) if text else "an empty answer"


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
