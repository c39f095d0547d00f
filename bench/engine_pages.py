"""Profile the engine per page: where MkDocs spends a build, by kind of page and by step.

    python -m bench.engine_pages build/mkdocs.yml [more configs ...]

For each config (ours, or the floor's that `bench.build --keep` leaves), builds the site once
with MkDocs' page steps timed: Markdown to HTML (`Page.render`) and the theme's template
(`_build_page`, which also writes the file). A profile, not a benchmark: MkDocs internals are
wrapped, and only here.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from generator.site.paths import ALL_PAPERS_FOLDER, TOPICS_FOLDER

Timings = dict[str, dict[str, list[float]]]  # kind of page -> step -> seconds per page


def kind_of(source: str) -> str:
    """Group pages the way their cost differs: papers, listings of each kind, the rest."""
    if source.startswith("papers/") and source != "papers/index.md":
        return "paper pages"
    if source.startswith("archive/") and source != "archive/index.md":
        return "trending days"
    parts = source.split("/")
    if (parts[0] == ALL_PAPERS_FOLDER or parts[0] == TOPICS_FOLDER) and parts[-1][:1].isdigit():
        return "listings by count"
    if source.startswith("topics/") or source == "papers/index.md":
        return "topic pages and All papers"
    if source.startswith(("authors/by-letter/", "authors/by-name/")):
        return "author index pages"
    return "other pages"


def profile(config_file: Path) -> tuple[float, Timings]:
    """Build once with each page's steps timed; return the whole build's seconds and timings."""
    timings: Timings = defaultdict(lambda: defaultdict(list))
    render, build_page = Page.render, mkdocs_build._build_page

    def timed_render(page: Page, *args: Any) -> None:
        started = time.perf_counter()
        render(page, *args)
        timings[kind_of(page.file.src_uri)]["markdown"].append(time.perf_counter() - started)

    def timed_build_page(page: Page, *args: Any, **kwargs: Any) -> None:
        started = time.perf_counter()
        build_page(page, *args, **kwargs)
        timings[kind_of(page.file.src_uri)]["template"].append(time.perf_counter() - started)

    patches: list[tuple[Any, str, Callable[..., None]]] = [
        (Page, "render", timed_render),
        (mkdocs_build, "_build_page", timed_build_page),
    ]
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    for owner, name, replacement in patches:
        setattr(owner, name, replacement)
    try:
        with tempfile.TemporaryDirectory(prefix="engine-pages-") as site:
            config = load_config(str(config_file), site_dir=site)
            started = time.perf_counter()
            mkdocs_build.build(config)
            return time.perf_counter() - started, timings
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def report(config_file: Path, seconds: float, timings: Timings) -> str:
    """A Markdown table: per kind of page, the count and milliseconds per page for each step."""
    lines = [
        f"{config_file}: {seconds:.1f} s",
        "",
        "| pages | count | Markdown ms/page | template ms/page | total s |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind in sorted(timings):
        steps = timings[kind]
        count = len(steps["markdown"])
        markdown, template = sum(steps["markdown"]), sum(steps["template"])
        lines.append(
            f"| {kind} | {count} | {markdown * 1000 / count:.2f} | {template * 1000 / count:.2f}"
            f" | {markdown + template:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("configs", type=Path, nargs="+", help="an engine config (mkdocs.yml)")
    arguments = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    for config_file in arguments.configs:
        print(report(config_file, *profile(config_file)))


if __name__ == "__main__":
    main()
