"""Which days a digest carries: every day added since the last one sent, never silently none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.corpus import load_corpus
from generator.corpus.model import Corpus
from generator.digest.schedule import choose_days, read_last_sent, record_sent
from generator.errors import BuildError
from tests.conftest import RunPapers


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture
def corpus(corpus_dir: Path) -> Corpus:
    """The fixture corpus (papers added 2026-11-20 to 11-24) with two more days merged later."""
    for paper_id, added in (("late-one", "2026-11-26"), ("late-two", "2026-11-27")):
        (corpus_dir / "papers" / f"{paper_id}.yaml").write_text(
            f"id: {paper_id}\ntitle: Paper {paper_id}\nadded: {added}\ntopics: [physics]\n"
            "abstract: A result.\n"
        )
    return load_corpus(corpus_dir, today=day("2026-11-28"))


@pytest.mark.parametrize(
    ("last_sent", "today", "expected"),
    [
        ("2026-11-24", "2026-11-28", ["2026-11-26", "2026-11-27"]),  # a PR of two days merged
        ("2026-11-26", "2026-11-28", ["2026-11-27"]),
        ("2026-11-27", "2026-11-28", []),  # sent already: nothing again
        (None, "2026-11-28", ["2026-11-27"]),  # nothing on record: the newest day
        (None, "2026-11-29", ["2026-11-27"]),
        (None, "2026-12-05", []),  # the newest day is old: it may have gone out
    ],
)
def test_the_days_added_since_the_last_digest(
    corpus: Corpus, last_sent: str | None, today: str, expected: list[str]
) -> None:
    choice = choose_days(corpus, last_sent=day(last_sent) if last_sent else None, today=day(today))
    assert [chosen.isoformat() for chosen in choice.days] == expected
    assert choice.reason  # always says why, also when it chose nothing


def test_no_days_says_how_to_send_an_old_one(corpus: Corpus) -> None:
    choice = choose_days(corpus, last_sent=None, today=day("2026-12-05"))
    assert "give --date 2026-11-27 to send them" in choice.reason


def test_the_record_reads_back_and_a_broken_one_is_named(tmp_path: Path) -> None:
    state = tmp_path / "state" / "last-sent"
    assert read_last_sent(state) is None
    record_sent(state, day("2026-11-27"))
    assert read_last_sent(state) == day("2026-11-27")
    state.write_text("yesterday\n")
    with pytest.raises(BuildError, match="should hold the day of the last digest"):
        read_last_sent(state)


def test_the_command_says_which_days_it_chose_and_why(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    state = tmp_path / "last-sent"
    state.write_text("2026-11-23\n")
    arguments = ("digest", "--content", corpus_dir, "--state", state, "--today", "2026-11-25")
    run = run_papers(*arguments)
    assert run.exit_code == 0, run.stderr
    assert "digest of 2026-11-24 (the days added since the last digest (2026-11-23))" in run.stderr
    assert state.read_text() == "2026-11-23\n"  # a preview sends nothing, records nothing
    state.write_text("2026-11-24\n")
    run = run_papers(*arguments)
    assert (run.exit_code, run.stdout) == (0, "")
    assert "nothing was added since the last digest (2026-11-24): nothing to send" in run.stderr
