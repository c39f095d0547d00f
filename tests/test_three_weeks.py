"""Three weeks of days from a stand-in daily papers API: every good day lands, every faulty
one is refused without a trace, and lands once the source recovers."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.corpus import load_corpus
from standins.files import digests
from standins.loopback import HALF_A_BODY, HUNG_UP, SERVER_ERROR, faulty_reply
from tests.conftest import RunPapers
from tests.huggingface_server import DailyPapersServer, daily_papers_server

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast

FIRST_DAY = dt.date(2026, 11, 2)  # a Monday
DAYS = 21
ON_TOPIC = [
    "Sparse Autoencoders Find {} Circuits",
    "Intuitive Physics Benchmark for {} Robots",
    "Video Generation World Models of {} Scenes",
    "Physics-Informed Neural Operator for {} Weather Forecasting",
    "Explainable Attribution of {} Saliency",
    "Molecular Crystal Chemistry with {} Materials",
]
# What a paper of each on-topic kind says beside its title, in its field's words.
ABOUT = {
    "Sparse Autoencoders": "Sparse autoencoders trained on a language model's residual stream"
    " find monosemantic features in superposition, and activation patching confirms the circuit.",
    "Intuitive Physics": "Vision-language models answer questions on intuitive physics, the"
    " physical commonsense of objects that fall, roll and collide, far worse than people.",
    "Video Generation": "Text-to-video generation models produce generated videos whose motion"
    " violates physical laws such as gravity; a physics-aware world model does better.",
    "Physics-Informed": "A physics-informed neural operator learns the partial differential"
    " equations of the atmosphere for weather forecasting of dynamical systems.",
    "Explainable": "Explainable AI: feature attribution methods, Shapley values and saliency"
    " maps explain a classifier's predictions; we evaluate the faithfulness of post-hoc"
    " explanations and concept-based explainability.",
    "Molecular": "A graph network predicts molecular property values and crystal structures"
    " for materials discovery in chemistry, from density functional theory data.",
}
OFF_TOPIC = [
    "Scaling Laws of {} Language Model Pretraining",
    "Faster {} Tokenizers",
    "A Survey of {} Agents",
    "Instruction Tuning for {} Chat Assistants",
]
WORDS = [
    "Quantum",
    "Tiny",
    "Deep",
    "Open",
    "Efficient",
    "Robust",
    "Φ-Net",
    "$\\alpha$-Flow",
    "Über",
]


def _about(title: str) -> str:
    return next((f"{said} " for start, said in ABOUT.items() if title.startswith(start)), "")


@dataclass
class Calendar:
    """The stand-in API's answer for each day, written as <date>.json, and what it holds."""

    folder: Path
    listed: dict[dt.date, list[dict[str, object]]] = field(default_factory=dict)
    serial: int = 0

    def paper(
        self, title: str, *, arxiv: str | None = None, authors: bool = True
    ) -> dict[str, object]:
        self.serial += 1
        paper: dict[str, object] = {
            "id": arxiv or f"2511.{90000 + self.serial}",
            "title": title,
            "summary": f"We study {title.lower()}. {_about(title)}Results follow.",
            "publishedAt": "2025-11-01T00:00:00.000Z",
        }
        if authors:
            paper["authors"] = [{"name": f"Author {self.serial}"}, {"name": "Ada Lovelace"}]
        return paper

    def day(
        self, date: dt.date, papers: list[dict[str, object]], randomness: random.Random
    ) -> None:
        entries = [
            {"paper": {**paper, "upvotes": randomness.randint(0, 90)}, "numComments": 0}
            for paper in papers
        ]
        self.listed[date] = entries
        (self.folder / f"{date.isoformat()}.json").write_text(json.dumps(entries), "utf-8")


def three_weeks(folder: Path) -> Calendar:
    """21 days with the quirks of real ones, the same every run (seeded)."""
    randomness = random.Random(16)  # noqa: S311 (test data, not secrets)
    calendar = Calendar(folder)
    retitled = calendar.paper("Sparse Autoencoders Find Toy Circuits", arxiv="2511.80001")
    again = calendar.paper("Intuitive Physics Benchmark for Kitchen Robots", arxiv="2511.80002")
    for offset in range(DAYS):
        date = FIRST_DAY + dt.timedelta(days=offset)
        if date.weekday() >= 5:
            calendar.day(date, [], randomness)  # weekends: the API lists nothing
            continue
        # General papers' titles share no rare word with the on-topic ones: a word like
        # "Quantum" in both would make them alike by it alone, which real days do not do.
        papers = [
            calendar.paper(
                randomness.choice(ON_TOPIC).format(f"{randomness.choice(WORDS)} {offset}-{number}")
                if randomness.random() < 0.5
                else randomness.choice(OFF_TOPIC).format(f"{offset}-{number}"),
                authors=randomness.random() > 0.1,
            )
            for number in range(8)
        ]
        if offset == 2:  # listed twice the same day
            papers.insert(5, papers[1])
        if offset == 3:
            papers.append(retitled)
        if offset == 10:  # the same id under its new title
            papers.append({**retitled, "title": "Sparse Autoencoders Find Toy and Real Circuits"})
        if offset in {4, 7}:  # trending again days later
            papers.append(again)
        if offset == 8:
            papers.append(calendar.paper("Sparse Circuits 2 Technical Report", arxiv="2511.80003"))
        if offset == 15:
            papers.append(calendar.paper("Sparse Circuits 3 Technical Report", arxiv="2511.80004"))
        calendar.day(date, papers, randomness)
    return calendar


