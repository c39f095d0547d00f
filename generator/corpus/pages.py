"""Check hand-written pages: Markdown may format, but nothing in it may run or load code."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from generator.errors import Problem

# Elements that run code, load other documents or restyle the page beyond the theme.
_FORBIDDEN_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "object", "embed", "applet", "style", "link", "meta", "base"}
    | {"form", "svg", "math", "template", "noscript"}
)
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "srcset", "poster", "data"})
_SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f]")
# [text](javascript:...) and [label]: javascript:... (angle brackets optional)
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)|^[ \t]*\[[^\]]+\]:[ \t]*<?(\S+)", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\r?\n(.*?\r?\n)---\r?\n", re.DOTALL)
_FIX = "hand-written pages may format text, not run code: remove it, or ask a maintainer"


def check_page(path: Path, text: str) -> list[Problem]:
    """Every element, attribute, link or front-matter title of a page that could run code."""
    front_matter = _FRONT_MATTER.match(text)
    body_start = front_matter.end() if front_matter else 0  # the front matter is checked apart
    offset = text.count("\n", 0, body_start)
    unsafe = _unsafe_html(text[body_start:])
    problems = [Problem(path, line + offset, message, _FIX) for line, message in unsafe]
    for match in _MARKDOWN_LINK.finditer(text):
        url = match.group(1) or match.group(2) or ""
        if _SCRIPT_URL.match(_CONTROL.sub("", url)):
            line = text.count("\n", 0, match.start()) + 1
            problems.append(Problem(path, line, f"a link to {url.split(':')[0]}: addresses", _FIX))
    problems += _front_matter_problems(path, text)
    return problems


def _front_matter_problems(path: Path, text: str) -> list[Problem]:
    """The problems of a hand-written page's front matter: the theme prints its title and
    description as HTML, unescaped."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return []
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return [Problem(path, 1, "the front matter is not valid YAML", "fix the lines between ---")]
    problems = []
    for key in ("title", "description"):
        value = meta.get(key) if isinstance(meta, dict) else None
        if isinstance(value, str) and re.search(r"[<>&]", value):
            line = 1 + match.group(1)[: match.group(1).find(f"{key}:")].count("\n") + 1
            fix = "write it as plain text, without <, > or &"
            problems.append(Problem(path, line, f"the page's {key} contains markup", fix))
    return problems


def _unsafe_html(text: str) -> list[tuple[int, str]]:
    finder = _UnsafeHtml()
    finder.feed(text)
    finder.close()
    return finder.found


class _UnsafeHtml(HTMLParser):
    """Collects raw HTML that could run code, with its line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in _FORBIDDEN_ELEMENTS:
            self.found.append((line, f"a <{tag}> element"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, f"an {name} handler on <{tag}>"))
            elif name in _URL_ATTRIBUTES and value and _SCRIPT_URL.match(_CONTROL.sub("", value)):
                self.found.append(
                    (line, f"a {value.split(':')[0].strip()}: address in <{tag} {name}>")
                )

    handle_startendtag = handle_starttag
