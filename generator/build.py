"""`papers build` from start to end: the corpus validated and rendered, then the site from it."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import marshal
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.pool import Pool
from pathlib import Path

from generator.cache import CACHE_FOLDER, generator_digest, keep, read_kept
from generator.engine.incremental import Rendering, navigation_titles, render_site
from generator.engine.run import engine_environment, staged_site
from generator.engine.state import (
    SiteRecord,
    built_site,
    engine_inputs,
    engine_settings,
    forget_retired_site,
    record_site,
    retired_folder,
    retired_site,
)
from generator.project import Project
from generator.site.related import RelatedIds, prepare_relating, related_ids, related_texts
from generator.site.search_shards import build_index_files
from generator.source import (
    LoadedCorpus,
    Source,
    load_source,
    place_index,
    write_source,
)
from generator.write import made_by_papers


@dataclass(frozen=True)
class BuildRequest:
    """What to build from and into, and for which address and day."""

    project: Project
    content_dir: Path
    build_dir: Path  # the generated source, kept between builds to redo only what changed
    site_dir: Path
    base_url: str | None = None  # default: corpus.yaml's
    repository: str | None = None  # default: corpus.yaml's
    today: dt.date | None = None  # what "in the future" is measured against
    force: bool = False  # render the whole site even if nothing it depends on changed
    processes: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))
    # the engine's processes, for a build with many pages to render


@dataclass(frozen=True)
class BuildReport:
    """What a build did: the source it generated, and whether the engine rendered the site."""

    source: Source
    rendered: bool  # False: the site on disk was already what these inputs make
    seconds: float
    pages_rendered: int = 0  # pages the engine rendered: those whose source changed, or all
    pages: int = 0


def build(request: BuildRequest) -> BuildReport:
    """Validate and render the corpus, then have the engine render the site: only what changed."""
    started = time.perf_counter()
    with ExitStack() as stack:
        stack.enter_context(fewer_collections())
        # A second process starts as soon as an input is found changed, importing what
        # relating papers needs while the corpus loads; it relates the papers, then builds the
        # index: while the pages render, then while the engine renders the site.
        second: list[Pool] = []

        def start_second_process() -> None:
            second.append(stack.enter_context(second_process()))

        loaded = load(request, on_change=start_second_process)  # load and validate
        pool = second[0] if second else None
        index, related_of = stack.enter_context(in_background(loaded, pool))
        source = write_source(loaded, related_of)  # render the pages, feeds and data, sync them
        environment = engine_environment(source.generation.source_date_epoch)
        inputs = engine_inputs(source.generation.fingerprint, request.project.root, environment)
        built = built_site(source.build_dir, request.site_dir)
        if not request.force and built is not None and built.inputs == inputs:
            return BuildReport(source, rendered=False, seconds=time.perf_counter() - started)
        previous = built.record if built else None
        rendering, retired = render_with_engine(request, source, environment, index, previous)
    record_site(source.build_dir, request.site_dir, inputs, rendering.record, retired=retired)
    seconds = time.perf_counter() - started
    return BuildReport(source, True, seconds, rendering.pages_rendered, rendering.pages)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cycle collector run less often while the block runs, as before once it ends."""
    # A build makes millions of objects and few cycles; collecting every 700 allocations
    # scanned the loaded corpus again and again: 12% of the first process's time for one
    # changed paper at 10,000 papers (11.3-12.7 s of CPU against 9.7-10.7).
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 50)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def render_with_engine(
    request: BuildRequest,
    source: Source,
    environment: dict[str, str],
    index: Callable[[], bytes | None],
    previous: SiteRecord | None,
) -> tuple[Rendering, bool]:
    """The engine renders the site into a staged folder (only the pages whose source changed
    since the site there as `previous` records it, unless forced), the index is placed in it,
    and it replaces the site.

    Also returns whether the replaced site was kept as the next build's base: it is when its
    record is known.
    """
    build_dir, site_dir = source.build_dir, request.site_dir
    config_file = source.config_file
    settings = engine_settings(config_file, request.project.root, navigation_titles(config_file))
    base = None if request.force or previous is None else retired_site(build_dir, site_dir)
    forget_retired_site(build_dir)  # its folder is about to change or go
    with staged_site(
        site_dir,
        base=retired_folder(site_dir) if base else None,
        keep_retired=previous is not None,
    ) as staging:
        rendering = render_site(
            source.config_file,
            staging,
            environment,
            settings=settings,
            previous=(site_dir, previous) if previous and not request.force else None,
            base=base,
            processes=request.processes,
        )
        place_index(source, index(), staging)
    return rendering, previous is not None


