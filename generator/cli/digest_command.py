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
from generator.digest.schedule import (
    FIRST_DIGEST_DAYS,
    DigestChoice,
    choose_days,
    newest_on_site,
    read_last_sent,
    record_sent,
)
from generator.errors import workflow_warning
from generator.project import Project
from generator.source import resolve_base_url
from generator.sources.http import Http, SourceError
from generator.write import write_atomically


def register(add: AddCommand) -> None:
    """Add digest."""
    digest = add(
        "digest",
        _digest,
        "Write or send the email digest of the papers added since the last digest (settings: "
        "PAPERS_SMTP_*, PAPERS_DIGEST_FROM, PAPERS_DIGEST_TO).",
    )
    digest.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="send the papers added on this day only (default: every day added since the last "
        "digest in --state; without one, the newest day papers were added)",
    )
    digest.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="the file that remembers the last digest sent: read to choose the days, written "
        "after a send",
    )
    digest.add_argument(
        "--assume-sent",
        type=lambda text: iso_date(text) if text else None,
        metavar="YYYY-MM-DD",
        help="when --state holds no record (a first run, or a record lost), take this day as the"
        " last one sent, and warn: the workflow gives the newest day of the site that was live"
        " before this run (see --read-site); empty: unknown",
    )
    digest.add_argument(
        "--read-site",
        metavar="URL",
        help="only print the newest day papers were added on the site published at URL (from"
        " its feed.json), or nothing if it cannot be read, and exit",
    )
    digest.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the date to choose days against (default: today, UTC)",
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
    if arguments.read_site:
        newest = _read_site(arguments.read_site)
        print(newest.isoformat() if newest else "")
        return EXIT_OK
    corpus = load_corpus(content_folder(arguments, project))
    base_url = resolve_base_url(corpus, base_url_override(arguments))
    last_sent = read_last_sent(arguments.state) if arguments.state else None
    if arguments.state and last_sent is None and not arguments.date:
        last_sent = arguments.assume_sent
        _warn(
            f"no digest is on record in {arguments.state} (a first run, or the Actions cache"
            " evicted it after 7 days unused): "
            + (
                f"taking {last_sent}, the newest day of the site live before this run, as sent"
                if last_sent
                else "the live site could not be read either, so only a newest day added in"
                f" the last {FIRST_DIGEST_DAYS} days is sent; earlier days may never have gone out"
            )
        )
    if arguments.date:
        choice = DigestChoice((arguments.date,), "the day asked for with --date")
    else:
        today = arguments.today or dt.datetime.now(dt.UTC).date()
        choice = choose_days(corpus, last_sent=last_sent, today=today)
    if not choice.days:
        say(arguments, f"{choice.reason}: nothing to send")
        return EXIT_OK
    digest = digest_from_environment(corpus, choice.days, base_url, os.environ)
    chosen = ", ".join(day.isoformat() for day in choice.days)
    say(arguments, f"digest of {chosen} ({choice.reason}): {digest.headline}")
    if not digest.papers:
        say(arguments, f"no papers were added on {chosen}: nothing to send")
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
    if arguments.state and report.delivered:
        # Those it reached must not get it again; the failures are named above. A resent
        # older day (--date) never moves the record back.
        record_sent(arguments.state, max(choice.days[-1], last_sent or choice.days[-1]))
    return EXIT_FAILED if report.failed else EXIT_OK


def _read_site(url: str) -> dt.date | None:
    """The newest day of the site at `url`, or None (not published yet, unreachable)."""
    feed = url.rstrip("/") + "/feed.json"
    try:
        return Http("the published site", attempts=3, delay=5.0).get(feed, newest_on_site)
    except SourceError as error:
        _warn(f"cannot read {feed}: {error}")
        return None


def _warn(message: str) -> None:
    """A warning in the log, and on the run's page when running as a GitHub workflow."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print(workflow_warning("papers digest", message))
    print(f"warning: {message}", file=sys.stderr)


def _write_message(message: bytes, target: str) -> None:
    if target == "-":
        sys.stdout.buffer.write(message)
        sys.stdout.flush()
    else:
        write_atomically(Path(target), message)
