"""The corpus commands: add papers, bring in a day, keep the schema and its versions."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import difflib
import os
import sys

from generator.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    AddCommand,
    content_folder,
    iso_date,
    refresh_files,
    say,
)
from generator.corpus import load_corpus, paper_file
from generator.corpus.migrate import apply_migration, plan_migration
from generator.corpus.schema import SCHEMA_VERSION, json_schemas
from generator.corpus.validate import topic_hint
from generator.curate.changes import changes_summary
from generator.curate.contribute import add_papers, skeleton_text, slug_for
from generator.curate.enrich import plan_enrichment, summary_lines
from generator.curate.ingest import check_writes
from generator.errors import BuildError, display_path
from generator.project import Project
from generator.sources.arxiv import ArxivClient
from generator.write import write_atomically


def register(add: AddCommand) -> None:
    """Add schema, new, add, migrate, enrich and changes."""
    schema = add(
        "schema", _schema, "Write the JSON Schema of each corpus file kind into content/schema/."
    )
    schema.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a schema file is stale"
    )
    new = add("new", _new, "Write a paper file to fill in by hand, every field explained.")
    new.add_argument("id", help="the paper's slug, e.g. toy-models-of-superposition")
    add_ = add(
        "add",
        _add,
        "Add papers from the arXiv API: writes content/papers/<id>.yaml for each arXiv id "
        "(address: $PAPERS_ARXIV_API_URL).",
    )
    add_.add_argument(
        "ids", nargs="+", metavar="ARXIV_ID", help="e.g. 2209.10652 or arXiv:2209.10652v2"
    )
    add_.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="SLUG",
        dest="topics",
        help="a topic of the papers, from content/topics.yaml (repeatable); replaces the "
        "topics their words suggest",
    )
    for sub in (new, add_):
        sub.add_argument(
            "--added",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help="the day added (default: today, UTC)",
        )
    migrate = add(
        "migrate", _migrate, "Upgrade a corpus from an older schema version, file by file."
    )
    migrate.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 when a migration is due"
    )
    enrich = add(
        "enrich",
        _enrich,
        "Fill missing arXiv ids, authors, dates and PDF links from the arXiv API "
        "($PAPERS_ARXIV_API_URL), taking only exact title matches and inserting lines only.",
    )
    enrich.add_argument(
        "--dry-run", action="store_true", help="write nothing; print the changes as a diff"
    )
    enrich.add_argument(
        "--limit", type=int, metavar="N", help="look up at most N papers (in file-name order)"
    )
    enrich.add_argument(
        "--delay",
        type=float,
        metavar="SECONDS",
        help="pause between API requests (default: 3, as arXiv asks; $PAPERS_ARXIV_DELAY)",
    )
    changes = add(
        "changes",
        _changes,
        "Summarise, as Markdown, the papers added, changed or removed since a git revision.",
    )
    changes.add_argument("--base", required=True, metavar="REV", help="e.g. origin/main")


def _schema(arguments: argparse.Namespace, project: Project) -> int:
    folder = content_folder(arguments, project) / "schema"
    files = {folder / name: content for name, content in json_schemas().items()}
    return refresh_files(arguments, files, "papers schema")


def _new(arguments: argparse.Namespace, project: Project) -> int:
    content_dir = content_folder(arguments, project)
    corpus = load_corpus(content_dir)
    paper_id = arguments.id
    if slug_for(paper_id) != paper_id:
        raise BuildError(f"{paper_id!r} is not a slug; try {slug_for(paper_id)!r}")
    target = paper_file(content_dir, paper_id)
    if target.exists():
        raise BuildError(f"{target} already exists; edit it, or choose another id")
    added = arguments.added or dt.datetime.now(dt.UTC).date()
    write_atomically(target, skeleton_text(paper_id, added, corpus.topics).encode("utf-8"))
    say(arguments, f"wrote {target}: fill it in, then run `papers validate`")
    return EXIT_OK


def _add(arguments: argparse.Namespace, project: Project) -> int:
    content_dir = content_folder(arguments, project)
    corpus = load_corpus(content_dir)
    slugs = [topic.slug for topic in corpus.topics]
    for slug in arguments.topics:
        if slug not in slugs:
            raise BuildError(f"unknown topic '{slug}' in --topic; {topic_hint(slug, slugs)}")
    added = arguments.added or dt.datetime.now(dt.UTC).date()
    outcome = add_papers(
        content_dir=content_dir,
        corpus=corpus,
        ids=arguments.ids,
        client=ArxivClient.from_environment(os.environ),
        added=added,
        report_progress=lambda line: say(arguments, line),
        topics=list(dict.fromkeys(arguments.topics)),
    )
    for problem in outcome.refused:
        print(f"error: {problem}", file=sys.stderr)
    return EXIT_FAILED if outcome.refused else EXIT_OK


def _migrate(arguments: argparse.Namespace, project: Project) -> int:
    migration = plan_migration(content_folder(arguments, project))
    if not migration.due:
        say(arguments, f"the corpus already uses schema version {SCHEMA_VERSION}: nothing to do")
        return EXIT_OK
    for path in migration.changes:
        print(f"{'would change' if arguments.check else 'changed'} {display_path(path)}")
    if arguments.check:
        say(
            arguments,
            f"a migration from version {migration.from_version} is due: run `papers migrate`",
        )
        return EXIT_FAILED
    apply_migration(migration)
    say(arguments, f"migrated from version {migration.from_version} to {SCHEMA_VERSION}")
    return EXIT_OK


def _enrich(arguments: argparse.Namespace, project: Project) -> int:
    content_dir = content_folder(arguments, project)
    corpus = load_corpus(content_dir)
    client = ArxivClient.from_environment(os.environ)
    if arguments.delay is not None:
        client = dataclasses.replace(client, delay=max(0.0, arguments.delay))
    result = plan_enrichment(
        content_dir=content_dir,
        corpus=corpus,
        client=client,
        limit=arguments.limit,
        report_progress=lambda line: say(arguments, line),
    )
    check_writes(content_dir, {path: edit.after for path, edit in result.edits.items()})
    for path, edit in result.edits.items():
        if arguments.dry_run:
            name = display_path(path)
            sys.stdout.writelines(
                difflib.unified_diff(
                    edit.before.splitlines(keepends=True),
                    edit.after.splitlines(keepends=True),
                    f"a/{name}",
                    f"b/{name}",
                )
            )
        else:
            write_atomically(path, edit.after.encode("utf-8"))
    for line in summary_lines(result):
        print(line, file=sys.stderr)
    return EXIT_FAILED if result.failed else EXIT_OK


def _changes(arguments: argparse.Namespace, project: Project) -> int:
    content_dir = content_folder(arguments, project)
    print(changes_summary(content_dir, arguments.base), end="")
    return EXIT_OK
