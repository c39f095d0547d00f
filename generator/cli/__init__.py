"""The `papers` command line: thin adapters over the pipeline; the only package reading argv."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import partial

from generator import __version__
from generator.cli import (
    contribute_commands,
    corpus_commands,
    digest_command,
    ingest_command,
    site_commands,
    status_command,
)
from generator.cli.common import EXIT_FAILED, Handler, add_command, report_problems
from generator.errors import BuildError, CorpusError
from generator.project import Project

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run `papers` with `argv`; return the exit code."""
    arguments = _parser().parse_args(argv)
    command: Handler = arguments.command
    try:
        return command(arguments, Project.locate())
    except CorpusError as error:
        report_problems(error, getattr(arguments, "format", "text"))
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papers", description="Validate the paper corpus and publish it as a static site."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    add = partial(add_command, commands)
    groups = (
        site_commands,
        corpus_commands,
        contribute_commands,
        ingest_command,
        digest_command,
        status_command,
    )
    for group in groups:
        group.register(add)
    return parser


if __name__ == "__main__":
    sys.exit(main())
