"""Escape corpus text for each output context: Markdown text, front matter, link targets."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote, urlsplit, urlunsplit

from markupsafe import Markup

from generator.corpus.edit import yaml_flow

# Python-Markdown honours a backslash before exactly these characters.
_BACKSLASHED = frozenset("\\`*_{}[]()#+-.!")
# Characters that Markdown extensions give meaning to (tables, marks, emoji, maths, HTML) but
# that a backslash does not neutralise everywhere: a numeric reference shows them literally.
_REFERENCES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "|": "&#124;",
    "~": "&#126;",
    "^": "&#94;",
    "=": "&#61;",
    ":": "&#58;",
    "$": "&#36;",
    "@": "&#64;",
    "?": "&#63;",
}
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n")
_PARAGRAPH_BREAK_KEPT = re.compile(f"({_PARAGRAPH_BREAK.pattern})")
_WEB_SCHEMES = frozenset({"http", "https"})
# Kept as-is in a link target; everything else (quotes, brackets, spaces, ...) is %-encoded.
_URL_SAFE = "/:?#@!$&*+,;=%~-._"


class Safe(str):
    """Text already escaped for the context it is written into: templates print it as is."""

    __slots__ = ()


# Every white space run but a lone space, which needs no change (most runs in prose).
_SPACE_TO_FOLD = re.compile(r"[ \t\r\n\f\v]{2,}|[\t\r\n\f\v]")
# Replacements in an order where none undoes another: the backslash before the characters it
# escapes, "&" before the references that introduce it. One str.replace per character that
# occurs is several times faster than str.translate with multi-character replacements.
_REPLACEMENTS = [
    ("\\", "\\\\"),
    *((character, "\\" + character) for character in sorted(_BACKSLASHED - {"\\"})),
    ("&", _REFERENCES["&"]),
    *((character, reference) for character, reference in _REFERENCES.items() if character != "&"),
]


def one_line(text: str) -> str:
    """Return `text` with each run of ASCII white space as one space, trimmed."""
    # Two scans in C find the rare text with anything to fold, faster than the regex's own.
    needs_folding = "  " in text or not text.isprintable()
    return (_SPACE_TO_FOLD.sub(" ", text) if needs_folding else text).strip(" ")


def markdown_text(text: str) -> Safe:
    """Return `text` as one Markdown line that renders as exactly that text, never as markup."""
    line = one_line(text)
    for character, replacement in _REPLACEMENTS:
        if character in line:
            line = line.replace(character, replacement)
    return Safe(line)


def markdown_paragraphs(text: str) -> Safe:
    """Return multi-paragraph `text` as escaped Markdown paragraphs separated by blank lines."""
    paragraphs = (markdown_text(part) for part in _PARAGRAPH_BREAK.split(text.strip()))
    return Safe("\n\n".join(paragraph for paragraph in paragraphs if paragraph))


def front_matter_string(text: str) -> Safe:
    """Return `text` as a quoted YAML scalar holding HTML-escaped text (`shown_title`).

    The theme's templates print `title` without escaping, so the value must already be safe
    HTML; a title left to come from the page's heading is unescaped by `striptags` instead.
    """
    return front_matter_data(shown_title(text))


def shown_title(text: str) -> str:
    """Return a title as the theme is given it, in front matter or navigation: one line of
    HTML-escaped text, since the theme prints it unescaped."""
    return html.escape(one_line(text), quote=True)


def front_matter_data(data: object) -> Safe:
    """Return data as one YAML flow value (JSON) holding the text as is, for templates that
    escape it themselves (the theme prints these with `| e` or `| tojson`)."""
    return Safe(yaml_flow(data))


_BACKTICK_RUN = re.compile(r"`+")


def code_block(text: str, language: str) -> Safe:
    """Return `text` as a fenced code block, shown verbatim: the fence is longer than any run
    of backticks inside, so no line of the text can close it."""
    longest = max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Safe(f"{fence}{language}\n{text.rstrip()}\n{fence}")


def link_target(url: str) -> Safe:
    """Return a web URL as a Markdown link target; refuse anything but http(s)."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.hostname:
        raise ValueError(f"refusing to link to {url!r}: only http(s) URLs with a host are allowed")
    host = parts.hostname.encode("idna").decode("ascii")
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    path, query, fragment = (quote(part, safe=_URL_SAFE) for part in parts[2:])
    return Safe(urlunsplit((parts.scheme.lower(), netloc, path, query, fragment)))


def json_bytes(document: object, *, compact: bool = False) -> bytes:
    """Serialise JSON deterministically and safe to embed in HTML (no raw <, > or &).

    `compact` drops all white space, for data only programs read (the search index).
    """
    if compact:
        text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    else:
        text = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (text + "\n").encode("utf-8")


def html_text(text: str) -> Safe:
    """Return `text` escaped for HTML text and attribute values (raw HTML blocks in pages)."""
    return Safe(html.escape(text, quote=True))


def html_paragraphs(text: str) -> Safe:
    """Return plain `text` as HTML paragraphs whose text is exactly `text` (blank lines split).

    The blank lines stay between the paragraphs, so even a reader that drops the tags shows
    them apart.
    """
    parts = _PARAGRAPH_BREAK_KEPT.split(text)
    # Even positions hold paragraphs, odd ones the breaks between them, kept as they were.
    return Safe(
        Markup("").join(
            Markup("<p>{}</p>").format(part) if position % 2 == 0 else part
            for position, part in enumerate(parts)
            if part
        )
    )


_ANCHOR = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def anchor(slug: str) -> Safe:
    """Return a slug as a link fragment or heading id; refuse anything else."""
    if not _ANCHOR.fullmatch(slug):
        raise ValueError(f"refusing {slug!r} as an anchor: only slugs are")
    return Safe(slug)
