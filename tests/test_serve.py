"""`papers serve` previews the site and regenerates it when a corpus file changes."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

WAIT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch_until(url: str, wanted: str, server: subprocess.Popen[bytes], log: Path) -> str:
    """Poll `url` until its body contains `wanted`; fail if the server dies or time runs out."""
    deadline = time.monotonic() + WAIT_SECONDS
    body = ""
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                body = response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            body = ""
        if wanted in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}\n{log.read_text()}")


def test_serve_regenerates_a_page_when_its_file_changes(corpus_dir: Path, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "generator", "serve", "--content", str(corpus_dir)]
    command += ["--build-dir", str(tmp_path / "build"), "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("wb") as out, subprocess.Popen(command, stdout=out, stderr=out) as server:
        try:
            # The fixture's base URL ends in /archive/: the dev server serves under that path.
            url = f"http://127.0.0.1:{port}/archive/papers/piqa/"
            fetch_until(url, "PIQA: Reasoning about Physical Commonsense", server, log)
            paper = corpus_dir / "papers" / "piqa.yaml"
            revised = paper.read_text().replace("PIQA: Reasoning", "PIQA revised: Reasoning")
            paper.write_text(revised)
            fetch_until(url, "PIQA revised: Reasoning", server, log)
        finally:
            server.terminate()
    assert server.returncode == 128 + signal.SIGTERM
    with socket.socket() as probe:  # the engine's dev server stopped with it
        assert probe.connect_ex(("127.0.0.1", port)) != 0
