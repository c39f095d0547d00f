"""Open a branch's pull request, or bring the open one up to date; print its address.

The ingest, enrich and add-paper workflows run, once their branch is pushed:

    python -m tools.propose --branch B --title T --body-file F --label NAME --on-update MODE

A branch has at most one open pull request. Without one, the label is made (if new) and the
pull request opened with the title, body and label. With one, its title is set and, by
`--on-update`, the body is added as a comment (`comment`: the ingest's report of each new day
reads as the pull request's history) or replaces its body (`edit`: enrich's and add-paper's
body describes the branch as it is now). Everything goes through `gh` with the job's token.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from tools.github import GitHubError, gh

LABELS = {  # name: (colour, description), made the first time a pull request needs it
    "ingest": ("0E8A16", "Papers from papers ingest"),
    "enrich": ("1D76DB", "Metadata from papers enrich"),
    "add paper": ("1D76DB", "Papers proposed through the issue form"),
}


def open_pull(branch: str) -> tuple[int, str] | None:
    """The number and address of the branch's open pull request, if it has one."""
    listed = json.loads(
        gh("pr", "list", "--head", branch, "--state", "open", "--json", "number,url")
    )
    if not listed:
        return None
    first = min(listed, key=lambda pull: int(pull["number"]))
    return int(first["number"]), str(first["url"])


def propose(branch: str, base: str, title: str, body: str, label: str, *, on_update: str) -> str:
    """Open or update the branch's pull request (see the module); its address."""
    existing = open_pull(branch)
    if existing:
        number, url = existing
        if on_update == "comment":
            gh("pr", "comment", str(number), "--body-file", "-", stdin=body)
            gh("pr", "edit", str(number), "--title", title)
        else:
            gh("pr", "edit", str(number), "--title", title, "--body-file", "-", stdin=body)
        return url
    colour, description = LABELS.get(label, ("EDEDED", ""))
    with contextlib.suppress(GitHubError):  # it exists (else the pull request's creation says why)
        gh("label", "create", label, "--color", colour, "--description", description)
    created = gh(
        "pr", "create", "--head", branch, "--base", base, "--label", label, "--title", title,
        "--body-file", "-", stdin=body,
    )  # fmt: skip
    return created.strip().splitlines()[-1]


def main(arguments: Sequence[str] | None = None) -> int:
    """The command line: print the pull request's address, or the error and exit 1."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.propose", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--branch", required=True, help="the pushed branch to propose")
    parser.add_argument("--base", default="main", help="the branch to merge into")
    parser.add_argument("--title", required=True)
    parser.add_argument("--body-file", type=Path, required=True, metavar="FILE")
    parser.add_argument("--label", required=True, help="the label to give a new pull request")
    parser.add_argument(
        "--on-update",
        choices=("comment", "edit"),
        required=True,
        help="an open pull request gets the body as a comment, or as its new body",
    )
    options = parser.parse_args(arguments)
    body = options.body_file.read_text(encoding="utf-8")
    try:
        url = propose(
            options.branch, options.base, options.title, body, options.label,
            on_update=options.on_update,
        )  # fmt: skip
    except GitHubError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
