"""Serve an HTTP handler on this machine's loopback address, for as long as a test needs it."""

from __future__ import annotations

import http.server
import threading
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
