"""The ingest pull-request branch against a real (bare) remote that refuses what GitHub refuses
the workflow token: no unmerged day is lost, nothing merged or closed is proposed again, and
no push ever carries a change of the workflows."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import pytest

from generator.corpus import load_corpus
from tests.conftest import FIXTURES, PROJECT_ROOT, RunPapers
from tests.huggingface_server import DailyPapersServer, daily_papers_server
from tools.ingest_branch import git

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast

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


# GitHub refuses the workflow token (which never holds the `workflows` permission) any push
# that changes .github/workflows/ on a ref: an update compared with the ref's old commit, a
# new branch compared with the default branch. People's pushes (their own rights) pass.
# https://docs.github.com/en/actions/concepts/security/github_token
REFUSE_WORKFLOW_CHANGES = """#!/bin/sh
[ "$AS_WORKFLOW_TOKEN" = 1 ] || exit 0
zero=0000000000000000000000000000000000000000
while read old new ref; do
  [ "$new" = "$zero" ] && continue
  [ "$old" = "$zero" ] && old=$(git rev-parse refs/heads/main)
  if ! git diff --quiet "$old" "$new" -- .github/workflows; then
    echo "refusing to allow a GitHub App to create or update workflow" \
      "without workflows permission" >&2
    exit 1
  fi
  echo "$ref $old $new" >> pushes.log
done
"""


@pytest.fixture
def remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bare repository whose main holds the fixture corpus (filing unmatched papers) and a
    workflow, and which refuses workflow changes from the workflow token as GitHub does."""
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(bare)], check=True)
    hook = bare / "hooks" / "pre-receive"
    hook.write_text(REFUSE_WORKFLOW_CHANGES)
    hook.chmod(0o755)
    seed = tmp_path / "seed"
    subprocess.run(["git", "clone", "--quiet", str(bare), str(seed)], check=True)
    shutil.copytree(FIXTURES / "corpus", seed / "content")
    settings = seed / "content" / "corpus.yaml"
    settings.write_text(settings.read_text() + "off_topic: circuits\n")
    workflow = seed / ".github" / "workflows" / "ingest.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("on: schedule\n")
    git(seed, "checkout", "--quiet", "-b", "main")
    git(seed, "add", "content", ".github")
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


