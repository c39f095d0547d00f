"""Keep one pull-request branch of ingested days: a day not merged yet stays in it.

The ingest workflow runs, in a checkout of the repository:

    python -m tools.ingest_branch prepare     # check out the branch, up to date with main
    papers ingest --date DAY ...              # add the day to content/
    python -m tools.ingest_branch publish --message "..."   # commit it and push the branch

`prepare` starts from the open branch when there is one, so yesterday's unmerged day (and any
edit a curator pushed to it) is kept, and merges main into it, so what was merged is not
proposed again; when main already holds everything the branch had, it starts afresh from
main. `publish` commits content/ and pushes; it prints `proposes=true|false` (whether the
branch holds anything main lacks) for the workflow.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_BRANCH = "ingest/trending"


class BranchError(RuntimeError):
    """The branch cannot be prepared without a person (a conflict with main, say)."""


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


def prepare(repository: Path, *, remote: str, branch: str, base: str) -> str:
    """Check out `branch` with every unmerged day on it and `base` merged in; say what it did."""
    _fetch(repository, remote, base)
    exists = git(repository, "ls-remote", "--exit-code", "--heads", remote, branch, check=False)
    if exists.returncode != 0:
        git(repository, "checkout", "--quiet", "-B", branch, f"{remote}/{base}")
        return f"{branch} does not exist yet: starting it from {base}"
    _fetch(repository, remote, branch)
    git(repository, "checkout", "--quiet", "-B", branch, f"{remote}/{branch}")
    merged = git(repository, "merge", "--no-edit", "--quiet", f"{remote}/{base}", check=False)
    if merged.returncode != 0:
        git(repository, "merge", "--abort", check=False)
        raise BranchError(
            f"{branch} conflicts with {base} ({merged.stdout.strip() or merged.stderr.strip()});"
            f" merge {base} into {branch} by hand and resolve the conflict, then run again"
        )
    unmerged = git(
        repository, "diff", "--quiet", f"{remote}/{base}", "HEAD", "--", "content/", check=False
    )
    if unmerged.returncode == 0:
        git(repository, "checkout", "--quiet", "-B", branch, f"{remote}/{base}")
        return f"{base} holds everything {branch} had: starting it afresh from {base}"
    return f"continuing {branch}: its unmerged days stay, with {base} merged in"


def _fetch(repository: Path, remote: str, branch: str) -> None:
    """Fetch `branch` into its remote-tracking ref, whatever refspec the checkout was made with."""
    git(
        repository,
        "fetch",
        "--quiet",
        remote,
        f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}",
    )


def publish(repository: Path, *, remote: str, branch: str, base: str, message: str) -> bool:
    """Commit content/ and push `branch`; whether it now proposes anything `base` lacks."""
    git(repository, "add", "--all", "content/")
    if git(repository, "diff", "--cached", "--quiet", check=False).returncode != 0:
        git(repository, "commit", "--quiet", "-m", message)
    proposes = (
        git(
            repository, "diff", "--quiet", f"{remote}/{base}", "HEAD", "--", "content/", check=False
        ).returncode
        != 0
    )
    head = git(repository, "rev-parse", "HEAD").stdout.strip()
    tracked = git(
        repository,
        "rev-parse",
        "--verify",
        "--quiet",
        f"refs/remotes/{remote}/{branch}",
        check=False,
    )
    pushed = tracked.stdout.strip() if tracked.returncode == 0 else None
    if proposes and head != pushed:
        # Started afresh from base, the branch is replaced: only if it is still as it was read.
        lease = f"--force-with-lease=refs/heads/{branch}:{pushed or ''}"
        git(repository, "push", "--quiet", lease, remote, f"HEAD:refs/heads/{branch}")
    return proposes


def main(arguments: Sequence[str] | None = None) -> int:
    """The command line: `prepare` or `publish`."""
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
    commands.add_parser("prepare", help="check out the branch, unmerged days kept, base merged in")
    publish_parser = commands.add_parser("publish", help="commit content/ and push the branch")
    publish_parser.add_argument("--message", required=True, help="the commit message")
    options = parser.parse_args(arguments)
    try:
        if options.command == "prepare":
            print(
                prepare(
                    options.repository,
                    remote=options.remote,
                    branch=options.branch,
                    base=options.base,
                )
            )
        else:
            proposes = publish(
                options.repository,
                remote=options.remote,
                branch=options.branch,
                base=options.base,
                message=options.message,
            )
            print(f"proposes={'true' if proposes else 'false'}")
    except BranchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
