"""A stand-in Hugging Face daily papers API on loopback, answering from the recorded days."""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from standins.loopback import Reply, answering
from tests.conftest import FIXTURES

DAYS = FIXTURES / "huggingface"


@dataclass
class DailyPapersServer:
    """The server's address, the dates asked for, and misbehaviour to show on request."""

    url: str = ""
    dates: list[str] = field(default_factory=list)
    # Answers to give before succeeding: a status (with a JSON error), or a whole Reply.
    fail_first: list[int | Reply] = field(default_factory=list)
    body_override: bytes | None = None
    delay: float = 0.0  # seconds to wait before answering
    days: Path = DAYS  # where the days' answers are, as <date>.json
    broken: dict[str, Reply] = field(default_factory=dict)  # a date's answer until it mends

    def answer(self, query: str, headers: Mapping[str, str]) -> Reply | tuple[int, bytes]:
        date = urllib.parse.parse_qs(query).get("date", [""])[0]
        self.dates.append(date)
        time.sleep(self.delay)
        if self.fail_first:
            failure = self.fail_first.pop(0)
            return failure if isinstance(failure, Reply) else (failure, b'{"error": "busy"}')
        if self.body_override is not None:
            return 200, self.body_override
        if date in self.broken:
            return self.broken[date]
        day = self.days / f"{date}.json"
        return 200, day.read_bytes() if day.is_file() else b"[]"


@contextmanager
def daily_papers_server(
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> Iterator[DailyPapersServer]:
    """Serve the recorded days at http://127.0.0.1:<port>/api/daily_papers; with
    `monkeypatch`, point the `papers` commands at it, without pauses between requests."""
    state = DailyPapersServer()

    with answering(state.answer, "application/json") as root:
        state.url = root + "api/daily_papers"
        if monkeypatch is not None:
            monkeypatch.setenv("PAPERS_HF_API_URL", state.url)
            monkeypatch.setenv("PAPERS_HF_DELAY", "0")
        yield state
