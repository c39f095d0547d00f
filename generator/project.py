"""The checkout a `papers` command works in: its corpus (content/) and its look (theme/)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The site's settings, beside content/: read by the engine (MkDocs, and Zensical after it), and
# how a folder is told apart from a copy of content/ alone (a test's, a benchmark's).
SETTINGS_FILE = "mkdocs.yml"
_INSTALLED_FROM = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    """An archive's folder: its mkdocs.yml beside its content/."""

    root: Path

    @classmethod
    def locate(cls, start: Path | None = None) -> Project:
        """The archive the working folder is in (as git finds its repository), else the
        checkout this package was installed from: an archive made by `papers init` builds
        with the generator of another."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if is_archive(folder):
                return cls(folder)
        return cls(_INSTALLED_FROM)

    @property
    def content_dir(self) -> Path:
        """The corpus commands work on unless told otherwise."""
        return self.root / "content"


def is_archive(folder: Path) -> bool:
    """Whether `folder` holds an archive: its site settings and its corpus."""
    return (folder / SETTINGS_FILE).is_file() and (folder / "content" / "corpus.yaml").is_file()
