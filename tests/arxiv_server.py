"""A stand-in arXiv API on loopback: answers id_list and title queries from the fixtures."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

from standins.loopback import Reply, answering
from tests.conftest import FIXTURES

ARXIV = FIXTURES / "arxiv"
ATOM = "application/atom+xml"
RATE_EXCEEDED = Reply(200, b"Rate exceeded.", {"Content-Type": "text/plain"})
"""What arXiv answers, with status 200, to a client asking too often."""


@dataclass
class ArxivServer:
    """The server's address, the queries it received, and failures to give first."""

    url: str = ""
    queries: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)  # each request's Accept header
    # Answers to give before succeeding: a status (with a body of "busy"), or a whole Reply.
    fail_first: list[int | Reply] = field(default_factory=list)
    body_override: bytes | None = None  # answer this instead (e.g. an HTML error page)

    def answer(self, query: str, headers: Mapping[str, str]) -> Reply | tuple[int, bytes]:
        self.queries.append(query)
        self.accepted.append(headers.get("Accept", ""))
        if ATOM not in self.accepted[-1]:  # as arXiv does
            return 406, b"Not Acceptable"
        if self.fail_first:
            failure = self.fail_first.pop(0)
            return failure if isinstance(failure, Reply) else (failure, b"busy")
        if self.body_override is not None:
            return 200, self.body_override
        parameters = urllib.parse.parse_qs(query)
        if "search_query" in parameters:
            ids = title_search(parameters["search_query"][0])
        else:
            ids = parameters.get("id_list", [""])[0].split(",")
        if ids == ["1234"]:
            return 200, (ARXIV / "error.xml").read_bytes()
        entries = [
            (ARXIV / f"entry-{paper}.xml").read_text(encoding="utf-8")
            for paper in ids
            if (ARXIV / f"entry-{paper}.xml").is_file()
        ]
        envelope = (ARXIV / "feed.xml").read_text(encoding="utf-8")
        feed = envelope.replace("{entries}", "".join(entries))
        feed = feed.replace("{id_list}", ",".join(ids)).replace("{count}", str(len(entries)))
        return 200, feed.encode("utf-8")


def title_search(search_query: str) -> list[str]:
    """Ids of the fixture entries sharing at least half the words of a `ti:"..."` query.

    Like arXiv's search, it also answers with near misses: exact matching is the client's job.
    """
    match = re.fullmatch(r'ti:"([^"]*)"', search_query)
    if match is None:
        return ["1234"]  # anything else is a malformed query: answer with the API's error
    wanted = set(match.group(1).lower().split())
    found = []
    for entry in sorted(ARXIV.glob("entry-*.xml")):
        title = re.search(r"<title>(.*?)</title>", entry.read_text(encoding="utf-8"), re.S)
        words = set(re.findall(r"\w+", title.group(1).lower())) if title else set()
        if wanted and len(wanted & words) * 2 >= len(wanted):
            found.append(entry.stem.removeprefix("entry-"))
    return found


@contextmanager
def arxiv_server() -> Iterator[ArxivServer]:
    """Serve the fixtures at http://127.0.0.1:<port>/api/query until the block ends."""
    state = ArxivServer()

    with answering(state.answer, "application/atom+xml; charset=utf-8") as root:
        state.url = root + "api/query"
        yield state


def arxiv_for_papers(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    """The stand-in, with `papers` pointed at it and no pause between requests: for a fixture
    to `yield from`."""
    with arxiv_server() as running:
        monkeypatch.setenv("PAPERS_ARXIV_API_URL", running.url)
        monkeypatch.setenv("PAPERS_ARXIV_DELAY", "0")
        yield running
