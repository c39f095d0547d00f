"""Contributor-facing mistakes: located, explained, and collected before anything is written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


def display_path(path: Path) -> str:
    """Return `path` relative to the working directory when it lies below it, else absolute."""
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one corpus file, with the line it is on and how to fix it.

    A warning points at a gap worth closing that does not stop the build.
    """

    path: Path
    line: int
    message: str
    fix: str = ""
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        label = "warning: " if self.severity == "warning" else ""
        text = f"{display_path(self.path)}:{self.line}: {label}{self.message}"
        return f"{text}\n    fix: {self.fix}" if self.fix else text

    def github_annotation(self) -> str:
        """The problem as a GitHub Actions workflow command: shown on its line in a PR's diff."""
        message = self.message + (f"\nfix: {self.fix}" if self.fix else "")
        file = _escape_property(display_path(self.path))
        return (
            f"::{self.severity} file={file},line={self.line},title=papers validate::"
            f"{_escape_data(message)}"
        )


def workflow_warning(title: str, message: str) -> str:
    """A warning as a GitHub Actions workflow command: shown on the run's summary page."""
    return f"::warning title={_escape_property(title)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    # Without this, a newline in a contributor's value could start a second workflow command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class CorpusError(Exception):
    """The corpus holds mistakes a contributor must fix; carries every one found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))


class BuildError(Exception):
    """A build step failed for a reason the user can act on (not a bug in the generator)."""
