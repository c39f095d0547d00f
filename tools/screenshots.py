"""Take the README's screenshots: the site built from content/, served on loopback, in Chromium.

    python -m tools.screenshots [--out docs/screenshots] [--content content]

Each page is shot in the light and the dark scheme at a desktop width, and the paper page
also at a phone's width, so the README shows what readers see. Run `make screenshots` after
changing the theme.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from playwright.sync_api import Browser, sync_playwright

from generator.cli import main as papers
from generator.site.paths import (
    ARCHIVE_FOLDER,
    FEED_FILES,
    HOME,
    PAPERS_FOLDER,
    STATISTICS,
    TOPICS_FOLDER,
    public_url,
)
from standins.pages_server import serving_site

CHROMIUM = "/usr/bin/chromium"
# As root, without a sandbox; no background requests (the machine may allow none).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass(frozen=True)
class Shot:
    """One screenshot: which page, how wide, in which colour scheme, saved as what."""

    name: str
    path: str
    width: int = 1280
    height: int = 800
    scheme: Literal["light", "dark"] = "light"


_TOPIC = f"{TOPICS_FOLDER}/mechanistic-interpretability/"
_PAPER = public_url("", PurePosixPath(PAPERS_FOLDER, "toy-models-of-superposition.md"))
SHOTS = (
    Shot("home", public_url("", HOME)),
    Shot("topic", _TOPIC),
    Shot("paper", _PAPER),
    Shot("paper-dark", _PAPER, scheme="dark"),
    Shot("paper-phone", _PAPER, width=390, height=844),
    Shot("day", public_url("", PurePosixPath(ARCHIVE_FOLDER, "2026-11-24.md"))),
    Shot("statistics", public_url("", STATISTICS)),
    Shot("feed", _TOPIC + FEED_FILES["rss"]),
)


def take(
    content: Path, out: Path, shots: tuple[Shot, ...] = SHOTS, browser: Browser | None = None
) -> list[Path]:
    """Build `content` into a scratch folder, serve it, and save one PNG per shot into `out`.

    Without a `browser`, Debian's Chromium is started for the purpose and closed after.
    """
    with tempfile.TemporaryDirectory(prefix="screenshots-") as scratch:
        site = Path(scratch, "site")
        site.mkdir()
        with serving_site(site) as url:
            build = ["build", "-q", "--content", str(content), "--base-url", url]
            build += ["--build-dir", str(Path(scratch, "build")), "--site-dir", str(site)]
            if papers(build) != 0:
                raise SystemExit("the site did not build; `papers validate` says why")
            if browser:
                return _shoot(browser, url, shots, out)
            with sync_playwright() as playwright:
                own = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    return _shoot(own, url, shots, out)
                finally:
                    own.close()


def _shoot(browser: Browser, url: str, shots: tuple[Shot, ...], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    for shot in shots:
        page = browser.new_page(
            viewport={"width": shot.width, "height": shot.height},
            color_scheme=shot.scheme,
            reduced_motion="reduce",
        )
        try:
            response = page.goto(url + shot.path, wait_until="networkidle")
            if response is None or not response.ok:
                raise SystemExit(f"{shot.path or 'the home page'} is not in the site")
            target = out / f"{shot.name}.png"
            page.screenshot(path=str(target))
        finally:
            page.close()
        saved.append(target)
        print(f"saved {target}")
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    arguments = parser.parse_args()
    take(arguments.content, arguments.out)


if __name__ == "__main__":
    main()
