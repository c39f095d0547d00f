"""The status command: how fresh the archive is, its size, and what its papers still lack."""

from __future__ import annotations

import argparse
import datetime as dt

from generator.cli.common import EXIT_FAILED, EXIT_OK, AddCommand, content_folder, iso_date
from generator.corpus import load_corpus, paper_file
from generator.corpus.freshness import CATCH_UP_DAYS, freshness, missing_days
from generator.corpus.gaps import metadata_gaps
from generator.errors import display_path
from generator.project import Project

DEFAULT_MAX_AGE = 3
SHOWN_MISSING = 14


def register(add: AddCommand) -> None:
    """Add status."""
    status = add(
        "status",
        _status,
        "Print the newest trending day, the archive's size and the papers missing metadata; "
        "exit 1 when no trending day has arrived for more than --max-age days.",
    )
    status.add_argument(
        "--max-age",
        type=_days,
        default=DEFAULT_MAX_AGE,
        metavar="DAYS",
        help=f"days without a new trending day before the archive counts as stale "
        f"(default: {DEFAULT_MAX_AGE})",
    )
    status.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the date to measure against (default: today, UTC)",
    )


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days (0 or more)")
    return days


def _status(arguments: argparse.Namespace, project: Project) -> int:
    content_dir = content_folder(arguments, project)
    corpus = load_corpus(content_dir)
    today = arguments.today or dt.datetime.now(dt.UTC).date()
    fresh = freshness(corpus)
    age = fresh.days_since_snapshot(today)
    newest = f"{fresh.newest_snapshot} ({_ago(age)})" if age is not None else "none yet"
    gaps = metadata_gaps(sorted(corpus.papers, key=lambda paper: paper.id))
    lines = [
        f"newest trending day: {newest}",
        f"last change: {fresh.last_changed or 'none yet'}",
        f"papers: {len(corpus.papers)} in {len(corpus.topics)} topics; "
        f"{len(corpus.snapshots)} trending day{'' if len(corpus.snapshots) == 1 else 's'}",
        f"missing metadata: {len(gaps)} papers lack authors or a link to the paper",
        *(
            f"  {display_path(paper_file(content_dir, gap.paper.id))}: {gap.summary}"
            for gap in gaps
        ),
    ]
    missed = missing_days(corpus, today - dt.timedelta(days=1)) if fresh.newest_snapshot else []
    if missed:
        shown = ", ".join(day.isoformat() for day in missed[:SHOWN_MISSING])
        more = f" and {len(missed) - SHOWN_MISSING} more" if len(missed) > SHOWN_MISSING else ""
        lines.append(
            f"missing days: {len(missed)} not taken in yet ({shown}{more}); the daily ingest"
            f" catches up {CATCH_UP_DAYS} a morning, `papers ingest --date D` brings in one"
        )
    stale = fresh.is_stale(today, arguments.max_age)
    if stale:
        lines.append(
            f"stale: no new trending day for {age} days (more than {arguments.max_age})"
            if age is not None
            else "stale: the archive has no trending day yet"
        )
    else:
        lines.append(f"fresh: a trending day within {arguments.max_age} days")
    print("\n".join(lines))
    return EXIT_FAILED if stale else EXIT_OK


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    if days < 0:
        return f"in {-days} days"  # a snapshot dated ahead of --today
    return "1 day ago" if days == 1 else f"{days} days ago"
