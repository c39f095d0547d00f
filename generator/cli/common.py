"""What every `papers` command shares: exit codes, options, messages."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path

from generator.errors import CorpusError, Problem, display_path
from generator.project import Project
from generator.write import write_atomically

EXIT_OK, EXIT_FAILED = 0, 1

Handler = Callable[[argparse.Namespace, Project], int]
AddCommand = Callable[[str, Handler, str], argparse.ArgumentParser]
"""Adds a subcommand with its handler and help text, and the options every command takes."""


def add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Handler,
    help_text: str,
) -> argparse.ArgumentParser:
    """Add one subcommand, with --content and --quiet."""
    sub = commands.add_parser(name, help=help_text, description=help_text)
    sub.set_defaults(command=handler)
    sub.add_argument(
        "--content", metavar="DIR", help="the corpus folder (default: the project's content/)"
    )
    sub.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    return sub


def add_base_url_option(sub: argparse.ArgumentParser) -> None:
    """The --base-url option of the commands that write the site's addresses."""
    sub.add_argument(
        "--base-url",
        metavar="URL",
        help="the address the site is published at (default: $PAPERS_BASE_URL, else corpus.yaml)",
    )


def base_url_override(arguments: argparse.Namespace) -> str | None:
    return getattr(arguments, "base_url", None) or os.environ.get("PAPERS_BASE_URL") or None


def add_repository_option(sub: argparse.ArgumentParser) -> None:
    """The --repository option of the commands that link the site to its repository."""
    sub.add_argument(
        "--repository",
        metavar="URL",
        help="the GitHub repository the pages link to, https://github.com/OWNER/NAME "
        "(default: $PAPERS_REPOSITORY, else corpus.yaml's)",
    )


def repository_override(arguments: argparse.Namespace) -> str | None:
    return getattr(arguments, "repository", None) or os.environ.get("PAPERS_REPOSITORY") or None


def content_folder(arguments: argparse.Namespace, project: Project) -> Path:
    return Path(arguments.content) if arguments.content else project.content_dir


def refresh_files(arguments: argparse.Namespace, files: Mapping[Path, bytes], command: str) -> int:
    """Write the files that differ from `files`, or with --check list them and fail."""
    stale = [path for path, content in files.items() if not _holds(path, content)]
    if arguments.check:
        for path in stale:
            print(f"{display_path(path)}: out of date; run `{command}`", file=sys.stderr)
        return EXIT_FAILED if stale else EXIT_OK
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, files[path])
    say(arguments, f"{len(stale)} of {len(files)} file(s) written")
    return EXIT_OK


def _holds(path: Path, content: bytes) -> bool:
    return path.is_file() and path.read_bytes() == content


def say(arguments: argparse.Namespace, message: str) -> None:
    if not arguments.quiet:
        print(message, file=sys.stderr)


def report_problems(
    error: CorpusError, output_format: str = "text", changed: Collection[Path] | None = None
) -> None:
    """Every problem of a corpus that failed validation, then how many there are."""
    print_problems(error.problems, output_format, changed)
    count = len(error.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)


ANNOTATIONS_PER_KIND = 10
"""GitHub shows at most this many error, and as many warning, annotations of a step."""


def print_problems(
    problems: Iterable[Problem],
    output_format: str = "text",
    changed: Collection[Path] | None = None,
) -> None:
    """Problems or warnings as text on stderr, or as GitHub annotations on stdout.

    Those in `changed` files come first. As annotations, only the first of each kind that
    GitHub shows are annotations; the others are listed as text, so the log holds them all.
    """
    ordered = sorted(problems, key=lambda problem: (not _in(problem, changed), problem))
    annotated = {"error": 0, "warning": 0}
    for problem in ordered:
        if output_format == "github" and annotated[problem.severity] < ANNOTATIONS_PER_KIND:
            annotated[problem.severity] += 1
            # Workflow commands are read from standard output.
            print(problem.github_annotation())
        else:
            print(problem, file=sys.stderr)
    if output_format == "github":
        listed = len(ordered) - sum(annotated.values())
        if listed:
            print(
                f"::notice title=papers validate::{listed} more problem(s) are listed in the log"
                " of this step, beyond what GitHub shows as annotations"
            )


def _in(problem: Problem, files: Collection[Path] | None) -> bool:
    return files is not None and problem.path.resolve() in files


def warnings_to_show(
    warnings: Iterable[Problem], changed: Collection[Path] | None
) -> tuple[list[Problem], int]:
    """The warnings about `changed` files (all, when None), and how many others there are."""
    warnings = list(warnings)
    if changed is None:
        return warnings, 0
    shown = [warning for warning in warnings if _in(warning, changed)]
    return shown, len(warnings) - len(shown)


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
