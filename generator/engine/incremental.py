"""Render only what changed since the site on disk, and split what is rendered over the cores.

Every page MkDocs writes depends on its own Markdown, on the settings (the navigation among
them), on the theme and on which other files exist. So when the settings and theme are those
the previous site was rendered with, a page whose source is unchanged is the previous site's
file: it is hard-linked into the staged folder, and the engine, run with `--dirty`, renders
only the pages whose output is missing there. The navigation's untitled pages are always
rendered: a dirty run reads only the pages it renders, and the navigation needs every entry's
title (the settings give the others theirs). A new title of one of them changes every page:
it counts as a change of the settings (`navigation_titles`).

A build starts from the site before the previous one, kept beside it when it was replaced
(`base`): its outputs of sources unchanged since are kept in place, the rest are deleted, and
the outputs of sources that changed only before the previous site are linked from that site.
Deleting a site of ten thousand folders and making them again for the next cost seconds.

The same mechanism splits a build over processes: each renders its share of the pages into a
folder of its own, skipping the others' (`share_hook`, which the processes' settings add to
the site's: creating a placeholder for each took seconds); the shares are then moved into
one folder.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from generator.cache import CACHE_FOLDER
from generator.engine.run import EngineRun, run_engines
from generator.engine.state import RetiredSite, SiteRecord, files_in
from generator.write import write_atomically

MIN_PAGES_PER_PROCESS = 100
"""Fewer pages than this for a second process: its start would cost more than it saves (a
day's 400 pages at 3,600 papers: 4.2-4.7 s in one process, 3.5 s in two)."""

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # MkDocs's own list
# What may stand before or after a file's name in a link: a folder, the link's brackets or
# quotes, an anchor or query, white space, the separators of attribute lists and tables. Each
# becomes "/" before a page's text is split there (translate and split run in C).
_LINK_DELIMITERS = b"/\\ \t\n\r\f\v()[]<>\"'`#?,;:|{}=*"
_TO_SLASH = bytes.maketrans(_LINK_DELIMITERS, b"/" * len(_LINK_DELIMITERS))


@dataclass(frozen=True)
class SourceFile:
    """One file of the generated source: its content's digest, modification time and size."""

    digest: str
    mtime_ns: int
    size: int = -1


# A file changed within this long before a scan may change again within the same tick of the
# file system's clock, keeping its size and time: its digest is not reused (git's rule).
_RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Rendering:
    """What a render did: the record of the site it made, and how many pages it rendered."""

    record: SiteRecord
    pages_rendered: int
    pages: int


def render_site(
    config_file: Path,
    staging: Path,
    environment: Mapping[str, str],
    *,
    settings: str,
    previous: tuple[Path, SiteRecord] | None = None,
    base: RetiredSite | None = None,
    processes: int = 1,
) -> Rendering:
    """Render the source into `staging`, reusing `previous` (a site and its record) where valid.

    `base`: `staging` already holds an older site, the one `previous` replaced, as found
    there; what is still valid of it is kept, the rest deleted. Without it, `staging` does
    not exist yet.
    """
    config = _config(config_file)
    docs_dir = config_file.parent / str(config.get("docs_dir", "docs"))
    directory_urls = config.get("use_directory_urls", True) is not False
    scanned_ns = time.time_ns()
    sources = scan_sources(docs_dir, previous[1] if previous else None)
    navigation = navigation_pages(config) & sources.keys()
    usable = previous is not None and previous[1].settings == settings
    if base is not None and not (usable and base.record.settings == settings):
        shutil.rmtree(staging)  # rendered with other settings: nothing of it is valid
        base = None
    if base is None:
        staging.mkdir(parents=True)
    kept: set[str] = set()
    if previous is not None and usable:
        records = [previous[1].sources]
        records += [] if base is None else [base.record.sources]
        stale, *stale_in_base = (
            changed | navigation for changed in changed_since(sources, records, docs_dir)
        )
        if base is None:
            kept = lend_outputs(
                previous[0], staging, previous[1], sources, stale, directory_urls=directory_urls
            )
        else:
            kept = keep_outputs(
                staging,
                base,
                sources,
                stale_in_base[0],
                previous_dir=previous[0],
                directory_urls=directory_urls,
            )
            kept |= lend_changed_outputs(previous, staging, sources, stale | kept, directory_urls)
    skipped = kept | navigation
    pages = sorted(uri for uri in sources if is_page(uri) and uri not in skipped)
    shares = split(pages, processes)
    folders = [staging, *(_share_folder(staging, number) for number in range(1, len(shares)))]
    # The first folder renders its share, the navigation and the copied files; each other
    # folder (empty) its share and the navigation, for its titles, and nothing else.
    others = frozenset(uri for share in shares[1:] for uri in share)
    # The kept outputs too: the engine would stat each (ten thousand) to find it current.
    runs = [EngineRun(staging, excluded=others | (kept - navigation))]
    runs += [
        EngineRun(folder, only=frozenset(share) | navigation)
        for folder, share in zip(folders[1:], shares[1:], strict=True)
    ]
    try:
        run_engines(config_file, runs, environment, dirty=bool(kept) or len(folders) > 1)
        for folder, share in zip(folders[1:], shares[1:], strict=True):
            gather(folder, staging, share, directory_urls)
    finally:
        for folder in folders[1:]:
            shutil.rmtree(folder, ignore_errors=True)
    digests = {uri: source.digest for uri, source in sorted(sources.items())}
    stats = {uri: (source.size, source.mtime_ns) for uri, source in sorted(sources.items())}
    rendered = len(pages) + len(navigation)
    total = sum(1 for uri in sources if is_page(uri))
    return Rendering(SiteRecord(settings, digests, stats, scanned_ns), rendered, total)


def refresh_navigation(config_file: Path) -> None:
    """Mark the navigation's untitled pages changed, so that a dirty preview renders them
    again too; every page, when a title the navigation shows changed since the last call.

    A dirty run reads only the pages it renders; the navigation on those needs the titles of
    every page it names, and every other page shows them too.
    """
    config = _config(config_file)
    docs_dir = config_file.parent / str(config.get("docs_dir", "docs"))
    # The titles the settings give (`navigation_pages`), and those read from the pages.
    named = yaml.safe_dump(config.get("nav"), allow_unicode=True).encode()
    digest = hashlib.sha256(named + b"\0" + _navigation_titles(config, docs_dir))
    titles = digest.hexdigest().encode()
    last = config_file.parent / CACHE_FOLDER / _NAVIGATION_TITLES
    retitled = last.is_file() and last.read_bytes() != titles
    pages = files_in(docs_dir) if retitled else navigation_pages(config)
    for uri in sorted(pages):
        if (docs_dir / uri).is_file() and is_page(uri):
            (docs_dir / uri).touch()
    last.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(last, titles)


_NAVIGATION_TITLES = "navigation-titles"
"""In the build folder's cache: the digest of the navigation's titles the preview last showed."""


def scan_sources(docs_dir: Path, known: SiteRecord | None = None) -> dict[str, SourceFile]:
    """Every file the engine reads from `docs_dir` (not hidden ones), by its path there.

    A file whose size and modification time are those `known` recorded, from well before
    that record's scan, keeps its recorded digest; any other is read and hashed.
    """
    sources = {}
    trusted_before = known.scanned_ns - _RACY_NS if known else 0
    for uri, found in sorted(files_in(docs_dir).items()):
        if not found.regular or any(part.startswith(".") for part in uri.split("/")):
            continue
        size, mtime_ns = found.size, found.mtime_ns
        if known and mtime_ns < trusted_before and known.stats.get(uri) == (size, mtime_ns):
            digest = known.sources[uri]
        else:
            content = (docs_dir / uri).read_bytes()
            digest = hashlib.blake2b(content, digest_size=16).hexdigest()
        sources[uri] = SourceFile(digest, mtime_ns, size)
    return sources


def navigation_pages(config: Mapping[str, object]) -> frozenset[str]:
    """The pages the settings' navigation names without a title: every page shows their
    titles, which MkDocs reads from the pages themselves.

    A page named with a title (`- Home: index.md`) takes it from the settings instead, and
    shows nothing else in the navigation (no page here sets a navigation icon or status).
    """
    found: set[str] = set()
    entries: list[object] = [config.get("nav") or []]
    while entries:
        entry = entries.pop()
        if isinstance(entry, str):
            found.add(entry)
        elif isinstance(entry, Mapping):  # a titled page, or a section's pages
            entries.extend(value for value in entry.values() if not isinstance(value, str))
        elif isinstance(entry, list):
            entries.extend(entry)
    return frozenset(found)


# MkDocs's own front matter: "---" and a line break, YAML, then "---" or "..." on a line.
_FRONT_MATTER = re.compile(rb"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def navigation_titles(config_file: Path) -> bytes:
    """What the titles of the navigation's untitled pages are taken from, page by page: the
    front matter's title, or the whole page where it has none (MkDocs then reads its first
    heading). The others' titles are in the settings.

    Every page shows these titles, and MkDocs reads each from its page: a page kept from the
    previous site would show an old one, so a change must render every page, as a change of
    the settings does. Only titles: the home page's other front matter changes every day.
    """
    config = _config(config_file)
    return _navigation_titles(config, config_file.parent / str(config.get("docs_dir", "docs")))


def _navigation_titles(config: Mapping[str, object], docs_dir: Path) -> bytes:
    parts = []
    for uri in sorted(navigation_pages(config)):
        path = docs_dir / uri
        text = path.read_bytes() if path.is_file() else b""
        parts.append(uri.encode() + b"\0" + _title_source(text))
    return b"\0\0".join(parts)


def _title_source(page: bytes) -> bytes:
    match = _FRONT_MATTER.match(page)
    try:
        meta = yaml.safe_load(match.group(1)) if match else None
    except yaml.YAMLError:
        meta = None
    title = meta.get("title") if isinstance(meta, dict) else None
    if isinstance(title, str):
        return b"title\0" + title.encode("utf-8", "surrogatepass")
    return b"page\0" + page


def changed_since(
    sources: Mapping[str, SourceFile], records: Sequence[Mapping[str, str]], docs_dir: Path
) -> list[set[str]]:
    """For each earlier record, the sources new or changed since it and the pages that name a
    file removed since it, reading each page once.

    A page linking to a removed file is rendered again so the engine warns about the link, as
    a clean build would.
    """
    changed = [
        {uri for uri, source in sources.items() if record.get(uri) != source.digest}
        for record in records
    ]
    removed = [
        {PurePosixPath(uri).name.encode() for uri in record.keys() - sources.keys()}
        for record in records
    ]
    names = set().union(*removed)
    if not names:
        return changed
    # A link names a file between delimiters ("](../a/b.md#c)"): a page's words, split at them,
    # are found in one set lookup each, where searching the text for every name (a day's
    # build removes hundreds of index shards) took seconds at 10,000 pages. A name holding a
    # delimiter itself is searched for in the text, as before.
    plain = {name for name in names if b"/" not in name.translate(_TO_SLASH)}
    odd = names - plain
    # Most pages name no file with a removed file's ending (".json" for the index's shards):
    # finding none of those endings in a page is enough to pass it over.
    endings = {PurePosixPath(name.decode()).suffix.encode() for name in names}
    if b"" in endings:
        endings = {b""}  # a name without an ending: every page must be split
    everywhere = set.intersection(*changed)
    for uri in sources.keys() - everywhere:
        if not is_page(uri):
            continue
        content = (docs_dir / uri).read_bytes()
        if not any(ending in content for ending in endings):
            continue
        words = set(content.translate(_TO_SLASH).split(b"/")) if plain else set()
        named = (plain & words) | {name for name in odd if name in content}
        for changed_here, removed_here in zip(changed, removed, strict=True):
            if uri not in changed_here and not named.isdisjoint(removed_here):
                changed_here.add(uri)
    return changed


def lend_outputs(
    previous_dir: Path,
    staging: Path,
    previous: SiteRecord,
    sources: Mapping[str, SourceFile],
    stale: Collection[str],
    *,
    directory_urls: bool,
) -> set[str]:
    """Fill `staging` from the previous site; return the sources whose outputs were lent.

    Outputs of unchanged sources are hard-linked: the engine skips them and never writes to
    them. The engine's own files (the theme's assets, the sitemap) are copied, since it may
    write them again; outputs of changed or removed sources are left out.
    """
    by_output = {output_of(uri, directory_urls): uri for uri in previous.sources}
    kept: set[str] = set()
    made: set[Path] = {staging}
    for output, found in sorted(files_in(previous_dir).items()):
        if not found.regular:
            continue
        target, original = staging / output, previous_dir / output
        uri = by_output.get(output)
        if uri is None:
            _make_parent(target, made)
            shutil.copy2(original, target)  # keeps the time the engine compares with its source
        # Lent only if no older than its source: else the engine would write into it.
        elif uri in sources and uri not in stale and found.mtime_ns >= sources[uri].mtime_ns:
            _make_parent(target, made)
            try:
                os.link(original, target)
            except OSError:  # a file system without hard links: a copy, dated as the original
                shutil.copy2(original, target)
            kept.add(uri)
    return kept


def keep_outputs(
    staging: Path,
    base: RetiredSite,
    sources: Mapping[str, SourceFile],
    stale: Collection[str],
    *,
    previous_dir: Path,
    directory_urls: bool,
) -> set[str]:
    """Delete from `staging` (the site `base` found, moved there) the outputs of changed,
    stale or removed sources; return the sources whose outputs stay.

    The engine's own files (the theme's assets, the sitemap) stay: with the same settings it
    writes them as before, and the previous site (`previous_dir`) has them too; any other file
    (an index shard since replaced) goes. An output kept must be no older than its source, or
    the engine would write into it, and it may be a file the previous site shares.
    """
    by_output = {output_of(uri, directory_urls): uri for uri in base.record.sources}
    current = {output_of(uri, directory_urls) for uri in sources}
    kept: set[str] = set()
    emptied: set[Path] = set()
    # The files its check found: walking the site again cost a fifth of a second at 10,000.
    for output, found in sorted(base.files.items()):
        uri = by_output.get(output)
        engine_file = uri is None and output not in current  # the theme's assets, the sitemap
        if found.regular and engine_file and (previous_dir / output).is_file():
            continue
        if (
            found.regular
            and uri is not None
            and uri in sources
            and uri not in stale
            and base.record.sources[uri] == sources[uri].digest
            and found.mtime_ns >= sources[uri].mtime_ns
        ):
            kept.add(uri)
        else:
            os.unlink(staging / output)
            emptied.add((staging / output).parent)
    _remove_empty_folders(emptied, staging)
    return kept


def lend_changed_outputs(
    previous: tuple[Path, SiteRecord],
    staging: Path,
    sources: Mapping[str, SourceFile],
    skipped: Collection[str],
    directory_urls: bool,
) -> set[str]:
    """Hard-link into `staging` the outputs of the previous site for sources unchanged since
    it, but for `skipped` (stale, or already there); return the sources lent."""
    previous_dir, record = previous
    lent: set[str] = set()
    made: set[Path] = {staging}
    for uri, source in sources.items():
        if uri in skipped or record.sources.get(uri) != source.digest:
            continue
        output = output_of(uri, directory_urls)
        try:
            if os.stat(previous_dir / output).st_mtime_ns < source.mtime_ns:
                continue
            _make_parent(staging / output, made)
            os.link(previous_dir / output, staging / output)
        except FileNotFoundError:
            continue
        except OSError:  # a file system without hard links: a copy, dated as the original
            shutil.copy2(previous_dir / output, staging / output)
        lent.add(uri)
    return lent


def _remove_empty_folders(folders: Iterable[Path], top: Path) -> None:
    """Remove each of `folders` that is empty, and its parents up to `top` that become so."""
    for deepest in sorted(folders, key=lambda path: len(path.parts), reverse=True):
        folder = deepest
        while folder != top:
            try:
                folder.rmdir()  # one call where listing the folder first took three
            except OSError:  # not empty, or already gone
                break
            folder = folder.parent


def _make_parent(target: Path, made: set[Path]) -> None:
    """Create `target`'s folder, once: most files share theirs with the one before."""
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)


def split(pages: Sequence[str], processes: int) -> list[list[str]]:
    """The pages in `processes` shares of alternate pages (one if too few to be worth it)."""
    count = max(1, min(processes, len(pages) // MIN_PAGES_PER_PROCESS))
    return [list(pages[start::count]) for start in range(count)]


def gather(share_folder: Path, staging: Path, share: Iterable[str], directory_urls: bool) -> None:
    """Move the pages a process rendered into their places in `staging`."""
    made: set[Path] = {staging}
    for uri in share:
        output = output_of(uri, directory_urls)
        rendered = share_folder / output
        if rendered.is_file():  # else a page the engine does not render (a file it excludes)
            _make_parent(staging / output, made)
            os.replace(rendered, staging / output)


def is_page(uri: str) -> bool:
    """Whether the engine renders this source file into a page (else it copies it)."""
    return uri.endswith(_MARKDOWN_SUFFIXES)  # case-sensitive, as in MkDocs


def output_of(uri: str, directory_urls: bool = True) -> str:
    """Where the engine writes a source file's output, as MkDocs's `File.dest_uri` says."""
    if not is_page(uri):
        return uri
    # In strings, not paths: a build asks this of every source file, several times.
    folder, _, file_name = uri.rpartition("/")
    stem = posixpath.splitext(file_name)[0]  # as MkDocs's `File`: "..b.md" is "..b"
    name = "index" if stem == "README" else stem
    prefix = f"{folder}/" if folder else ""
    if not directory_urls or name == "index":
        return f"{prefix}{name}.html"
    return f"{prefix}{name}/index.html"


def _share_folder(staging: Path, number: int) -> Path:
    folder = staging.with_name(f"{staging.name}.share-{number}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


def _config(config_file: Path) -> dict[str, object]:
    loaded = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}
