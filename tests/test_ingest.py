"""`papers ingest`: a day's trending papers become files and a snapshot, once, or not at all."""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import feedparser
import markdown
import pytest
from bs4 import BeautifulSoup

from generator.corpus import load_corpus
from generator.sources.http import Http, SourceError
from generator.sources.huggingface import HuggingFaceDailyPapers
from standins.files import digests
from tests.conftest import RunPapers
from tests.huggingface_server import DAYS, DailyPapersServer, daily_papers_server

NEW_PAPER = "sparse-autoencoders-reveal-gravity-features-in-video-world"
UNMATCHED = "a-study-of-quiet-libraries"
HYMAMBA = "hymamba-mamba-with-hybrid-geometry-feature-coupling-for"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[DailyPapersServer]:
    with daily_papers_server(monkeypatch) as running:
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


def ingest(run_papers: RunPapers, content: Path, day: str, *extra: str | Path) -> tuple[int, str]:
    run = run_papers("ingest", "--date", day, "--content", content, *extra)
    return run.exit_code, run.stderr


@pytest.mark.slow
def test_two_days_arrive_linked_not_duplicated_and_a_second_run_changes_nothing(
    run_papers: RunPapers, server: DailyPapersServer, content: Path, tmp_path: Path
) -> None:
    hymamba = (content / "papers" / f"{HYMAMBA}.yaml").read_bytes()
    code, messages = ingest(run_papers, content, "2026-11-22")
    assert code == 0, messages
    assert "4 papers: 1 new, 2 already here, 1 declined (no topic admitted them)" in messages
    code, messages = ingest(run_papers, content, "2026-11-23")
    assert code == 0, messages
    assert "2 papers: 1 new, 1 already here" in messages

    corpus = load_corpus(content)
    assert len(corpus.papers) == 119 + 2
    day_one, day_two = (
        {entry.rank: entry.id for entry in snapshot.papers}
        for snapshot in sorted(corpus.snapshots, key=lambda s: s.date)[:2]
    )
    # Ranked by upvotes; the archive's own papers are linked by arXiv id or by title; the
    # paper no topic matches is left out, and the others keep the day's ranks.
    assert day_one == {1: NEW_PAPER, 2: "toy-models-of-superposition", 3: HYMAMBA}
    assert day_two == {1: NEW_PAPER, 2: "intuitive-physics-benchmark-for-robot-manipulation"}
    assert (content / "papers" / f"{HYMAMBA}.yaml").read_bytes() == hymamba
    new = corpus.papers_by_id[NEW_PAPER]
    assert (new.arxiv, new.added.isoformat(), new.links) == (
        "2511.99102",
        "2026-11-22",
        {"code": "https://github.com/example/gravity-features"},
    )
    assert new.topics[0] == "mechanistic-interpretability"

    site = tmp_path / "site"
    build = ["build", "-q", "--content", content, "--build-dir", tmp_path / "build"]
    assert run_papers(*build, "--site-dir", site).exit_code == 0
    assert NEW_PAPER in (site / "archive" / "2026-11-22" / "index.html").read_text()

    before = digests(content, "*.yaml")
    for day in ("2026-11-22", "2026-11-23"):
        code, messages = ingest(run_papers, content, day)
        assert (code, messages.splitlines()[-1]) == (0, "nothing to change")
    assert digests(content, "*.yaml") == before