FAULTS = {
    FIRST_DAY + dt.timedelta(days=9): (SERVER_ERROR, "answered 500 Internal Server Error"),
    FIRST_DAY + dt.timedelta(days=11): (HUNG_UP, "broke off its answer"),
    FIRST_DAY + dt.timedelta(days=16): (HALF_A_BODY, "answered with invalid JSON"),
}
"""Days the source fails on every try until it recovers, and what the refusal says."""


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[DailyPapersServer]:
    with daily_papers_server(monkeypatch) as running:
        running.days = tmp_path / "days"
        running.days.mkdir()
        yield running


def test_three_weeks_of_days_land_and_faulty_days_land_once_the_source_recovers(
    run_papers: RunPapers, server: DailyPapersServer, shipped_corpus_dir: Path, tmp_path: Path
) -> None:
    calendar = three_weeks(server.days)
    for date, (kind, _) in FAULTS.items():
        body = (server.days / f"{date.isoformat()}.json").read_bytes()
        server.broken[date.isoformat()] = faulty_reply(kind, body)

    def ingest(date: dt.date) -> tuple[int, str]:
        run = run_papers("ingest", "--date", date.isoformat(), "--content", shipped_corpus_dir)
        return run.exit_code, run.stderr

    for date in sorted(calendar.listed):
        before = digests(shipped_corpus_dir)
        code, messages = ingest(date)
        if date in FAULTS:
            assert code == 1, messages
            assert FAULTS[date][1] in messages
            assert "try again later" in messages
            assert digests(shipped_corpus_dir) == before, date  # nothing written
        else:
            assert code == 0, (date, messages)
            check_day_landed(shipped_corpus_dir, calendar, date)

    server.broken.clear()  # the source recovers: each faulty day is run again
    for date in FAULTS:
        code, messages = ingest(date)
        assert code == 0, messages
        check_day_landed(shipped_corpus_dir, calendar, date)

    corpus = load_corpus(shipped_corpus_dir)
    by_arxiv = Counter(paper.arxiv for paper in corpus.papers)
    assert max(by_arxiv.values()) == 1  # no paper twice, whatever the days listed
    retitled = next(paper for paper in corpus.papers if paper.arxiv == "2511.80001")
    assert retitled.title == "Sparse Autoencoders Find Toy Circuits"  # the archive's title kept
    assert {"2511.80003", "2511.80004"} <= set(by_arxiv)  # a series: two papers
    assert len(corpus.trends[next(p.id for p in corpus.papers if p.arxiv == "2511.80002")]) == 2
    validate = run_papers("validate", "--content", shipped_corpus_dir)
    assert validate.exit_code == 0, validate.stderr
    build = run_papers(
        *("build", "-q", "--content", shipped_corpus_dir),
        *("--build-dir", tmp_path / "build", "--site-dir", tmp_path / "site"),
    )
    assert build.exit_code == 0, build.stderr
    weekdays = [date for date in calendar.listed if calendar.listed[date]]
    for date in weekdays:
        assert (tmp_path / "site" / "archive" / date.isoformat() / "index.html").is_file()


def check_day_landed(content: Path, calendar: Calendar, date: dt.date) -> None:
    """The day's snapshot lists each paper that has a file once, at its best rank."""
    corpus = load_corpus(content)
    listed = calendar.listed[date]
    snapshots = [snapshot for snapshot in corpus.snapshots if snapshot.date == date]
    if not listed:
        assert snapshots == []
        return
    (snapshot,) = snapshots
    ids = [entry.id for entry in snapshot.papers]
    assert len(ids) == len(set(ids))
    arxiv_of = {paper.id: paper.arxiv for paper in corpus.papers}
    off_topic = tuple(title.split("{")[0] for title in OFF_TOPIC)
    on_topic = {
        str(entry["paper"]["id"])  # type: ignore[index]
        for entry in listed
        if not str(entry["paper"]["title"]).startswith(off_topic)  # type: ignore[index]
    }
    filed = {paper.arxiv for paper in corpus.papers}
    listed_ids = {str(entry["paper"]["id"]) for entry in listed}  # type: ignore[index]
    # Every listed paper the archive files is in the day's list, once; the others were
    # skipped. Papers written for a topic are all filed (how well general ones are told
    # apart is measured in docs/topics.md, not here).
    assert {arxiv_of[paper_id] for paper_id in ids} == listed_ids & filed
    assert on_topic <= filed
