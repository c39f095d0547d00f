"""The daily path as the workflows run it: ingest yesterday in the morning, then the digest
of the publish workflow sends exactly the papers that arrived, once."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.corpus import load_corpus
from tests.conftest import PROJECT_ROOT, RunPapers
from tests.digest.conftest import Mailbox, parts
from tests.huggingface_server import DailyPapersServer, daily_papers_server

WORKFLOWS = PROJECT_ROOT / ".github" / "workflows"
PAPERS = ".venv/bin/papers "


def workflow_command(workflow: str, job: str, needle: str) -> tuple[str, dict[str, str]]:
    """The `papers` command line of the step that runs `needle`, and the step's environment."""
    document = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
    steps = document["jobs"][job]["steps"]
    (step,) = [step for step in steps if needle in step.get("run", "")]
    (line,) = [line for line in step["run"].splitlines() if needle in line]
    command = line[line.index(PAPERS) + len(PAPERS) :]
    environment = {**document["jobs"][job].get("env", {}), **step.get("env", {})}
    return command, {key: str(value) for key, value in environment.items()}


def run_as_workflow(
    run_papers: RunPapers, command: str, variables: dict[str, str], content: Path
) -> tuple[int, str]:
    """Run a workflow's `papers` command line with its shell variables, on `content`."""
    arguments = [os.path.expandvars(word) for word in shlex.split(command)]
    for name in variables:
        assert f"${name}" not in " ".join(arguments), name
    run = run_papers(*arguments, "--content", content)
    return run.exit_code, run.stderr


def listing(day: dt.date, papers: list[tuple[str, str]]) -> bytes:
    """The daily papers API's answer for a day of (arXiv id, title) papers, all on topic."""
    return json.dumps(
        [
            {
                "paper": {
                    "id": arxiv,
                    "title": title,
                    "summary": "Sparse autoencoders find circuits in superposition.",
                    "authors": [{"name": "Ada Example"}],
                    "upvotes": 10 - number,
                    "publishedAt": f"{day.isoformat()}T08:00:00.000Z",
                }
            }
            for number, (arxiv, title) in enumerate(papers)
        ]
    ).encode()


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[DailyPapersServer]:
    with daily_papers_server(monkeypatch) as running:
        yield running


def test_the_morning_digest_sends_the_papers_the_ingest_brought_in_once(
    run_papers: RunPapers,
    server: DailyPapersServer,
    mailbox: Mailbox,
    shipped_corpus_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ingest, ingest_variables = workflow_command("ingest.yml", "ingest", ".venv/bin/papers ingest")
    digest, digest_variables = workflow_command("publish.yml", "digest", ".venv/bin/papers digest")
    assert "--date" not in digest  # the digest chooses its days itself
    monkeypatch.chdir(tmp_path)  # where the workflow keeps its state, relative to the checkout
    monkeypatch.setenv("DIGEST_STATE", digest_variables["DIGEST_STATE"])
    monkeypatch.setenv("RUNNER_TEMP", str(tmp_path))
    monkeypatch.setenv("PAPERS_DIGEST_TO", "ada@example.org")
    today = dt.datetime.now(dt.UTC).date()

    def morning(day: dt.date, papers: list[tuple[str, str]]) -> list[str]:
        """The ingest of `day` (yesterday), then the digest; the titles it mailed."""
        server.body_override = listing(day, papers)
        monkeypatch.setenv("DAY", day.isoformat())
        code, messages = run_as_workflow(run_papers, ingest, ingest_variables, shipped_corpus_dir)
        assert code == 0, messages
        return send_digest()

    def send_digest() -> list[str]:
        before = len(mailbox.received)
        code, messages = run_as_workflow(run_papers, digest, digest_variables, shipped_corpus_dir)
        assert code == 0, messages
        sent = mailbox.received[before:]
        assert len(sent) <= 1
        if not sent:
            return []
        plain, _ = parts(sent[0][1])
        return [match[1].strip() for match in re.finditer(r"^\d+\. (.+)$", plain, re.MULTILINE)]

    first = today - dt.timedelta(days=2)
    assert morning(
        first,
        [("2511.98001", "Sparse Circuits of Mornings"), ("2511.98002", "Superposition at Dawn")],
    ) == [
        "Sparse Circuits of Mornings",
        "Superposition at Dawn",
    ]
    assert (tmp_path / digest_variables["DIGEST_STATE"]).read_text().strip() == first.isoformat()
    assert send_digest() == []  # the next run, nothing new: nothing sent again

    second = today - dt.timedelta(days=1)
    assert morning(second, [("2511.98003", "Circuits After Lunch")]) == ["Circuits After Lunch"]
    added = {
        paper.added
        for paper in load_corpus(shipped_corpus_dir).papers
        if paper.arxiv in {"2511.98001", "2511.98003"}
    }
    assert added == {first, second}