def test_a_paper_no_topic_admits_is_declined_and_the_command_to_file_it_given(
    run_papers: RunPapers, server: DailyPapersServer, content: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.md"
    code, messages = ingest(run_papers, content, "2026-11-22", "--report", report)
    assert code == 0, messages
    assert not (content / "papers" / f"{UNMATCHED}.yaml").exists()
    assert (
        "declined: arXiv 2511.99103 'A Study of Quiet Libraries': no topic admitted it; to file"
        " it, run `papers add 2511.99103 --topic TOPIC`"
    ) in messages
    body = report.read_text()
    assert "### Declined: no topic admitted them" in body
    (record,) = [record for record in load_corpus(content).declined if record.why != "declined"]
    assert (record.arxiv, record.why, record.title) == (
        "2511.99103",
        "not-admitted",
        "A Study of Quiet Libraries",
    )
    assert (
        "- [A Study of Quiet Libraries](https://arxiv.org/abs/2511.99103):"
        " `papers add 2511.99103 --topic TOPIC`"
    ) in body
    assert (
        "- [Sparse Autoencoders Reveal Gravity Features in Video World Models]"
        f"(https://arxiv.org/abs/2511.99102): `papers/{NEW_PAPER}.yaml`, topics "
    ) in body
    # Why those topics: the two curated papers most like it, by title, and the keywords named.
    (line,) = [line for line in body.splitlines() if f"`papers/{NEW_PAPER}.yaml`" in line]
    assert line.count("(similarity 0.") == 2
    assert "; most like " in line
    assert "; keywords of mechanistic-interpretability" in line


def test_a_paper_no_keyword_matches_is_filed_under_the_declared_topic_for_review(
    run_papers: RunPapers, server: DailyPapersServer, content: Path
) -> None:
    settings = content / "corpus.yaml"
    settings.write_text(
        settings.read_text().replace("off_topic: skip", "off_topic: physical-reasoning")
    )
    code, messages = ingest(run_papers, content, "2026-11-22")
    assert code == 0, messages
    assert f"note: {UNMATCHED}: no topic matched; filed under physical-reasoning" in messages
    text = (content / "papers" / f"{UNMATCHED}.yaml").read_text()
    assert (
        "# No topic matched this paper (it is unlike each topic's papers): it was filed under"
        in text
    )
    assert load_corpus(content).papers_by_id[UNMATCHED].topics == ("physical-reasoning",)


def test_an_unknown_off_topic_is_named_with_its_line(run_papers: RunPapers, content: Path) -> None:
    settings = content / "corpus.yaml"
    text = settings.read_text()
    settings.write_text(text.replace("off_topic: skip", "off_topic: physical-reasonin"))
    run = run_papers("validate", "--content", content)
    assert run.exit_code == 1
    line = text.splitlines().index("off_topic: skip") + 1
    assert (
        f"corpus.yaml:{line}: off_topic names the unknown topic 'physical-reasonin'" in run.stderr
    )
    assert "fix: write skip, or did you mean 'physical-reasoning'?" in run.stderr


def day_of(*papers: tuple[str, str, int]) -> bytes:
    """A daily papers answer listing (arXiv id, title, upvotes), in that order."""
    entries = [
        {
            "paper": {
                "id": arxiv,
                "title": title,
                "summary": f"We study {title.lower()} with sparse autoencoders, finding"
                " monosemantic features in superposition in the residual stream.",
                "authors": [{"name": "Ada Example"}],
                "upvotes": upvotes,
            }
        }
        for arxiv, title, upvotes in papers
    ]
    return json.dumps(entries).encode()


def test_a_paper_listed_twice_is_one_paper_at_its_better_rank(
    run_papers: RunPapers, server: DailyPapersServer, content: Path, tmp_path: Path
) -> None:
    server.body_override = day_of(
        ("2511.99201", "Circuits in Small Models", 40),
        ("2511.99202", "Sparse Autoencoders at Scale", 30),
        ("2511.99201", "Circuits in Small Models", 10),
        ("2511.99203", "Interpretability of Superposition", 20),
    )
    report = tmp_path / "report.md"
    code, messages = ingest(run_papers, content, "2026-11-22", "--report", report)
    assert code == 0, messages
    assert "3 papers: 3 new, 0 already here, 1 listed more than once" in messages
    assert "listed 2 times: arXiv 2511.99201 'Circuits in Small Models' (ranks 1 and 4)" in messages
    corpus = load_corpus(content)
    (day,) = [
        snapshot for snapshot in corpus.snapshots if snapshot.date.isoformat() == "2026-11-22"
    ]
    assert [(entry.rank, entry.id, entry.upvotes) for entry in day.papers] == [
        (1, "circuits-in-small-models", 40),
        (2, "sparse-autoencoders-at-scale", 30),
        (3, "interpretability-of-superposition", 20),
    ]
    assert len([paper for paper in corpus.papers if paper.arxiv == "2511.99201"]) == 1
    assert "### Listed more than once" in report.read_text()


def test_a_day_where_every_paper_is_declined_writes_only_their_records_and_succeeds(
    run_papers: RunPapers, server: DailyPapersServer, content: Path, tmp_path: Path
) -> None:
    server.body_override = json.dumps(
        [
            {
                "paper": {
                    "id": f"2511.993{n:02}",
                    "title": f"Quiet Library {n}",
                    "summary": "Shelves.",
                }
            }
            for n in range(5)
        ]
    ).encode()
    before = digests(content, "*.yaml")
    report = tmp_path / "report.md"
    code, messages = ingest(run_papers, content, "2026-11-22", "--report", report)
    assert code == 0, messages
    assert "5 papers: 0 new, 0 already here, 5 declined (no topic admitted them)" in messages
    after = digests(content, "*.yaml")
    assert set(after) - set(before) == {"declined/2026-11.yaml"}
    assert {name: after[name] for name in before} == before  # no other file touched
    assert sum(record.why == "not-admitted" for record in load_corpus(content).declined) == 5
    assert report.read_text().count("`papers add 2511.993") == 5
    # The next run proposes none of them again, and writes nothing.
    code, messages = ingest(run_papers, content, "2026-11-22")
    assert "5 declined before" in messages
    assert messages.splitlines()[-1] == "nothing to change"
    assert digests(content, "*.yaml") == after


def test_the_report_escapes_titles_from_the_source(
    run_papers: RunPapers, server: DailyPapersServer, content: Path, tmp_path: Path
) -> None:
    hostile = "[click](javascript:alert(1)) @maintainer <img src=x onerror=alert(1)> **bold**"
    server.body_override = day_of(("2511.99301", hostile, 3))
    report = tmp_path / "report.md"
    code, messages = ingest(run_papers, content, "2026-11-22", "--report", report)
    assert code == 0, messages
    html = markdown.markdown(report.read_text())
    page = BeautifulSoup(html, "html.parser")
    assert page.find("img") is None
    assert page.find("strong", string="bold") is None
    assert [a["href"] for a in page.select("a")] == ["https://arxiv.org/abs/2511.99301"]
    assert "@maintainer" not in report.read_text()  # no mention of anyone
    assert hostile in page.get_text()


def test_a_retitled_paper_is_linked_by_its_id_and_keeps_the_archive_s_title(
    run_papers: RunPapers, server: DailyPapersServer, content: Path
) -> None:
    server.body_override = day_of(("2209.10652", "Toy Models of Superposition (v2, retitled)", 9))
    before = digests(content, "papers/*.yaml")
    code, messages = ingest(run_papers, content, "2026-11-22")
    assert code == 0, messages
    assert "1 paper: 0 new, 1 already here" in messages
    assert "note: toy-models-of-superposition: huggingface-daily-papers lists it as" in messages
    assert digests(content, "papers/*.yaml") == before


def test_a_series_title_is_a_new_paper_not_the_one_before(
    run_papers: RunPapers, server: DailyPapersServer, content: Path
) -> None:
    server.body_override = day_of(
        ("2511.99401", "Sparse Circuits 2: Superposition", 5),
        ("2511.99402", "Sparse Circuits 3: Superposition", 4),
    )
    code, messages = ingest(run_papers, content, "2026-11-22")
    assert code == 0, messages
    assert "2 papers: 2 new, 0 already here" in messages
    corpus = load_corpus(content)
    assert {"sparse-circuits-2-superposition", "sparse-circuits-3-superposition"} <= set(
        corpus.papers_by_id
    )
    assert corpus.warnings == ()


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
            "no entry of the daily papers is a whole paper (entry 1 of the daily papers has no"
            " summary)",
        ),
        (
            {"body_override": b'[{"paper": {"id": "not-an-id", "title": "T", "summary": "S"}}]'},
            "entry 1 of the daily papers",
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


def test_an_incomplete_entry_is_left_out_and_the_rest_of_the_day_lands(
    run_papers: RunPapers, server: DailyPapersServer, content: Path, tmp_path: Path
) -> None:
    whole = {"id": "2511.99601", "title": "Sparse Autoencoders Find Circuits", "upvotes": 5}
    server.body_override = json.dumps(
        [
            {"paper": {**whole, "summary": "Sparse autoencoders find circuits in transformers."}},
            {"paper": {"id": "2511.99602", "title": "No Abstract Given", "upvotes": 9}},
            {"paper": {"id": "[x](javascript:alert(1))", "title": "T", "summary": "S"}},
        ]
    ).encode()
    report = tmp_path / "report.md"
    code, messages = ingest(run_papers, content, "2026-11-22", "--report", report)
    assert code == 0, messages
    assert "3 papers: 1 new, 0 already here, 2 incomplete" in messages
    assert (
        "left out: entry 2 of the daily papers has no summary; arXiv has the paper: to file it,"
        " run `papers add 2511.99602`"
    ) in messages
    corpus = load_corpus(content)
    assert "2511.99601" in {paper.arxiv for paper in corpus.papers}
    assert "2511.99602" not in {paper.arxiv for paper in corpus.papers}
    (day,) = [s for s in corpus.snapshots if s.date.isoformat() == "2026-11-22"]
    assert [entry.rank for entry in day.ranked] == [2]  # its rank among the three
    body = report.read_text()
    assert "### Left out: incomplete entries" in body
    assert "](javascript:" not in body  # the source's text cannot make a link


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


def other_file_system(than: Path) -> Path | None:
    """A writable folder on another file system than `than` (tmpfs /dev/shm here), if any."""
    shared_memory = Path("/dev/shm")  # noqa: S108 (only probed, written through mkdtemp)
    for candidate in (shared_memory, Path("/run/user") / str(os.getuid())):
        if (
            candidate.is_dir()
            and os.access(candidate, os.W_OK)
            and candidate.stat().st_dev != than.stat().st_dev
        ):
            return candidate
    return None


def test_ingest_works_with_a_temporary_folder_on_another_file_system(
    run_papers: RunPapers,
    server: DailyPapersServer,
    content: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = other_file_system(content)
    if other is None:
        pytest.skip("no writable folder on another file system here")
    with tempfile.TemporaryDirectory(dir=other) as elsewhere:
        monkeypatch.setattr(tempfile, "tempdir", elsewhere)  # as TMPDIR=elsewhere would
        code, messages = ingest(run_papers, content, "2026-11-22")
    assert code == 0, messages
    assert NEW_PAPER in load_corpus(content).papers_by_id


def test_ingest_works_where_hard_links_are_refused(
    run_papers: RunPapers,
    server: DailyPapersServer,
    content: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refused: list[str] = []

    def no_links(source: str, target: str) -> None:
        refused.append(source)
        raise OSError(errno.EXDEV, "Invalid cross-device link", source)

    monkeypatch.setattr(os, "link", no_links)
    code, messages = ingest(run_papers, content, "2026-11-22")
    assert code == 0, messages
    assert refused  # the check did try to link, and fell back to copying
    assert NEW_PAPER in load_corpus(content).papers_by_id


@pytest.mark.slow
def test_the_listing_s_repository_and_its_stars_reach_the_paper_and_the_day(
    run_papers: RunPapers, server: DailyPapersServer, content: Path, tmp_path: Path
) -> None:
    server.body_override = json.dumps(
        [
            {
                "paper": {
                    "id": "2511.99501",
                    "title": "Circuits With Code",
                    "summary": "Sparse autoencoders find monosemantic features in superposition.",
                    "upvotes": 12,
                    "githubRepo": "https://github.com/example/circuits",
                    "githubStars": 1234,
                }
            },
            {
                "paper": {
                    "id": "2511.99502",
                    "title": "Circuits Without a Real Repository",
                    "summary": "Sparse autoencoders find monosemantic features in superposition.",
                    "githubRepo": "javascript:alert(1)",
                    "githubStars": -5,
                }
            },
        ]
    ).encode()
    code, messages = ingest(run_papers, content, "2026-11-22")
    assert code == 0, messages
    corpus = load_corpus(content)
    papers = {paper.arxiv: paper for paper in corpus.papers}
    assert papers["2511.99501"].links == {"code": "https://github.com/example/circuits"}
    assert papers["2511.99502"].links == {}  # not an https GitHub address: left out
    (day,) = [s for s in corpus.snapshots if s.date.isoformat() == "2026-11-22"]
    assert [(entry.upvotes, entry.stars) for entry in day.ranked] == [(12, 1234), (None, None)]
    site = tmp_path / "site"
    build = ["build", "-q", "--content", content, "--build-dir", tmp_path / "build"]
    assert run_papers(*build, "--site-dir", site).exit_code == 0
    page = BeautifulSoup(
        (site / "archive" / "2026-11-22" / "index.html").read_text(), "html.parser"
    )
    assert [th.get_text() for th in page.select("thead th")] == [
        "Rank",
        "Paper",
        "Upvotes",
        "Stars",
        "Topics",
    ]
    paper_page = (site / "papers" / "circuits-with-code" / "index.html").read_text()
    assert "(#1, 12 upvotes, 1,234 stars)" in paper_page
    source = page.find("a", string="Hugging Face Daily Papers")  # the day names its source
    assert source is not None
    assert source["href"] == "https://huggingface.co/papers"
    feed = feedparser.parse((site / "archive" / "feed.xml").read_bytes())
    day_item = next(entry for entry in feed.entries if "2026-11-22" in entry.link)
    assert (
        "Circuits With Code (12 upvotes)"
        in BeautifulSoup(day_item.summary, "html.parser").get_text()
    )
    api = json.loads((site / "api" / "papers.json").read_text())
    (listed,) = [paper for paper in api["papers"] if paper["arxiv"] == "2511.99501"]
    assert listed["trended"] == [
        {"date": "2026-11-22", "rank": 1, "upvotes": 12, "stars": 1234,
         "source": "huggingface-daily-papers"}
    ]  # fmt: skip


def test_today_can_be_set_to_replay_past_days(
    run_papers: RunPapers, server: DailyPapersServer, content: Path
) -> None:
    server.body_override = day_of(("2511.99601", "Sparse Circuits Replayed", 7))
    before = digests(content, "*.yaml")
    # A day after the given today is in the future: refused, nothing written.
    run = run_papers(
        "ingest", "--today", "2026-11-25", "--date", "2026-11-26", "--content", content
    )
    assert run.exit_code == 1
    assert "added: 2026-11-26 is in the future (today is 2026-11-25)" in run.stderr
    assert digests(content, "*.yaml") == before
    # Without --date, the day before the given today.
    run = run_papers("ingest", "--today", "2026-11-27", "--content", content)
    assert run.exit_code == 0, run.stderr
    assert server.dates[-1] == "2026-11-26"
    assert any(s.date.isoformat() == "2026-11-26" for s in load_corpus(content).snapshots)
