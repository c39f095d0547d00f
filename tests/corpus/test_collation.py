"""Listings order titles as readers expect, whatever the machine's locale."""

from __future__ import annotations

import locale
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.corpus import collation
from generator.corpus.authors import name_key, spelled
from generator.corpus.collation import ascii_fold, title_key
from generator.site import text

TITLES = [
    "X-VoE: Measuring eXplanations of Violation-of-Expectation",
    "À la recherche du sens perdu",
    "Φeat: Physically-Grounded Feature Representation",
    "“Quoted” Title First in Code Points",
    "...and Ellipses",
    "abstract Reasoning",
    "Zebra Puzzles",
    "Ölafsdóttir's Theorem",
]


def test_titles_sort_by_their_letters_not_their_code_points() -> None:
    assert sorted(TITLES, key=title_key) == [
        "À la recherche du sens perdu",
        "abstract Reasoning",
        "...and Ellipses",
        "Ölafsdóttir's Theorem",
        "Φeat: Physically-Grounded Feature Representation",
        "“Quoted” Title First in Code Points",
        "X-VoE: Measuring eXplanations of Violation-of-Expectation",
        "Zebra Puzzles",
    ]


@pytest.mark.parametrize("name", ["C", "C.UTF-8", "POSIX"])
def test_the_order_does_not_depend_on_the_locale(name: str) -> None:
    previous = locale.setlocale(locale.LC_ALL)  # asks, changes nothing
    try:
        locale.setlocale(locale.LC_ALL, name)
    except locale.Error:
        pytest.skip(f"the locale {name} is not installed here")
    try:
        assert [title_key(title) for title in TITLES] == [
            (title_key(title)[0], title) for title in TITLES
        ]
        assert sorted(TITLES, key=title_key)[0] == "À la recherche du sens perdu"
    finally:
        locale.setlocale(locale.LC_ALL, previous)


@pytest.mark.parametrize(
    ("written", "shown"),
    [("2022-09", "Sep 2022"), ("2022-09-14", "14 Sep 2022"), ("1999-01", "Jan 1999")],
)
def test_a_partial_date_reads_like_the_other_dates(written: str, shown: str) -> None:
    assert text.partial_date(written) == shown


@given(
    st.text()
    | st.text(st.characters(max_codepoint=127))
    | st.text(st.sampled_from([*collation.SPELLED, "a", "Z", " ", "\u00e9", "\u00df"]))
)
def test_folding_takes_a_short_cut_only_where_it_changes_nothing(written: str) -> None:
    # ASCII text skips Unicode normalisation, which would have left it as it is.
    assert ascii_fold(written) == unicodedata.normalize(
        "NFKD", written.translate(collation._UNDECOMPOSED)
    ).encode("ascii", "ignore").decode("ascii")
    assert name_key(written) == " ".join(unicodedata.normalize("NFKC", written).casefold().split())
    assert spelled(written) == " ".join(unicodedata.normalize("NFC", written).split())
    assert collation.spell_out(written) == "".join(
        collation.SPELLED.get(character, character) for character in written
    )
