"""Render only what changed since the site on disk, and split what is rendered over the cores.

Every page MkDocs writes depends on its own Markdown, on the settings (the navigation among
them), on the theme and on which other files exist. So when the settings and theme are those
the previous site was rendered with, a page whose source is unchanged is the previous site's
file: it is hard-linked into the staged folder, and the engine, run with `--dirty`, renders
only the pages whose output is missing there. The navigation's pages are always rendered: a
dirty run reads only the pages it renders, and the navigation needs every entry's title.

The same mechanism splits a build over processes: each renders its share of the pages into a
folder of its own where the others' outputs are held by empty placeholders, dated no older than
their sources so the engine skips them; the shares are then moved into one folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from generator.engine.run import run_engines
from generator.engine.state import SiteRecord

MIN_PAGES_PER_PROCESS = 400
"""Fewer pages than this for a second process: its start would cost more than it saves."""

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # MkDocs's own list
# What may stand before or after a file's name in a link: a folder, the link's brackets or
# quotes, an anchor or query, white space, the separators of attribute lists and tables. Each
# becomes "/" before a page's text is split there (translate and split run in C).
_LINK_DELIMITERS = b"/\\ \t\n\r\f\v()[]<>\"'`#?,;:|{}=*"
_TO_SLASH = bytes.maketrans(_LINK_DELIMITERS, b"/" * len(_LINK_DELIMITERS))


@dataclass(frozen=True)
class SourceFile:
    """One file of the generated source: its content's digest and modification time."""

    digest: str
    mtime_ns: int


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
    processes: int = 1,
) -> Rendering:
    """Render the source into `staging`, reusing `previous` (a site and its record) where valid."""
    config = _config(config_file)
    docs_dir = config_file.parent / str(config.get("docs_dir", "docs"))
    directory_urls = config.get("use_directory_urls", True) is not False
    sources = scan_sources(docs_dir)
    navigation = navigation_pages(config) & sources.keys()
    staging.mkdir(parents=True)
    kept: set[str] = set()
    if previous is not None and previous[1].settings == settings:
        stale = changed_sources(sources, previous[1].sources, docs_dir) | navigation
        kept = lend_outputs(
            previous[0], staging, previous[1], sources, stale, directory_urls=directory_urls
        )
    pages = sorted(uri for uri in sources if is_page(uri) and uri not in kept | navigation)
    shares = split(pages, processes)
    folders = [staging, *(_share_folder(staging, number) for number in range(1, len(shares)))]
    try:
        # The first folder renders its share, the navigation and the copied files; each other
        # folder its share and the navigation (for its titles), the rest held by placeholders.
        hold(folders[0], [uri for share in shares[1:] for uri in share], sources, directory_urls)
        for folder, share in zip(folders[1:], shares[1:], strict=True):
            rendered_here = set(share) | navigation
            held = [uri for uri in sources if uri not in rendered_here]
            hold(folder, held, sources, directory_urls)
        run_engines(config_file, folders, environment, dirty=bool(kept) or len(folders) > 1)
        for folder, share in zip(folders[1:], shares[1:], strict=True):
            gather(folder, staging, share, directory_urls)
    finally:
        for folder in folders[1:]:
            shutil.rmtree(folder, ignore_errors=True)
    digests = {uri: source.digest for uri, source in sorted(sources.items())}
    rendered = len(pages) + len(navigation)
    total = sum(1 for uri in sources if is_page(uri))
    return Rendering(SiteRecord(settings, digests), rendered, total)


def refresh_navigation(config_file: Path) -> None:
    """Mark the navigation's pages changed, so that a dirty preview renders them again too.

    A dirty run reads only the pages it renders; the navigation on those needs the titles of
    every page it names.
    """
    config = _config(config_file)
    docs_dir = config_file.parent / str(config.get("docs_dir", "docs"))
    for uri in sorted(navigation_pages(config)):
        if (docs_dir / uri).is_file():
            (docs_dir / uri).touch()


def scan_sources(docs_dir: Path) -> dict[str, SourceFile]:
    """Every file the engine reads from `docs_dir` (not hidden ones), by its path there."""
    sources = {}
    for path in sorted(docs_dir.rglob("*")):
        relative = path.relative_to(docs_dir)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        content = path.read_bytes()
        digest = hashlib.blake2b(content, digest_size=16).hexdigest()
        sources[relative.as_posix()] = SourceFile(digest, path.stat().st_mtime_ns)
    return sources


def navigation_pages(config: Mapping[str, object]) -> frozenset[str]:
    """The pages the settings' navigation names: every page shows their titles."""
    found: set[str] = set()
    entries: list[object] = [config.get("nav") or []]
    while entries:
        entry = entries.pop()
        if isinstance(entry, str):
            found.add(entry)
        elif isinstance(entry, Mapping):
            entries.extend(entry.values())
        elif isinstance(entry, list):
            entries.extend(entry)
    return frozenset(found)


