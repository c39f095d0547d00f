"""Remember the last generation by a fingerprint of its inputs, so unchanged work is skipped."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator import __version__
from generator.write import KEEP, write_atomically

CACHE_FOLDER = KEEP  # inside the build folder, which the writer otherwise rewrites whole

_GENERATOR_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Generation:
    """What a cached generation needs to report without loading the corpus again."""

    fingerprint: str
    papers: int
    source_date_epoch: int


def fingerprint(
    content_dir: Path, project_config: Path, base_url: str, today: dt.date, repository: str = ""
) -> str:
    """A hash of every input of a generation: the corpus, this generator, the engine settings,
    and the day validation measures "in the future" from (a corpus valid today may not be on
    another day).

    Reading a file's bytes is cheap next to parsing it: 10,000 papers hash in about 0.2 s.
    """
    digest = hashlib.sha256(f"{generator_digest()}\n{base_url}\n{repository}\n{today}\n".encode())
    for path in [*sorted(_files_under(str(content_dir))), str(project_config)]:
        with open(path, "rb") as source:
            digest.update(path.encode() + b"\0" + source.read() + b"\0")
    return digest.hexdigest()


def _files_under(folder: str) -> Iterator[str]:
    """The paths of the files under `folder`, in strings: paths cost more than the reading."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files_under(entry.path)
            elif entry.is_file():
                yield entry.path


def generator_digest() -> str:
    """A hash of this generator's code and templates: what renders the pages."""
    sources = [path for path in sorted(_GENERATOR_DIR.rglob("*")) if path.suffix in {".py", ".j2"}]
    return files_digest(sources, _GENERATOR_DIR, salt=f"{__version__}\n")


def files_digest(paths: Iterable[Path], root: Path, salt: str = "") -> str:
    """A hash of files' names (relative to `root`) and contents, in the order given."""
    digest = hashlib.sha256(salt.encode())
    for path in paths:
        relative = path.relative_to(root).as_posix()
        digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def read_kept(file: Path, version: str) -> Any:
    """What `keep` stored at `file` for `version`; None if missing, unreadable or another's."""
    try:
        stored = marshal.loads(file.read_bytes())  # noqa: S302 (our own file; no code runs)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version:
        return stored[1]
    return None


def text_key(text: str) -> bytes:
    """What a text is known by among values kept for texts between builds: a digest of it."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def keep(file: Path, version: str, value: Any) -> None:
    """Store plain `value` (text, numbers, bytes, tuples, lists, mappings) at `file` for
    `version`, in marshal's format: read in C, and unable to run code when read, unlike pickle."""
    file.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(file, marshal.dumps((version, value)))


def last_generation(build_dir: Path) -> Generation | None:
    """The generation recorded in `build_dir`, if any and readable."""
    try:
        return Generation(**json.loads(_generation_file(build_dir).read_text()))
    except (OSError, ValueError, TypeError):
        return None


def record_generation(build_dir: Path, generation: Generation) -> None:
    """Remember a successful generation (written after everything else)."""
    (build_dir / CACHE_FOLDER).mkdir(parents=True, exist_ok=True)
    write_atomically(_generation_file(build_dir), json.dumps(asdict(generation)).encode())


def forget_generation(build_dir: Path) -> None:
    """Forget the recorded generation: the build folder changed by other means since, so the
    next generation must not take it for current."""
    _generation_file(build_dir).unlink(missing_ok=True)


def _generation_file(build_dir: Path) -> Path:
    return build_dir / CACHE_FOLDER / "generation.json"


def cached_bytes(build_dir: Path, name: str, key: str) -> bytes | None:
    """A cached artefact stored under `key`, or None."""
    path = build_dir / CACHE_FOLDER / f"{name}-{key}"
    return path.read_bytes() if path.is_file() else None


def store_bytes(build_dir: Path, name: str, key: str, content: bytes) -> None:
    """Cache an artefact under `key`, replacing older versions of it."""
    folder = build_dir / CACHE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*"):
        old.unlink()
    write_atomically(folder / f"{name}-{key}", content)
