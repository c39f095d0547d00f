"""The build pipeline in order: load and validate the corpus, render it, write the source."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
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
from generator.corpus.schema import check_web_url
from generator.errors import BuildError
from generator.site.config import DOCS_DIR, render_engine_config
from generator.site.feeds import render_feeds
from generator.site.pages import render_pages
from generator.site.search import build_index, index_key, render_search, search_documents
from generator.site.tree import OutputCollisionError, SiteTree
from generator.write import SyncReport, sync_folder

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
    """What one generation produced (or found unchanged)."""

    papers: int
    source_date_epoch: int
    config_file: Path
    report: SyncReport | None  # None: the inputs had not changed, nothing was done


def generate(
    content_dir: Path, build_dir: Path, project: Project, base_url: str | None = None
) -> Generated:
    """Validate the corpus, then bring `build_dir` to its rendered source (nothing on error).

    When no input changed since the last generation into `build_dir`, nothing is redone.
    """
    build_dir = build_dir.resolve()
    key = fingerprint(content_dir, project.root / CONFIG_NAME, base_url or "")
    last = last_generation(build_dir)
    if last and last.fingerprint == key and (build_dir / CONFIG_NAME).is_file():
        return Generated(last.papers, last.source_date_epoch, build_dir / CONFIG_NAME, None)
    corpus = load_corpus(content_dir)
    url = resolve_base_url(corpus, base_url)
    try:
        pages, index, index_key = _render_with_index(corpus, build_dir)
        for path, content in [
            *render_feeds(corpus, url).items(),
            *render_search(corpus, index).items(),
        ]:
            pages.add(path, content)
    except OutputCollisionError as error:
        raise BuildError(f"{error}; rename the hand-written page in content/pages/") from None
    files = {PurePosixPath(DOCS_DIR, path): content for path, content in pages.items()}
    files[PurePosixPath(CONFIG_NAME)] = render_engine_config(
        project.load_config(), corpus, project_dir=project.root, build_dir=build_dir, base_url=url
    )
    report = sync_folder(files, build_dir)
    store_bytes(build_dir, "search-index", index_key, index)
    epoch = source_date_epoch(corpus)
    record_generation(build_dir, Generation(key, len(corpus.papers), epoch))
    return Generated(len(corpus.papers), epoch, build_dir / CONFIG_NAME, report)


PARALLEL_INDEX_FROM = 1000
"""From this many papers the search index is built in a second process while pages render."""


def _render_with_index(corpus: Corpus, build_dir: Path) -> tuple[SiteTree, bytes, str]:
    """Render the pages and get the search index: from the cache when its text is unchanged,
    else built beside the rendering on a second core when the corpus is large enough."""
    documents = search_documents(corpus)
    key = index_key(documents)
    cached = cached_bytes(build_dir, "search-index", key)
    if cached is not None:
        return render_pages(corpus), cached, key
    if len(documents) < PARALLEL_INDEX_FROM:  # a process costs more than it saves
        return render_pages(corpus), build_index(documents), key
    # spawn, not fork: `papers serve` runs a watcher thread, and forking threads is unsafe.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        index = pool.submit(build_index, documents)
        pages = render_pages(corpus)
        return pages, index.result(), key


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
