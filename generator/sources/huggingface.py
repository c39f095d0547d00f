"""The Hugging Face daily papers API: the papers the community upvoted on a day (JSON)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.corpus.provenance import HUGGING_FACE
from generator.corpus.schema import check_web_url
from generator.sources.arxiv import normalise_id
from generator.sources.http import Http, SourceError, UnreadableAnswerError
from generator.sources.text import source_date, source_text
from generator.sources.trending import TrendingPaper

DEFAULT_API_URL = "https://huggingface.co/api/daily_papers"
_NAME = "the Hugging Face daily papers API"
_JSON = "application/json"


@dataclass(frozen=True)
class HuggingFaceDailyPapers:
    """`GET <api>?date=YYYY-MM-DD`: a JSON list of {paper: {id, title, summary, authors, ...}}."""

    base_url: str = DEFAULT_API_URL
    http: Http = field(default_factory=lambda: Http(_NAME, accept=_JSON))
    name: str = HUGGING_FACE

    @classmethod
    def from_environment(cls, environment: Mapping[str, str]) -> HuggingFaceDailyPapers:
        """PAPERS_HF_API_URL overrides the address (tests point it at a local server)."""
        delay = environment.get("PAPERS_HF_DELAY", "").strip()
        try:
            http = Http(_NAME, delay=float(delay) if delay else 3.0, accept=_JSON)
        except ValueError:
            raise SourceError(f"PAPERS_HF_DELAY is {delay!r}, not a number") from None
        return cls(environment.get("PAPERS_HF_API_URL") or DEFAULT_API_URL, http)

    def day(self, date: dt.date) -> list[TrendingPaper]:
        """The day's papers, most upvoted first (ties keep the API's order)."""
        query = urllib.parse.urlencode({"date": date.isoformat()})
        return self.http.get(f"{self.base_url}?{query}", parse_daily_papers)


def parse_daily_papers(body: bytes) -> list[TrendingPaper]:
    """Read the API's answer. An entry that is not a whole paper (no id, title or abstract)
    comes back with its `problem`, so that one bad entry does not hold up a day's papers;
    a day where no entry is whole fails: the answer is not what the API used to send."""
    # A cut-off body or an error object in place of the list may be right on another try.
    try:
        listing = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise UnreadableAnswerError(
            f"the daily papers API answered with invalid JSON ({error})"
        ) from None
    if not isinstance(listing, list):
        raise UnreadableAnswerError(
            "the daily papers API answered with something other than a list"
        )
    # A paper listed twice stays twice here: the ingest keeps it once, and says so.
    papers = [_paper(entry, position) for position, entry in enumerate(listing, 1)]
    if papers and all(paper.problem for paper in papers):
        raise SourceError(
            f"no entry of the daily papers is a whole paper ({papers[0].problem}): "
            "has the API changed?"
        )
    ranked = sorted(papers, key=lambda paper: -(paper.upvotes or 0))  # stable: ties keep order
    return [dataclasses.replace(paper, rank=rank) for rank, paper in enumerate(ranked, 1)]


def _paper(item: object, position: int) -> TrendingPaper:
    try:
        return _whole_paper(item, position)
    except SourceError as error:
        paper = item.get("paper") if isinstance(item, dict) else None
        fields = paper if isinstance(paper, dict) else {}
        try:
            arxiv = normalise_id(str(fields.get("id", "")))
        except SourceError:
            arxiv = ""
        title = fields.get("title")
        shown = " ".join(title.split()) if isinstance(title, str) and title.strip() else ""
        upvotes = _count(fields.get("upvotes"))  # its place in the day, by the same rule
        return TrendingPaper(position, arxiv, shown, "", (), None, upvotes, problem=str(error))


def _whole_paper(item: object, position: int) -> TrendingPaper:
    entry: dict[str, object] = item if isinstance(item, dict) else {}
    paper = entry.get("paper")
    if not isinstance(paper, dict):
        raise SourceError(f"entry {position} of the daily papers has no paper")

    def text(key: str) -> str:
        value = source_text(paper[key]) if isinstance(paper.get(key), str) else ""
        if not value:
            raise SourceError(f"entry {position} of the daily papers has no {key}")
        return value

    authors = paper.get("authors")
    # Every name as listed, two people of one name included: the list is the paper's fact.
    names = tuple(
        name
        for author in (authors if isinstance(authors, list) else [])
        if isinstance(author, dict)
        and isinstance(author.get("name"), str)
        and (name := source_text(author["name"]))
    )
    upvotes = paper.get("upvotes")
    published = paper.get("publishedAt")
    try:
        arxiv = normalise_id(text("id"))
    except SourceError as error:
        raise SourceError(f"entry {position} of the daily papers: {error}") from None
    return TrendingPaper(
        rank=position,
        arxiv=arxiv,
        title=text("title"),
        abstract=text("summary"),
        authors=names,
        published=source_date(published),
        upvotes=_count(upvotes),
        code=_repository(entry, paper),
        stars=_count(paper.get("githubStars", entry.get("githubStars"))),
    )


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _repository(entry: dict[str, object], paper: dict[str, object]) -> str | None:
    """The GitHub repository the listing links, if it is one (an https github.com address)."""
    url = paper.get("githubRepo", entry.get("githubRepo"))
    if not isinstance(url, str):
        return None
    try:
        check_web_url(url)
    except ValueError:
        return None
    return url if url.startswith("https://github.com/") else None
