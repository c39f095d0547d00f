"""Raise, update and lower the archive's two alarm issues, from the publish workflow.

The freshness job runs, in a checkout of main, after the site is deployed:

    papers status --max-age N > status.txt      # "stale: ..." when no new day came for N days
    python -m tools.alarms --status status.txt --max-age N --actions-url URL --run-id ID

- **stale-archive**: while `status.txt` says stale, one open issue lists the missing days (it is
  opened, or its body brought up to date); once a new day is published it is closed. No issue
  is opened in a copy whose Ingest workflow never ran (a new fork, which has no days to miss).
- **schedules-expiring**: GitHub disables scheduled workflows after 60 days without activity in
  a public repository, the one that raises these alarms included (docs.github.com, "Disabling
  and enabling a workflow"). From 50 days without a commit on main an issue
  says so while the workflows still run; a newer commit closes it.

Issues are handled through `gh`, with the job's token. The alarms never fail the run: a step
of GitHub's that fails is a warning annotation, and the next morning tries again.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.github import GitHubError, gh

STALE_LABEL = "stale-archive"
QUIET_LABEL = "schedules-expiring"
SCHEDULES_STOP_AFTER = 60  # days without activity (GitHub's rule above)
QUIET_WARNING_AFTER = 50  # days: ten mornings to act while the workflows still run
WORKFLOWS = ("ingest.yml", "publish.yml", "enrich.yml")


@dataclass(frozen=True)
class Alarm:
    """An issue to open or bring up to date, and the label that finds it again."""

    label: str
    colour: str
    description: str
    title: str
    body: str


def enable_commands() -> str:
    """The command that enables every daily workflow again."""
    return " && ".join(f"gh workflow enable {name}" for name in WORKFLOWS)


def stale_alarm(status: str, max_age: int, actions_url: str, run_id: str) -> Alarm:
    """The stale-archive issue for `papers status` output that says the archive is stale."""
    body = "\n".join(
        [
            f"No new trending day has arrived for more than {max_age} days, so the archive has",
            "stopped updating. Check the latest runs of the Ingest workflow and its pull",
            "requests; the missing days are below, and the next ingest catches up 7 of them a",
            "morning (or run the Ingest workflow by hand with a date, one day at a time).",
            "",
            "If the workflows no longer run at all, GitHub may have disabled them: it does so",
            f"for scheduled workflows after {SCHEDULES_STOP_AFTER} days without activity in a"
            " public repository.",
            f'Enable each again on {actions_url} (choose the workflow, then "Enable workflow"),',
            f"or run `{enable_commands()}`.",
            "This issue closes itself once a new trending day is published.",
            "",
            "```",
            status.rstrip("\n").replace("```", "'''"),
            "```",
            "",
            f"Checked by {actions_url}/runs/{run_id}",
        ]
    )
    return Alarm(
        STALE_LABEL,
        "B60205",
        "Daily updates have stopped",
        "The archive has stopped updating",
        body + "\n",
    )


def quiet_alarm(quiet_days: int, actions_url: str) -> Alarm:
    """The schedules-expiring issue, `quiet_days` after the last commit on main."""
    left = max(SCHEDULES_STOP_AFTER - quiet_days, 0)
    body = (
        f"Nothing has been committed to main for {quiet_days} days. GitHub disables scheduled"
        f" workflows after {SCHEDULES_STOP_AFTER} days without activity in a public repository,"
        " and then the archive stops updating. Merge the open ingest pull request (or push any"
        " commit) to keep them running. Once disabled, enable each again on"
        f' {actions_url} (choose the workflow, then "Enable workflow") or with'
        f" `{enable_commands()}`.\n"
    )
    return Alarm(
        QUIET_LABEL,
        "FBCA04",
        "Scheduled workflows will be disabled soon",
        f"The daily workflows stop in {left} days",
        body,
    )


def open_issues(label: str) -> list[int]:
    """The numbers of the open issues with `label`, oldest first."""
    listed = json.loads(
        gh("issue", "list", "--label", label, "--state", "open", "--json", "number")
    )
    return sorted(int(issue["number"]) for issue in listed)


def raise_alarm(alarm: Alarm) -> str:
    """Open the alarm's issue, or bring the open one's title and body up to date."""
    label = ("--color", alarm.colour, "--description", alarm.description)
    with contextlib.suppress(GitHubError):  # it exists already (or the issue below says why)
        gh("label", "create", alarm.label, *label)
    text = ("--title", alarm.title, "--body-file", "-")  # the body from standard input
    existing = open_issues(alarm.label)
    if existing:
        gh("issue", "edit", str(existing[0]), *text, stdin=alarm.body)
        return f"updated #{existing[0]}"
    gh("issue", "create", "--label", alarm.label, *text, stdin=alarm.body)
    return "opened"


def lower_alarm(label: str, comment: str) -> int:
    """Close every open issue with `label`, saying why; how many were closed."""
    numbers = open_issues(label)
    for number in numbers:
        gh("issue", "close", str(number), "--comment", comment)
    return len(numbers)


def ingest_has_run() -> bool:
    """Whether the Ingest workflow ever ran here; unknown counts as yes (better an issue than
    silence: a token without `actions: read` cannot tell)."""
    try:
        runs = json.loads(
            gh("run", "list", "--workflow", "ingest.yml", "--limit", "1", "--json", "databaseId")
        )
    except (GitHubError, ValueError) as error:
        warn(
            f"Cannot list the Ingest workflow's runs ({error}; grant actions: read):"
            " raising the alarm anyway."
        )
        return True
    return bool(runs)


def days_since_last_commit(repository: Path, now: dt.datetime) -> int:
    """Whole days from the newest commit of the checkout's HEAD to `now`."""
    shown = subprocess.run(
        ["git", "log", "-1", "--format=%ct"],  # noqa: S607 (git from PATH)
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
    )
    committed = dt.datetime.fromtimestamp(int(shown.stdout.strip()), dt.UTC)
    return (now - committed).days


