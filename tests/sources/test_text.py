"""A source's text is cleaned of what only a TeX file or a CSV round trip would need; its
dates and DOIs are kept only when they are real ones."""

from __future__ import annotations

import pytest

from generator.sources.text import source_date, source_doi, source_text


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
        ("cut inside an emoji \ud83e", "cut inside an emoji"),
    ],
)
def test_source_text_is_cleaned(raw: str, clean: str) -> None:
    assert source_text(raw) == clean


def test_cleaning_twice_changes_nothing_more() -> None:
    raw = "``a'' 5\\% b ''c''"
    assert source_text(source_text(raw)) == source_text(raw)


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2025-11-18T17:59:59Z", "2025-11-18"),
        ("2024-02-29", "2024-02-29"),
        ("2026-02-31T00:00:00.000Z", None),
        ("2026-13-45", None),
        ("2026-12", None),
        ("", None),
        (None, None),
        (20261205, None),
    ],
)
def test_a_source_date_is_kept_only_when_it_is_a_calendar_day(raw: object, day: str | None) -> None:
    assert source_date(raw) == day


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("10.48550/arXiv.2511.99001", "10.48550/arXiv.2511.99001"),
        (" 10.1103/PhysRevD.76.013009 10.1103/PhysRevD.77.019903", "10.1103/PhysRevD.76.013009"),
        ("N/A 10.1016/j.physletb.2008.07.084", "10.1016/j.physletb.2008.07.084"),
        ("https://doi.org/", None),
        ("", None),
        (None, None),
    ],
)
def test_a_source_doi_is_the_first_real_one_listed(raw: object, doi: str | None) -> None:
    assert source_doi(raw) == doi
