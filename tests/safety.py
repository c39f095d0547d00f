"""What a page must never contain when corpus text reaches it: anything that could run."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from bs4 import BeautifulSoup, Tag

MARKER = "alert"  # every hostile payload that could run calls alert()
STRANGER = "evil.example"  # every hostile payload that loads something loads it from here


def places_that_could_run(page: BeautifulSoup) -> list[str]:
    """Elements through which corpus text could run code or load a stranger's resource."""
    found = []
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on") and MARKER in text:
                found.append(f"{name} handler on <{element.name}>")
            if text.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"{name}={text[:40]!r} on <{element.name}>")
        runs_payload = MARKER in element.get_text() or MARKER in str(element.get("src"))
        # JSON-LD is data a browser never runs (text breaking out of it would be a new element).
        data = _is_json_data_block(element)
        if element.name in {"script", "iframe", "object", "embed"} and runs_payload and not data:
            found.append(f"<{element.name}> running a payload")
        loads = [str(element.get(name)) for name in ("src", "href", "data", "action")]
        if element.name != "a" and any(STRANGER in value for value in loads):
            found.append(f"<{element.name}> loading from a stranger's host")
    return found


def _is_json_data_block(element: Tag) -> bool:
    """A <script type="application/ld+json"> holding nothing but one JSON document."""
    if element.name != "script" or element.get("type") != "application/ld+json":
        return False
    try:
        json.loads(element.string or "")
    except ValueError:
        return False
    return True


class _TextAndTags(HTMLParser):
    """Reads HTML as a reader renders it: its text, and the elements it would draw."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def shown(value: str, content_type: str = "text/html") -> tuple[str, set[str]]:
    """What a reader shows of a value (a feed field, an e-mail part): its text, and the HTML
    elements it renders (none for plain text)."""
    if "html" not in content_type:
        return value, set()
    parser = _TextAndTags()
    parser.feed(value)
    parser.close()
    return "".join(parser.text), parser.tags