def warn(message: str) -> None:
    """A warning annotation on the run (and a line in its log)."""
    print(f"::warning::{message}")


def check_freshness(status: str, max_age: int, actions_url: str, run_id: str) -> None:
    """Raise or lower the stale-archive alarm from `papers status` output."""
    stale = any(line.startswith("stale:") for line in status.splitlines())
    if not stale:
        first = status.splitlines()[0] if status.strip() else "a new day arrived"
        closed = lower_alarm(STALE_LABEL, f"Updates resumed: {first}.")
        print(f"The archive is fresh; {closed} stale-archive issue(s) closed.")
    elif not ingest_has_run():
        print(
            "::notice::The archive is stale, but the Ingest workflow has not run here yet,"
            " so no issue is opened."
        )
    else:
        done = raise_alarm(stale_alarm(status, max_age, actions_url, run_id))
        print(f"Stale-archive issue {done}.")
        warn(f"No new trending day for more than {max_age} days: see the {STALE_LABEL} issue.")


def check_schedules(quiet_days: int, actions_url: str) -> None:
    """Raise the schedules-expiring alarm from 50 quiet days on; lower it when main moves."""
    print(f"{quiet_days} days since the last commit on main.")
    if quiet_days >= QUIET_WARNING_AFTER:
        done = raise_alarm(quiet_alarm(quiet_days, actions_url))
        print(f"Schedules-expiring issue {done}.")
        warn(
            f"{quiet_days} days without a commit on main: GitHub disables scheduled workflows"
            f" at {SCHEDULES_STOP_AFTER}."
        )
    else:
        lower_alarm(QUIET_LABEL, "Main has moved again: the schedules are safe.")


def main(arguments: Sequence[str] | None = None) -> int:
    """The command line; it always succeeds, with a warning for what could not be done."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.alarms", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--status", type=Path, required=True, help="the output of `papers status`")
    parser.add_argument(
        "--max-age", type=int, required=True, help="days without a new day that make it stale"
    )
    parser.add_argument("--actions-url", required=True, help="the repository's Actions page")
    parser.add_argument("--run-id", required=True, help="this run's id, for the issue's link")
    parser.add_argument("--repository", type=Path, default=Path(), help="the checkout of main")
    options = parser.parse_args(arguments)
    status = options.status.read_text(encoding="utf-8")

    def freshness() -> None:
        check_freshness(status, options.max_age, options.actions_url, options.run_id)

    def schedules() -> None:
        quiet = days_since_last_commit(options.repository, dt.datetime.now(dt.UTC))
        check_schedules(quiet, options.actions_url)

    for check in (freshness, schedules):  # one failing does not keep the other from running
        try:
            check()
        except (GitHubError, ValueError, subprocess.CalledProcessError) as error:
            warn(f"An alarm could not be updated: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
