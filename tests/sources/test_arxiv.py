"""The arXiv source: parses the API's Atom, retries what is worth retrying, says what failed."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.curate.contribute import paper_problems, paper_text
from generator.sources.arxiv import ArxivClient, SourceError, normalise_id, parse_feed
from generator.sources.http import Http
from standins.loopback import Reply
from tests.arxiv_server import ARXIV, RATE_EXCEEDED, ArxivServer, arxiv_server


@pytest.fixture
def server() -> Iterator[ArxivServer]:
    with arxiv_server() as running:
        yield running


def client(server: ArxivServer, attempts: int = 4) -> ArxivClient:
    return ArxivClient(base_url=server.url, attempts=attempts, delay=0, timeout=5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2209.10652", "2209.10652"),
        ("arXiv:2209.10652v3", "2209.10652"),
        ("https://arxiv.org/abs/2209.10652v2", "2209.10652"),
        ("https://arxiv.org/pdf/2209.10652v2.pdf", "2209.10652"),
        (" hep-th/9901001 ", "hep-th/9901001"),
    ],
)
def test_ids_are_normalised(text: str, expected: str) -> None:
    assert normalise_id(text) == expected


@pytest.mark.parametrize("text", ["", "1234", "2209.106", "javascript:alert(1)", "2209.10652/../x"])
def test_non_ids_are_refused(text: str) -> None:
    with pytest.raises(SourceError, match="not an arXiv id"):
        normalise_id(text)


def test_a_record_is_read_with_whitespace_and_unicode_cleaned(server: ArxivServer) -> None:
    record = client(server).fetch(["2511.99001"])["2511.99001"]
    assert record is not None
    assert record.title == "Sparse Autoencoders Trace Physical Concepts in Video World Models"
    assert record.authors == ("Ada Example", "Björn Ünicode", "Chen Wei")
    assert record.published == "2025-11-18"
    assert record.doi == "10.48550/arXiv.2511.99001"
    assert record.abstract.startswith("Video world models are expected to learn the physics")
    assert "\n" not in record.abstract
    assert not record.withdrawn


def test_batch_returns_none_for_unknown_ids_and_flags_withdrawn(server: ArxivServer) -> None:
    records = client(server).fetch(["2511.99001", "2511.99002", "2511.99999"])
    assert records["2511.99999"] is None
    withdrawn = records["2511.99002"]
    assert withdrawn is not None
    assert withdrawn.withdrawn
    assert len(server.queries) == 1  # one request for the whole batch


def test_temporary_refusals_are_retried(server: ArxivServer) -> None:
    server.fail_first = [503, 429]
    assert client(server).fetch(["2511.99003"])["2511.99003"] is not None
    assert len(server.queries) == 3


def test_persistent_refusal_gives_up_with_the_status(server: ArxivServer) -> None:
    server.fail_first = [503] * 10
    with pytest.raises(SourceError, match="answered 503"):
        client(server, attempts=3).fetch(["2511.99003"])
    assert len(server.queries) == 3


def test_a_bad_request_is_not_retried(server: ArxivServer) -> None:
    server.fail_first = [400]
    with pytest.raises(SourceError, match="answered 400"):
        client(server).fetch(["2511.99003"])
    assert len(server.queries) == 1


def test_an_error_entry_is_reported(server: ArxivServer) -> None:
    with pytest.raises(SourceError, match="incorrect id format for 1234"):
        client(server).fetch(["1234"])


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Service unavailable</body></html>",
        b"",
        (ARXIV / "feed.xml").read_bytes()[:300],
    ],
)
def test_an_answer_that_is_not_a_complete_feed_is_refused(server: ArxivServer, body: bytes) -> None:
    server.body_override = body
    with pytest.raises(SourceError, match="not a complete Atom feed"):
        client(server).fetch(["2511.99001"])


def test_an_unreachable_api_is_reported_after_retrying() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    unreachable = ArxivClient(
        base_url=f"http://127.0.0.1:{port}/api/query", attempts=2, delay=0, timeout=2
    )
    with pytest.raises(SourceError, match="cannot reach the arXiv API"):
        unreachable.fetch(["2511.99001"])


def test_parse_feed_reads_the_recorded_envelope_with_no_entries() -> None:
    envelope = (ARXIV / "feed.xml").read_text().replace("{entries}", "").replace("{id_list}", "x")
    assert list(parse_feed(envelope.replace("{count}", "0").encode())) == []


def test_a_record_keeps_the_first_of_several_dois_and_no_date_that_cannot_be(
    tmp_path: Path,
) -> None:
    entry = (ARXIV / "entry-2511.99001.xml").read_text()
    entry = entry.replace(
        ">10.48550/arXiv.2511.99001<", "> 10.1103/PhysRevD.76.013009 10.1103/PhysRevD.77.019903<"
    ).replace("<published>2025-11-18T17:59:59Z", "<published>2025-02-31T17:59:59Z")
    envelope = (ARXIV / "feed.xml").read_text().replace("{id_list}", "2511.99001")
    (record,) = parse_feed(envelope.replace("{entries}", entry).replace("{count}", "1").encode())
    assert (record.doi, record.published) == ("10.1103/PhysRevD.76.013009", "")
    # What arXiv says of a paper is never a reason to refuse it: its file validates.
    path = tmp_path / "papers" / "sparse-autoencoders.yaml"
    text = paper_text(record, "sparse-autoencoders", ["world-models"], dt.date(2026, 12, 7))
    assert paper_problems(path, text, ["world-models"]) == []


def recording_client(server: ArxivServer, attempts: int = 4) -> tuple[ArxivClient, list[float]]:
    """A client whose pauses are recorded instead of slept."""
    pauses: list[float] = []
    return (
        ArxivClient(
            base_url=server.url, attempts=attempts, delay=3, timeout=5, sleep=pauses.append
        ),
        pauses,
    )


def test_every_request_accepts_atom_which_arxiv_insists_on(server: ArxivServer) -> None:
    client(server).fetch(["2511.99001"])
    client(server).search_title("Sparse Autoencoders")
    assert len(server.queries) == 2
    assert server.accepted == ["application/atom+xml"] * 2
    anything = Http("the arXiv API", attempts=1, delay=0, timeout=5)
    with pytest.raises(SourceError, match="answered 406 Not Acceptable"):
        anything.get(f"{server.url}?id_list=2511.99001", parse_feed)


@pytest.mark.parametrize(
    "refusals",
    [
        [RATE_EXCEEDED],
        [RATE_EXCEEDED, RATE_EXCEEDED, 503],
        [Reply(429, b"Too Many Requests", {"Retry-After": "7"})],
        [Reply(503, b"busy", {"Retry-After": "2"}), RATE_EXCEEDED],
        [Reply(200, (ARXIV / "feed.xml").read_bytes(), cut_after=120)],  # hung up half way
        [Reply(200, b"<html><body>Service unavailable</body></html>")],
    ],
)
def test_refusals_are_retried_until_arxiv_answers(
    server: ArxivServer, refusals: list[int | Reply]
) -> None:
    server.fail_first = list(refusals)
    arxiv, pauses = recording_client(server)
    record = arxiv.fetch(["2511.99001"])["2511.99001"]
    assert record is not None
    assert len(server.queries) == len(refusals) + 1
    # Retry-After is honoured; otherwise the pause starts at the delay and doubles.
    expected = [
        float(refusal.headers["Retry-After"])
        if isinstance(refusal, Reply) and "Retry-After" in refusal.headers
        else (0.0 if refusal == 503 else 3.0 * 2**attempt)  # the stand-in's 503 says 0
        for attempt, refusal in enumerate(refusals)
    ]
    assert pauses == expected


@pytest.mark.parametrize(
    ("refusal", "message"),
    [
        (
            RATE_EXCEEDED,
            "not a complete Atom feed ('Rate exceeded.') (4 attempts); try again later",
        ),
        (
            Reply(429, b"slow down", {"Retry-After": "1"}),
            "the arXiv API is rate-limiting requests (answered 429 Too Many Requests 4 times);"
            " try again later",
        ),
        (
            503,
            "the arXiv API is unavailable or overloaded (answered 503 Service Unavailable 4 times)",
        ),
    ],
)
def test_persistent_refusals_end_with_a_clear_message_and_bounded_pauses(
    server: ArxivServer, refusal: int | Reply, message: str
) -> None:
    server.fail_first = [refusal] * 10
    arxiv, pauses = recording_client(server)
    with pytest.raises(SourceError) as caught:
        arxiv.fetch(["2511.99001"])
    assert message in str(caught.value)
    assert len(server.queries) == 4
    assert len(pauses) == 3
    assert all(0 <= pause <= 60 for pause in pauses)


def test_backoff_never_grows_past_its_bound(server: ArxivServer) -> None:
    server.fail_first = [RATE_EXCEEDED] * 10
    pauses: list[float] = []
    arxiv = ArxivClient(base_url=server.url, attempts=8, delay=3, timeout=5, sleep=pauses.append)
    with pytest.raises(SourceError):
        arxiv.fetch(["2511.99001"])
    assert pauses == [3, 6, 12, 24, 48, 60, 60]


def test_a_retry_after_beyond_the_bound_stops_at_once(server: ArxivServer) -> None:
    server.fail_first = [Reply(429, b"come back tomorrow", {"Retry-After": "86400"})] * 4
    arxiv, pauses = recording_client(server)
    with pytest.raises(SourceError, match="asks for 86400 s, longer than this command waits"):
        arxiv.fetch(["2511.99001"])
    assert (len(server.queries), pauses) == (1, [])
