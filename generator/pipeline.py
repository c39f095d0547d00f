"""The build pipeline in order: load and validate the corpus, render it, write the source."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from generator.cache import (
    Generation,
    cached_bytes,
    fingerprint,
    last_generation,
    record_generation,
    store_bytes,
)
from generator.corpus import Corpus, load_corpus
from generator.corpus.consistency import today_anywhere
from generator.corpus.schema import check_web_url
from generator.errors import BuildError
from generator.site.api import render_api
from generator.site.cite import render_bibliographies
from generator.site.config import DOCS_DIR, render_engine_config
from generator.site.feeds import render_feeds
from generator.site.pages import render_pages
from generator.site.search import (
    INDEX_FILE,
    SearchDocument,
    build_index,
    index_key,
    render_search,
    search_documents,
)
from generator.site.tree import OutputCollisionError
from generator.write import SyncReport, sync_folder, write_atomically

CONFIG_NAME = "mkdocs.yml"


@dataclass(frozen=True)
class Project:
    """The checkout that holds mkdocs.yml and theme/: how the site looks, whatever the corpus."""

    root: Path

    @classmethod
    def locate(cls) -> Project:
        """Find the project this package was installed from (an editable install or checkout)."""
        root = Path(__file__).resolve().parent.parent
        if not (root / CONFIG_NAME).is_file():
            raise BuildError(f"no {CONFIG_NAME} beside the generator package in {root}")
        return cls(root)

    def load_config(self) -> dict[str, object]:
        """Return the project's engine settings."""
        config = yaml.safe_load((self.root / CONFIG_NAME).read_text(encoding="utf-8"))
        if not isinstance(config, dict):
            raise BuildError(f"{self.root / CONFIG_NAME} must be a mapping of settings")
        return config


@dataclass(frozen=True)
class Generated:
    """What one generation produced (or found unchanged), and any work it left running."""

    fingerprint: str  # of every input: the same means the same generated source
    papers: int
    source_date_epoch: int
    config_file: Path
    report: SyncReport | None  # None: the inputs had not changed, nothing was done
    pending: PendingIndex | None = None  # the search index, when generate(defer_index=True)


def generate(
    content_dir: Path,
    build_dir: Path,
    project: Project,
    base_url: str | None = None,
    *,
    defer_index: bool = False,
    today: dt.date | None = None,
) -> Generated:
    """Validate the corpus, then bring `build_dir` to its rendered source (nothing on error).

    When no input changed since the last generation into `build_dir`, nothing is redone.
    With `defer_index`, a search index that must be rebuilt is left building in a second
    process (`Generated.pending`), so that the engine can render the pages meanwhile.
    `today` is what "in the future" is measured against (default: today anywhere on Earth).
    """
    build_dir = build_dir.resolve()
    key = fingerprint(
        content_dir, project.root / CONFIG_NAME, base_url or "", today or today_anywhere()
    )
    last = last_generation(build_dir)
    if last and last.fingerprint == key and (build_dir / CONFIG_NAME).is_file():
        return Generated(key, last.papers, last.source_date_epoch, build_dir / CONFIG_NAME, None)
    corpus = load_corpus(content_dir, today=today)
    url = resolve_base_url(corpus, base_url)
    documents = search_documents(corpus)
    record = Generation(key, len(corpus.papers), source_date_epoch(corpus))
    text_key = index_key(documents)  # hashes every abstract: computed once
    index = cached_bytes(build_dir, INDEX_CACHE, text_key)
    built = index is None
    pending = None
    if built and (defer_index or len(documents) >= PARALLEL_INDEX_FROM):
        pending = PendingIndex(documents, text_key, build_dir, record)  # on the second core
    elif built:
        index = build_index(documents)
    try:
        files = _render_source(corpus, url, project, build_dir)
        if pending and not defer_index:
            index, pending = pending.result(), None
        if index is not None:
            files[PurePosixPath(DOCS_DIR) / INDEX_FILE] = index
        report = sync_folder(files, build_dir)
    except BaseException:
        if pending:
            pending.cancel()
        raise
    if index is not None:
        _complete(build_dir, record, (text_key, index) if built else None)
    config_file = build_dir / CONFIG_NAME
    return Generated(key, record.papers, record.source_date_epoch, config_file, report, pending)


