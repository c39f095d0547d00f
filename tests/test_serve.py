"""`papers serve` previews the site and regenerates it when a corpus file changes."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from standins.loopback import free_port
from tests.conftest import RunPapers

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast

WAIT_SECONDS = 60


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


@dataclass(frozen=True)
class Serving:
    """A running `papers serve`: its process, its log and its port."""

    server: subprocess.Popen[bytes]
    log: Path
    port: int

    def fetch_until(self, path: str, wanted: str) -> str:
        """The page at `path` once it holds `wanted`."""
        # The fixture's base URL ends in /archive/: the dev server serves under that path.
        url = f"http://127.0.0.1:{self.port}/archive/{path}"
        return fetch_until(url, wanted, self.server, self.log)


@contextmanager
def serving(corpus_dir: Path, tmp_path: Path) -> Iterator[Serving]:
    """`papers serve` of `corpus_dir` on a free port, stopped (SIGTERM) when the block ends."""
    port = free_port()
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "generator", "serve", "--content", str(corpus_dir)]
    command += ["--build-dir", str(tmp_path / "build"), "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("wb") as out, subprocess.Popen(command, stdout=out, stderr=out) as server:
        try:
            yield Serving(server, log, port)
        finally:
            server.terminate()


def test_serve_regenerates_a_page_when_its_file_changes(corpus_dir: Path, tmp_path: Path) -> None:
    with serving(corpus_dir, tmp_path) as preview:
        preview.fetch_until("papers/piqa/", "PIQA: Reasoning about Physical Commonsense")
        paper = corpus_dir / "papers" / "piqa.yaml"
        revised = paper.read_text().replace("PIQA: Reasoning", "PIQA revised: Reasoning")
        paper.write_text(revised)
        page = preview.fetch_until("papers/piqa/", "PIQA revised: Reasoning")
        # Shown at once from what the last generation knew, then the whole site follows.
        assert "showing the edit of piqa; the rest of the site follows" in preview.log.read_text()
        # Rendered alone (--dirty), the page still names every topic in its navigation:
        # the navigation's pages were read again for their titles.
        titles = re.findall(r'md-ellipsis">\s*([^<]*?)\s*<', page)
        assert {"Circuits", "Physics", "About the fixture"} <= set(titles), titles
        assert "None" not in titles
        # The server compiles the theme once, into the build folder's cache.
        assert list((tmp_path / "build" / ".cache" / "engine-templates").iterdir())
    assert preview.server.returncode == 128 + signal.SIGTERM
    with socket.socket() as probe:  # the engine's dev server stopped with it
        assert probe.connect_ex(("127.0.0.1", preview.port)) != 0


def test_serve_shows_a_renamed_topic_in_every_page_s_navigation(
    corpus_dir: Path, tmp_path: Path
) -> None:
    with serving(corpus_dir, tmp_path) as preview:
        preview.fetch_until("papers/piqa/", "PIQA: Reasoning about Physical Commonsense")
        topics = corpus_dir / "topics.yaml"
        topics.write_text(topics.read_text().replace("title: Physics", "title: Mechanics"))
        # The topics are the navigation: the settings the server reads changed with them.
        page = preview.fetch_until("papers/piqa/", "Mechanics")
        titles = re.findall(r'md-ellipsis">\s*([^<]*?)\s*<', page)
        assert "Mechanics" in titles
        assert "Physics" not in titles
        # A page that does not show the topic but in its navigation, rendered alone before.
        page = preview.fetch_until("papers/toy-models-of-superposition/", "Mechanics")
        assert "Physics" not in re.findall(r'md-ellipsis">\s*([^<]*?)\s*<', page)


def test_a_busy_port_is_named_in_one_line_before_any_build(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        build = tmp_path / "build"
        run = run_papers(
            "serve", "--content", corpus_dir, "--dev-addr", address, "--build-dir", build
        )
    assert run.exit_code == 1
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"error: cannot serve on {address} (")
    assert "--dev-addr 127.0.0.1:" in line
    assert not build.exists()  # refused before generating anything


def test_serve_help_shows_the_default_address(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    assert "(default: 127.0.0.1:8000)" in " ".join(capsys.readouterr().out.split())


def test_a_build_shows_no_engine_info_lines(corpus_dir: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "generator", "build", "--content", str(corpus_dir)]
    command += ["--build-dir", str(tmp_path / "b"), "--site-dir", str(tmp_path / "s")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith("built ")
    assert [line for line in (result.stdout + result.stderr).splitlines() if "INFO" in line] == []
