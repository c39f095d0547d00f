"""Freshness: `papers status` and every page's date of last change, never from the build clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.corpus import load_corpus
from generator.corpus.freshness import freshness
from standins.files import rendered_pages
from tests.conftest import RunPapers


def newest_snapshot(content: Path) -> dt.date:
    return max(dt.date.fromisoformat(path.stem) for path in (content / "trending").glob("*.yaml"))


@pytest.mark.parametrize(("days_later", "max_age", "code"), [
    (0, 3, 0), (3, 3, 0), (4, 3, 1), (30, 3, 1), (1, 0, 1), (10, 10, 0),
])  # fmt: skip
def test_status_exits_1_only_past_max_age(
    run_papers: RunPapers,
    shipped_corpus_dir: Path,
    days_later: int,
    max_age: int,
    code: int,
) -> None:
    newest = newest_snapshot(shipped_corpus_dir)
    today = newest + dt.timedelta(days=days_later)
    run = run_papers(
        "status", "--content", shipped_corpus_dir, "--max-age", str(max_age),
        "--today", today.isoformat(),
    )  # fmt: skip
    assert run.exit_code == code, run.stdout
    assert f"newest trending day: {newest}" in run.stdout
    verdict = run.stdout.splitlines()[-1]
    if code:
        assert verdict == f"stale: no new trending day for {days_later} days (more than {max_age})"
    else:
        assert verdict == f"fresh: a trending day within {max_age} days"


def test_status_on_an_older_copy_of_the_corpus_is_stale(
    run_papers: RunPapers, shipped_corpus_dir: Path
) -> None:
    """Drop the newest trending days: the same --today now finds the archive stale."""
    newest = newest_snapshot(shipped_corpus_dir)
    today = (newest + dt.timedelta(days=2)).isoformat()
    arguments = ("status", "--content", shipped_corpus_dir, "--today", today, "--max-age", "3")
    assert run_papers(*arguments).exit_code == 0
    snapshots = sorted((shipped_corpus_dir / "trending").glob("*.yaml"))
    older = (newest - dt.timedelta(days=5)).isoformat()
    for path in snapshots:
        path.unlink()
    (shipped_corpus_dir / "trending" / f"{older}.yaml").write_text(
        f"date: {older}\nsource: test\npapers:\n  - rank: 1\n    id: toy-models-of-superposition\n"
    )
    run = run_papers(*arguments)
    assert run.exit_code == 1
    assert f"newest trending day: {older} (7 days ago)" in run.stdout


def test_status_without_any_trending_day_is_stale(run_papers: RunPapers, corpus_dir: Path) -> None:
    assert not list((corpus_dir / "trending").glob("*.yaml"))
    run = run_papers("status", "--content", corpus_dir, "--today", "2026-11-25")
    assert run.exit_code == 1
    assert "newest trending day: none yet" in run.stdout
    assert "last change: 2026-11-24" in run.stdout  # the newest paper's day
    assert run.stdout.splitlines()[-1] == "stale: the archive has no trending day yet"


def test_status_counts_and_lists_papers_missing_metadata(
    run_papers: RunPapers, corpus_dir: Path
) -> None:
    run = run_papers("status", "--content", corpus_dir, "--today", "2026-11-25")
    assert "papers: 4 in 2 topics; 0 trending days" in run.stdout
    assert "missing metadata: 3 papers lack authors or a link to the paper" in run.stdout
    assert "papers/piqa.yaml: no authors and no link to the paper" in run.stdout
    assert "toy-models-of-superposition.yaml" not in run.stdout


def test_status_refuses_a_negative_max_age(run_papers: RunPapers, corpus_dir: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        run_papers("status", "--content", corpus_dir, "--max-age", "-1")
    assert exit_.value.code == 2


@pytest.mark.slow
def test_home_and_statistics_show_the_date_of_the_newest_change_not_the_build_clock(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build = ["build", "-q", "--content", corpus_dir, "--build-dir", tmp_path / "build"]
    assert run_papers(*build, "--site-dir", site).exit_code == 0
    expected = freshness(load_corpus(corpus_dir)).last_changed
    assert expected == dt.date(2026, 11, 24)  # the fixture's newest paper
    pages = rendered_pages(site)  # not the redirects left at moved addresses
    assert len(pages) > 10
    dated = {site / "index.html", site / "statistics" / "index.html"}
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        shown = soup.select_one("footer .papers-last-changed time")
        if page not in dated:
            # A date on every page would make every page change, and render again, each day.
            assert shown is None, page
            continue
        assert shown is not None, page
        assert (shown["datetime"], shown.get_text()) == ("2026-11-24", "24 Nov 2026"), page


@pytest.mark.parametrize("days_later", [1, 2, 5, 20])
def test_status_lists_the_days_not_taken_in_since_the_newest(
    run_papers: RunPapers, shipped_corpus_dir: Path, days_later: int
) -> None:
    newest = newest_snapshot(shipped_corpus_dir)
    today = newest + dt.timedelta(days=days_later)
    run = run_papers("status", "--content", shipped_corpus_dir, "--today", today.isoformat())
    missing = [line for line in run.stdout.splitlines() if line.startswith("missing days:")]
    expected = days_later - 1  # yesterday is the newest day there can be
    if not expected:
        assert missing == []
        return
    (line,) = missing
    assert line.startswith(f"missing days: {expected} not taken in yet")
    assert (newest + dt.timedelta(days=1)).isoformat() in line
    assert ((today - dt.timedelta(days=1)).isoformat() in line) == (expected <= 14)
