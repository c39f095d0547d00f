"""`papers ingest` (a day from the daily papers API, or saved days replayed), `papers decline`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator.cli.common import EXIT_FAILED, EXIT_OK, AddCommand, content_folder, iso_date, say
from generator.corpus import load_corpus
from generator.corpus.consistency import today_anywhere
from generator.corpus.freshness import CATCH_UP_DAYS, missing_days
from generator.corpus.provenance import HUGGING_FACE
from generator.curate.declined import decline_papers
from generator.curate.ingest import IngestPlan, land, plan_ingest
from generator.curate.ingest_report import ingest_summary, report_markdown
from generator.errors import BuildError, CorpusError
from generator.project import Project
from generator.sources.http import SourceError
from generator.sources.huggingface import HuggingFaceDailyPapers, parse_daily_papers
from generator.sources.trending import TrendingPaper
from generator.write import write_atomically


def register(add: AddCommand) -> None:
    """Add ingest and decline."""
    ingest = add(
        "ingest",
        _ingest,
        "Bring in a day's trending papers from the Hugging Face daily papers API "
        "($PAPERS_HF_API_URL): new paper files, the day's snapshot, and the papers declined.",
    )
    ingest.add_argument(
        "--date", type=iso_date, metavar="YYYY-MM-DD", help="the day (default: yesterday, UTC)"
    )
    ingest.add_argument(
        "--catch-up",
        type=_day_count,
        default=0,
        metavar="DAYS",
        help="bring in the days missed up to --date instead: every day after the newest one the"
        f" archive has, oldest first, at most DAYS in one run (the workflow: {CATCH_UP_DAYS});"
        " a failed morning is caught up by the next (default: 0, --date alone)",
    )
    ingest.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the date the command takes as today: the default --date is the day before, and "
        "dates after it are in the future (default: today, UTC; for replaying past days)",
    )
    ingest.add_argument(
        "--from",
        dest="saved",
        type=Path,
        metavar="DIR",
        help="replay saved answers of the API instead (DIR/YYYY-MM-DD.json), in date order, each"
        " day taking the next as today; prints per day and in total what was filed",
    )
    ingest.add_argument(
        "--update",
        action="store_true",
        help="also add fields existing papers lack (arxiv, authors, published) and refresh the "
        "day's snapshot; without it, existing files are never touched",
    )
    ingest.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="also write what happened as Markdown, for a pull request's body: the new papers, "
        "the ones declined with the command that would add each, notes",
    )
    decline = add(
        "decline",
        _decline,
        "Decline papers: record them in content/declined/ and delete their files; the ingest "
        "never proposes them again and the topic suggester learns from them.",
    )
    decline.add_argument(
        "ids", nargs="+", metavar="ID", help="a paper's id or arXiv id (an ingest's new papers)"
    )
    decline.add_argument(
        "--date", type=iso_date, metavar="YYYY-MM-DD", help="the day declined (default: today)"
    )


def _ingest(arguments: argparse.Namespace, project: Project) -> int:
    content_dir = content_folder(arguments, project)
    if arguments.saved:
        if arguments.date or arguments.report or arguments.catch_up:
            raise BuildError(
                "--from replays every saved day: it takes no --date, --catch-up or --report"
            )
        return _replay(arguments, content_dir)
    today = arguments.today
    date = arguments.date or (today or dt.datetime.now(dt.UTC).date()) - dt.timedelta(days=1)
    days = [date]
    if arguments.catch_up:
        missed = missing_days(load_corpus(content_dir, today=today), date)
        days = missed[: arguments.catch_up] or days
        if len(days) > 1 or days[0] != date:
            say(arguments, f"catching up {len(days)} day(s): {', '.join(map(str, days))}")
    source = HuggingFaceDailyPapers.from_environment(os.environ)
    reports = []
    try:
        for day in days:
            reports.append(_ingest_day(arguments, content_dir, source, day))
    finally:
        # The days brought in are reported even when a later one failed (it is retried).
        if arguments.report and reports:
            write_atomically(arguments.report, "\n\n---\n\n".join(reports).encode("utf-8"))
    return EXIT_OK


def _ingest_day(
    arguments: argparse.Namespace,
    content_dir: Path,
    source: HuggingFaceDailyPapers,
    date: dt.date,
) -> str:
    """Bring in one day, as if it were the only one; its report."""
    today = arguments.today
    corpus = load_corpus(content_dir, today=today)
    say(arguments, f"asking {source.name} for {date.isoformat()}")
    listing = source.day(date)
    plan = plan_ingest(
        content_dir=content_dir,
        corpus=corpus,
        date=date,
        listing=listing,
        source=source.name,
        update=arguments.update,
        today=today,
    )
    report = report_markdown(plan, listing, date=date, source=source.name, corpus=corpus)
    if not listing:  # weekends and holidays have none; a stalled archive is caught elsewhere
        say(arguments, f"{source.name} lists no papers for {date.isoformat()}: nothing to write")
        return report
    for line in ingest_summary(plan, listing):
        say(arguments, line)
    land(content_dir, plan.writes, lambda line: say(arguments, line), today=today)
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)
    if not plan.writes:
        say(arguments, "nothing to change")
    return report


@dataclass
class _Tally:
    """What a replay filed, day by day and in all."""

    listed: int = 0
    new: int = 0
    declined: int = 0
    topics: Counter[str] = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)

    def add(self, listing: list[TrendingPaper], plan: IngestPlan) -> str:
        """Count a day in, and say what it was."""
        listed = len({item.arxiv or item.rank for item in listing})  # a repeat is one paper
        topics = Counter(new.topics[0] for new in plan.new)
        self.listed += listed
        self.new += len(plan.new)
        self.declined += len(plan.skipped) + len(plan.declined_before)
        self.topics.update(topics)
        return (
            f"listed {listed}, filed {len(plan.new)}"
            f", declined {len(plan.skipped)}, declined before {len(plan.declined_before)}"
            f", already here {len(plan.linked)}, left out {len(plan.incomplete)}"
            + "".join(f"; {slug} {count}" for slug, count in sorted(topics.items()))
        )


def _replay(arguments: argparse.Namespace, content_dir: Path) -> int:
    """Ingest every saved day of `--from` in date order, as a new archive catching up would."""
    folder: Path = arguments.saved
    days = sorted(
        (day, path)
        for path in (folder.glob("*.json") if folder.is_dir() else [])
        if (day := _day_of(path)) is not None
    )
    if not days:
        raise BuildError(f"{folder} holds no saved days (YYYY-MM-DD.json)")
    tally = _Tally()
    for day, path in days:
        try:
            listing = parse_daily_papers(path.read_bytes())
            # Past days replayed into today's archive: its files are not "in the future".
            today = max(day + dt.timedelta(days=1), arguments.today or today_anywhere())
            corpus = load_corpus(content_dir, today=today)
            plan = plan_ingest(
                content_dir=content_dir,
                corpus=corpus,
                date=day,
                listing=listing,
                source=HUGGING_FACE,
                update=False,
                today=today,
            )
            land(content_dir, plan.writes, lambda _: None, today=today)
        except (SourceError, CorpusError) as error:
            reason = str(error).splitlines()[0]
            tally.refused.append(f"{day.isoformat()}: {reason}")
            print(f"{day.isoformat()}: refused: {reason}", file=sys.stderr)
            continue
        print(f"{day.isoformat()}: {tally.add(listing, plan)}", file=sys.stderr)
    share = f" ({tally.new / tally.listed:.0%})" if tally.listed else ""
    print(
        f"{len(days)} days: listed {tally.listed}, filed {tally.new}{share}, declined"
        f" {tally.declined}, refused {len(tally.refused)} day(s)",
        file=sys.stderr,
    )
    for slug, count in sorted(tally.topics.items(), key=lambda pair: (-pair[1], pair[0])):
        print(f"  {slug}: {count}", file=sys.stderr)
    for refusal in tally.refused:
        print(f"  refused {refusal}", file=sys.stderr)
    return EXIT_FAILED if tally.refused else EXIT_OK


def _day_count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days (0 or more)")
    return int(text)


def _day_of(path: Path) -> dt.date | None:
    try:
        return dt.date.fromisoformat(path.stem)
    except ValueError:
        return None


def _decline(arguments: argparse.Namespace, project: Project) -> int:
    content_dir = content_folder(arguments, project)
    corpus = load_corpus(content_dir)
    day = arguments.date or dt.datetime.now(dt.UTC).date()
    writes, removals, refused = decline_papers(content_dir, corpus, arguments.ids, day)
    for problem in refused:
        print(f"error: {problem}", file=sys.stderr)
    if refused:
        return EXIT_FAILED
    land(content_dir, writes, lambda line: say(arguments, line), removed=removals)
    say(arguments, f"{len(arguments.ids)} paper(s) recorded in content/declined/")
    return EXIT_OK
