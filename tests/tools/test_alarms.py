"""The publish workflow's alarms: the freshness job's own command lines (`papers status`, then
`python -m tools.alarms`), run against a checkout and a stand-in of `gh` that keeps issues."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import PROJECT_ROOT
from tests.tools.gh_standin import GitHub

pytestmark = pytest.mark.slow  # runs git, the tool and the stand-in as processes

NEWEST_SHIPPED_DAY = dt.date(2026, 11, 24)  # content/trending's newest day
ACTIONS_URL = "https://github.com/owner/archive/actions"


def checkout(folder: Path, days_since_commit: int) -> Path:
    """A checkout of main whose newest commit is `days_since_commit` days old."""
    repository = folder / "main"
    repository.mkdir()
    when = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_since_commit, hours=1)
    environment = {
        **os.environ,
        "GIT_COMMITTER_DATE": when.isoformat(),
        "GIT_AUTHOR_DATE": when.isoformat(),
    }
    for command in (["init", "-q", "-b", "main"], ["commit", "-q", "--allow-empty", "-m", "day"]):
        subprocess.run(
            ["git", "-c", "user.name=Bot", "-c", "user.email=bot@example.org", *command],
            cwd=repository,
            env=environment,
            check=True,
        )
    return repository


def freshness_job(
    github: GitHub, repository: Path, today: dt.date, content: Path = PROJECT_ROOT / "content"
) -> subprocess.CompletedProcess[str]:
    """The freshness job's steps after Install, with the workflow's own command lines (the
    corpus and the day given to `papers status`, the tools run from this project)."""
    steps = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / "publish.yml").read_text())[
        "jobs"
    ]["freshness"]["steps"]
    scripts = [step["run"] for step in steps if "run" in step and "make install" not in step["run"]]
    temp = repository.parent / "runner-temp"
    temp.mkdir(exist_ok=True)
    environment = {
        **github.environment(),
        "MAX_AGE": "3",
        "RUNNER_TEMP": str(temp),
        "GITHUB_RUN_ID": "42",
        "ACTIONS_URL": ACTIONS_URL,
        "PAPERS_CONTENT": str(content),
        "PAPERS_TODAY": today.isoformat(),
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    script = "\n".join(scripts).replace(".venv/bin/", "")
    script = script.replace(
        "papers status", 'papers status --content "$PAPERS_CONTENT" --today "$PAPERS_TODAY"'
    )
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=repository,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_stale_archive_opens_one_issue_keeps_it_current_and_closes_it_when_days_resume(
    tmp_path: Path,
) -> None:
    github = GitHub(tmp_path)
    repository = checkout(tmp_path, days_since_commit=1)
    stale_day = NEWEST_SHIPPED_DAY + dt.timedelta(days=6)

    first = freshness_job(github, repository, stale_day)
    assert first.returncode == 0, first.stderr
    (issue,) = github.issues("stale-archive")
    assert issue["title"] == "The archive has stopped updating"
    assert "stale: no new trending day for 6 days (more than 3)" in issue["body"]
    assert "missing days: 5 not taken in yet (2026-11-25," in issue["body"]
    assert "gh workflow enable ingest.yml && gh workflow enable publish.yml" in issue["body"]
    assert f"Checked by {ACTIONS_URL}/runs/42" in issue["body"]
    assert "::warning::No new trending day for more than 3 days" in first.stdout

    again = freshness_job(github, repository, stale_day + dt.timedelta(days=1))
    assert again.returncode == 0, again.stderr
    (issue,) = github.issues("stale-archive")  # the same issue, brought up to date
    assert "stale: no new trending day for 7 days" in issue["body"]
    assert len(github.read()["issues"]) == 1

    fresh = freshness_job(github, repository, NEWEST_SHIPPED_DAY + dt.timedelta(days=1))
    assert fresh.returncode == 0, fresh.stderr
    assert github.issues("stale-archive") == []
    (closed,) = github.issues("stale-archive", state="closed")
    assert closed["comments"] == ["Updates resumed: newest trending day: 2026-11-24 (1 day ago)."]


def test_a_fork_whose_ingest_never_ran_gets_no_stale_issue(tmp_path: Path) -> None:
    github = GitHub(tmp_path, runs=0)
    repository = checkout(tmp_path, days_since_commit=1)
    run = freshness_job(github, repository, NEWEST_SHIPPED_DAY + dt.timedelta(days=30))
    assert run.returncode == 0, run.stderr
    assert github.issues("stale-archive") == []
    assert "the Ingest workflow has not run here yet, so no issue is opened" in run.stdout


def test_a_token_that_cannot_read_the_runs_raises_the_alarm_and_says_why(tmp_path: Path) -> None:
    github = GitHub(tmp_path, refuse=("run",))
    repository = checkout(tmp_path, days_since_commit=1)
    run = freshness_job(github, repository, NEWEST_SHIPPED_DAY + dt.timedelta(days=30))
    assert run.returncode == 0, run.stderr
    assert len(github.issues("stale-archive")) == 1
    assert "::warning::Cannot list the Ingest workflow's runs (gh run list: HTTP 403" in run.stdout


@pytest.mark.parametrize(("quiet", "expected"), [(49, None), (50, 10), (58, 2), (61, 0)])
def test_fifty_days_without_a_commit_warn_before_github_stops_the_schedules(
    tmp_path: Path, quiet: int, expected: int | None
) -> None:
    github = GitHub(tmp_path)
    repository = checkout(tmp_path, days_since_commit=quiet)
    run = freshness_job(github, repository, NEWEST_SHIPPED_DAY + dt.timedelta(days=1))
    assert run.returncode == 0, run.stderr
    assert f"{quiet} days since the last commit on main." in run.stdout
    opened = github.issues("schedules-expiring")
    if expected is None:
        assert opened == []
        return
    (issue,) = opened
    assert issue["title"] == f"The daily workflows stop in {expected} days"
    assert f"Nothing has been committed to main for {quiet} days." in issue["body"]
    assert f"{ACTIONS_URL} (choose the workflow" in issue["body"]
    assert "gh workflow enable enrich.yml" in issue["body"]


def test_the_schedules_issue_closes_once_main_moves(tmp_path: Path) -> None:
    github = GitHub(tmp_path)
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    quiet = checkout(tmp_path / "before", days_since_commit=55)
    freshness_job(github, quiet, NEWEST_SHIPPED_DAY + dt.timedelta(days=1))
    assert len(github.issues("schedules-expiring")) == 1
    moved = checkout(tmp_path / "after", days_since_commit=0)
    run = freshness_job(github, moved, NEWEST_SHIPPED_DAY + dt.timedelta(days=1))
    assert run.returncode == 0, run.stderr
    assert github.issues("schedules-expiring") == []
    (closed,) = github.issues("schedules-expiring", state="closed")
    assert closed["comments"] == ["Main has moved again: the schedules are safe."]


def test_when_github_refuses_everything_the_run_still_succeeds_with_warnings(
    tmp_path: Path,
) -> None:
    github = GitHub(tmp_path, refuse=("run", "issue", "label"))
    repository = checkout(tmp_path, days_since_commit=55)
    run = freshness_job(github, repository, NEWEST_SHIPPED_DAY + dt.timedelta(days=30))
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stdout.splitlines() if line.startswith("::warning::")]
    assert sum("An alarm could not be updated: gh issue list: HTTP 403" in w for w in warnings) == 2


def test_a_status_that_fails_for_another_reason_fails_the_job(tmp_path: Path) -> None:
    github = GitHub(tmp_path)
    repository = checkout(tmp_path, days_since_commit=1)
    broken = tmp_path / "content"
    broken.mkdir()
    (broken / "corpus.yaml").write_text("title: [unclosed\n")
    job = freshness_job(github, repository, NEWEST_SHIPPED_DAY, content=broken)
    assert job.returncode != 0
    assert github.issues("stale-archive") == []
