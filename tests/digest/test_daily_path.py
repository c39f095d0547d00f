"""The daily path as the workflows run it: ingest yesterday in the morning, then the digest
of the publish workflow sends exactly the papers that arrived, once."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pytest
import yaml

from generator.corpus import load_corpus
from generator.site.feeds import render_feeds
from standins.loopback import answering
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
                    "summary": "We train sparse autoencoders on the residual stream of a"
                    " language model and find monosemantic features and circuits that"
                    " superposition hides; activation patching confirms what each does.",
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
    monkeypatch.setenv("LIVE_NEWEST", "")  # the first run: no site live before it
    # Each morning's own day only (catching up missed days: tests/tools/test_ingest_branch.py).
    monkeypatch.setenv("CATCH_UP", "0")
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


@dataclass
class ActionsCache:
    """GitHub's Actions cache, by its documented rules: an entry is never overwritten (saving
    an existing key fails), and a restore takes the exact key, else the newest entry whose key
    starts with a restore key. Eviction (7 days unused) empties it.
    https://docs.github.com/en/actions/reference/workflows-and-actions/dependency-caching
    """

    entries: dict[str, str] = field(default_factory=dict)  # in the order they were created

    def restore(self, key: str, prefixes: list[str]) -> str | None:
        if key in self.entries:
            return self.entries[key]
        for prefix in prefixes:
            matching = [name for name in self.entries if name.startswith(prefix)]
            if matching:
                return self.entries[matching[-1]]
        return None

    def save(self, key: str, value: str) -> None:
        self.entries.setdefault(key, value)


def github_expression(text: str, run_id: int, attempt: int) -> str:
    """`text` with the `github.run_id` and `github.run_attempt` expressions evaluated."""
    values = {"github.run_id": str(run_id), "github.run_attempt": str(attempt)}
    evaluated = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: values[m[1]], text)
    assert "${{" not in evaluated, text
    return evaluated


@pytest.fixture
def digest_job(
    run_papers: RunPapers,
    mailbox: Mailbox,
    shipped_corpus_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[..., tuple[list[str], str]]:
    """One attempt of the publish workflow's digest job on a fresh runner, its cache steps
    and its `papers digest` line as the workflow writes them: the titles it mailed, and what
    it printed."""
    document = yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))
    steps = document["jobs"]["digest"]["steps"]
    (restore,) = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache/restore")]
    (save,) = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache/save")]
    assert save["if"].startswith("always()")  # a failed send still keeps the state it had
    command, variables = workflow_command("publish.yml", "digest", ".venv/bin/papers digest")
    state = tmp_path / variables["DIGEST_STATE"]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DIGEST_STATE", variables["DIGEST_STATE"])
    monkeypatch.setenv("GITHUB_ACTIONS", "true")

    def run(
        cache: ActionsCache, run_id: int, attempt: int, live_newest: str, refuse: bool = False
    ) -> tuple[list[str], str]:
        shutil.rmtree(state.parent, ignore_errors=True)  # every job starts on a new runner
        key = github_expression(restore["with"]["key"], run_id, attempt)
        prefixes = str(restore["with"]["restore-keys"]).split()
        restored = cache.restore(key, prefixes)
        if restored is not None:
            state.parent.mkdir(parents=True)
            state.write_text(restored)
        if refuse:
            for address in ("ada@example.org", "grace@example.org"):
                mailbox.replies[address] = ["550 No such mailbox"] * 5
        monkeypatch.setenv("LIVE_NEWEST", live_newest)
        before = len(mailbox.received)
        arguments = [os.path.expandvars(word) for word in shlex.split(command)]
        result = run_papers(*arguments, "--content", shipped_corpus_dir)
        mailbox.replies.clear()
        assert result.exit_code == (1 if refuse else 0), result.stderr
        if state.is_file():
            cache.save(github_expression(save["with"]["key"], run_id, attempt), state.read_text())
        titles = []
        for _, message in mailbox.received[before:]:
            plain, _ = parts(message)
            titles += [m[1].strip() for m in re.finditer(r"^\d+\. (.+)$", plain, re.MULTILINE)]
        return sorted(set(titles)), result.stdout + result.stderr

    return run


def add_papers(content: Path, day: dt.date, *titles: str) -> None:
    """Papers added to the archive on `day`, as a merged ingest leaves them."""
    for title in titles:
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        (content / "papers" / f"{slug}.yaml").write_text(
            f"id: {slug}\ntitle: {title}\nauthors:\n  - Ada Example\nadded: {day.isoformat()}\n"
            "topics:\n  - mechanistic-interpretability\n"
            "abstract: Sparse autoencoders find circuits in superposition.\n",
            encoding="utf-8",
        )


def test_a_rerun_after_a_failed_send_does_not_resend_the_next_morning(
    digest_job: Callable[..., tuple[list[str], str]], shipped_corpus_dir: Path
) -> None:
    today = dt.datetime.now(dt.UTC).date()
    monday, tuesday = today - dt.timedelta(days=2), today - dt.timedelta(days=1)
    cache = ActionsCache({"digest-state-99-1": (monday - dt.timedelta(days=1)).isoformat()})
    add_papers(shipped_corpus_dir, monday, "Circuits on Monday")

    assert digest_job(cache, 100, 1, "", refuse=True)[0] == []  # the mail server refused
    assert digest_job(cache, 100, 2, "")[0] == ["Circuits on Monday"]  # "Re-run failed jobs"

    add_papers(shipped_corpus_dir, tuesday, "Circuits on Tuesday")
    assert digest_job(cache, 101, 1, monday.isoformat())[0] == ["Circuits on Tuesday"]


@pytest.mark.parametrize("site_known", [True, False], ids=["site-read", "site-unreadable"])
def test_a_lost_state_neither_resends_nor_skips_without_a_warning(
    digest_job: Callable[..., tuple[list[str], str]], shipped_corpus_dir: Path, site_known: bool
) -> None:
    today = dt.datetime.now(dt.UTC).date()
    monday, tuesday = today - dt.timedelta(days=2), today - dt.timedelta(days=1)
    add_papers(shipped_corpus_dir, monday, "Circuits on Monday")
    cache = ActionsCache({"digest-state-99-1": (monday - dt.timedelta(days=1)).isoformat()})
    assert digest_job(cache, 100, 1, "")[0] == ["Circuits on Monday"]
    assert "::warning" not in digest_job(cache, 100, 2, "")[1]  # on record: nothing to say

    cache.entries.clear()  # evicted
    add_papers(shipped_corpus_dir, tuesday, "Circuits on Tuesday")
    sent, printed = digest_job(cache, 101, 1, monday.isoformat() if site_known else "")
    assert sent == ["Circuits on Tuesday"]
    assert "::warning title=papers digest::no digest is on record" in printed
    assert (f"taking {monday.isoformat()}" in printed) == site_known


@pytest.mark.slow
def test_read_site_gives_the_newest_day_the_live_site_shows(
    run_papers: RunPapers, shipped_corpus_dir: Path
) -> None:
    corpus = load_corpus(shipped_corpus_dir)
    feed = render_feeds(corpus, "https://papers.example.org/")[PurePosixPath("feed.json")]
    newest = max(paper.added for paper in corpus.papers)
    with answering(lambda query, headers: (200, feed), "application/feed+json") as root:
        read = run_papers("digest", "--read-site", root.rstrip("/"))
    assert read.exit_code == 0, read.stderr
    assert read.stdout.strip() == newest.isoformat()
    with answering(lambda query, headers: (404, b"Not Found"), "text/plain") as root:
        unpublished = run_papers("digest", "--read-site", root)
    assert (unpublished.exit_code, unpublished.stdout.strip()) == (0, "")
    assert "cannot read" in unpublished.stderr
