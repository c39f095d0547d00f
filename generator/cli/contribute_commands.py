"""Contributing without git, and starting an archive: issue forms, issues turned into papers,
a new archive from this one's machinery."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from generator.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    AddCommand,
    content_folder,
    refresh_files,
    say,
)
from generator.corpus import load_corpus
from generator.curate.contribute import add_papers
from generator.curate.issue_forms import RequestRefusedError, issue_forms, read_add_request
from generator.curate.new_archive import ArchiveSettings, create_archive, papers_of, topics_of
from generator.errors import BuildError
from generator.project import Project
from generator.sources.arxiv import ArxivClient


def register(add: AddCommand) -> None:
    """Add forms, add-from-issue and init."""
    forms = add(
        "forms",
        _forms,
        "Write the issue forms of .github/ISSUE_TEMPLATE/, their topics from topics.yaml.",
    )
    forms.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a form is stale"
    )
    from_issue = add(
        "add-from-issue",
        _add_from_issue,
        'Add the paper an "Add a paper" issue asks for (the add-paper workflow runs this).',
    )
    from_issue.add_argument(
        "--event",
        type=Path,
        required=True,
        metavar="FILE",
        help="the issue event's JSON, as GitHub gives it ($GITHUB_EVENT_PATH)",
    )
    from_issue.add_argument(
        "--reply",
        type=Path,
        required=True,
        metavar="FILE",
        help="where to write the comment for the issue when it is refused",
    )
    init = add(
        "init",
        _init,
        "Start a new archive in DIR from this one's machinery: your title, address and topics,"
        " no papers (or the papers of --paper). Asks for what the options do not give.",
    )
    init.add_argument("dir", type=Path, metavar="DIR", help="a new or empty folder")
    init.add_argument("--title", help="the site's name")
    init.add_argument("--description", help="one sentence saying what the archive holds")
    init.add_argument(
        "--url", help="the address it is published at, e.g. https://OWNER.github.io/NAME/"
    )
    init.add_argument(
        "--repository",
        metavar="URL",
        help="its GitHub repository, if known (the publish workflow sets it anyway)",
    )
    init.add_argument(
        "--topic",
        action="append",
        default=[],
        dest="topics",
        metavar="SLUG=TITLE",
        help="a topic (repeatable), e.g. robot-learning='Robot learning'",
    )
    init.add_argument(
        "--paper",
        action="append",
        default=[],
        dest="papers",
        metavar="ARXIV_ID=SLUG[,SLUG]",
        help="a first paper, from the arXiv API, and its topics (repeatable), e.g."
        " 2209.10652=robot-learning",
    )


def _forms(arguments: argparse.Namespace, project: Project) -> int:
    corpus = load_corpus(content_folder(arguments, project))
    files = {
        project.root.joinpath(*path.parts): content
        for path, content in issue_forms(corpus.topics).items()
    }
    return refresh_files(arguments, files, "papers forms")


def _add_from_issue(arguments: argparse.Namespace, project: Project) -> int:
    """Print `paper=<id>` (for $GITHUB_OUTPUT) when the paper was written; otherwise write the
    reply and print `refused=true`. Either is a success: a refusal is an answer, not an error."""
    content_dir = content_folder(arguments, project)
    corpus = load_corpus(content_dir)
    event = json.loads(arguments.event.read_text(encoding="utf-8"))
    issue = event.get("issue") if isinstance(event, dict) else None
    body = issue.get("body") if isinstance(issue, dict) else None
    try:
        request = read_add_request(body if isinstance(body, str) else "", corpus.topics)
    except RequestRefusedError as refusal:
        return _refuse(arguments.reply, str(refusal))
    outcome = add_papers(
        content_dir=content_dir,
        corpus=corpus,
        ids=[request.arxiv],
        client=ArxivClient.from_environment(os.environ),
        added=dt.datetime.now(dt.UTC).date(),
        report_progress=lambda line: say(arguments, line),
        topics=request.topics,
    )
    if outcome.refused:  # ids and paths only: nothing of the issue's text
        return _refuse(arguments.reply, "Not added: " + "; ".join(outcome.refused) + ".")
    for path in outcome.written:
        print(f"paper={path.stem}")
    return EXIT_OK


def _refuse(reply: Path, message: str) -> int:
    reply.write_text(message + "\n", encoding="utf-8")
    print("refused=true")
    return EXIT_OK


def _init(arguments: argparse.Namespace, project: Project) -> int:
    settings = ArchiveSettings(
        title=arguments.title or _ask("Title of the archive"),
        description=arguments.description or _ask("One sentence saying what it holds"),
        url=arguments.url or _ask("Address it will be published at (https://...)"),
        topics=topics_of(arguments.topics or _ask_topics()),
        repository=arguments.repository,
    )
    # A new archive has no papers to suggest topics from: each first paper names its own.
    first_papers = papers_of(arguments.papers, settings.topics)
    target = arguments.dir.resolve()
    written = create_archive(target, project.root, settings)
    say(arguments, f"wrote a new archive into {target} ({len(written)} files)")
    refused: list[str] = []
    content_dir = target / "content"
    corpus = load_corpus(content_dir)  # the new archive's: no papers yet, read once
    client = ArxivClient.from_environment(os.environ)
    for topics, ids in first_papers.items():  # `papers add` takes one topic list a call
        outcome = add_papers(
            content_dir=content_dir,
            corpus=corpus,
            ids=ids,
            client=client,
            added=dt.datetime.now(dt.UTC).date(),
            report_progress=lambda line: say(arguments, line),
            topics=topics,
        )
        refused += outcome.refused
    for problem in refused:
        print(f"error: {problem}", file=sys.stderr)
    if refused:
        return EXIT_FAILED
    say(arguments, f"next: cd {target} && make site")
    return EXIT_OK


def _ask(question: str) -> str:
    """One answer from standard input; none refuses."""
    try:
        answer = input(f"{question}: ").strip()
    except EOFError:
        answer = ""
    if not answer:
        raise BuildError(f"`papers init` needs an answer to: {question}")
    return answer


def _ask_topics() -> list[str]:
    answer = _ask("Topics, as SLUG=TITLE separated by ';' (e.g. robot-learning=Robot learning)")
    return [part.strip() for part in answer.split(";") if part.strip()]
