"""A source's text is cleaned of what only a TeX file or a CSV round trip would need."""

from __future__ import annotations

import pytest

from generator.sources.text import source_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("attains 37.35\\% accuracy", "attains 37.35% accuracy"),
        ("Training \\& Inference", "Training & Inference"),
        ("by ``translating'' the parameters", 'by "translating" the parameters'),
        ("the dilemma of ''visual realism\"", 'the dilemma of "visual realism"'),
        ('a novel ""Anti-Physics"" category', 'a novel "Anti-Physics" category'),
        ("line\none\t two", "line one two"),
        ("a\x07b\x85c", "a b c"),
        ("$x\\_1 + \\$5$ stays", "$x\\_1 + \\$5$ stays"),
        ("Don't touch O'Brien's apostrophes", "Don't touch O'Brien's apostrophes"),
        ("Ünïcödé · 数据 Ψ", "Ünïcödé · 数据 Ψ"),
    ],
)
def test_source_text_is_cleaned(raw: str, clean: str) -> None:
    assert source_text(raw) == clean


def test_cleaning_twice_changes_nothing_more() -> None:
    raw = "``a'' 5\\% b ''c''"
    assert source_text(source_text(raw)) == source_text(raw)