def changed_sources(
    sources: Mapping[str, SourceFile], previous: Mapping[str, str], docs_dir: Path
) -> set[str]:
    """The sources new or changed since `previous`, and the pages that name a removed file.

    A page linking to a removed file is rendered again so the engine warns about the link, as
    a clean build would.
    """
    changed = {uri for uri, source in sources.items() if previous.get(uri) != source.digest}
    removed = {PurePosixPath(uri).name.encode() for uri in previous.keys() - sources.keys()}
    # A link names a file between delimiters ("](../a/b.md#c)"): a page's words, split at them,
    # are found in one set lookup each, where searching the text for every name (a day's
    # build removes dozens of index shards) took seconds at 10,000 pages. A name holding a
    # delimiter itself is searched for in the text, as before.
    plain = {name for name in removed if b"/" not in name.translate(_TO_SLASH)}
    odd = removed - plain
    if removed:
        for uri in sources.keys() - changed:
            if is_page(uri):
                content = (docs_dir / uri).read_bytes()
                words = set(content.translate(_TO_SLASH).split(b"/")) if plain else set()
                if not plain.isdisjoint(words) or any(name in content for name in odd):
                    changed.add(uri)
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
    for entry, output in _files_below(previous_dir):
        target = staging / output
        uri = by_output.get(output)
        if uri is None:
            _make_parent(target, made)
            shutil.copy2(entry.path, target)  # keeps the time the engine compares with its source
        # Lent only if no older than its source: else the engine would write into it.
        elif (
            uri in sources
            and uri not in stale
            and entry.stat().st_mtime_ns >= sources[uri].mtime_ns
        ):
            _make_parent(target, made)
            try:
                os.link(entry.path, target)
            except OSError:  # a file system without hard links: a copy, dated as the original
                shutil.copy2(entry.path, target)
            kept.add(uri)
    return kept


def _files_below(folder: Path, prefix: str = "") -> Iterator[tuple[os.DirEntry[str], str]]:
    """Every file under `folder` but symbolic links, with its path there, in name order.

    Directory entries know their kind without a call per file (12,000 pages at 10,000 papers).
    """
    with os.scandir(folder) as scanned:
        entries = sorted(scanned, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _files_below(Path(entry.path), f"{prefix}{entry.name}/")
        elif entry.is_file(follow_symlinks=False):
            yield entry, f"{prefix}{entry.name}"


def _make_parent(target: Path, made: set[Path]) -> None:
    """Create `target`'s folder, once: most files share theirs with the one before."""
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)


def split(pages: Sequence[str], processes: int) -> list[list[str]]:
    """The pages in `processes` shares of alternate pages (one if too few to be worth it)."""
    count = max(1, min(processes, len(pages) // MIN_PAGES_PER_PROCESS))
    return [list(pages[start::count]) for start in range(count)]


def hold(
    folder: Path, uris: Iterable[str], sources: Mapping[str, SourceFile], directory_urls: bool
) -> None:
    """Put an empty placeholder, as new as its source, where each source's output goes."""
    for uri in uris:
        target = folder / output_of(uri, directory_urls)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch()
        os.utime(target, ns=(sources[uri].mtime_ns, sources[uri].mtime_ns))


def gather(share_folder: Path, staging: Path, share: Iterable[str], directory_urls: bool) -> None:
    """Move the pages a process rendered into `staging`, over their placeholders there."""
    for uri in share:
        output = output_of(uri, directory_urls)
        rendered, placeholder = share_folder / output, staging / output
        if rendered.is_file():
            os.replace(rendered, placeholder)
        else:  # a page the engine does not render (a file it excludes): no placeholder stays
            placeholder.unlink(missing_ok=True)


def is_page(uri: str) -> bool:
    """Whether the engine renders this source file into a page (else it copies it)."""
    return uri.endswith(_MARKDOWN_SUFFIXES)  # case-sensitive, as in MkDocs


def output_of(uri: str, directory_urls: bool = True) -> str:
    """Where the engine writes a source file's output, as MkDocs's `File.dest_uri` says."""
    if not is_page(uri):
        return uri
    path = PurePosixPath(uri)
    name = "index" if path.stem == "README" else path.stem
    if not directory_urls or name == "index":
        return (path.parent / f"{name}.html").as_posix()
    return (path.parent / name / "index.html").as_posix()


def _share_folder(staging: Path, number: int) -> Path:
    folder = staging.with_name(f"{staging.name}.share-{number}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


def _config(config_file: Path) -> dict[str, object]:
    loaded = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}
