"""Serve an HTTP handler on this machine's loopback address, for as long as a caller needs it."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

Handler = Callable[..., http.server.BaseHTTPRequestHandler]
SHUTDOWN_POLL_SECONDS = 0.02


@contextmanager
def serving(handler: Handler | Any) -> Iterator[str]:
    """Run `handler` on 127.0.0.1 at a free port; yield http://127.0.0.1:<port>/."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # shutdown() waits for the loop to look at its flag: every 0.5 s by default, a pause as
    # long as many tests whole. A stand-in on loopback can afford to look more often.
    serve = functools.partial(server.serve_forever, poll_interval=SHUTDOWN_POLL_SECONDS)
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Reply:
    """What a stand-in API answers: a status, a body, headers; optionally only part of it."""

    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    cut_after: int | None = None  # send this many bytes of the body, then hang up

    @classmethod
    def of(cls, answer: Reply | tuple[int, bytes]) -> Reply:
        """`answer` as a Reply: a (status, body) pair needs no headers."""
        return answer if isinstance(answer, Reply) else cls(*answer)


Answer = Callable[[str, Mapping[str, str]], "Reply | tuple[int, bytes]"]
"""Given a request's query string and headers, what to answer."""


@contextmanager
def answering(answer: Answer, content_type: str) -> Iterator[str]:
    """Serve GET requests with `answer` (a stand-in for a public API); yield the root URL.

    A 503 says `Retry-After: 0` unless the reply sets it, so clients that honour it retry at
    once. A client that gave up waiting (a timeout test) is not an error.
    """

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            reply = Reply.of(answer(urllib.parse.urlsplit(self.path).query, dict(self.headers)))
            headers = {"Content-Type": content_type, **reply.headers}
            if reply.status == 503:
                headers.setdefault("Retry-After", "0")
            try:
                self.send_response(reply.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body[: reply.cut_after])
                if reply.cut_after is not None:
                    self.close_connection = True
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serving(Handler) as root:
        yield root


SERVER_ERROR, RATE_LIMITED, HUNG_UP, HALF_A_BODY = (
    "server error",
    "rate limited",
    "hung up",
    "half a body",
)
FAULTS = (SERVER_ERROR, RATE_LIMITED, HUNG_UP, HALF_A_BODY)
"""How a stand-in API fails on a bad day: 500, 429 asking for an hour, a body cut off
mid-answer, a complete answer of half a list."""


def faulty_reply(kind: str, body: bytes) -> Reply:
    """What the API answers instead of `body` on a faulty day, by kind (one of FAULTS)."""
    if kind == SERVER_ERROR:
        return Reply(500, b"Internal Server Error")
    if kind == RATE_LIMITED:  # longer than a client waits: it gives up at once
        return Reply(429, b'{"error": "rate limited"}', {"Retry-After": "3600"})
    if kind == HUNG_UP:  # announces the whole body, sends half, hangs up
        return Reply(200, body, cut_after=len(body) // 2)
    if kind == HALF_A_BODY:
        return Reply(200, body[: len(body) // 2])
    raise ValueError(f"no fault called {kind!r}; the faults are {', '.join(FAULTS)}")


def free_port() -> int:
    """A TCP port free on loopback now, for a server started next."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
