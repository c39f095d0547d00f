"""Render generated Markdown the way the site engine does, for assertions on real HTML."""

from __future__ import annotations

from functools import cache

import markdown
import yaml
from bs4 import BeautifulSoup

from tests.conftest import PROJECT_ROOT

# Extensions a maintainer might enable later: escaping must hold for them too.
EXTRA_EXTENSIONS = [
    "def_list",
    "footnotes",
    "pymdownx.caret",
    "pymdownx.critic",
    "pymdownx.keys",
    "pymdownx.mark",
    "pymdownx.tilde",
    "pymdownx.tasklist",
]


@cache
def _extensions() -> tuple[list[str], dict[str, dict[str, object]]]:
    config = yaml.safe_load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names: list[str] = []
    settings: dict[str, dict[str, object]] = {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        settings[name] = options or {}
    return names + EXTRA_EXTENSIONS, settings


def to_html(source: str) -> str:
    """Convert Markdown with the extensions mkdocs.yml enables, plus EXTRA_EXTENSIONS."""
    names, settings = _extensions()
    converter = markdown.Markdown(extensions=names, extension_configs=settings)
    html: str = converter.convert(source)
    return html


def split_page(page: bytes) -> tuple[dict[str, object], str]:
    """Return a generated page's front matter and its Markdown body."""
    text = page.decode("utf-8")
    assert text.startswith("---\n"), "every generated page starts with front matter"
    front, body = text[4:].split("\n---\n", 1)
    meta = yaml.safe_load(front)
    assert isinstance(meta, dict)
    return meta, body


def page_soup(page: bytes) -> BeautifulSoup:
    """Parse a generated page's body as the HTML the engine makes of it, minus permalinks."""
    soup = BeautifulSoup(to_html(split_page(page)[1]), "html.parser")
    for permalink in soup.select("a.headerlink"):
        permalink.decompose()
    return soup
