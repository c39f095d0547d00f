"""The pull-request check speaks about the contributor's own files: their warnings, their
duplicates, annotations GitHub shows; every error is still reported."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, RunPapers
from tools.ingest_branch import git

pytestmark = pytest.mark.corpus  # reads content/: run for a pull request changing only it

UNTOUCHED_GAP = "a-la-recherche-du-sens-perdu-your-favourite-llm-might-have.yaml"


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose main holds the shipped corpus, on a branch for a pull request."""
    for name in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{name}_NAME", "Contributor")
        monkeypatch.setenv(f"GIT_{name}_EMAIL", "contributor@example.org")
    root = tmp_path / "repository"
    shutil.copytree(PROJECT_ROOT / "content", root / "content")
    git(root.parent, "init", "--quiet", "-b", "main", str(root))
    git(root, "add", "content")
    git(root, "commit", "--quiet", "-m", "The corpus")
    git(root, "checkout", "--quiet", "-b", "my-paper")
    return root


def add_paper(root: Path, name: str, extra: str = "", topic: str = "explainable-ai") -> Path:
    path = root / "content" / "papers" / f"{name}.yaml"
    path.write_text(
        f"id: {name}\ntitle: A Paper Called {name}\nadded: 2026-11-30\ntopics: [{topic}]\n"
        f"{extra}abstract: What it found.\n",
        encoding="utf-8",
    )
    return path


def commit(root: Path, message: str) -> None:
    git(root, "add", "content")
    git(root, "commit", "--quiet", "-m", message)


def annotations_of(stdout: str, kind: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(f"::{kind} ")]


def test_a_pull_request_is_warned_about_its_own_file_only(
    run_papers: RunPapers, repository: Path
) -> None:
    add_paper(repository, "my-new-paper")
    commit(repository, "Add my paper")
    run = run_papers(
        *("validate", "--format", "github", "--changed-since", "main"),
        *("--content", repository / "content"),
    )
    assert run.exit_code == 0, run.stderr
    (warning,) = annotations_of(run.stdout, "warning")
    assert "my-new-paper.yaml,line=1," in warning
    assert "the paper has no authors and no link to the paper" in warning
    assert UNTOUCHED_GAP not in run.stdout + run.stderr
    assert "1 more warning(s) about files this branch did not change since main" in run.stderr
    everything = run_papers(
        "validate", "--all-warnings", "--changed-since", "main", "--content", repository / "content"
    )
    assert UNTOUCHED_GAP in everything.stderr


def test_a_duplicate_is_reported_on_the_file_the_pull_request_adds(
    run_papers: RunPapers, repository: Path
) -> None:
    add_paper(repository, "superposition-again", 'arxiv: "2209.10652"\n')
    commit(repository, "Add a paper the archive has")
    run = run_papers(
        *("validate", "--format", "github", "--changed-since", "main"),
        *("--content", repository / "content"),
    )
    assert run.exit_code == 1
    (error,) = annotations_of(run.stdout, "error")
    assert "superposition-again.yaml,line=5," in error
    assert "the arXiv id 2209.10652 is already in" in error
    assert "toy-models-of-superposition.yaml:" in error


def test_annotations_stay_within_github_s_limits_the_contributor_s_files_first(
    run_papers: RunPapers, repository: Path
) -> None:
    for number in range(12):
        add_paper(repository, f"broken-{number:02}", topic="astrology")
    for number in range(12):
        add_paper(repository, f"bare-{number:02}")
    commit(repository, "Many papers")
    run = run_papers(
        *("validate", "--format", "github", "--changed-since", "main"),
        *("--content", repository / "content"),
    )
    assert run.exit_code == 1
    errors = annotations_of(run.stdout, "error")
    assert len(errors) == 10
    assert all(re.search(r"broken-\d\d\.yaml,line=4,", line) for line in errors)
    (notice,) = annotations_of(run.stdout, "notice")
    assert "2 more problem(s) are listed in the log" in notice
    assert run.stderr.count("unknown topic 'astrology'") == 2  # the rest, as text
    assert "12 problems found" in run.stderr


def test_locally_only_the_files_you_changed_are_warned_about(
    run_papers: RunPapers, repository: Path
) -> None:
    add_paper(repository, "work-in-progress")  # not committed yet
    run = run_papers("validate", "--content", repository / "content")
    assert run.exit_code == 0, run.stderr
    warned = [line for line in run.stderr.splitlines() if ": warning: " in line]
    assert len(warned) == 1
    assert "work-in-progress.yaml:1: warning" in warned[0]
    assert "1 more warning(s) about files you have not changed since the last commit" in run.stderr
    quiet = run_papers("validate", "-q", "--content", repository / "content")
    assert (quiet.exit_code, quiet.stderr) == (0, "")
