"""The `gh` command line, as the workflows' tools call it: with the job's token (`GH_TOKEN`)."""

from __future__ import annotations

import subprocess


class GitHubError(RuntimeError):
    """A `gh` command failed; the message is its own."""


def gh(*arguments: str, stdin: str | None = None) -> str:
    """Run `gh` and return what it printed; GitHubError when it fails."""
    try:
        done = subprocess.run(  # noqa: S603 (gh with our own arguments, no shell)
            ["gh", *arguments],  # noqa: S607 (gh from PATH, as on GitHub's runners)
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        raise GitHubError(f"gh {arguments[0]}: {error}") from None
    if done.returncode != 0:
        raise GitHubError(f"gh {' '.join(arguments[:2])}: {done.stderr.strip()}")
    return done.stdout
