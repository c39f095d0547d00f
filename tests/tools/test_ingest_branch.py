"""The ingest pull-request branch against a real (bare) remote: no unmerged day is lost, and
nothing merged is proposed again."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, PROJECT_ROOT, RunPapers
from tests.huggingface_server import DailyPapersServer, daily_papers_server
from tools.ingest_branch import git

BRANCH = "ingest/trending"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Ingest",
    "GIT_AUTHOR_EMAIL": "ingest@example.org",
    "GIT_COMMITTER_NAME": "Ingest",
    "GIT_COMMITTER_EMAIL": "ingest@example.org",
}


def day_of(*papers: tuple[str, str]) -> bytes:
    """The daily papers API's answer listing (arXiv id, title) papers."""
    return json.dumps(
        [
            {"paper": {"id": arxiv, "title": title, "summary": f"{title}, studied.", "upvotes": 5}}
            for arxiv, title in papers
        ]
    ).encode()


@pytest.fixture
def remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bare repository whose main holds the fixture corpus, filing unmatched papers."""
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(bare)], check=True)
    seed = tmp_path / "seed"
    subprocess.run(["git", "clone", "--quiet", str(bare), str(seed)], check=True)
    shutil.copytree(FIXTURES / "corpus", seed / "content")
    settings = seed / "content" / "corpus.yaml"
    settings.write_text(settings.read_text() + "off_topic: circuits\n")
    git(seed, "checkout", "--quiet", "-b", "main")
    git(seed, "add", "content")
    git(seed, "commit", "--quiet", "-m", "The corpus")
    git(seed, "push", "--quiet", "origin", "main")
    return bare


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[DailyPapersServer]:
    with daily_papers_server(monkeypatch) as running:
        yield running


def checkout(remote: Path, where: Path) -> Path:
    """A fresh clone of main, as each workflow run starts with."""
    subprocess.run(["git", "clone", "--quiet", "-b", "main", str(remote), str(where)], check=True)
    return where


def branch_tool(repository: Path, *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "tools.ingest_branch", "--repository", str(repository), *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


Morning = Callable[[str, str, tuple[tuple[str, str], ...]], str]


@pytest.fixture
def morning(
    run_papers: RunPapers, server: DailyPapersServer, remote: Path, tmp_path: Path
) -> Morning:
    """One morning of the ingest workflow in a fresh checkout named `run`: prepare the
    branch, ingest the `day` listing (arXiv id, title) papers, publish; what the tool printed."""

    def run(name: str, day: str, papers: tuple[tuple[str, str], ...]) -> str:
        repository = checkout(remote, tmp_path / name)
        prepared = branch_tool(repository, "prepare")
        server.body_override = day_of(*papers)
        ingested = run_papers("ingest", "--date", day, "--content", repository / "content")
        assert ingested.exit_code == 0, ingested.stderr
        message = f"Ingest the trending papers of {day}"
        return prepared + branch_tool(repository, "publish", "--message", message)

    return run


def fix_a_topic_on_the_branch(remote: Path, where: Path) -> Path:
    """A curator's commit on the ingest branch (not pushed yet): Day One Result is physics."""
    curator = checkout(remote, where)
    git(curator, "checkout", "--quiet", BRANCH)
    paper = curator / "content" / "papers" / "day-one-result.yaml"
    paper.write_text(paper.read_text().replace("- circuits", "- physics"))
    git(curator, "commit", "--quiet", "-am", "Day One Result is physics")
    return curator


DAY_ONE = (("2511.97001", "Day One Result"),)
DAY_TWO = (("2511.97002", "Day Two Result"),)
DAY_THREE = (("2511.97003", "Day Three Result"),)


def days_on(remote: Path, ref: str, scratch: Path) -> set[str]:
    """The trending days `ref` of the remote proposes beyond main."""
    repository = scratch if scratch.exists() else checkout(remote, scratch)
    git(repository, "fetch", "--quiet", "origin")
    changed = git(
        repository, "diff", "--name-only", "origin/main", f"origin/{ref}", "--", "content/trending"
    )
    return {Path(name).stem for name in changed.stdout.split()}


def test_unmerged_days_accumulate_merged_ones_are_not_proposed_again(
    morning: Morning, remote: Path, tmp_path: Path
) -> None:
    assert morning("run-1", "2026-11-22", DAY_ONE).strip().endswith("proposes=true")
    assert morning("run-2", "2026-11-23", DAY_TWO).strip().endswith("proposes=true")
    # Nobody merged: both days are in the pull request's branch.
    assert days_on(remote, BRANCH, tmp_path / "look") == {"2026-11-22", "2026-11-23"}

    # A curator fixes a topic on the branch, then merges the pull request.
    curator = fix_a_topic_on_the_branch(remote, tmp_path / "curator")
    git(curator, "checkout", "--quiet", "main")
    git(curator, "merge", "--quiet", "--no-ff", "--no-edit", BRANCH)
    git(curator, "push", "--quiet", "origin", "main", BRANCH)

    third = morning("run-3", "2026-11-24", DAY_THREE)
    assert third.strip().endswith("proposes=true")
    assert "starting it afresh" in third
    # Only the new day is proposed; the merged ones are in main, with the curator's fix.
    assert days_on(remote, BRANCH, tmp_path / "look") == {"2026-11-24"}
    main = checkout(remote, tmp_path / "main-now")
    assert "- physics" in (main / "content" / "papers" / "day-one-result.yaml").read_text()


def test_a_curator_s_edit_on_the_open_branch_survives_the_next_day(
    morning: Morning, remote: Path, tmp_path: Path
) -> None:
    morning("run-1", "2026-11-22", DAY_ONE)
    curator = fix_a_topic_on_the_branch(remote, tmp_path / "curator")
    git(curator, "push", "--quiet", "origin", BRANCH)

    assert "continuing" in morning("run-2", "2026-11-23", DAY_TWO)
    branch = checkout(remote, tmp_path / "branch-now")
    git(branch, "checkout", "--quiet", BRANCH)
    assert "- physics" in (branch / "content" / "papers" / "day-one-result.yaml").read_text()
    assert days_on(remote, BRANCH, tmp_path / "look") == {"2026-11-22", "2026-11-23"}


def test_a_day_merged_by_hand_is_not_proposed_again(
    morning: Morning, remote: Path, tmp_path: Path
) -> None:
    morning("run-1", "2026-11-22", DAY_ONE)
    # A maintainer copies the day's files onto main by hand (no merge of the branch).
    maintainer = checkout(remote, tmp_path / "maintainer")
    git(maintainer, "checkout", "--quiet", f"origin/{BRANCH}", "--", "content/")
    git(maintainer, "commit", "--quiet", "-m", "The papers of 2026-11-22, by hand")
    git(maintainer, "push", "--quiet", "origin", "main")

    assert morning("run-2", "2026-11-23", DAY_TWO).strip().endswith("proposes=true")
    assert days_on(remote, BRANCH, tmp_path / "look") == {"2026-11-23"}


def test_a_day_that_brings_nothing_proposes_nothing(
    morning: Morning, remote: Path, tmp_path: Path
) -> None:
    assert morning("run-1", "2026-11-22", ()).strip().endswith("proposes=false")
    heads = git(checkout(remote, tmp_path / "look"), "ls-remote", "--heads", "origin").stdout
    assert BRANCH not in heads