def run_branch_tool(repository: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """The tool as the workflow runs it, pushing with the workflow token's rights."""
    return subprocess.run(
        [sys.executable, "-m", "tools.ingest_branch", "--repository", str(repository), *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "AS_WORKFLOW_TOKEN": "1"},
    )


def branch_tool(repository: Path, *arguments: str) -> str:
    result = run_branch_tool(repository, *arguments)
    assert result.returncode == 0, result.stderr
    return result.stdout


class Morning(Protocol):
    def __call__(
        self,
        name: str,
        day: str,
        papers: tuple[tuple[str, str], ...] | None,
        *,
        pulls: list[dict[str, str]] | None = None,
        meanwhile: Callable[[], None] | None = None,
        catch_up: int = 0,
    ) -> str: ...


@pytest.fixture
def morning(
    run_papers: RunPapers, server: DailyPapersServer, remote: Path, tmp_path: Path
) -> Morning:
    """One morning of the ingest workflow in a fresh checkout named `name`: prepare the
    branch (knowing the branch's pull requests as `gh pr list` prints them), ingest the
    `day` listing (arXiv id, title) papers (None: the server's saved days), catching up at
    most `catch_up` missed days, publish; what the tool printed. `meanwhile` runs
    between the ingest and the push, as a curator's push would."""

    def run(
        name: str,
        day: str,
        papers: tuple[tuple[str, str], ...] | None,
        *,
        pulls: list[dict[str, str]] | None = None,
        meanwhile: Callable[[], None] | None = None,
        catch_up: int = 0,
    ) -> str:
        repository = checkout(remote, tmp_path / name)
        listed = tmp_path / f"{name}-pulls.json"
        listed.write_text(json.dumps(pulls or []))
        prepared = branch_tool(repository, "prepare", "--pulls", str(listed))
        server.body_override = None if papers is None else day_of(*papers)
        content = repository / "content"
        ingested = run_papers("ingest", "--date", day, "--catch-up", catch_up, "--content", content)
        assert ingested.exit_code == 0, ingested.stderr
        if meanwhile:
            meanwhile()
        message = f"Ingest the trending papers of {day}"
        return prepared + branch_tool(repository, "publish", "--message", message)

    return run


def tip_of(remote: Path, branch: str = BRANCH) -> str:
    return git(remote, "rev-parse", f"refs/heads/{branch}").stdout.strip()


def pull(state: str, remote: Path) -> list[dict[str, str]]:
    """`gh pr list --json number,state,headRefOid` for the branch as it is now."""
    return [{"number": "7", "state": state, "headRefOid": tip_of(remote)}]


def closed_keeping_its_head(remote: Path) -> list[dict[str, str]]:
    """The branch's pull request closed unmerged: what `gh pr list` says, and the head GitHub
    keeps of every pull request (`refs/pull/N/head`), whatever becomes of the branch."""
    closed = pull("CLOSED", remote)
    git(remote, "update-ref", f"refs/pull/{closed[0]['number']}/head", tip_of(remote))
    return closed


def papers_on_branch(look: Path) -> set[str]:
    """The paper ids the remote's branch holds now, seen from the checkout `look`."""
    git(look, "fetch", "--quiet", "origin")
    git(look, "checkout", "--quiet", f"origin/{BRANCH}")
    return {path.stem for path in (look / "content" / "papers").glob("*.yaml")}


def forced_updates(remote: Path) -> list[str]:
    """The pushes of the workflow token that replaced a commit not in the new one's history."""
    log = remote / "pushes.log"
    forced = []
    for line in log.read_text().splitlines() if log.exists() else []:
        ref, old, new = line.split()
        replaced = git(remote, "merge-base", "--is-ancestor", old, new, check=False).returncode
        if ref == f"refs/heads/{BRANCH}" and old != "0" * 40 and replaced:
            forced.append(line)
    return forced


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
    assert morning("run-1", "2026-11-22", DAY_ONE).splitlines()[-2] == "proposes=true"
    assert morning("run-2", "2026-11-23", DAY_TWO).splitlines()[-2] == "proposes=true"
    # Nobody merged: both days are in the pull request's branch.
    assert days_on(remote, BRANCH, tmp_path / "look") == {"2026-11-22", "2026-11-23"}

    # A curator fixes a topic on the branch, then merges the pull request.
    curator = fix_a_topic_on_the_branch(remote, tmp_path / "curator")
    git(curator, "checkout", "--quiet", "main")
    git(curator, "merge", "--quiet", "--no-ff", "--no-edit", BRANCH)
    git(curator, "push", "--quiet", "origin", "main", BRANCH)

    third = morning("run-3", "2026-11-24", DAY_THREE)
    assert third.splitlines()[-2] == "proposes=true"
    assert "was merged into main: starting it again" in third
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

    assert morning("run-2", "2026-11-23", DAY_TWO).splitlines()[-2] == "proposes=true"
    assert days_on(remote, BRANCH, tmp_path / "look") == {"2026-11-23"}


def test_a_day_that_brings_nothing_proposes_nothing(
    morning: Morning, remote: Path, tmp_path: Path
) -> None:
    assert morning("run-1", "2026-11-22", ()).splitlines()[-2] == "proposes=false"
    heads = git(checkout(remote, tmp_path / "look"), "ls-remote", "--heads", "origin").stdout
    assert BRANCH not in heads


def change_a_workflow_on_main(remote: Path, where: Path) -> None:
    """A maintainer's (or Dependabot's) change of a workflow, pushed with their own rights."""
    maintainer = checkout(remote, where)
    workflow = maintainer / ".github" / "workflows" / "ingest.yml"
    workflow.write_text("on: schedule  # bumped\n")
    git(maintainer, "commit", "--quiet", "-am", "Bump an action")
    git(maintainer, "push", "--quiet", "origin", "main")


def test_a_workflow_change_on_main_never_reaches_the_branch_through_the_token(
    morning: Morning, remote: Path, tmp_path: Path, run_papers: RunPapers
) -> None:
    morning("run-1", "2026-11-22", DAY_ONE)
    change_a_workflow_on_main(remote, tmp_path / "maintainer")

    def validate_as_the_workflow_does() -> None:  # on the local merge with main, and the day
        checked = run_papers("validate", "--content", tmp_path / "run-2" / "content")
        assert checked.exit_code == 0, checked.stderr
        merged = tmp_path / "run-2" / ".github" / "workflows" / "ingest.yml"
        assert "bumped" in merged.read_text()

    second = morning(
        "run-2",
        "2026-11-23",
        DAY_TWO,
        pulls=pull("OPEN", remote),
        meanwhile=validate_as_the_workflow_does,
    )
    assert "changed since, which the workflow token cannot push" in second
    assert second.splitlines()[-2:] == ["proposes=true", "behind=true"]
    assert days_on(remote, BRANCH, tmp_path / "look") == {"2026-11-22", "2026-11-23"}
    assert forced_updates(remote) == []
    # The branch still merges with main, workflow change and all, into what was validated.
    look = tmp_path / "look"
    merged = git(look, "merge-tree", "--write-tree", f"origin/{BRANCH}", "origin/main")
    tree = merged.stdout.split()[0]
    assert "bumped" in git(look, "show", f"{tree}:.github/workflows/ingest.yml").stdout

    # Merged at last (a merge commit, by a person): the next branch is created from main.
    curator = checkout(remote, tmp_path / "curator")
    git(curator, "merge", "--quiet", "--no-ff", "--no-edit", f"origin/{BRANCH}")
    git(curator, "push", "--quiet", "origin", "main")
    third = morning("run-3", "2026-11-24", DAY_THREE, pulls=pull("MERGED", remote))
    assert "was merged into main" in third
    assert days_on(remote, BRANCH, tmp_path / "look-again") == {"2026-11-24"}
    assert forced_updates(remote) == []


def squash_merge(remote: Path, where: Path) -> Path:
    """GitHub's "Squash and merge": the branch's changes as one new commit on main."""
    curator = checkout(remote, where)
    git(curator, "merge", "--quiet", "--squash", f"origin/{BRANCH}")
    git(curator, "commit", "--quiet", "-m", "Trending papers (#7)")
    return curator


def rebase_merge(remote: Path, where: Path) -> Path:
    """GitHub's "Rebase and merge": each of the branch's commits copied onto main."""
    curator = checkout(remote, where)
    commits = git(curator, "rev-list", "--reverse", f"origin/main..origin/{BRANCH}").stdout.split()
    for commit in commits:
        git(curator, "cherry-pick", commit)
    return curator


@pytest.mark.parametrize(
    ("merge", "github_knows"),
    [(squash_merge, True), (rebase_merge, False)],
    ids=["squashed-gh-says-merged", "rebased-found-by-content"],
)
def test_a_squashed_or_rebased_pull_request_then_edited_on_main_does_not_wedge_the_branch(
    morning: Morning,
    remote: Path,
    tmp_path: Path,
    merge: Callable[[Path, Path], Path],
    github_knows: bool,
) -> None:
    morning("run-1", "2026-11-22", DAY_ONE)
    morning("run-2", "2026-11-23", DAY_TWO)
    merged_at = tip_of(remote)
    curator = merge(remote, tmp_path / "curator")
    paper = curator / "content" / "papers" / "day-one-result.yaml"
    git(curator, "push", "--quiet", "origin", "main")
    paper.write_text(paper.read_text().replace("- circuits", "- physics"))
    git(curator, "commit", "--quiet", "-am", "Day One Result is physics")
    git(curator, "push", "--quiet", "origin", "main")

    pulls = [{"number": "7", "state": "MERGED", "headRefOid": merged_at}] if github_knows else []
    third = morning("run-3", "2026-11-24", DAY_THREE, pulls=pulls)
    assert "was merged into main" in third
    assert days_on(remote, BRANCH, tmp_path / "look") == {"2026-11-24"}
    assert forced_updates(remote) == []
    # And the morning after, the branch simply continues.
    fourth = morning("run-4", "2026-11-25", (("2511.97004", "Day Four Result"),))
    assert "continuing" in fourth
    assert days_on(remote, BRANCH, tmp_path / "look") == {"2026-11-24", "2026-11-25"}
    main = checkout(remote, tmp_path / "main-now")
    assert "- physics" in (main / "content" / "papers" / "day-one-result.yaml").read_text()


def test_a_pull_request_closed_unmerged_declines_its_papers_for_good(
    morning: Morning, remote: Path, tmp_path: Path, run_papers: RunPapers
) -> None:
    morning("run-1", "2026-11-22", DAY_ONE)
    closed = pull("CLOSED", remote)  # the curator closed it: no to Day One Result

    second = morning("run-2", "2026-11-23", DAY_TWO, pulls=closed)
    assert "closed unmerged: its 1 new papers are recorded as declined" in second
    assert days_on(remote, BRANCH, tmp_path / "look") == {"2026-11-23"}
    branch = tmp_path / "look"
    git(branch, "checkout", "--quiet", f"origin/{BRANCH}")
    records = load_corpus(branch / "content").declined
    assert [(r.arxiv, r.why, r.day.isoformat()) for r in records] == [
        ("2511.97001", "closed", "2026-11-22")
    ]
    assert not (branch / "content" / "papers" / "day-one-result.yaml").exists()
    assert forced_updates(remote) == []

    # The paper trends again: it is reported as declined, not filed.
    third = morning("run-3", "2026-11-24", (*DAY_ONE, *DAY_THREE))
    assert "continuing" in third
    papers = papers_on_branch(branch)
    assert "day-one-result" not in papers
    assert "day-three-result" in papers


def test_a_pull_request_closed_and_its_branch_deleted_still_declines_its_papers(
    morning: Morning, remote: Path, tmp_path: Path
) -> None:
    morning("run-1", "2026-11-22", DAY_ONE)
    closed = closed_keeping_its_head(remote)  # and the curator deleted the branch too
    git(remote, "update-ref", "-d", f"refs/heads/{BRANCH}")

    second = morning("run-2", "2026-11-23", DAY_TWO, pulls=closed)
    assert (
        "its last pull request (#7) was closed unmerged and its branch deleted: 1 of its new"
        " papers recorded as declined"
    ) in second
    assert days_on(remote, BRANCH, tmp_path / "look") == {"2026-11-23"}
    branch = tmp_path / "look"
    git(branch, "checkout", "--quiet", f"origin/{BRANCH}")
    records = load_corpus(branch / "content").declined
    assert [(r.arxiv, r.why, r.day.isoformat()) for r in records] == [
        ("2511.97001", "closed", "2026-11-22")
    ]

    # Once the declines are on main (merged, the branch deleted), a morning that still sees
    # the closed pull request as the newest declines nothing more.
    git(remote, "update-ref", "refs/heads/main", tip_of(remote))
    git(remote, "update-ref", "-d", f"refs/heads/{BRANCH}")
    third = morning("run-3", "2026-11-24", (*DAY_ONE, *DAY_THREE), pulls=closed)
    assert "0 of its new papers recorded as declined" in third
    papers = papers_on_branch(branch)
    assert "day-one-result" not in papers
    assert "day-three-result" in papers


def test_a_closed_paper_a_curator_added_to_main_since_is_not_declined(
    morning: Morning, remote: Path, tmp_path: Path
) -> None:
    morning("run-1", "2026-11-22", (*DAY_ONE, *DAY_TWO))
    closed = closed_keeping_its_head(remote)
    curator = checkout(remote, tmp_path / "curator")  # keeps Day Two Result, on main
    git(
        curator,
        "checkout",
        "--quiet",
        f"origin/{BRANCH}",
        "--",
        "content/papers/day-two-result.yaml",
    )
    git(curator, "commit", "--quiet", "-m", "Day Two Result, by hand")
    git(curator, "push", "--quiet", "origin", "HEAD:main")
    git(remote, "update-ref", "-d", f"refs/heads/{BRANCH}")

    later = morning("run-2", "2026-11-23", DAY_THREE, pulls=closed)
    assert "1 of its new papers recorded as declined" in later
    branch = checkout(remote, tmp_path / "look")
    git(branch, "checkout", "--quiet", f"origin/{BRANCH}")
    assert [r.arxiv for r in load_corpus(branch / "content").declined] == ["2511.97001"]


def test_a_push_that_loses_the_race_with_a_curator_is_redone_on_top_of_theirs(
    morning: Morning, remote: Path, tmp_path: Path
) -> None:
    morning("run-1", "2026-11-22", DAY_ONE)

    def curator_pushes() -> None:
        fix_a_topic_on_the_branch(remote, tmp_path / "curator")
        git(tmp_path / "curator", "push", "--quiet", "origin", BRANCH)

    second = morning("run-2", "2026-11-23", DAY_TWO, meanwhile=curator_pushes)
    assert second.splitlines()[-2] == "proposes=true"
    assert days_on(remote, BRANCH, tmp_path / "look") == {"2026-11-22", "2026-11-23"}
    branch = tmp_path / "look"
    git(branch, "checkout", "--quiet", f"origin/{BRANCH}")
    assert "- physics" in (branch / "content" / "papers" / "day-one-result.yaml").read_text()
    assert forced_updates(remote) == []


def test_a_branch_that_conflicts_with_main_stops_with_the_command_to_run(
    morning: Morning, remote: Path, tmp_path: Path
) -> None:
    morning("run-1", "2026-11-22", DAY_ONE)
    fix_a_topic_on_the_branch(remote, tmp_path / "curator")
    git(tmp_path / "curator", "push", "--quiet", "origin", BRANCH)
    # Main edits the same line another way (a maintainer copied and changed the paper).
    maintainer = checkout(remote, tmp_path / "maintainer")
    git(maintainer, "checkout", "--quiet", f"origin/{BRANCH}~1", "--", "content/")
    paper = maintainer / "content" / "papers" / "day-one-result.yaml"
    paper.write_text(paper.read_text().replace("- circuits", "- attention"))
    git(maintainer, "commit", "--quiet", "-am", "Day One Result, another way")
    git(maintainer, "push", "--quiet", "origin", "main")
    main_tip = tip_of(remote, "main")
    # Not all of the branch is in main (its topic fix conflicts): it goes on, then stops.
    git(maintainer, "rm", "--quiet", "content/trending/2026-11-22.yaml")
    git(maintainer, "commit", "--quiet", "-m", "Not that day")
    git(maintainer, "push", "--quiet", "origin", "main")

    repository = checkout(remote, tmp_path / "run-2")
    result = run_branch_tool(repository, "prepare")
    assert result.returncode == 1
    assert "conflicts with main in content/papers/day-one-result.yaml" in result.stderr
    assert "git switch ingest/trending && git merge origin/main" in result.stderr
    assert main_tip != tip_of(remote, "main")


def test_direct_mode_rebases_once_onto_a_main_that_moved(
    run_papers: RunPapers, server: DailyPapersServer, remote: Path, tmp_path: Path
) -> None:
    repository = checkout(remote, tmp_path / "run")
    server.body_override = day_of(*DAY_ONE)
    assert run_papers("ingest", "--date", "2026-11-22", "--content", repository / "content")
    # Meanwhile a maintainer pushes to main.
    maintainer = checkout(remote, tmp_path / "maintainer")
    (maintainer / "NOTES.md").write_text("A note.\n")
    git(maintainer, "add", "NOTES.md")
    git(maintainer, "commit", "--quiet", "-m", "A note")
    git(maintainer, "push", "--quiet", "origin", "main")

    message = "Ingest the trending papers of 2026-11-22"
    assert branch_tool(repository, "commit", "--message", message).strip() == "committed=true"
    main = checkout(remote, tmp_path / "main-now")
    assert (main / "NOTES.md").exists()
    assert (main / "content" / "trending" / "2026-11-22.yaml").exists()
    assert git(main, "log", "-1", "--format=%s").stdout.strip() == message


def test_the_remote_refuses_the_token_what_the_old_ingest_pushed(
    morning: Morning, remote: Path, tmp_path: Path
) -> None:
    """The stand-in refuses as GitHub does: main merged into the branch across a workflow
    change, pushed with the token; a person may push the same."""
    morning("run-1", "2026-11-22", DAY_ONE)
    change_a_workflow_on_main(remote, tmp_path / "maintainer")
    repository = checkout(remote, tmp_path / "old-way")
    git(repository, "checkout", "--quiet", "-B", BRANCH, f"origin/{BRANCH}")
    git(repository, "merge", "--quiet", "--no-edit", "origin/main")
    as_token = subprocess.run(
        ["git", "push", "--quiet", "origin", BRANCH],
        cwd=repository,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "AS_WORKFLOW_TOKEN": "1"},
    )
    assert as_token.returncode != 0
    assert "without workflows permission" in as_token.stderr
    git(repository, "push", "--quiet", "origin", BRANCH)  # a person's rights


