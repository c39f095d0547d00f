"""Escaped corpus text renders as exactly that text, through Markdown as the site renders it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from generator.site.escape import (
    front_matter_string,
    link_target,
    markdown_paragraphs,
    markdown_text,
)
from tests.hostile import HOSTILE_TEXT
from tests.markdown_site import to_html


class Rendered(HTMLParser):
    """The elements, attributes and text of an HTML fragment."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text += data


def shown(text: str) -> str:
    """What a reader should see: the text with runs of ASCII white space as one space."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_markdown_text_renders_as_one_plain_paragraph(text: str) -> None:
    rendered = Rendered(to_html(markdown_text(text)))
    assert rendered.elements == [("p", [])]
    assert rendered.text == shown(text)


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_text_inside_a_link_stays_link_text(text: str) -> None:
    source = f"[{markdown_text(text)}]({link_target('https://example.org/a')})"
    rendered = Rendered(to_html(source))
    assert rendered.elements == [("p", []), ("a", [("href", "https://example.org/a")])]
    assert rendered.text == shown(text)


def test_paragraphs_are_kept_and_each_escaped() -> None:
    html = to_html(markdown_paragraphs("One <b>\n\n  - Two\nlines\r\n\r\nThree"))
    assert html == "<p>One &lt;b&gt;</p>\n<p>- Two lines</p>\n<p>Three</p>"


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_front_matter_string_holds_html_escaped_text(text: str) -> None:
    value = yaml.safe_load(f"title: {front_matter_string(text)}")["title"]
    assert Rendered(value).text == shown(text)
    assert "<" not in value


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//evil.example",
        "vbscript:x",
    ],
)
def test_link_target_refuses_non_web_urls(url: str) -> None:
    with pytest.raises(ValueError, match="only http"):
        link_target(url)


def test_link_target_encodes_what_markdown_would_read() -> None:
    target = link_target('https://example.org/a(b)c "t" <x>')
    assert target == "https://example.org/a%28b%29c%20%22t%22%20%3Cx%3E"
    html = to_html(f"[x]({target})")
    assert Rendered(html).elements[1] == (
        "a",
        [("href", "https://example.org/a%28b%29c%20%22t%22%20%3Cx%3E")],
    )


def test_link_target_makes_international_hosts_ascii() -> None:
    assert link_target("https://münchen.example/ä") == "https://xn--mnchen-3ya.example/%C3%A4"
