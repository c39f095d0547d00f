"""The checkout a `papers` command works in: its corpus (content/) and its look (theme/)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """The folder this package was installed from (an editable install or a checkout)."""

    root: Path

    @classmethod
    def locate(cls) -> Project:
        """The checkout beside this package; corpus commands need nothing else of it."""
        return cls(Path(__file__).resolve().parent.parent)

    @property
    def content_dir(self) -> Path:
        """The corpus commands work on unless told otherwise."""
        return self.root / "content"
