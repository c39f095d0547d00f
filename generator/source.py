"""The generated source: the corpus loaded, validated and rendered, synced into the build folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from generator.cache import (
    CACHE_FOLDER,
    Generation,
    cached_bytes,
    fingerprint,
    generator_digest,
    last_generation,
    record_generation,
    store_bytes,
)
from generator.corpus import Corpus, load_corpus
from generator.corpus.consistency import today_anywhere
from generator.corpus.parse_cache import ParseCache
from generator.corpus.schema import Site, check_web_url
from generator.engine.config import CONFIG_NAME, DOCS_DIR, engine_files, project_settings
from generator.errors import BuildError, CorpusError
from generator.project import Project
from generator.site.api import render_api
from generator.site.cite import render_bibliographies
from generator.site.feeds import render_feeds
from generator.site.memo import PageMemo
from generator.site.pages import render_pages
from generator.site.paths import INDEX_FILE, SHARD_FOLDER
from generator.site.related import RelatedIds
from generator.site.search import SearchDocument, index_key, render_search, search_documents
from generator.site.search_shards import unbundle
from generator.site.templating import keep_compiled_templates
from generator.site.tree import OutputCollisionError
from generator.write import (
    Content,
    SyncReport,
    made_by_papers,
    sync_folder,
    write_atomically,
)


@dataclass(frozen=True)
class IndexToBuild:
    """The search index a generation still lacks: the documents to index, their key, and
    where the terms of their texts are kept between builds (`build_index_files`)."""

    documents: list[SearchDocument]
    key: str  # of the indexed text: an unchanged text reuses the cached index
    terms_file: Path | None = None


@dataclass(frozen=True)
class Source:
    """A build folder brought to the corpus (or found so already), perhaps but for its index."""

    build_dir: Path
    generation: Generation
    report: SyncReport | None  # None: the inputs had not changed, nothing was done
    index_to_build: IndexToBuild | None = None  # the generation is recorded once it is placed

    @property
    def config_file(self) -> Path:
        """The engine's settings for this source."""
        return self.build_dir / CONFIG_NAME


@dataclass(frozen=True)
class LoadedCorpus:
    """A corpus validated for a build folder, its pages not yet rendered."""

    project: Project
    build_dir: Path
    generation: Generation
    corpus: Corpus | None  # None: no input changed since the last generation, nothing to do
    url: str = ""
    settings: Mapping[str, object] = field(default_factory=dict)
    index: bytes | None = None  # the cached index of the corpus's text, if there is one
    index_to_build: IndexToBuild | None = None  # else: what to index
    parses: ParseCache | None = None  # the corpus files' parses, to keep once the sync is done


def load_source(
    project: Project,
    content_dir: Path,
    build_dir: Path,
    base_url: str | None = None,
    today: dt.date | None = None,
    *,
    repository: str | None = None,
    always: bool = False,
    on_change: Callable[[], object] | None = None,
) -> LoadedCorpus:
    """Validate the corpus for `build_dir`, and find what its search index needs.

    When no input changed since the last generation into `build_dir`, nothing is to redo
    (`LoadedCorpus.corpus` is None). A search index whose text changed is left to build
    (`index_to_build`, then `place_index`). `today` is what "in the future" is measured
    against (default: today anywhere on Earth); `repository`, if given, replaces corpus.yaml's;
    `always` loads the corpus even when nothing changed (a preview keeps it at hand);
    `on_change` is called once an input is found changed, before the corpus is parsed.
    """
    build_dir = build_dir.resolve()
    settings = project_settings(project.root)  # refused here, before any work, if missing
    key = fingerprint(
        content_dir,
        project.root / CONFIG_NAME,
        base_url or "",
        today or today_anywhere(),
        repository or "",
    )
    last = last_generation(build_dir)
    if not always and last and last.fingerprint == key and (build_dir / CONFIG_NAME).is_file():
        return LoadedCorpus(project, build_dir, last, corpus=None)
    if on_change is not None:
        on_change()
    parses = ParseCache.load(build_dir / CACHE_FOLDER / PARSE_CACHE, generator_digest())
    try:
        corpus = load_corpus(content_dir, today=today, reuse=parses.document)
    except CorpusError:
        # A corpus with mistakes is fixed file by file: its other files stay parsed. Only in
        # a build folder already made (a new one is made, and checked, by the sync).
        if made_by_papers(build_dir):
            parses.save(build_dir / CACHE_FOLDER / PARSE_CACHE)
        raise
    corpus = with_repository(corpus, repository)
    url = resolve_base_url(corpus, base_url)
    generation = Generation(key, len(corpus.papers), source_date_epoch(corpus))
    documents = search_documents(corpus)
    text_key = index_key(documents)  # hashes every abstract: computed once
    index = cached_bytes(build_dir, INDEX_CACHE, text_key)
    # Kept by the index's process, which may finish before the sync makes a new build folder
    # (and checks that a folder it is given is one): only in a folder made already.
    terms_file = build_dir / CACHE_FOLDER / TERMS_CACHE if made_by_papers(build_dir) else None
    to_build = IndexToBuild(documents, text_key, terms_file) if index is None else None
    return LoadedCorpus(
        project, build_dir, generation, corpus, url, settings, index, to_build, parses
    )


