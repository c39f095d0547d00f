"""A stand-in for the `gh` commands the alarms use, over a JSON file of issues, labels and runs.

Run as `gh` (a wrapper on PATH); the state file is `$GH_STANDIN_STATE`. It answers as `gh` does
for what it knows (`gh issue list --json number` prints a JSON list; `gh label create` of an
existing label fails) and fails loudly on anything else, so a command the tool starts using
without a stand-in does not pass unnoticed. `"refuse": ["run"]` in the state makes every `gh
run` command fail as a token without `actions: read` does.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


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


def _issue_create(state: dict[str, Any], options: argparse.Namespace) -> int:
    if options.label not in state["labels"]:
        print(f"could not add label: '{options.label}' not found", file=sys.stderr)
        return 1
    number = len(state["issues"]) + 1
    state["issues"].append(
        {
            "number": number,
            "title": options.title,
            "labels": [options.label],
            "body": _body(options),
            "state": "open",
            "comments": [],
        }
    )
    print(f"https://github.com/owner/archive/issues/{number}")
    return 0


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


COMMANDS = {
    ("label", "create"): _label_create,
    ("issue", "list"): _issue_list,
    ("issue", "create"): _issue_create,
    ("issue", "edit"): _issue_edit,
    ("issue", "close"): _issue_close,
    ("run", "list"): _run_list,
}


def main() -> int:
    state_path = Path(os.environ["GH_STANDIN_STATE"])
    state: dict[str, Any] = {"issues": [], "labels": [], "runs": [], "refuse": [], "calls": []}
    state.update(json.loads(state_path.read_text(encoding="utf-8")))
    arguments = sys.argv[1:]
    state["calls"].append(arguments)
    parser = argparse.ArgumentParser(prog="gh")
    parser.add_argument("noun")
    parser.add_argument("verb")
    parser.add_argument("target", nargs="?")
    for flag in ("--label", "--state", "--json", "--title", "--body", "--body-file", "--comment"):
        parser.add_argument(flag)
    for flag in ("--color", "--description", "--workflow", "--limit"):
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
