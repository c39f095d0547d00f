"""Keep one pull-request branch of ingested days, within what the workflow token may push.

The ingest workflow runs, in a checkout of the repository:

    gh pr list --head ingest/trending --state all --json number,state,headRefOid > pulls.json
    python -m tools.ingest_branch prepare --pulls pulls.json
    papers ingest --catch-up ...            # add the missing days to content/
    python -m tools.ingest_branch publish --message "..."

GitHub refuses any push by the workflow's token that brings a change of `.github/workflows/`
onto a ref (the token never holds the `workflows` permission), and maintainers merge by merge
commit, squash or rebase. So `prepare` decides what the remote branch is:

- absent: a new branch from main (and if its newest pull request was closed unmerged, the
  papers of that pull request's head, which GitHub keeps, are recorded as declined);
- merged (GitHub says so, or main already holds every paper and day it proposed), or closed
  unmerged (its papers are then recorded as declined, `why: closed`): deleted and created
  again from main, never force-pushed over;
- open: continued, with main merged in when main's `.github/` is the branch's; when main's
  workflows changed, the day is validated on a local merge with main but committed onto the
  branch as it is, and a person brings main in (`gh pr update-branch`).

`publish` commits content/ and pushes (a push that lost a race with a curator's push is
redone once on top of it) and prints `proposes=true|false` and `behind=true|false` for the
workflow. `commit` is the direct mode: commit content/ to main, `pull --rebase` once if main
moved.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from tools.closed_pull import ClosedRecords, closed_records

DEFAULT_BRANCH = "ingest/trending"
WORKFLOW_FILES = ".github/"
PAPER_FILES = "content/papers/"
DAY_FILES = "content/trending/"
STATE = "ingest-branch.json"  # under .git/: what prepare found, for publish


class BranchError(RuntimeError):
    """The branch cannot be prepared or pushed without a person; the message says what to do."""


@dataclass(frozen=True)
class Prepared:
    """What `prepare` found, kept in .git/ for `publish`."""

    mode: str  # "create": no branch yet; "recreate": delete it first; "continue"
    tip: str | None  # the remote branch's commit when prepared
    behind: bool  # main's .github/ differs: the day goes onto `tip` itself


def git(repository: Path, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in `repository`; raise BranchError with its message when it fails and `check`."""
    result = subprocess.run(  # noqa: S603 (git with fixed arguments, no shell)
        ["git", *arguments],  # noqa: S607 (git from PATH, as in any checkout)
        cwd=repository,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and result.returncode != 0:
        raise BranchError(f"git {' '.join(arguments)} failed: {result.stderr.strip()}")
    return result


def _same(repository: Path, one: str, other: str, path: str) -> bool:
    """Whether `path` is the same in the commits `one` and `other`."""
    return git(repository, "diff", "--quiet", one, other, "--", path, check=False).returncode == 0


def _fetch(repository: Path, remote: str, branch: str) -> str | None:
    """Fetch `branch` into its remote-tracking ref; its commit, or None if it does not exist."""
    listed = git(repository, "ls-remote", "--heads", remote, f"refs/heads/{branch}").stdout
    if not listed.strip():
        git(repository, "update-ref", "-d", f"refs/remotes/{remote}/{branch}", check=False)
        return None
    refspec = f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"
    git(repository, "fetch", "--quiet", remote, refspec)
    return git(repository, "rev-parse", f"refs/remotes/{remote}/{branch}").stdout.strip()


def pull_state(pulls: Path | None, tip: str) -> str | None:
    """What GitHub says of the pull request whose head is `tip` (OPEN, CLOSED, MERGED), if any.

    `pulls` holds `gh pr list --head BRANCH --state all --json number,state,headRefOid`.
    """
    for pull in _pulls(pulls):
        if pull.get("headRefOid") == tip:
            state = pull.get("state")
            return state if isinstance(state, str) else None
    return None


def _proposed(repository: Path, base: str, tip: str) -> list[str]:
    """The paper and day files the branch added since it left `base`."""
    added = git(
        repository,
        "diff",
        "--name-only",
        "--diff-filter=A",
        f"{base}...{tip}",
        "--",
        PAPER_FILES,
        DAY_FILES,
    )
    return added.stdout.split()


def _merged(repository: Path, base: str, tip: str) -> bool:
    """Whether `base` holds what the branch proposed, however it was merged."""
    if git(repository, "merge-base", "--is-ancestor", tip, base, check=False).returncode == 0:
        return True  # a merge commit, or a fast-forward
    if _same(repository, base, tip, "content/"):
        return True
    # Squashed or rebased, perhaps edited since: main holds each file the branch added.
    proposed = _proposed(repository, base, tip)
    if not proposed:
        return False
    present = git(repository, "ls-tree", "-r", "--name-only", base, "--", *proposed).stdout
    return set(present.split()) == set(proposed)


def prepare(
    repository: Path, *, remote: str, branch: str, base: str, pulls: Path | None = None
) -> str:
    """Check out the branch the day goes on; say what was found and done."""
    base_ref = f"refs/remotes/{remote}/{base}"
    if _fetch(repository, remote, base) is None:
        raise BranchError(f"{remote} has no branch {base}")
    tip = _fetch(repository, remote, branch)
    if tip is None:
        _start_from(repository, branch, base_ref, Prepared("create", None, behind=False))
        said = f"{branch} does not exist yet: starting it from {base}"
        closed = _closed_and_deleted(repository, remote, base_ref, pulls)
        if closed is None:
            return said
        number, written = closed
        return (
            f"{said}; its last pull request (#{number}) was closed unmerged and its branch"
            f" deleted: {written} of its new papers recorded as declined"
        )
    state = pull_state(pulls, tip)
    if state == "MERGED" or (state != "CLOSED" and _merged(repository, base_ref, tip)):
        _start_from(repository, branch, base_ref, Prepared("recreate", tip, behind=False))
        return f"{branch} was merged into {base}: starting it again from {base}"
    if state == "CLOSED":
        records = closed_records(repository, tip, _proposed(repository, base_ref, tip))
        _start_from(repository, branch, base_ref, Prepared("recreate", tip, behind=False))
        records.write(repository / "content")
        return (
            f"{branch}'s pull request was closed unmerged: its {records.count} new papers are"
            f" recorded as declined, and {branch} starts again from {base}"
        )
    behind = not _same(repository, base_ref, tip, WORKFLOW_FILES)
    git(repository, "checkout", "--quiet", "-B", branch, tip)
    _merge(repository, branch, base, base_ref)
    _remember(repository, Prepared("continue", tip, behind))
    if behind:
        return (
            f"continuing {branch}; {base}'s {WORKFLOW_FILES} changed since, which the workflow"
            f" token cannot push: the day is checked against {base} merged in, and committed"
            f" onto {branch} as it is"
        )
    return f"continuing {branch}: its unmerged days stay, with {base} merged in"


def _closed_and_deleted(
    repository: Path, remote: str, base_ref: str, pulls: Path | None
) -> tuple[int, int] | None:
    """Decline the papers of the branch's newest pull request if it was closed unmerged and
    the branch deleted since (so `prepare` never saw its tip): its number, and how many
    papers were recorded now. GitHub keeps a pull request's head as `refs/pull/N/head`.

    Papers already declined, or in the base branch (a curator may have added one by hand
    since), are left out, so running this each morning the branch is absent changes nothing
    after the first."""
    newest = max(_pulls(pulls), key=lambda pull: _number(pull.get("number")), default=None)
    if newest is None or newest.get("state") != "CLOSED":
        return None
    number = _number(newest.get("number"))
    head = f"refs/remotes/{remote}/pull/{number}"
    fetched = git(
        repository, "fetch", "--quiet", remote, f"+refs/pull/{number}/head:{head}", check=False
    )
    if fetched.returncode != 0:
        return None  # GitHub has not kept it, or this remote is not GitHub
    tip = git(repository, "rev-parse", head).stdout.strip()
    listed = git(repository, "ls-tree", "-r", "--name-only", base_ref, "--", PAPER_FILES)
    in_base = set(listed.stdout.split())
    proposed = [name for name in _proposed(repository, base_ref, tip) if name not in in_base]
    records = closed_records(repository, tip, proposed)
    kept = [r for r in records.records if not _names(repository, base_ref, r.arxiv)]
    return number, ClosedRecords(tuple(kept)).write(repository / "content")


def _pulls(pulls: Path | None) -> list[dict[str, object]]:
    """The pull requests `gh pr list --json number,state,headRefOid` listed, or none."""
    if pulls is None or not pulls.is_file():
        return []
    try:
        listed = json.loads(pulls.read_text(encoding="utf-8") or "[]")
    except json.JSONDecodeError as error:
        raise BranchError(f"{pulls} is not the JSON of `gh pr list`: {error}") from None
    return [pull for pull in listed if isinstance(pull, dict)] if isinstance(listed, list) else []


def _number(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _names(repository: Path, base_ref: str, arxiv: str) -> bool:
    """Whether a paper file of `base_ref` names the arXiv id."""
    found = git(
        repository, "grep", "--quiet", "-F", arxiv, base_ref, "--", PAPER_FILES, check=False
    )
    return found.returncode == 0


def _start_from(repository: Path, branch: str, base_ref: str, prepared: Prepared) -> None:
    git(repository, "checkout", "--quiet", "-B", branch, base_ref)
    _remember(repository, prepared)


def _merge(repository: Path, branch: str, base: str, base_ref: str) -> None:
    """Merge `base` into the checked-out branch, or stop naming the files and the fix."""
    _apply(
        repository,
        ("merge", "--no-edit", "--quiet", base_ref),
        f"{branch} conflicts with {base} in {{files}}: a person merges {base} into it"
        f" (`git switch {branch} && git merge origin/{base}`, resolve, push), and the next run"
        " continues",
    )


def _apply(repository: Path, operation: tuple[str, ...], conflict: str) -> None:
    """Run a merge or cherry-pick; when it conflicts, abort it and raise `conflict`, its
    `{files}` filled with the conflicting files."""
    if git(repository, *operation, check=False).returncode == 0:
        return
    conflicts = git(repository, "diff", "--name-only", "--diff-filter=U").stdout.split()
    git(repository, operation[0], "--abort", check=False)
    raise BranchError(conflict.replace("{files}", ", ".join(conflicts) or "its history"))


def _state_file(repository: Path) -> Path:
    return Path(git(repository, "rev-parse", "--absolute-git-dir").stdout.strip()) / STATE


def _remember(repository: Path, prepared: Prepared) -> None:
    _state_file(repository).write_text(json.dumps(asdict(prepared)), encoding="utf-8")


def _recall(repository: Path) -> Prepared:
    path = _state_file(repository)
    if not path.is_file():
        raise BranchError("run `prepare` before `publish`")
    return Prepared(**json.loads(path.read_text(encoding="utf-8")))


def publish(
    repository: Path, *, remote: str, branch: str, base: str, message: str
) -> tuple[bool, bool]:
    """Commit content/ and push the branch; whether it proposes anything `base` lacks, and
    whether it is behind `base`'s workflows (a person brings them in)."""
    prepared = _recall(repository)
    base_ref = f"refs/remotes/{remote}/{base}"
    git(repository, "add", "--all", "content/")
    day = None
    if git(repository, "diff", "--cached", "--quiet", check=False).returncode != 0:
        git(repository, "commit", "--quiet", "-m", message)
        day = git(repository, "rev-parse", "HEAD").stdout.strip()
    proposes = not _same(repository, base_ref, "HEAD", "content/")
    if prepared.mode == "recreate" and prepared.tip:
        # Never forced over: deleted (only if nobody pushed since), then created from main.
        lease = f"--force-with-lease=refs/heads/{branch}:{prepared.tip}"
        git(repository, "push", "--quiet", lease, remote, f":refs/heads/{branch}")
    if not proposes:
        return False, False
    if prepared.mode == "continue" and prepared.behind and day:
        _carry(repository, branch, prepared.tip or "", day, base_ref)
    elif prepared.mode == "continue" and prepared.behind:
        return proposes, True  # nothing new today: the branch stays as it is
    if _push(repository, remote, branch):
        return proposes, prepared.behind
    # Someone pushed to the branch meanwhile: redo the day on top of theirs, once.
    if day is None:
        raise BranchError(f"{branch} changed during the run and this run added nothing; run again")
    tip = _fetch(repository, remote, branch)
    behind = tip is not None and not _same(repository, base_ref, tip, WORKFLOW_FILES)
    git(repository, "checkout", "--quiet", "-B", branch, tip or base_ref)
    if tip is not None and not behind:
        _merge(repository, branch, base, base_ref)
    _pick(repository, branch, day)
    _merge_tree(repository, branch, base_ref)
    if not _push(repository, remote, branch):
        raise BranchError(f"{branch} changed twice during the run; run the workflow again")
    return proposes, behind


def _carry(repository: Path, branch: str, tip: str, day: str, base_ref: str) -> None:
    """Put the day's commit onto the unmerged `tip`; it must merge with main into exactly
    what was validated."""
    validated = git(repository, "rev-parse", f"{day}^{{tree}}").stdout.strip()
    git(repository, "checkout", "--quiet", "-B", branch, tip)
    _pick(repository, branch, day)
    merged = _merge_tree(repository, branch, base_ref)
    if not _same(repository, merged, validated, "content/"):
        raise BranchError(
            f"the day, put onto {branch} as it is, would not merge with main into what was"
            f" validated: bring main into {branch} with your own rights (`gh pr update-branch`"
            " on its pull request, or its Update branch button), and the next run continues"
        )


def _merge_tree(repository: Path, branch: str, base_ref: str) -> str:
    """The tree of merging HEAD with `base_ref`, or stop when they conflict."""
    merged = git(repository, "merge-tree", "--write-tree", "HEAD", base_ref, check=False)
    if merged.returncode != 0:
        raise BranchError(
            f"{branch} no longer merges with main cleanly: a person merges main into it"
            f" (`gh pr update-branch` on its pull request), and the next run continues"
        )
    return merged.stdout.split()[0]


def _pick(repository: Path, branch: str, day: str) -> None:
    """Cherry-pick the day's commit onto the checkout, or stop naming the conflicting files."""
    _apply(
        repository,
        ("cherry-pick", day),
        f"the day conflicts with {branch} in {{files}}: bring main into {branch} with your own"
        " rights (`gh pr update-branch` on its pull request, or its Update branch button), and"
        " the next run continues",
    )


def _push(repository: Path, remote: str, branch: str) -> bool:
    """Push HEAD to the branch without forcing; False when the remote moved first."""
    pushed = git(repository, "push", "--quiet", remote, f"HEAD:refs/heads/{branch}", check=False)
    if pushed.returncode == 0:
        return True
    if "rejected" in pushed.stderr or "fetch first" in pushed.stderr:
        return False
    raise BranchError(f"git push failed: {pushed.stderr.strip()}")


def commit_to_base(repository: Path, *, remote: str, base: str, message: str) -> bool:
    """Commit content/ onto `base` and push it, rebasing once onto a `base` that moved."""
    git(repository, "add", "--all", "content/")
    if git(repository, "diff", "--cached", "--quiet", check=False).returncode == 0:
        return False
    git(repository, "commit", "--quiet", "-m", message)
    for attempt in range(2):
        pushed = git(repository, "push", "--quiet", remote, f"HEAD:refs/heads/{base}", check=False)
        if pushed.returncode == 0:
            return True
        if attempt == 0:
            git(repository, "pull", "--quiet", "--rebase", remote, base)
    raise BranchError(
        f"could not push to {base}: {pushed.stderr.strip()} (direct mode needs a {base} that the"
        " workflow token may push to: no branch protection or ruleset requiring pull requests)"
    )


def main(arguments: Sequence[str] | None = None) -> int:
    """The command line: `prepare`, `publish` or `commit`."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.ingest_branch", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--repository", type=Path, default=Path(), help="the checkout (default: here)"
    )
    parser.add_argument("--remote", default="origin")
    parser.add_argument("--branch", default=DEFAULT_BRANCH)
    parser.add_argument("--base", default="main")
    commands = parser.add_subparsers(dest="command", required=True)
    prepare_parser = commands.add_parser("prepare", help="check out the branch the day goes on")
    prepare_parser.add_argument(
        "--pulls",
        type=Path,
        metavar="FILE",
        help="the branch's pull requests, as `gh pr list --state all --json"
        " number,state,headRefOid` prints them (without it, merges are found by content and a"
        " closed pull request is not noticed)",
    )
    for name, summary in (
        ("publish", "commit content/ and push the branch"),
        ("commit", "commit content/ to the base branch itself (direct mode)"),
    ):
        command = commands.add_parser(name, help=summary)
        command.add_argument("--message", required=True, help="the commit message")
    options = parser.parse_args(arguments)
    where = {"remote": options.remote, "base": options.base}
    try:
        if options.command == "prepare":
            print(prepare(options.repository, branch=options.branch, pulls=options.pulls, **where))
        elif options.command == "publish":
            proposes, behind = publish(
                options.repository, branch=options.branch, message=options.message, **where
            )
            print(f"proposes={str(proposes).lower()}\nbehind={str(behind).lower()}")
        else:
            pushed = commit_to_base(options.repository, message=options.message, **where)
            print(f"committed={str(pushed).lower()}")
    except BranchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