INDEX_CACHE = "search-index"
"""The name the search index is cached under in the build folder, keyed by its text."""


def _complete(build_dir: Path, generation: Generation, new_index: tuple[str, bytes] | None) -> None:
    """Cache a newly built index, then record the generation: last, once the folder is whole."""
    if new_index:
        store_bytes(build_dir, INDEX_CACHE, *new_index)
    record_generation(build_dir, generation)


PARALLEL_INDEX_FROM = 1000
"""From this many papers the search index is built in a second process while pages render."""


def _render_source(
    corpus: Corpus, url: str, project: Project, build_dir: Path
) -> dict[PurePosixPath, bytes]:
    """Every file of the engine's source but the search index: pages, feeds, engine config."""
    try:
        pages = render_pages(corpus)
        for path, content in [
            *render_feeds(corpus, url).items(),
            *render_search(corpus).items(),
            *render_bibliographies(corpus).items(),
            *render_api(corpus, url).items(),
        ]:
            pages.add(path, content)
    except OutputCollisionError as error:
        raise BuildError(f"{error}; rename the hand-written page in content/pages/") from None
    files = {PurePosixPath(DOCS_DIR, path): content for path, content in pages.items()}
    files[PurePosixPath(CONFIG_NAME)] = render_engine_config(
        project.load_config(), corpus, project_dir=project.root, build_dir=build_dir, base_url=url
    )
    return files


class PendingIndex:
    """The search index being built in a second process for one generation."""

    def __init__(
        self, documents: list[SearchDocument], key: str, build_dir: Path, generation: Generation
    ) -> None:
        # spawn, not fork: `papers serve` runs a watcher thread, and forking threads is unsafe.
        self._pool = multiprocessing.get_context("spawn").Pool(processes=1)
        self._index = self._pool.apply_async(build_index, (documents,))
        self._key = key
        self._build_dir = build_dir
        self._generation = generation

    def result(self) -> bytes:
        """Wait for the index and return it."""
        index: bytes = self._index.get()
        self._pool.close()
        self._pool.join()
        return index

    def finish(self) -> dict[PurePosixPath, bytes]:
        """Wait, complete the generation in the build folder; return the site files it adds."""
        index = self.result()
        write_atomically(self._build_dir / DOCS_DIR / INDEX_FILE, index)
        _complete(self._build_dir, self._generation, (self._key, index))
        return {INDEX_FILE: index}

    def cancel(self) -> None:
        """Stop building (if still running); an unfinished generation stays unrecorded."""
        self._pool.terminate()
        self._pool.join()


_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})


def resolve_base_url(corpus: Corpus, override: str | None) -> str:
    """The address the site is published at: `override` if given, else corpus.yaml's.

    Plain http is accepted only for this machine (a local preview or test server).
    """
    url = (override or corpus.site.base_url).rstrip("/") + "/"
    scheme, _, rest = url.partition("://")
    host = (
        rest.split("/", 1)[0].rsplit(":", 1)[0]
        if not rest.startswith("[")
        else rest.split("]")[0] + "]"
    )
    if scheme == "http" and host in _LOOPBACK_HOSTS:
        return url
    try:
        return check_web_url(url)
    except ValueError as error:
        raise BuildError(f"base URL {url!r}: {error}") from None


def source_date_epoch(corpus: Corpus) -> int:
    """The build's timestamp from the data: midnight UTC of the newest paper's `added` day."""
    newest = max((paper.added for paper in corpus.papers), default=dt.date(1970, 1, 1))
    return int(dt.datetime.combine(newest, dt.time(), tzinfo=dt.UTC).timestamp())
