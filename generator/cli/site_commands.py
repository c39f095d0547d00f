"""The site commands: validate the corpus, build the site, preview it while editing."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from generator.build import BuildRequest, build
from generator.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    AddCommand,
    add_base_url_option,
    add_repository_option,
    base_url_override,
    content_folder,
    iso_date,
    print_problems,
    report_problems,
    repository_override,
    say,
    warnings_to_show,
)
from generator.corpus import load_corpus
from generator.corpus.gaps import gap_warnings, metadata_gaps
from generator.curate.changes import changed_in_working_tree, changed_since
from generator.engine.incremental import refresh_navigation
from generator.engine.run import check_free_address, engine_environment, start_dev_server
from generator.errors import BuildError, CorpusError
from generator.preview import Preview, generate_for_preview, show_edits, start_preview
from generator.project import Project
from generator.site.search_shards import build_index_files
from generator.source import IndexToBuild, Source, place_index


def register(add: AddCommand) -> None:
    """Add validate, build and serve."""
    validate = add(
        "validate", _validate, "Check every corpus file; list all problems, exit 1 if any."
    )
    validate.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github: print GitHub Actions annotations, shown on the line in a pull request",
    )
    validate.add_argument(
        "--changed-since",
        metavar="REV",
        help="warn only about the files changed since the git revision REV (errors are always "
        "all reported), e.g. origin/main in a pull request; the others are counted in one line",
    )
    validate.add_argument(
        "--all-warnings",
        action="store_true",
        help="warn about every file (by default, only about files changed since the last "
        "commit, or since --changed-since)",
    )
    build = add("build", _build, "Validate, generate the site source and render the site.")
    build.add_argument("--site-dir", type=Path, metavar="DIR", help="output (default: site/)")
    build.add_argument(
        "--force", action="store_true", help="render the site even if nothing it uses changed"
    )
    add_base_url_option(build)
    add_repository_option(build)
    serve = add("serve", _serve, "Preview the site, regenerating it when content/ changes.")
    serve.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="HOST:PORT",
        help="where to serve the preview (default: %(default)s)",
    )
    for sub in (build, serve):
        sub.add_argument(
            "--build-dir", type=Path, metavar="DIR", help="generated source (default: build/)"
        )
    for sub in (validate, build, serve):
        sub.add_argument(
            "--today",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help="the date 'in the future' is measured against (default: today anywhere on "
            "Earth; for replaying or simulating days)",
        )


def _validate(arguments: argparse.Namespace, project: Project) -> int:
    content_dir = content_folder(arguments, project)
    changed, untouched = _changed_files(content_dir, arguments)
    try:
        corpus = load_corpus(content_dir, today=arguments.today)
    except CorpusError as error:
        report_problems(error, arguments.format, changed)
        return EXIT_FAILED
    gaps = metadata_gaps(corpus.papers)
    warnings = [*corpus.warnings, *gap_warnings(content_dir, gaps)]
    if not arguments.quiet:
        shown, others = warnings_to_show(warnings, None if arguments.all_warnings else changed)
        print_problems(shown, arguments.format, changed)
        if others:
            print(
                f"{others} more warning(s) about files {untouched}; --all-warnings lists them",
                file=sys.stderr,
            )
    noticed = [
        *([f"{len(gaps)} lack authors or a link to the paper"] if gaps else []),
        *(
            [f"{len(corpus.warnings)} about titles alike, repeated authors or removed papers"]
            if corpus.warnings
            else []
        ),
    ]
    warned = f"; {', '.join(noticed)} (warnings)" if noticed else ""
    say(arguments, f"ok: {len(corpus.papers)} papers in {len(corpus.topics)} topics{warned}")
    return EXIT_OK


def _changed_files(
    content_dir: Path, arguments: argparse.Namespace
) -> tuple[frozenset[Path] | None, str]:
    """The files whose warnings to show, and how to name the others; None: every file."""
    if arguments.changed_since:
        changed = changed_since(content_dir, arguments.changed_since)
        return frozenset(changed), f"this branch did not change since {arguments.changed_since}"
    local = changed_in_working_tree(content_dir)
    if local is None:
        return None, ""
    return frozenset(local), "you have not changed since the last commit"


def _build(arguments: argparse.Namespace, project: Project) -> int:
    request = _request(arguments, project)
    report = build(request)
    _say_generated(arguments, report.source)
    if report.rendered:
        pages = f"{report.pages_rendered:,} of {report.pages:,} pages rendered"
        say(arguments, f"built {request.site_dir} in {report.seconds:.1f} s ({pages})")
    else:
        say(arguments, f"{request.site_dir} is up to date (--force renders it again)")
    return EXIT_OK


def _serve(arguments: argparse.Namespace, project: Project) -> int:
    # A terminated preview must stop its engine too: run the `finally` below, not die at once.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    content_dir = content_folder(arguments, project)
    check_free_address(arguments.dev_addr)  # before a full build, not after it
    source, preview = _generate(arguments, project)
    refresh_navigation(source.config_file)  # the titles the server's first build shows
    environment = engine_environment(source.generation.source_date_epoch)
    server = start_dev_server(source.config_file, arguments.dev_addr, environment)
    changes = _Changes()
    observer = _watch(content_dir, changes)
    indexing: threading.Thread | None = None
    try:
        while server.poll() is None:
            if changes.wait(timeout=0.5):
                time.sleep(0.05)  # a saved file is whole by now, if not a burst of them
                changed = changes.take()
                if shown := show_edits(preview, changed):
                    names = ", ".join(page.stem for page in shown)
                    say(arguments, f"showing the edit of {names}; the rest of the site follows")
                time.sleep(0.15)  # let an editor finish saving a burst of files
                changes.take()  # the generation reads every file: those saved since too
                if indexing is not None:  # one index at a time, the newest placed last
                    indexing.join()
                indexing, preview = _regenerate(arguments, project, preview)
        return server.returncode or EXIT_OK
    finally:
        observer.stop()
        server.terminate()
        server.wait()


def _exit_on_signal(number: int, frame: object) -> None:
    raise SystemExit(128 + number)


def _regenerate(
    arguments: argparse.Namespace, project: Project, preview: Preview
) -> tuple[threading.Thread | None, Preview]:
    """Regenerate after an edit; a mistake is reported and the last good pages stay served.

    The pages come first; a search index whose text changed follows, built in the background
    (the preview's search uses the last one meanwhile). Returns the thread building it, and
    what the generation knew (`preview` when it did nothing).
    """
    try:
        source, regenerated = generate_for_preview(_request(arguments, project))
    except CorpusError as error:
        report_problems(error)
        return None, preview
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return None, preview
    refresh_navigation(source.config_file)
    _say_generated(arguments, source)
    preview = regenerated or preview
    if source.index_to_build is None:
        return None, preview
    say(arguments, "updating the search index; the preview's search uses the last one until then")
    indexing = threading.Thread(
        target=_place_index_later, args=(arguments, source, source.index_to_build), daemon=True
    )
    indexing.start()
    return indexing, preview


def _place_index_later(
    arguments: argparse.Namespace, source: Source, to_build: IndexToBuild
) -> None:
    started = time.perf_counter()
    place_index(source, build_index_files(to_build.documents, to_build.terms_file))
    say(arguments, f"search index updated in {time.perf_counter() - started:.1f} s")


class _Changes:
    """The paths changed below a watched folder since they were last taken."""

    def __init__(self) -> None:
        self._paths: set[Path] = set()
        self._lock = threading.Lock()
        self._changed = threading.Event()

    def add(self, *paths: str | bytes) -> None:
        with self._lock:
            self._paths.update(Path(os.fsdecode(path)) for path in paths if path)
            self._changed.set()

    def wait(self, timeout: float) -> bool:
        """Whether a change came within `timeout` seconds."""
        return self._changed.wait(timeout)

    def take(self) -> set[Path]:
        """The paths changed since the last call, forgotten."""
        with self._lock:
            paths, self._paths = self._paths, set()
            self._changed.clear()
        return paths


class _OnChange(FileSystemEventHandler):
    """Notes every path created, modified, deleted or moved below the watched folder."""

    def __init__(self, changes: _Changes) -> None:
        self.changes = changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in {"created", "modified", "deleted", "moved"}:
            self.changes.add(event.src_path, getattr(event, "dest_path", ""))


def _watch(content_dir: Path, changes: _Changes) -> BaseObserver:
    observer = Observer()
    observer.schedule(_OnChange(changes), str(content_dir), recursive=True)
    observer.start()
    return observer


def _generate(arguments: argparse.Namespace, project: Project) -> tuple[Source, Preview]:
    """The first generation of a preview, search index included."""
    source, preview = start_preview(_request(arguments, project))
    _say_generated(arguments, source)
    return source, preview


def _request(arguments: argparse.Namespace, project: Project) -> BuildRequest:
    return BuildRequest(
        project,
        content_folder(arguments, project),
        build_dir=arguments.build_dir or project.root / "build",
        site_dir=getattr(arguments, "site_dir", None) or project.root / "site",
        base_url=base_url_override(arguments),
        repository=repository_override(arguments),
        today=arguments.today,
        force=getattr(arguments, "force", False),
    )


def _say_generated(arguments: argparse.Namespace, source: Source) -> None:
    papers, report = source.generation.papers, source.report
    if report is None:
        say(arguments, f"{papers} papers, nothing changed since the last generation")
    else:
        say(
            arguments,
            f"generated {papers} papers into {source.build_dir}: "
            f"{report.written} written, {report.unchanged} unchanged, {report.removed} removed",
        )
