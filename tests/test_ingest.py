"""`papers ingest`: a day's trending papers become files and a snapshot, once, or not at all."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.corpus import load_corpus
from generator.sources.http import Http, SourceError
from generator.sources.huggingface import HuggingFaceDailyPapers
from tests.conftest import RunPapers
from tests.files import digests
from tests.huggingface_server import DAYS, DailyPapersServer, daily_papers_server

NEW_PAPER = "sparse-autoencoders-reveal-gravity-features-in-video-world"
UNMATCHED = "a-study-of-quiet-libraries"
HYMAMBA = "hymamba-mamba-with-hybrid-geometry-feature-coupling-for"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[DailyPapersServer]:
    with daily_papers_server() as running:
        monkeypatch.setenv("PAPERS_HF_API_URL", running.url)
        monkeypatch.setenv("PAPERS_HF_DELAY", "0")
        yield running


@pytest.fixture
def content(shipped_corpus_dir: Path) -> Path:
    """The shipped corpus, with HyMamba's file as it was before it had an arXiv id or authors.

    The recorded days list HyMamba under a fictional id: the archive knows it by title only.
    """
    path = shipped_corpus_dir / "papers" / f"{HYMAMBA}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("authors:\n")
    end = next(n for n, line in enumerate(lines) if line.startswith("added:"))
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    return shipped_corpus_dir


def ingest(run_papers: RunPapers, content: Path, day: str, *extra: str) -> tuple[int, str]:
    run = run_papers("ingest", "--date", day, "--content", content, *extra)
    return run.exit_code, run.stderr


def test_two_days_arrive_linked_not_duplicated_and_a_second_run_changes_nothing(
    run_papers: RunPapers, server: DailyPapersServer, content: Path, tmp_path: Path
) -> None:
    hymamba = (content / "papers" / f"{HYMAMBA}.yaml").read_bytes()
    code, messages = ingest(run_papers, content, "2026-11-22")
    assert code == 0, messages
    assert "4 papers: 2 new, 2 already here" in messages
    code, messages = ingest(run_papers, content, "2026-11-23")
    assert code == 0, messages
    assert "2 papers: 1 new, 1 already here" in messages

    corpus = load_corpus(content)
    assert len(corpus.papers) == 119 + 3
    day_one, day_two = (
        {entry.rank: entry.id for entry in snapshot.papers}
        for snapshot in sorted(corpus.snapshots, key=lambda s: s.date)[:2]
    )
    # Ranked by upvotes; the archive's own papers are linked by arXiv id or by title.
    assert day_one == {1: NEW_PAPER, 2: "toy-models-of-superposition", 3: HYMAMBA, 4: UNMATCHED}
    assert day_two == {1: NEW_PAPER, 2: "intuitive-physics-benchmark-for-robot-manipulation"}
    assert (content / "papers" / f"{HYMAMBA}.yaml").read_bytes() == hymamba
    new = corpus.papers_by_id[NEW_PAPER]
    assert (new.arxiv, new.added.isoformat(), new.links) == (
        "2511.99102",
        "2026-11-22",
        {"code": "https://github.com/example/gravity-features"},
    )
    assert set(new.topics) == {"mechanistic-interpretability", "video-world-models"}

    site = tmp_path / "site"
    build = ["build", "-q", "--content", content, "--build-dir", tmp_path / "build"]
    assert run_papers(*build, "--site-dir", site).exit_code == 0
    assert NEW_PAPER in (site / "archive" / "2026-11-22" / "index.html").read_text()

    before = digests(content, "*.yaml")
    for day in ("2026-11-22", "2026-11-23"):
        code, messages = ingest(run_papers, content, day)
        assert (code, messages.splitlines()[-1]) == (0, "nothing to change")
    assert digests(content, "*.yaml") == before


def test_a_paper_no_keyword_matches_is_filed_for_review(
    run_papers: RunPapers, server: DailyPapersServer, content: Path
) -> None:
    code, messages = ingest(run_papers, content, "2026-11-22")
    assert code == 0
    assert f"note: {UNMATCHED}: no topic keyword matched" in messages
    text = (content / "papers" / f"{UNMATCHED}.yaml").read_text()
    assert "# No topic keyword matched this paper" in text
    assert load_corpus(content).papers_by_id[UNMATCHED].topics == ("mechanistic-interpretability",)


def test_update_adds_only_the_missing_fields_to_existing_papers(
    run_papers: RunPapers, server: DailyPapersServer, content: Path
) -> None:
    path = content / "papers" / f"{HYMAMBA}.yaml"
    before = path.read_text()
    code, messages = ingest(run_papers, content, "2026-11-22", "--update")
    assert code == 0, messages
    changes = list(difflib.ndiff(before.splitlines(), path.read_text().splitlines()))
    assert [line for line in changes if line.startswith("- ")] == []  # only lines added
    assert [line[2:] for line in changes if line.startswith("+ ")] == [
        "authors:",
        "- Xu Example",  # as the file indents its topics
        "- Li Example",
        'arxiv: "2511.99101"',
        "published: 2025-11-20",
    ]
    paper = load_corpus(content).papers_by_id[HYMAMBA]
    assert (paper.arxiv, paper.authors) == ("2511.99101", ("Xu Example", "Li Example"))


@pytest.mark.parametrize(
    ("misbehaviour", "expected"),
    [
        ({"fail_first": [503] * 10}, "answered 503"),
        ({"body_override": b"<html>Bad gateway</html>"}, "invalid JSON"),
        ({"body_override": (DAYS / "2026-11-22.json").read_bytes()[:900]}, "invalid JSON"),
        ({"body_override": b'{"papers": []}'}, "something other than a list"),
        (
            {"body_override": b'[{"paper": {"id": "2511.99102", "title": "T"}}]'},
            "entry 1 of the daily papers has no summary",
        ),
        (
            {"body_override": b'[{"paper": {"id": "not-an-id", "title": "T", "summary": "S"}}]'},
            "entry 1 of the daily papers",
        ),
        (
            {
                "body_override": b'[{"paper": {"id": "2511.99102", "title": "A", "summary": "S"}},'
                b' {"paper": {"id": "2511.99102", "title": "A", "summary": "S"}}]'
            },
            "lists 2511.99102 twice (entries 1 and 2)",
        ),
    ],
)
def test_a_misbehaving_source_fails_clearly_and_writes_nothing(
    run_papers: RunPapers,
    server: DailyPapersServer,
    content: Path,
    misbehaviour: dict[str, object],
    expected: str,
) -> None:
    for name, value in misbehaviour.items():
        setattr(server, name, value)
    before = digests(content, "*.yaml")
    code, messages = ingest(run_papers, content, "2026-11-22")
    assert code == 1
    assert expected in messages
    assert digests(content, "*.yaml") == before


def test_a_temporary_failure_is_retried(
    run_papers: RunPapers, server: DailyPapersServer, content: Path
) -> None:
    server.fail_first = [503, 429]
    code, messages = ingest(run_papers, content, "2026-11-22")
    assert code == 0, messages
    assert server.dates == ["2026-11-22"] * 3


def test_a_slow_source_times_out_with_a_clear_message(server: DailyPapersServer) -> None:
    server.delay = 2.0
    source = HuggingFaceDailyPapers(
        server.url, Http("the daily papers API", attempts=1, delay=0, timeout=0.5)
    )
    with pytest.raises(SourceError, match="cannot reach the daily papers API"):
        source.day(dt.date(2026, 11, 22))


def test_a_day_with_no_papers_writes_nothing(
    run_papers: RunPapers, server: DailyPapersServer, content: Path
) -> None:
    before = digests(content, "*.yaml")
    code, messages = ingest(run_papers, content, "2026-11-01")
    assert code == 0
    assert "lists no papers for 2026-11-01: nothing to write" in messages
    assert digests(content, "*.yaml") == before
