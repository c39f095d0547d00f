"""Polite HTTP GET for the sources: a timeout, and retries with backoff for what may pass."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from generator import __version__
from generator.errors import BuildError

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_MAX_RETRY_AFTER = 60.0


class SourceError(BuildError):
    """A source could not give what was asked: unreachable, refusing, or answering nonsense."""


@dataclass(frozen=True)
class Http:
    """GET with a timeout; 429, 5xx and network failures retried with a growing pause."""

    name: str  # how messages call the source: "the arXiv API"
    attempts: int = 4
    delay: float = 3.0  # seconds before the first retry; doubles after each
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep

    def get(self, url: str) -> bytes:
        """The body of a successful answer; SourceError once retries are spent."""
        request = urllib.request.Request(  # noqa: S310 (http(s) only: the base URL is configuration)
            url, headers={"User-Agent": f"trending-papers/{__version__}"}
        )
        for attempt in range(1, self.attempts + 1):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    body: bytes = response.read()
                    return body
            except urllib.error.HTTPError as error:
                if error.code not in _RETRY_STATUSES or attempt == self.attempts:
                    raise SourceError(f"{self.name} answered {error.code} {error.reason}") from None
                wait = _retry_after(error.headers.get("Retry-After"))
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == self.attempts:
                    reason = getattr(error, "reason", error)
                    raise SourceError(f"cannot reach {self.name} ({reason})") from None
                wait = None
            self.sleep(self.delay * 2 ** (attempt - 1) if wait is None else wait)
        raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(value: str | None) -> float | None:
    try:
        return min(float(value), _MAX_RETRY_AFTER) if value else None
    except ValueError:
        return None
