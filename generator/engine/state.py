"""Whether a built site is still what its inputs make: skip the engine when nothing changed."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from generator.cache import CACHE_FOLDER
from generator.write import write_atomically

ENGINE_PACKAGES = ("mkdocs", "mkdocs-material")

THEME_DIR = "theme"
"""The project's overrides of the engine's theme (mkdocs.yml's `custom_dir`)."""


def engine_inputs(source: str, project_dir: Path, environment: Mapping[str, str]) -> str:
    """A hash of all a built site depends on: its generated source (that source's fingerprint),
    the theme overrides, the engine's versions and the build's timestamp."""
    theme_dir = project_dir / THEME_DIR
    digest = hashlib.sha256(source.encode())
    for package in ENGINE_PACKAGES:
        digest.update(f"\0{package} {metadata.version(package)}".encode())
    digest.update(f"\0{environment.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    for path in sorted(path for path in theme_dir.rglob("*") if path.is_file()):
        digest.update(str(path.relative_to(theme_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def site_state(site_dir: Path) -> str:
    """A hash of a built site as it is on disk: every file's path, size and modification time.

    Statting is enough: the engine writes whole new folders, and any later edit, removal or
    addition changes a size, a time or the list of paths.
    """
    digest = hashlib.sha256()
    folders = [site_dir]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in sorted(entries, key=lambda entry: entry.name):
                if entry.is_dir(follow_symlinks=False):
                    folders.append(Path(entry.path))
                else:
                    stat = entry.stat(follow_symlinks=False)
                    digest.update(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def record_site(build_dir: Path, site_dir: Path, inputs: str) -> None:
    """Remember that `site_dir` was built from `inputs` (a hash of everything it depends on)."""
    record = {"site_dir": str(site_dir.resolve()), "inputs": inputs, "state": site_state(site_dir)}
    (build_dir / CACHE_FOLDER).mkdir(parents=True, exist_ok=True)
    write_atomically(build_dir / CACHE_FOLDER / "site.json", json.dumps(record).encode())


def site_is_current(build_dir: Path, site_dir: Path, inputs: str) -> bool:
    """Whether `site_dir` is still exactly what the last build from `inputs` made."""
    try:
        record = json.loads((build_dir / CACHE_FOLDER / "site.json").read_text())
        return bool(
            record["site_dir"] == str(site_dir.resolve())
            and record["inputs"] == inputs
            and record["state"] == site_state(site_dir)
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False
