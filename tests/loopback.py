"""Serve an HTTP handler on this machine's loopback address, for as long as a test needs it."""

from __future__ import annotations

import http.server
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Handler = Callable[..., http.server.BaseHTTPRequestHandler]


@contextmanager
def serving(handler: Handler | Any) -> Iterator[str]:
    """Run `handler` on 127.0.0.1 at a free port; yield http://127.0.0.1:<port>/."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


Answer = Callable[[str], tuple[int, bytes]]
"""Given a request's query string, the status and body to answer with."""


@contextmanager
def answering(answer: Answer, content_type: str) -> Iterator[str]:
    """Serve GET requests with `answer` (a stand-in for a public API); yield the root URL.

    A 503 says `Retry-After: 0`, so clients that honour it retry at once. A client that gave
    up waiting (a timeout test) is not an error.
    """

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = answer(urllib.parse.urlsplit(self.path).query)
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                if status == 503:
                    self.send_header("Retry-After", "0")
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serving(Handler) as root:
        yield root
