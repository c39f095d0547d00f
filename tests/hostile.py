"""Hostile strings a stranger's pull request could put into any text field."""

from __future__ import annotations

import hashlib

HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x41;",
    "[click](javascript:alert(1))",
    "[x]: javascript:alert(1)",
    "![img](https://evil.example/x.png)",
    "<https://evil.example>",
    "**bold** _it_ `code` ~~gone~~",
    "Title { #id .cls onclick='alert(1)' }",
    "{: onclick=alert(1) }",
    "# heading",
    "1. list",
    "- item",
    "> quote",
    "    indented code",
    "a | b | c",
    "==mark== ^^sup^^ ++ctrl+alt++ {++ins++} {--del--}",
    "$x^2$ :smile: --8<-- /etc/passwd",
    "!!! danger",
    "??? note",
    "```python",
    "[^1] *[HTML]: x",
    "{{ 7*7 }} {% raw %} {# c #}",
    "<!-- comment -->",
    "trailing backslash \\",
    "right\u202eto left",
    "zero\u200bwidth e\u0301 \U0001f9ea",
    "Φeat — “curly” ‘quotes’ À la",  # noqa: RUF001
    "\"quoted\" 'single'",
    "line1\n===",
    "CRLF\r\nline",
    "</script><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "]]><script>alert(1)</script>",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "<svg/onload=alert(1)>",
    "\"'><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">x</a>',
    "{{ config }} {% include 'mkdocs.yml' %}",
    '--8<-- "mkdocs.yml"',
    '<!--#include virtual="/etc/passwd" -->',
    "<style>*{display:none}</style>",
    "\ufeffstarts with a byte order mark",
    "non\u00a0breaking\u00a0spaces",
    "line\u2028separator\u2029paragraph",
    "\U0001f469\u200d\U0001f52c scientist emoji",
    "e\u0301\u0301\u0301 stacked accents",
]
"""Values a paper's text fields accept; control characters are refused instead (test_validate)."""

MARKUP_TEXT = [
    "A <b>bold</b> claim.",
    "An image <img src=x onerror=alert(1)> inside.",
    "A <form action=https://evil.example><input name=q></form> form.",
    'A <base href="https://evil.example/"> base and <iframe src=x></iframe>.',
    "Entities stay as typed: &amp; &lt;b&gt; &#x41;.",
    "If a < b & c > d, then b > a.",
    "Unicode: Φ — “quotes” e\u0301 \U0001f9ea and \u00a0.",
    "First paragraph with <i>tags</i>.\n\nSecond & last paragraph.",
    *HOSTILE_TEXT,
]
"""Plain text that any output carrying HTML (RSS, Atom html, JSON Feed, e-mail) would show as
markup unless it escaped it."""

LONG_ABSTRACT = ("A very long abstract sentence that keeps going. " * 2100)[:100_000]


def distinct(text: str) -> str:
    """`text` as a one-line title no other case repeats: normalised, some cases are identical."""
    return f"{hashlib.sha256(text.encode()).hexdigest()[:16]} " + " ".join(text.split())
