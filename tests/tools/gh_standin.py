"""A stand-in for the `gh` commands the tools use, over a JSON file of issues, pull requests,
labels and runs.

Run as `gh` (a wrapper on PATH); the state file is `$GH_STANDIN_STATE`. It answers as `gh` does
for what it knows (`gh issue list --json number` prints a JSON list; `gh label create` of an
existing label fails) and fails loudly on anything else, so a command the tool starts using
without a stand-in does not pass unnoticed. `refuse=("run",)` makes every `gh run` command fail
as it does for a token without `actions: read`. Tests make one with `GitHub(folder)`.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from pathlib import Path
from typing import Any


class GitHub:
    """A test's GitHub: `bin` holds a `gh` that runs this stand-in over `state`."""

    def __init__(self, folder: Path, *, runs: int = 1, refuse: tuple[str, ...] = ()) -> None:
        self.state = folder / "github.json"
        self.state.write_text(json.dumps({"runs": list(range(runs)), "refuse": list(refuse)}))
        self.bin = folder / "bin"
        self.bin.mkdir()
        wrapper = self.bin / "gh"
        standin = Path(__file__).resolve()
        wrapper.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} {standin} "$@"\n')
        wrapper.chmod(0o755)

    def read(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.state.read_text())
        return loaded

    def issues(self, label: str, state: str = "open") -> list[dict[str, Any]]:
        issues: list[dict[str, Any]] = self.read().get("issues", [])
        return [i for i in issues if label in i["labels"] and i["state"] == state]

    def pulls(self) -> list[dict[str, Any]]:
        pulls: list[dict[str, Any]] = self.read().get("pulls", [])
        return pulls

    def environment(self) -> dict[str, str]:
        """What a process needs to find this `gh` first and its state."""
        path = os.pathsep.join(
            (str(self.bin), str(Path(sys.executable).parent), os.environ.get("PATH", ""))
        )
        return {**os.environ, "PATH": path, "GH_STANDIN_STATE": str(self.state)}


def _body(options: argparse.Namespace) -> str:
    if options.body_file == "-":
        return sys.stdin.read()
    if options.body_file:
        return Path(options.body_file).read_text(encoding="utf-8")
    return str(options.body or "")


def _label_create(state: dict[str, Any], options: argparse.Namespace) -> int:
    if options.target in state["labels"]:
        print(f'label with name "{options.target}" already exists', file=sys.stderr)
        return 1
    state["labels"].append(options.target)
    return 0


def _issue_list(state: dict[str, Any], options: argparse.Namespace) -> int:
    if options.json != "number":
        print(f"gh stand-in: --json {options.json} not kept", file=sys.stderr)
        return 2
    found = [
        {"number": issue["number"]}
        for issue in state["issues"]
        if options.label in issue["labels"] and issue["state"] == options.state
    ]
    print(json.dumps(found))
    return 0


def _create(
    state: dict[str, Any], options: argparse.Namespace, kind: str, extra: dict[str, Any]
) -> int:
    """An issue or pull request (`kind`) with the options' title, label and body, as `gh`
    makes one: refused when the label does not exist; its address printed."""
    if options.label not in state["labels"]:
        print(f"could not add label: '{options.label}' not found", file=sys.stderr)
        return 1
    made: list[dict[str, Any]] = state[kind]
    number = (1 if kind == "issues" else 100) + len(made)
    url = f"https://github.com/owner/archive/{'issues' if kind == 'issues' else 'pull'}/{number}"
    made.append(
        {
            "number": number,
            "url": url,
            "title": options.title,
            "labels": [options.label],
            "body": _body(options),
            "comments": [],
            **extra,
        }
    )
    print(url)
    return 0


def _issue_create(state: dict[str, Any], options: argparse.Namespace) -> int:
    return _create(state, options, "issues", {"state": "open"})


def _issue_edit(state: dict[str, Any], options: argparse.Namespace) -> int:
    issue = state["issues"][int(options.target) - 1]
    issue["title"] = options.title or issue["title"]
    issue["body"] = _body(options)
    return 0


def _issue_close(state: dict[str, Any], options: argparse.Namespace) -> int:
    issue = state["issues"][int(options.target) - 1]
    issue["state"] = "closed"
    issue["comments"].append(options.comment)
    return 0


def _run_list(state: dict[str, Any], options: argparse.Namespace) -> int:
    print(json.dumps([{"databaseId": run} for run in state["runs"]][: int(options.limit or 20)]))
    return 0


def _pr_list(state: dict[str, Any], options: argparse.Namespace) -> int:
    fields = options.json.split(",")
    found = [
        {field: pull[field] for field in fields}
        for pull in state["pulls"]
        if pull["head"] == options.head and pull["state"] == options.state.upper()
    ]
    print(json.dumps(found))
    return 0


def _pr_create(state: dict[str, Any], options: argparse.Namespace) -> int:
    if any(p["head"] == options.head and p["state"] == "OPEN" for p in state["pulls"]):
        print(f'a pull request for branch "{options.head}" already exists', file=sys.stderr)
        return 1
    return _create(
        state, options, "pulls", {"head": options.head, "base": options.base, "state": "OPEN"}
    )


def _pull(state: dict[str, Any], number: str) -> dict[str, Any]:
    pulls: list[dict[str, Any]] = state["pulls"]
    (pull,) = [p for p in pulls if str(p["number"]) == number]
    return pull


def _pr_edit(state: dict[str, Any], options: argparse.Namespace) -> int:
    pull = _pull(state, options.target)
    pull["title"] = options.title or pull["title"]
    if options.body_file or options.body:
        pull["body"] = _body(options)
    return 0


def _pr_comment(state: dict[str, Any], options: argparse.Namespace) -> int:
    _pull(state, options.target)["comments"].append(_body(options))
    return 0


COMMANDS = {
    ("pr", "list"): _pr_list,
    ("pr", "create"): _pr_create,
    ("pr", "edit"): _pr_edit,
    ("pr", "comment"): _pr_comment,
    ("label", "create"): _label_create,
    ("issue", "list"): _issue_list,
    ("issue", "create"): _issue_create,
    ("issue", "edit"): _issue_edit,
    ("issue", "close"): _issue_close,
    ("run", "list"): _run_list,
}


def main() -> int:
    state_path = Path(os.environ["GH_STANDIN_STATE"])
    state: dict[str, Any] = {
        "issues": [], "labels": [], "runs": [], "pulls": [], "refuse": [], "calls": []
    }  # fmt: skip
    state.update(json.loads(state_path.read_text(encoding="utf-8")))
    arguments = sys.argv[1:]
    state["calls"].append(arguments)
    parser = argparse.ArgumentParser(prog="gh")
    parser.add_argument("noun")
    parser.add_argument("verb")
    parser.add_argument("target", nargs="?")
    for flag in ("--label", "--state", "--json", "--title", "--body", "--body-file", "--comment"):
        parser.add_argument(flag)
    for flag in ("--color", "--description", "--workflow", "--limit", "--head", "--base"):
        parser.add_argument(flag)
    options, unknown = parser.parse_known_args(arguments)
    handler = COMMANDS.get((options.noun, options.verb))
    if unknown or handler is None:
        print(f"gh stand-in: no stand-in for {arguments}", file=sys.stderr)
        code = 2
    elif options.noun in state["refuse"]:
        print("HTTP 403: Resource not accessible by integration", file=sys.stderr)
        code = 1
    else:
        code = handler(state, options)
    state_path.write_text(json.dumps(state), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
