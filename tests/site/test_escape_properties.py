"""Properties of the escapers, for any text hypothesis can think of (printable Unicode)."""

from __future__ import annotations

import html
import json
import re

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.escape import (
    front_matter_string,
    json_bytes,
    markdown_paragraphs,
    markdown_text,
)
from tests.markdown_site import to_html
from tests.site.test_escape import Rendered

# What the schema lets into a text field: anything but control characters and lone surrogates,
# mixed with text drawn from Markdown's and HTML's own punctuation, so that syntax occurs often.
SYNTAX = st.text(st.sampled_from(list("*_`[]()<>!#&|{}:=~^$\\\"'/-.+?@% ab1\n")), max_size=60)
TEXT = st.one_of(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=120), SYNTAX)
EXAMPLES = settings(max_examples=400, deadline=None)


def shown(text: str) -> str:
    """What a reader sees: runs of white space as one space, none at either end."""
    return re.sub(r"\s+", " ", text).strip()


@EXAMPLES
@given(TEXT)
def test_markdown_text_renders_as_exactly_its_text(text: str) -> None:
    rendered = Rendered(to_html(markdown_text(text)))
    if not shown(text):
        assert rendered.elements in ([], [("p", [])])
        return
    assert rendered.elements == [("p", [])]
    assert shown(rendered.text) == shown(text)


@EXAMPLES
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_paragraphs_stay_paragraphs_of_plain_text(paragraphs: list[str]) -> None:
    rendered = Rendered(to_html(markdown_paragraphs("\n\n".join(paragraphs))))
    assert {tag for tag, _ in rendered.elements} <= {"p"}
    assert all(attributes == [] for _, attributes in rendered.elements)
    assert shown(rendered.text).replace(" ", "") == shown(" ".join(paragraphs)).replace(" ", "")


@EXAMPLES
@given(TEXT)
def test_front_matter_holds_html_safe_text_that_reads_back(text: str) -> None:
    value = yaml.safe_load(f"title: {front_matter_string(text)}")["title"] or ""
    assert "<" not in value
    assert ">" not in value
    assert shown(html.unescape(value)) == shown(text)


@EXAMPLES
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | TEXT,
        lambda inner: st.lists(inner) | st.dictionaries(TEXT, inner),
        max_leaves=20,
    )
)
def test_json_reads_back_and_never_holds_markup_characters(document: object) -> None:
    encoded = json_bytes(document)
    assert json.loads(encoded) == document
    assert not {b"<", b">", b"&"} & {bytes([byte]) for byte in encoded}
