"""A built site served as GitHub Pages serves a project site: under a path, 404.html for misses,
text compressed with gzip for a client that accepts it."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import posixpath
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from standins.loopback import serving

_COMPRESSED = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".bib", ".md"})


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` at `prefix`; anything missing (or outside it) gets the site's 404.html."""

    def __init__(self, *args: object, directory: str, prefix: str, **kwargs: object) -> None:
        self.prefix = prefix
        super().__init__(*args, directory=directory, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        # A browser that goes mid-response (a closed page or context) is a reader leaving, as
        # GitHub Pages sees daily, not a fault: no traceback on the benchmark's output.
        with suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def end_headers(self) -> None:
        # As GitHub Pages answers (`cache-control: max-age=600`, seen on its responses; its
        # documentation names no header): browsers keep a file ten minutes, so a page's
        # scripts are not fetched again by its search worker.
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        if not urllib.parse.urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(404)  # outside the site: its 404 page, as for any missing file
            return None
        compressed = self._compressed()
        return compressed if compressed is not None else super().send_head()

    def _compressed(self) -> io.BytesIO | None:
        """A text file's gzip body and headers, when the client accepts gzip (as Pages sends)."""
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return None
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file() or path.suffix not in _COMPRESSED:
            return None
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def translate_path(self, path: str) -> str:
        route = urllib.parse.unquote(urllib.parse.urlsplit(path).path).removeprefix(self.prefix)
        inside = posixpath.normpath("/" + route).lstrip("/")
        return str(Path(self.directory, inside)) + ("/" if route.endswith("/") else "")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serving_site(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve the folder `site` on loopback at `prefix`; yield its address (ending in /)."""
    handler = functools.partial(PagesHandler, directory=str(site), prefix=prefix)
    with serving(handler) as root:
        yield root.rstrip("/") + prefix
