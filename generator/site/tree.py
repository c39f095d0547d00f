"""The generated site source held in memory: relative path -> bytes, collisions refused."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath

from generator.write import Content, OnDisk


class OutputCollisionError(Exception):
    """Two things would be written to the same output path."""


class SiteTree(Mapping[PurePosixPath, bytes]):
    """Every file of the site source, gathered before anything is written."""

    def __init__(self) -> None:
        self._files: dict[PurePosixPath, Content] = {}
        # Case-insensitive file systems (macOS, Windows) would merge these silently.
        self._folded: dict[str, PurePosixPath] = {}

    def add(self, path: str | PurePosixPath, content: Content) -> None:
        """Add one file; refuse a path that is absolute, escapes the tree or is already taken."""
        path = PurePosixPath(path)
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise OutputCollisionError(f"refusing to write outside the site source: {path}")
        folded = path.as_posix().casefold()
        if folded in self._folded:
            raise OutputCollisionError(
                f"two outputs map to one path: {self._folded[folded]} and {path}"
            )
        self._folded[folded] = path
        self._files[path] = content

    def __getitem__(self, path: PurePosixPath) -> bytes:
        content = self._files[path]
        return content.read() if isinstance(content, OnDisk) else content

    def contents(self) -> list[tuple[PurePosixPath, Content]]:
        """Every file and what it holds, files kept on disk left unread, in path order."""
        return [(path, self._files[path]) for path in self]

    def __iter__(self) -> Iterator[PurePosixPath]:
        return iter(sorted(self._files))

    def __len__(self) -> int:
        return len(self._files)
