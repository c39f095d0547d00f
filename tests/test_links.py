"""No broken internal link or anchor anywhere in the built site (relative or under site_url)."""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BuiltSite

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast

LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "form": "action"}


@pytest.fixture(scope="module")
def site(shipped_site: BuiltSite) -> Path:
    """The shipped corpus, built for an address below a host's root (as a project site)."""
    return shipped_site.folder


@functools.cache
def ids_in(page: Path) -> frozenset[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return frozenset(
        str(element.get("id") or element.get("name")) for element in soup.find_all(True)
    )


def resolve(site: Path, page: Path, url: str, base: str) -> tuple[Path, str] | None:
    """The file and anchor an internal URL names (the site built for `base`); None for a link
    that leaves the site."""
    base_path = urllib.parse.urlsplit(base).path  # root-absolute links (the 404 page's) start so
    if url.startswith(base):
        url = base_path + url[len(base) :]
    parts = urllib.parse.urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = urllib.parse.unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return Path("/outside-the-site"), ""
        target = site / path.removeprefix(base_path)
    elif path:
        target = page.parent / path
    else:
        target = page
    target = target.resolve()
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


def links(site: Path) -> Iterator[tuple[Path, str]]:
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in LINKING.items():
            for element in soup.find_all(tag):
                value = element.get(attribute)
                if isinstance(value, str) and value:
                    yield page, value


def test_every_internal_link_and_anchor_resolves(site: Path, shipped_site: BuiltSite) -> None:
    assert urllib.parse.urlsplit(shipped_site.url).path != "/"  # links must hold below a root
    broken = []
    checked = 0
    for page, url in links(site):
        resolved = resolve(site, page, url, shipped_site.url)
        if resolved is None:
            continue
        checked += 1
        target, anchor = resolved
        where = f"{page.relative_to(site)}: {url}"
        if not target.is_file():
            broken.append(f"{where} (no such file)")
        elif anchor and target.suffix == ".html" and anchor not in ids_in(target):
            broken.append(f"{where} (no #{anchor})")
    assert checked > 5000  # every page's navigation, cards, chips, feeds, assets
    assert broken == []


def test_the_checker_finds_a_broken_link(tmp_path: Path) -> None:
    base = "https://links.example.org/published/"
    page = tmp_path / "index.html"
    page.write_text('<a href="papers/nowhere/">x</a><a href="#missing">y</a>')
    target, _ = resolve(tmp_path, page, "papers/nowhere/", base) or (Path(), "")
    assert not target.is_file()
    assert resolve(tmp_path, page, "https://elsewhere.example/", base) is None
    assert resolve(tmp_path, page, "#missing", base) == (page.resolve(), "missing")
    assert resolve(tmp_path, page, "/elsewhere/", base) == (Path("/outside-the-site"), "")
    assert "missing" not in ids_in(page)
