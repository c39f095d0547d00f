"""The `papers` command line: a thin layer over the pipeline; the only module that reads argv."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from generator import __version__
from generator.changes import changes_summary
from generator.contribute import add_papers, skeleton_text, slug_for
from generator.corpus import load_corpus
from generator.corpus.migrate import apply_migration, plan_migration
from generator.corpus.schema import SCHEMA_VERSION, json_schemas
from generator.digest import digest_from_environment, preview, send
from generator.engine import build_site, engine_environment, start_dev_server
from generator.errors import BuildError, CorpusError, display_path
from generator.ingest import apply_plan, check_plan, plan_ingest
from generator.pipeline import (
    Generated,
    Project,
    generate,
    resolve_base_url,
)
from generator.sources.arxiv import ArxivClient
from generator.sources.huggingface import HuggingFaceDailyPapers
from generator.write import write_atomically

_EXIT_OK, _EXIT_FAILED = 0, 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run `papers` with `argv`; return the exit code."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    command: Callable[[argparse.Namespace, Project], int] = arguments.command
    try:
        return command(arguments, Project.locate())
    except CorpusError as error:
        _report_problems(error, getattr(arguments, "format", "text"))
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    return _EXIT_FAILED


def _validate(arguments: argparse.Namespace, project: Project) -> int:
    corpus = load_corpus(_content_dir(arguments, project), today=arguments.today)
    _say(arguments, f"ok: {len(corpus.papers)} papers in {len(corpus.topics)} topics")
    return _EXIT_OK


def _build(arguments: argparse.Namespace, project: Project) -> int:
    started = time.perf_counter()
    generated = _generate(arguments, project)
    site_dir = arguments.site_dir or project.root / "site"
    environment = engine_environment(generated.source_date_epoch)
    build_site(generated.config_file, site_dir, environment)
    elapsed = time.perf_counter() - started
    _say(arguments, f"built {site_dir} in {elapsed:.1f} s")
    return _EXIT_OK


def _serve(arguments: argparse.Namespace, project: Project) -> int:
    # A terminated preview must stop its engine too: run the `finally` below, not die at once.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    content_dir = _content_dir(arguments, project)
    generated = _generate(arguments, project)
    environment = engine_environment(generated.source_date_epoch)
    server = start_dev_server(generated.config_file, arguments.dev_addr, environment)
    changed = threading.Event()
    observer = _watch(content_dir, changed)
    try:
        while server.poll() is None:
            if changed.wait(timeout=0.5):
                time.sleep(0.2)  # let an editor finish saving a burst of files
                changed.clear()
                _regenerate(arguments, project)
        return server.returncode or _EXIT_OK
    finally:
        observer.stop()
        server.terminate()
        server.wait()


def _exit_on_signal(number: int, frame: object) -> None:
    raise SystemExit(128 + number)


def _schema(arguments: argparse.Namespace, project: Project) -> int:
    folder = _content_dir(arguments, project) / "schema"
    stale = [
        name
        for name, content in json_schemas().items()
        if not (folder / name).is_file() or (folder / name).read_bytes() != content
    ]
    if arguments.check:
        for name in stale:
            print(f"{folder / name}: out of date; run `papers schema`", file=sys.stderr)
        return _EXIT_FAILED if stale else _EXIT_OK
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in json_schemas().items():
        if name in stale:
            write_atomically(folder / name, content)
    _say(arguments, f"{len(stale)} schema file(s) written to {folder}")
    return _EXIT_OK


def _new(arguments: argparse.Namespace, project: Project) -> int:
    content_dir = _content_dir(arguments, project)
    corpus = load_corpus(content_dir)
    paper_id = arguments.id
    if slug_for(paper_id) != paper_id:
        raise BuildError(f"{paper_id!r} is not a slug; try {slug_for(paper_id)!r}")
    target = content_dir / "papers" / f"{paper_id}.yaml"
    if target.exists():
        raise BuildError(f"{target} already exists; edit it, or choose another id")
    added = arguments.added or dt.datetime.now(dt.UTC).date()
    write_atomically(target, skeleton_text(paper_id, added, corpus.topics).encode("utf-8"))
    _say(arguments, f"wrote {target}: fill it in, then run `papers validate`")
    return _EXIT_OK


def _add(arguments: argparse.Namespace, project: Project) -> int:
    content_dir = _content_dir(arguments, project)
    corpus = load_corpus(content_dir)
    added = arguments.added or dt.datetime.now(dt.UTC).date()
    outcome = add_papers(
        content_dir=content_dir,
        corpus=corpus,
        ids=arguments.ids,
        client=ArxivClient.from_environment(os.environ),
        added=added,
        report_progress=lambda line: _say(arguments, line),
    )
    for problem in outcome.refused:
        print(f"error: {problem}", file=sys.stderr)
    return _EXIT_FAILED if outcome.refused else _EXIT_OK


def _migrate(arguments: argparse.Namespace, project: Project) -> int:
    migration = plan_migration(_content_dir(arguments, project))
    if not migration.due:
        _say(arguments, f"the corpus already uses schema version {SCHEMA_VERSION}: nothing to do")
        return _EXIT_OK
    for path in migration.changes:
        print(f"{'would change' if arguments.check else 'changed'} {display_path(path)}")
    if arguments.check:
        _say(
            arguments,
            f"a migration from version {migration.from_version} is due: run `papers migrate`",
        )
        return _EXIT_FAILED
    apply_migration(migration)
    _say(arguments, f"migrated from version {migration.from_version} to {SCHEMA_VERSION}")
    return _EXIT_OK


def _ingest(arguments: argparse.Namespace, project: Project) -> int:
    content_dir = _content_dir(arguments, project)
    corpus = load_corpus(content_dir)
    date = arguments.date or dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    source = HuggingFaceDailyPapers.from_environment(os.environ)
    _say(arguments, f"asking {source.name} for {date.isoformat()}")
    listing = source.day(date)
    if not listing:  # weekends and holidays have none; a stalled archive is caught elsewhere
        _say(arguments, f"{source.name} lists no papers for {date.isoformat()}: nothing to write")
        return _EXIT_OK
    plan = plan_ingest(
        content_dir=content_dir,
        corpus=corpus,
        date=date,
        listing=listing,
        source=source.name,
        update=arguments.update,
    )
    _say(arguments, f"{len(listing)} papers: {len(plan.new)} new, {len(plan.linked)} already here")
    if not plan.writes:
        _say(arguments, "nothing to change")
        return _EXIT_OK
    check_plan(content_dir, plan)
    apply_plan(plan, lambda line: _say(arguments, line))
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)
    return _EXIT_OK


def _changes(arguments: argparse.Namespace, project: Project) -> int:
    content_dir = _content_dir(arguments, project)
    print(changes_summary(content_dir, arguments.base), end="")
    return _EXIT_OK


def _digest(arguments: argparse.Namespace, project: Project) -> int:
    corpus = load_corpus(_content_dir(arguments, project))
    base_url = resolve_base_url(corpus, _base_url_override(arguments))
    day = arguments.date or dt.datetime.now(dt.UTC).date()
    digest = digest_from_environment(corpus, day, base_url, os.environ)
    if not digest.papers:
        _say(arguments, f"no papers were added on {day.isoformat()}: nothing to send")
        return _EXIT_OK
    now = dt.datetime.now(dt.UTC)
    if not arguments.send:
        _write_message(preview(digest, os.environ, now).as_bytes(), arguments.dry_run or "-")
        return _EXIT_OK
    report, recipients = send(digest, os.environ, now, lambda line: _say(arguments, line))
    for recipient, reason in report.failed.items():
        print(f"error: not sent to {recipient}: {reason}", file=sys.stderr)
    sent = f"sent to {len(report.delivered)} of {recipients} recipients"
    _say(arguments, f"digest of {digest.headline} {sent}")
    return _EXIT_FAILED if report.failed else _EXIT_OK


def _write_message(message: bytes, target: str) -> None:
    if target == "-":
        sys.stdout.buffer.write(message)
        sys.stdout.flush()
    else:
        write_atomically(Path(target), message)


def _regenerate(arguments: argparse.Namespace, project: Project) -> None:
    """Regenerate after an edit; a mistake is reported and the last good pages stay served."""
    try:
        _generate(arguments, project)
    except CorpusError as error:
        _report_problems(error)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)


class _OnChange(FileSystemEventHandler):
    """Flags any change below the watched folder."""

    def __init__(self, changed: threading.Event) -> None:
        self.changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in {"created", "modified", "deleted", "moved"}:
            self.changed.set()


def _watch(content_dir: Path, changed: threading.Event) -> BaseObserver:
    observer = Observer()
    observer.schedule(_OnChange(changed), str(content_dir), recursive=True)
    observer.start()
    return observer


def _generate(arguments: argparse.Namespace, project: Project) -> Generated:
    build_dir = arguments.build_dir or project.root / "build"
    base_url = _base_url_override(arguments)
    generated = generate(_content_dir(arguments, project), build_dir, project, base_url)
    report = generated.report
    if report is None:
        _say(arguments, f"{generated.papers} papers, nothing changed since the last generation")
    else:
        _say(
            arguments,
            f"generated {generated.papers} papers into {build_dir}: "
            f"{report.written} written, {report.unchanged} unchanged, {report.removed} removed",
        )
    return generated


def _base_url_override(arguments: argparse.Namespace) -> str | None:
    return getattr(arguments, "base_url", None) or os.environ.get("PAPERS_BASE_URL") or None


def _content_dir(arguments: argparse.Namespace, project: Project) -> Path:
    return Path(arguments.content) if arguments.content else project.root / "content"


def _say(arguments: argparse.Namespace, message: str) -> None:
    if not arguments.quiet:
        print(message, file=sys.stderr)


def _report_problems(error: CorpusError, output_format: str = "text") -> None:
    for problem in error.problems:
        if output_format == "github":
            # Workflow commands are read from standard output.
            print(problem.github_annotation())
        else:
            print(problem, file=sys.stderr)
    count = len(error.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papers", description="Validate the paper corpus and publish it as a static site."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    def command(name: str, handler: object, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(command=handler)
        sub.add_argument(
            "--content", metavar="DIR", help="the corpus folder (default: the project's content/)"
        )
        sub.add_argument("-q", "--quiet", action="store_true", help="print only problems")
        return sub

    validate = command(
        "validate", _validate, "Check every corpus file; list all problems, exit 1 if any."
    )
    validate.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github: print GitHub Actions annotations, shown on the line in a pull request",
    )
    validate.add_argument(
        "--today",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the date 'in the future' is measured against (default: today anywhere on Earth)",
    )
    build = command("build", _build, "Validate, generate the site source and render the site.")
    build.add_argument("--site-dir", type=Path, metavar="DIR", help="output (default: site/)")
    serve = command("serve", _serve, "Preview the site, regenerating it when content/ changes.")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    schema = command(
        "schema", _schema, "Write the JSON Schema of each corpus file kind into content/schema/."
    )
    schema.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a schema file is stale"
    )
    new = command("new", _new, "Write a paper file to fill in by hand, every field explained.")
    new.add_argument("id", help="the paper's slug, e.g. toy-models-of-superposition")
    add = command(
        "add",
        _add,
        "Add papers from the arXiv API: writes content/papers/<id>.yaml for each arXiv id "
        "(address: $PAPERS_ARXIV_API_URL).",
    )
    add.add_argument(
        "ids", nargs="+", metavar="ARXIV_ID", help="e.g. 2209.10652 or arXiv:2209.10652v2"
    )
    for sub in (new, add):
        sub.add_argument(
            "--added",
            type=_iso_date,
            metavar="YYYY-MM-DD",
            help="the day added (default: today, UTC)",
        )
    migrate = command(
        "migrate", _migrate, "Upgrade a corpus from an older schema version, file by file."
    )
    migrate.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 when a migration is due"
    )
    ingest = command(
        "ingest",
        _ingest,
        "Bring in a day's trending papers from the Hugging Face daily papers API "
        "($PAPERS_HF_API_URL): new paper files and the day's snapshot.",
    )
    ingest.add_argument(
        "--date", type=_iso_date, metavar="YYYY-MM-DD", help="the day (default: yesterday, UTC)"
    )
    ingest.add_argument(
        "--update",
        action="store_true",
        help="also add fields existing papers lack (arxiv, authors, published) and refresh the "
        "day's snapshot; without it, existing files are never touched",
    )
    changes = command(
        "changes",
        _changes,
        "Summarise, as Markdown, the papers added, changed or removed since a git revision.",
    )
    changes.add_argument("--base", required=True, metavar="REV", help="e.g. origin/main")
    digest = command(
        "digest",
        _digest,
        "Write or send the email digest of the papers added on one day (settings: PAPERS_SMTP_*, "
        "PAPERS_DIGEST_FROM, PAPERS_DIGEST_TO).",
    )
    digest.add_argument(
        "--date",
        type=_iso_date,
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
    for sub in (build, serve):
        sub.add_argument(
            "--build-dir", type=Path, metavar="DIR", help="generated source (default: build/)"
        )
    for sub in (build, digest):
        sub.add_argument(
            "--base-url",
            metavar="URL",
            help="the address the site is published at (default: $PAPERS_BASE_URL, "
            "else corpus.yaml)",
        )
    return parser


if __name__ == "__main__":
    sys.exit(main())
