"""Hand-written pages may format text with Markdown and HTML, but nothing in them may run."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.corpus import load_corpus
from generator.errors import CorpusError

HARMLESS = """\
---
title: About the archive
---

# About

Some **bold**, a [link](https://example.org/), <abbr title="Hypertext">HTML</abbr>, a table:

| a | b |
| - | - |
| 1 | 2 |

<details><summary>More</summary>A <a href="https://example.org/">link</a> in HTML.</details>
"""


def page_problems(corpus_dir: Path, text: str) -> list[tuple[int, str]]:
    (corpus_dir / "pages" / "about.md").write_text(text)
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_dir)
    return [(problem.line, problem.message) for problem in caught.value.problems]


def test_ordinary_markdown_and_html_are_welcome(corpus_dir: Path) -> None:
    (corpus_dir / "pages" / "about.md").write_text(HARMLESS)
    assert load_corpus(corpus_dir).pages


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("<script>alert(1)</script>", "a <script> element"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "a <script> element"),
        ('<img src="x.png" onerror="alert(1)">', "an onerror handler on <img>"),
        ('<a href=" JavaScript:alert(1)">x</a>', "a JavaScript: address in <a href>"),
        ('<a href="java&#x09;script:alert(1)">x</a>', "a java\tscript: address in <a href>"),
        ('<iframe src="https://evil.example"></iframe>', "a <iframe> element"),
        ("<style>body{display:none}</style>", "a <style> element"),
        ('<svg onload="alert(1)"></svg>', "a <svg> element"),
        ('<form action="https://evil.example"><input></form>', "a <form> element"),
        ("[click me](javascript:alert(1))", "a link to javascript: addresses"),
        ("[click me](<data:text/html,<script>alert(1)</script>>)", "a link to data: addresses"),
        ("[label]: vbscript:msgbox(1)", "a link to vbscript: addresses"),
    ],
)
def test_anything_that_could_run_is_refused_on_its_line(
    corpus_dir: Path, line: str, expected: str
) -> None:
    found = page_problems(corpus_dir, HARMLESS + "\n" + line + "\n")
    assert (len(HARMLESS.splitlines()) + 2, expected) in found


def test_markup_in_the_front_matter_title_is_refused(corpus_dir: Path) -> None:
    text = HARMLESS.replace(
        "title: About the archive", "title: '</title><script>alert(1)</script>'"
    )
    assert page_problems(corpus_dir, text) == [(2, "the page's title contains markup")]
