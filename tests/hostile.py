"""Hostile strings a stranger's pull request could put into any text field."""

from __future__ import annotations

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
]
