"""Polite HTTP GET for the sources: a timeout, and retries with backoff for what may pass."""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from generator import __version__
from generator.errors import BuildError

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REFUSALS = {429: "is rate-limiting requests", 503: "is unavailable or overloaded"}

Answer = TypeVar("Answer")


class SourceError(BuildError):
    """A source could not give what was asked: unreachable, refusing, or answering nonsense."""


class UnreadableAnswerError(SourceError):
    """An answer that is not what was asked for (cut off, a rate-limit notice): it may pass."""


@dataclass(frozen=True)
class Http:
    """GET with a timeout; 429, 5xx, unreadable answers and network failures retried.

    The pause grows from `delay`, doubling, never beyond `max_wait`; a `Retry-After` the
    server sends is honoured, and one longer than `max_wait` ends the retries at once.
    """

    name: str  # how messages call the source: "the arXiv API"
    attempts: int = 4
    delay: float = 3.0  # seconds before the first retry; doubles after each
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    accept: str = "*/*"  # the Accept header: some APIs refuse a request without one (406)
    max_wait: float = 60.0

    def get(self, url: str, read: Callable[[bytes], Answer]) -> Answer:
        """`read` applied to the body of a successful answer; SourceError once retries are spent.

        `read` raises UnreadableAnswerError for a body that may be right on another try.
        """
        request = urllib.request.Request(  # noqa: S310 (http(s) only: the base URL is configuration)
            url, headers={"User-Agent": f"trending-papers/{__version__}", "Accept": self.accept}
        )
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            wait: float | None = None
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    body: bytes = response.read()
                return read(body)
            except urllib.error.HTTPError as error:
                error.close()  # it holds the connection open
                if error.code not in _RETRY_STATUSES or last:
                    raise SourceError(self._refused(error.code, error.reason, attempt)) from None
                wait = _retry_after(error.headers.get("Retry-After"))
                if wait is not None and wait > self.max_wait:
                    raise SourceError(
                        f"{self._refused(error.code, error.reason, attempt)}; it asks for"
                        f" {wait:.0f} s, longer than this command waits"
                    ) from None
            except http.client.IncompleteRead as error:
                if last:
                    raise SourceError(
                        f"{self.name} broke off its answer ({len(error.partial)} bytes of"
                        f" {len(error.partial) + (error.expected or 0)}, {self._tries(attempt)});"
                        " try again later"
                    ) from None
            except UnreadableAnswerError as error:
                if last:
                    raise SourceError(
                        f"{error} ({self._tries(attempt)}); try again later"
                    ) from None
            except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
                if last:
                    reason = getattr(error, "reason", None) or error
                    raise SourceError(
                        f"cannot reach {self.name} ({reason}; {self._tries(attempt)})"
                    ) from None
            self.sleep(
                min(self.delay * 2 ** (attempt - 1), self.max_wait) if wait is None else wait
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def _refused(self, status: int, reason: str, attempt: int) -> str:
        answered = f"answered {status} {reason}"
        if status not in _RETRY_STATUSES:
            return f"{self.name} {answered}"
        times = "once" if attempt == 1 else f"{attempt} times"
        what = _REFUSALS.get(status, "is failing")
        return f"{self.name} {what} ({answered} {times}); try again later"

    @staticmethod
    def _tries(attempt: int) -> str:
        return "1 attempt" if attempt == 1 else f"{attempt} attempts"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait by a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return max(0.0, (moment - dt.datetime.now(dt.UTC)).total_seconds())
