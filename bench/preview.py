"""Benchmark `papers serve`: how long after a saved edit the preview shows it.

    python -m bench.preview [--papers 3600] [--out bench/results]

On a synthetic corpus: start the preview, wait for a paper's page, change the paper's title
in its file, and time until the served page shows the new title (polled every 50 ms).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

from bench.report import Row, write_results
from bench.synthetic import write_corpus
from standins.loopback import free_port

COLUMNS = [("papers", "papers"), ("start_s", "preview ready s"), ("edit_shown_s", "edit shown s")]


def _wait_for(url: str, text: str, server: subprocess.Popen[bytes], limit: float) -> float:
    """Seconds until `url` serves a page holding `text`."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if server.poll() is not None:
            raise RuntimeError("the preview stopped")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                if text in response.read().decode("utf-8"):
                    return time.perf_counter() - started
        except OSError:  # refused, reset, or timed out while the preview rebuilds
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} never showed {text!r}")


def measure(papers: int, work: Path) -> Row:
    """Start a preview of a synthetic corpus, edit one paper, time until it shows."""
    content = write_corpus(work / "corpus", papers)
    paper = sorted((content / "papers").glob("*.yaml"))[papers // 2]
    data = yaml.safe_load(paper.read_text(encoding="utf-8"))
    base = str(yaml.safe_load((content / "corpus.yaml").read_text())["base_url"])
    path = base.split("://", 1)[1].split("/", 1)[1] if "/" in base.split("://", 1)[1] else ""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{path}papers/{data['id']}/"
    command = [sys.executable, "-m", "generator", "serve", "--content", str(content)]
    command += ["--build-dir", str(work / "build"), "--dev-addr", f"127.0.0.1:{port}"]
    quiet = subprocess.DEVNULL
    with subprocess.Popen(command, stdout=quiet, stderr=quiet) as server:  # noqa: S603
        try:
            row: Row = {"papers": papers}
            row["start_s"] = round(_wait_for(url, "</html>", server, 1800), 1)
            time.sleep(2)  # let the first build settle
            title = f"Edited title {time.time_ns()}"
            text = paper.read_text(encoding="utf-8")
            paper.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1))
            row["edit_shown_s"] = round(_wait_for(url, title, server, 600), 1)
            return row
        finally:
            server.terminate()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[3600])
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    arguments = parser.parse_args()
    rows = []
    for papers in arguments.papers:
        print(f"{papers} papers: measuring", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="bench-preview-") as scratch:
            rows.append(measure(papers, Path(scratch)))
    write_results(arguments.out, "preview", rows, COLUMNS)
    print((arguments.out / "preview.md").read_text())


if __name__ == "__main__":
    main()
