"""Proposing a pushed branch: `python -m tools.propose`, and the workflows' own command lines
that call it, against a stand-in of `gh` that keeps pull requests."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import PROJECT_ROOT
from tests.tools.gh_standin import GitHub

pytestmark = pytest.mark.slow  # runs the tool and the stand-in as processes


def propose(github: GitHub, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tools.propose", *arguments],
        cwd=PROJECT_ROOT,
        env=github.environment(),
        capture_output=True,
        text=True,
        check=False,
    )


def body(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_a_branch_without_a_pull_request_gets_one_with_its_label(tmp_path: Path) -> None:
    github = GitHub(tmp_path)
    run = propose(
        github, "--branch", "ingest/trending", "--label", "ingest", "--on-update", "comment",
        "--title", "Trending papers, up to 2026-12-01", "--body-file", body(tmp_path, "r", "Day 1"),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    (pull,) = github.pulls()
    assert run.stdout == f"{pull['url']}\n"
    assert (pull["head"], pull["base"], pull["labels"]) == ("ingest/trending", "main", ["ingest"])
    assert (pull["title"], pull["body"]) == ("Trending papers, up to 2026-12-01", "Day 1")
    assert github.read()["labels"] == ["ingest"]


def test_the_next_day_comments_on_the_open_pull_request_and_retitles_it(tmp_path: Path) -> None:
    github = GitHub(tmp_path)
    for day, report in (("2026-12-01", "Day 1"), ("2026-12-02", "Day 2"), ("2026-12-03", "Day 3")):
        run = propose(
            github, "--branch", "ingest/trending", "--label", "ingest", "--on-update", "comment",
            "--title", f"Trending papers, up to {day}", "--body-file", body(tmp_path, day, report),
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
    (pull,) = github.pulls()  # one pull request holds every day
    assert run.stdout == f"{pull['url']}\n"
    assert pull["title"] == "Trending papers, up to 2026-12-03"
    assert (pull["body"], pull["comments"]) == ("Day 1", ["Day 2", "Day 3"])


def test_an_edit_replaces_the_open_pull_request_s_body(tmp_path: Path) -> None:
    github = GitHub(tmp_path)
    for report in ("3 papers filled", "5 papers filled"):
        run = propose(
            github, "--branch", "enrich/arxiv", "--label", "enrich", "--on-update", "edit",
            "--title", "Metadata from arXiv", "--body-file", body(tmp_path, "e", report),
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
    (pull,) = github.pulls()
    assert (pull["body"], pull["comments"]) == ("5 papers filled", [])


def test_a_closed_pull_request_is_not_reopened_a_new_one_is_made(tmp_path: Path) -> None:
    github = GitHub(tmp_path)
    arguments = ("--branch", "add-paper/7", "--label", "add paper", "--on-update", "edit")
    first = propose(github, *arguments, "--title", "Add a", "--body-file", body(tmp_path, "a", "A"))
    state = github.read()
    state["pulls"][0]["state"] = "CLOSED"
    github.state.write_text(json.dumps(state))  # a curator closed it
    again = body(tmp_path, "b", "B")
    second = propose(github, *arguments, "--title", "Add a", "--body-file", again)
    assert second.returncode == 0, second.stderr
    assert second.stdout != first.stdout
    assert [pull["state"] for pull in github.pulls()] == ["CLOSED", "OPEN"]


def test_a_refused_request_fails_with_github_s_own_message(tmp_path: Path) -> None:
    github = GitHub(tmp_path, refuse=("pr",))
    run = propose(
        github, "--branch", "b", "--label", "ingest", "--on-update", "edit", "--title", "T",
        "--body-file", body(tmp_path, "b", "B"),
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr == "error: gh pr list: HTTP 403: Resource not accessible by integration\n"


COMMAND = re.compile(r"\.venv/bin/python -m tools\.propose (?:[^\n]*\\\n)*[^\n]*")


@pytest.mark.parametrize(
    ("workflow", "job", "environment"),
    [
        ("ingest.yml", "ingest", {"BRANCH": "ingest/trending", "DAY": "2026-12-01"}),
        ("enrich.yml", "enrich", {"BRANCH": "enrich/arxiv", "REPORT": "{report}"}),
        ("add-paper.yml", "add", {"BRANCH": "add-paper/7", "BASE": "main", "PAPER": "a-paper"}),
    ],
)
def test_each_workflow_s_command_line_proposes_its_branch(
    tmp_path: Path, workflow: str, job: str, environment: dict[str, str]
) -> None:
    loaded = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / workflow).read_text())
    (command,) = [
        match.group(0).removesuffix(")")  # the add-paper step reads it as url=$(...)
        for step in loaded["jobs"][job]["steps"]
        for match in COMMAND.finditer(step.get("run", ""))
    ]
    report = tmp_path / "report.md"
    report.write_text("What the run found.")
    (tmp_path / "ingest-report.md").write_text("What the day brought.")
    (tmp_path / "body.md").write_text("Adds the paper.")
    (tmp_path / "github").mkdir()
    github = GitHub(tmp_path / "github")
    values = {name: value.format(report=report) for name, value in environment.items()}
    run = subprocess.run(
        ["bash", "-e", "-c", command.replace(".venv/bin/python", sys.executable)],
        cwd=PROJECT_ROOT,
        env={**github.environment(), **values, "RUNNER_TEMP": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    (pull,) = github.pulls()
    assert pull["head"] == values["BRANCH"]
    assert pull["body"] in {"What the run found.", "What the day brought.", "Adds the paper."}
