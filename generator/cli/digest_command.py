"""The digest command: write or send the email digest of a day's papers."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from generator.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    AddCommand,
    add_base_url_option,
    base_url_override,
    content_folder,
    iso_date,
    say,
)
from generator.corpus import load_corpus
from generator.digest import digest_from_environment, preview, send
from generator.pipeline import Project, resolve_base_url
from generator.write import write_atomically


def register(add: AddCommand) -> None:
    """Add digest."""
    digest = add(
        "digest",
        _digest,
        "Write or send the email digest of the papers added on one day (settings: PAPERS_SMTP_*, "
        "PAPERS_DIGEST_FROM, PAPERS_DIGEST_TO).",
    )
    digest.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the day whose papers to send (default: today, UTC)",
    )
    mode = digest.add_mutually_exclusive_group()
    mode.add_argument(
        "--dry-run",
        nargs="?",
        const="-",
        metavar="PATH",
        help="write the message as .eml to PATH, or to stdout (the default)",
    )
    mode.add_argument("--send", action="store_true", help="send it over SMTP to every recipient")
    add_base_url_option(digest)


def _digest(arguments: argparse.Namespace, project: Project) -> int:
    corpus = load_corpus(content_folder(arguments, project))
    base_url = resolve_base_url(corpus, base_url_override(arguments))
    day = arguments.date or dt.datetime.now(dt.UTC).date()
    digest = digest_from_environment(corpus, day, base_url, os.environ)
    if not digest.papers:
        say(arguments, f"no papers were added on {day.isoformat()}: nothing to send")
        return EXIT_OK
    now = dt.datetime.now(dt.UTC)
    if not arguments.send:
        _write_message(preview(digest, os.environ, now).as_bytes(), arguments.dry_run or "-")
        return EXIT_OK
    report, recipients = send(digest, os.environ, now, lambda line: say(arguments, line))
    for recipient, reason in report.failed.items():
        print(f"error: not sent to {recipient}: {reason}", file=sys.stderr)
    sent = f"sent to {len(report.delivered)} of {recipients} recipients"
    say(arguments, f"digest of {digest.headline} {sent}")
    return EXIT_FAILED if report.failed else EXIT_OK


def _write_message(message: bytes, target: str) -> None:
    if target == "-":
        sys.stdout.buffer.write(message)
        sys.stdout.flush()
    else:
        write_atomically(Path(target), message)
