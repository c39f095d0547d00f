"""Whether a built site is still what its inputs make: skip the engine when nothing changed."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from generator.cache import CACHE_FOLDER
from generator.write import write_atomically

ENGINE_PACKAGES = ("mkdocs", "mkdocs-material")

THEME_DIR = "theme"
"""The project's overrides of the engine's theme (mkdocs.yml's `custom_dir`)."""


@dataclass(frozen=True)
class SiteRecord:
    """What a site on disk was rendered from: the engine's settings and every source file."""

    settings: str  # engine_settings: what every page depends on
    sources: dict[str, str]  # each file of the generated source, by path, to its digest
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)  # its size, mtime_ns
    scanned_ns: int = 0  # when the source was scanned for this record


def engine_inputs(source: str, project_dir: Path, environment: Mapping[str, str]) -> str:
    """A hash of all a built site depends on: its generated source (that source's fingerprint),
    the theme overrides, the engine's versions and the build's timestamp."""
    digest = hashlib.sha256(source.encode())
    digest.update(f"\0{environment.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    return _engine_digest(digest, project_dir)


def engine_settings(config_file: Path, project_dir: Path, navigation_titles: bytes) -> str:
    """A hash of what every page depends on but its own source: the engine's settings (the
    navigation among them), what the navigation's titles are read from (`navigation_titles`),
    the theme overrides and the engine's versions.

    Not the build's timestamp: only the sitemap shows it, and that is written every time.
    """
    digest = hashlib.sha256(config_file.read_bytes())
    digest.update(b"\0" + hashlib.sha256(navigation_titles).digest())
    return _engine_digest(digest, project_dir)


def _engine_digest(digest: hashlib._Hash, project_dir: Path) -> str:
    theme_dir = project_dir / THEME_DIR
    for package in ENGINE_PACKAGES:
        digest.update(f"\0{package} {metadata.version(package)}".encode())
    for path in sorted(path for path in theme_dir.rglob("*") if path.is_file()):
        digest.update(str(path.relative_to(theme_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class FoundFile(NamedTuple):
    """A file found in a site on disk: its size, modification time and kind."""

    size: int
    mtime_ns: int
    regular: bool  # else a symbolic link or another special file


def files_in(folder: Path) -> dict[str, FoundFile]:
    """Every entry under `folder` (a built site, a generated source) but its folders, by its
    path there: one walk, each entry statted once (a site at 10,000 papers has 11,000 folders).
    """
    files: dict[str, FoundFile] = {}
    folders: list[tuple[Path | str, str]] = [(folder, "")]
    while folders:
        below, prefix = folders.pop()
        with os.scandir(below) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
                else:
                    stat = entry.stat(follow_symlinks=False)
                    regular = entry.is_file(follow_symlinks=False)
                    files[f"{prefix}{entry.name}"] = FoundFile(
                        stat.st_size, stat.st_mtime_ns, regular
                    )
    return files


def site_state(site_dir: Path, files: Mapping[str, FoundFile] | None = None) -> str:
    """A hash of a built site as it is on disk (or as `files`, its `files_in`, found it):
    every file's path in it, size and modification time.

    Statting is enough: the engine writes whole new folders, and any later edit, removal or
    addition changes a size, a time or the list of paths. Paths are taken inside the folder,
    so a site keeps its state when it is retired under another name.
    """
    found = files_in(site_dir) if files is None else files
    # One sort of every line, in C: sorting each of 11,000 folders' entries took a third.
    lines = sorted(f"{path}\0{file.size}\0{file.mtime_ns}\n" for path, file in found.items())
    return hashlib.sha256("".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def record_site(
    build_dir: Path, site_dir: Path, inputs: str, record: SiteRecord, *, retired: bool = False
) -> None:
    """Remember that `site_dir` was built from `inputs` (a hash of everything it depends on),
    rendered as `record` says.

    `retired`: the site it replaced was kept beside it (`retired_folder`), so the last record
    now describes that folder and is kept as its record.
    """
    cache = build_dir / CACHE_FOLDER
    cache.mkdir(parents=True, exist_ok=True)
    if retired and (cache / _RECORD).is_file():
        os.replace(cache / _RECORD, cache / _RETIRED_RECORD)
    else:
        forget_retired_site(build_dir)
    state = {
        "site_dir": str(site_dir.resolve()),
        "inputs": inputs,
        "state": site_state(site_dir),
        "settings": record.settings,
        "sources": record.sources,
        "stats": record.stats,
        "scanned_ns": record.scanned_ns,
    }
    write_atomically(cache / _RECORD, json.dumps(state).encode())


@dataclass(frozen=True)
class BuiltSite:
    """A site on disk as the last build into it left it: what it was built from, and how."""

    inputs: str  # engine_inputs
    record: SiteRecord


def built_site(build_dir: Path, site_dir: Path) -> BuiltSite | None:
    """How `site_dir` was built, if it is still as the last build into it left it."""
    state = _recorded(build_dir, site_dir)
    record = _site_record(state)
    if state is None or record is None:
        return None
    return BuiltSite(str(state.get("inputs")), record)


@dataclass(frozen=True)
class RetiredSite:
    """The site a build replaced, kept beside it as its record says: how it was rendered, and
    the files found in it when that was checked (what keeping its outputs starts from)."""

    record: SiteRecord
    files: Mapping[str, FoundFile]


def retired_site(build_dir: Path, site_dir: Path) -> RetiredSite | None:
    """How the site `site_dir` replaced was rendered, if it is kept beside it unchanged."""
    if not (build_dir / CACHE_FOLDER / _RETIRED_RECORD).is_file():
        return None  # none kept: its folder is not walked
    try:
        files = files_in(retired_folder(site_dir))
    except OSError:  # its folder is gone
        return None
    record = _site_record(_recorded(build_dir, site_dir, _RETIRED_RECORD, files))
    return None if record is None else RetiredSite(record, files)


def forget_retired_site(build_dir: Path) -> None:
    """Drop the retired site's record: its folder is about to change or go."""
    (build_dir / CACHE_FOLDER / _RETIRED_RECORD).unlink(missing_ok=True)


def retired_folder(site_dir: Path) -> Path:
    """Where the site a build replaced is kept: the base the next build starts from."""
    site_dir = site_dir.resolve()
    return site_dir.with_name(f".{site_dir.name}.old")


def _site_record(state: dict[str, object] | None) -> SiteRecord | None:
    if state is None:
        return None
    settings, sources = state.get("settings"), state.get("sources")
    stats, scanned_ns = state.get("stats"), state.get("scanned_ns")
    if not isinstance(settings, str) or not isinstance(sources, dict):
        return None
    if not isinstance(stats, dict) or not isinstance(scanned_ns, int):
        stats, scanned_ns = {}, 0
    return SiteRecord(
        settings,
        {str(uri): str(digest) for uri, digest in sources.items()},
        {
            str(uri): (int(stat[0]), int(stat[1]))
            for uri, stat in stats.items()
            if uri in sources
            and isinstance(stat, list)
            and len(stat) == 2
            and all(isinstance(number, int) for number in stat)
        },
        scanned_ns,
    )


_RECORD = "site.json"
_RETIRED_RECORD = "site-retired.json"


def _recorded(
    build_dir: Path,
    site_dir: Path,
    name: str = _RECORD,
    files: Mapping[str, FoundFile] | None = None,
) -> dict[str, object] | None:
    """The last build's record (or its retired site's), if it was into `site_dir` and the
    folder it describes is unchanged since (`files`: that folder's, already found)."""
    folder = retired_folder(site_dir) if name == _RETIRED_RECORD else site_dir
    try:
        state = json.loads((build_dir / CACHE_FOLDER / name).read_text())
        unchanged = (
            isinstance(state, dict)
            and state.get("site_dir") == str(site_dir.resolve())
            and state.get("state") == site_state(folder, files)
        )
    except (OSError, ValueError):
        return None
    return state if unchanged else None