def write_source(
    loaded: LoadedCorpus, related_of: Callable[[], RelatedIds] | None = None
) -> Source:
    """Render every page, feed and data file of a loaded corpus, and sync the build folder
    (nothing written on error); the related papers from `related_of` if given."""
    build_dir, corpus, url = loaded.build_dir, loaded.corpus, loaded.url
    if corpus is None:
        return Source(build_dir, loaded.generation, report=None)
    # Until a changed text's index is built, the last one stays: a preview's search works
    # meanwhile, and a build replaces it in the site it renders (place_index).
    if loaded.index is not None:
        kept_index = {
            PurePosixPath(DOCS_DIR, path): data for path, data in unbundle(loaded.index).items()
        }
    else:
        kept_index = _index_files_in(build_dir)
    memo = PageMemo.load(build_dir, build_dir / DOCS_DIR)
    if made_by_papers(build_dir):  # else not ours to write in before the sync claims it
        keep_compiled_templates(build_dir / CACHE_FOLDER / PAGE_TEMPLATES)
    rendered = render_source(corpus, url, memo, related_of)
    files = {
        **{PurePosixPath(DOCS_DIR, path): content for path, content in rendered},
        **engine_files(loaded.settings, loaded.project.root, corpus, build_dir, url),
        **kept_index,
    }
    PageMemo.forget(build_dir)
    report = sync_folder(files, build_dir)
    memo.save(build_dir)
    if loaded.parses is not None:
        loaded.parses.save(build_dir / CACHE_FOLDER / PARSE_CACHE)
    if loaded.index_to_build is not None:
        return Source(build_dir, loaded.generation, report, loaded.index_to_build)
    record_generation(build_dir, loaded.generation)
    return Source(build_dir, loaded.generation, report)


def _index_files_in(folder: Path) -> dict[PurePosixPath, bytes]:
    """The search index's files in a build folder's source, by path in the folder."""
    docs = folder / DOCS_DIR
    paths = [docs / INDEX_FILE, *sorted((docs / SHARD_FOLDER).glob("*.json"))]
    return {
        PurePosixPath(path.relative_to(folder).as_posix()): path.read_bytes()
        for path in paths
        if path.is_file()
    }


PAGE_TEMPLATES = "page-templates"
"""The build folder's cache of the generator's compiled page templates."""

PARSE_CACHE = "parsed.marshal"
"""The build folder's cache of parsed corpus files (`ParseCache`)."""

TERMS_CACHE = "index-terms.marshal"
"""The build folder's cache of the terms of indexed texts (`build_index_files`)."""

INDEX_CACHE = "search-index"
"""The name the search index is cached under in the build folder, keyed by its text."""


def render_source(
    corpus: Corpus,
    url: str,
    memo: PageMemo | None = None,
    related_of: Callable[[], RelatedIds] | None = None,
) -> list[tuple[PurePosixPath, Content]]:
    """Every page, feed and data file of the site but the search index, by path in the site;
    the pages `memo` knows unchanged are left as they are on disk, the related papers come from
    `related_of` if given."""
    try:
        # Before the pages: paper pages wait for the related papers, which another process may
        # be working out meanwhile (0.6-0.8 s of waiting at 10,000 papers when these came last).
        others = [
            *render_feeds(corpus, url).items(),
            *render_search(corpus).items(),
            *render_bibliographies(corpus).items(),
            *render_api(corpus, url).items(),
        ]
        pages = render_pages(corpus, memo, related_of)
        for path, content in others:
            pages.add(path, content)
    except OutputCollisionError as error:
        raise BuildError(f"{error}; rename the hand-written page in content/pages/") from None
    return pages.contents()


def place_index(source: Source, index: bytes | None, site_dir: Path | None = None) -> None:
    """Put a newly built index (`bundle` of its files) into the source, and a site built from
    it; remove the shards it no longer has; record the generation.

    Recorded last, once the build folder is whole: a build stopped before rebuilds it all.
    """
    if source.index_to_build is None or index is None:
        return
    files = unbundle(index)
    for folder in (source.build_dir / DOCS_DIR, site_dir):
        if folder is not None:  # atomically: the files there may be the previous site's too
            _replace_index_files(folder, files)
    store_bytes(source.build_dir, INDEX_CACHE, source.index_to_build.key, index)
    record_generation(source.build_dir, source.generation)


def _replace_index_files(folder: Path, files: Mapping[PurePosixPath, bytes]) -> None:
    """Write the index's files into `folder` (the manifest last: it names the shards), then
    remove the shards it no longer names."""
    for path in sorted(files, key=lambda path: path == INDEX_FILE):
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / path, files[path])
    kept = {folder / path for path in files}
    for stale in (folder / SHARD_FOLDER).glob("*.json"):
        if stale not in kept:
            stale.unlink()


def with_repository(corpus: Corpus, repository: str | None) -> Corpus:
    """The corpus, linked to `repository` instead of corpus.yaml's when one is given."""
    if not repository:
        return corpus
    try:
        site = Site.model_validate({**corpus.site.model_dump(), "repository": repository})
    except ValidationError as error:
        raise BuildError(
            f"the repository {repository!r} is not an address the site can link: give the "
            "https:// address of a GitHub repository, e.g. https://github.com/owner/name"
        ) from error
    return replace(corpus, site=site)


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