def load(
    request: BuildRequest, *, always: bool = False, on_change: Callable[[], object] | None = None
) -> LoadedCorpus:
    """Load and validate the corpus the request names, for its build folder (`always`: even
    when nothing changed since the last generation there; `on_change`: called once an input
    is found changed, before the corpus is parsed)."""
    return load_source(
        request.project,
        request.content_dir,
        request.build_dir,
        request.base_url,
        request.today,
        repository=request.repository,
        always=always,
        on_change=on_change,
    )


def generate(request: BuildRequest) -> Source:
    """Bring the build folder to the corpus's source; its index is left for the caller to place."""
    return write_source(load(request))


def generate_whole(request: BuildRequest) -> Source:
    """Bring the build folder to the corpus's source, search index included."""
    return place_index_now(generate(request))


def place_index_now(source: Source) -> Source:
    """Build the index `source` lacks, if any, in this process and place it in the source."""
    if source.index_to_build is not None:  # nothing else to do meanwhile: no second process
        to_build = source.index_to_build
        place_index(source, build_index_files(to_build.documents, to_build.terms_file))
    return source


RELATED_CACHE = "related.marshal"
"""In the build folder's cache: the related papers of the last build's text."""

RELATED_WORDS = "related-words.marshal"
"""In the build folder's cache: the words each paper's text says, for relating the next build's."""

Pending = tuple[Callable[[], bytes | None], Callable[[], RelatedIds] | None]
"""What a build waits for: the search index (None: the cached one is current), and the related
papers (None: no page is to render)."""


@contextmanager
def second_process() -> Iterator[Pool]:
    """The build's second process, started at once and importing what relating papers needs
    (1 s) before it is asked to: it relates the papers unless they are remembered, then
    builds the index, in a new process once it has done two tasks (`in_background`).
    Leaving the block stops them."""
    # spawn, not fork: the caller may run threads (a preview's watcher), unsafe to fork. Two
    # tasks a process, the preparation and the relating: each process gives its memory back
    # as soon as it is done, before the engine's processes grow (the index's builder held
    # 1.2 GB through them at 50,000 papers).
    with multiprocessing.get_context("spawn").Pool(processes=1, maxtasksperchild=2) as pool:
        pool.apply_async(prepare_relating)
        yield pool


@contextmanager
def in_background(loaded: LoadedCorpus, pool: Pool | None = None) -> Iterator[Pending]:
    """The related papers, then the search index of `loaded`, worked out in a second process
    (`pool`, from `second_process`; by default one started here) until asked for.

    The index only when the text changed (else the cached one is current). The related
    papers are those the last build remembered for the same text; else worked out in the
    second process, or in this one if none was started for the index (starting one costs
    more than it saves), and remembered when the block is left without an error. Leaving
    the block stops the process if started here: a build that failed does not wait for it.
    """
    corpus, to_build = loaded.corpus, loaded.index_to_build
    if corpus is None:
        yield (lambda: None), None
        return
    texts = related_texts(corpus.papers)
    build_dir = loaded.build_dir
    remembered_file = build_dir / CACHE_FOLDER / RELATED_CACHE
    # The generator's digest too: other code may relate papers otherwise.
    texts_key = f"{generator_digest()}:{hashlib.blake2b(marshal.dumps(texts)).hexdigest()}"
    remembered: RelatedIds | None = read_kept(remembered_file, texts_key)
    # Only in a folder the generator made: else not its own to write in before the sync claims it.
    words_file = build_dir / CACHE_FOLDER / RELATED_WORDS if made_by_papers(build_dir) else None
    with ExitStack() as stack:
        if to_build is not None and pool is None:
            pool = stack.enter_context(second_process())
        # Related first: the pages need them before the engine needs the index.
        if remembered is not None:
            related: Callable[[], RelatedIds] = lambda: remembered  # noqa: E731
        elif pool is not None:
            related = pool.apply_async(related_ids, (texts, None, words_file)).get
        else:
            related = partial(related_ids, texts, words_file=words_file)
        asked = functools.cache(related)
        index: Callable[[], bytes | None] = lambda: None  # noqa: E731
        if to_build is not None and pool is not None:
            documents, terms_file = to_build.documents, to_build.terms_file
            index = pool.apply_async(build_index_files, (documents, terms_file)).get
        yield index, asked
        # Remembered in the build folder's cache once the generator made it (never in a
        # folder it would then refuse as not its own), for the next build of the same text.
        if remembered is None and asked.cache_info().currsize and made_by_papers(build_dir):
            keep(remembered_file, texts_key, asked())