def test_mornings_that_failed_are_caught_up_the_next_morning_oldest_first(
    morning: Morning, server: DailyPapersServer, remote: Path, tmp_path: Path
) -> None:
    morning("run-1", "2026-11-22", DAY_ONE)
    # The runs of 11-23 and 11-24 failed (the API was down); 11-25 catches them up.
    server.days = tmp_path / "saved"
    server.days.mkdir()
    for day, papers in (
        ("2026-11-23", DAY_TWO),
        ("2026-11-24", DAY_THREE),
        ("2026-11-25", (("2511.97004", "Day Four Result"),)),
    ):
        (server.days / f"{day}.json").write_bytes(day_of(*papers))
    server.dates.clear()

    morning("run-2", "2026-11-25", None, catch_up=7)
    assert server.dates == ["2026-11-23", "2026-11-24", "2026-11-25"]
    assert days_on(remote, BRANCH, tmp_path / "look") == {
        "2026-11-22",
        "2026-11-23",
        "2026-11-24",
        "2026-11-25",
    }
    # Nothing missed: the next morning asks for its own day only.
    server.dates.clear()
    (server.days / "2026-11-26.json").write_bytes(day_of(("2511.97005", "Day Five Result")))
    morning("run-3", "2026-11-26", None, catch_up=7)
    assert server.dates == ["2026-11-26"]


def test_a_long_outage_is_caught_up_a_week_a_morning(
    run_papers: RunPapers, server: DailyPapersServer, remote: Path, tmp_path: Path
) -> None:
    repository = checkout(remote, tmp_path / "run")
    content = repository / "content"
    server.body_override = day_of(*DAY_ONE)
    assert run_papers("ingest", "--date", "2026-11-01", "--content", content).exit_code == 0
    server.dates.clear()
    server.body_override = b"[]"
    caught = run_papers("ingest", "--date", "2026-11-30", "--catch-up", "7", "--content", content)
    assert caught.exit_code == 0, caught.stderr
    assert server.dates == [f"2026-11-{day:02}" for day in range(2, 9)]
