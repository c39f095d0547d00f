"""Where each page lives in the site source, its public address, and links between pages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath

from generator.corpus.authors import Author
from generator.corpus.schema import Paper, Snapshot, Topic
from generator.site.escape import Safe


def paper_path(paper: Paper) -> PurePosixPath:
    """Return where a paper's page lives in the site source."""
    return PurePosixPath("papers", f"{paper.id}.md")


ARCHIVE_FOLDER = "archive"
"""Where the trending days live in the site: an index, and one page per day."""


def archive_path(snapshot: Snapshot) -> PurePosixPath:
    """Return where a trending day's page lives in the site source."""
    return PurePosixPath(ARCHIVE_FOLDER, f"{snapshot.date.isoformat()}.md")


def archive_year_path(year: int) -> PurePosixPath:
    """Return where the list of an earlier year's trending days lives."""
    return PurePosixPath(ARCHIVE_FOLDER, f"{year:04d}.md")


def topic_path(topic: Topic) -> PurePosixPath:
    """Return where a topic's page lives in the site source."""
    return PurePosixPath("topics", topic.slug, "index.md")


AUTHORS_FOLDER = "authors"
"""Where the author index and the pages of authors with two papers or more live."""


def author_path(author: Author) -> PurePosixPath:
    """Return where an author's page lives in the site source."""
    return PurePosixPath(AUTHORS_FOLDER, f"{author.slug}.md")


def author_month_path(author: Author, year: int, month: int) -> PurePosixPath:
    """Return where the page of an author's papers added in one month lives."""
    return PurePosixPath(AUTHORS_FOLDER, author.slug, f"{year:04d}-{month:02d}.md")


def author_letter_path(letter: str) -> PurePosixPath:
    """Return where the author index's page for one letter lives, once it is split by letter."""
    return PurePosixPath(AUTHORS_FOLDER, "by-letter", f"{letter.lower()}.md")


MONTHS_FOLDER = "months"
"""Where the site-wide pages of one month's papers live, past `listing_size` papers."""


def month_path(year: int, month: int, topic: Topic | None = None) -> PurePosixPath:
    """Return where the page of one month's papers lives: the site's, or a topic's."""
    name = f"{year:04d}-{month:02d}.md"
    return (
        PurePosixPath("topics", topic.slug, name) if topic else PurePosixPath(MONTHS_FOLDER, name)
    )


def public_url(base_url: str, source: PurePosixPath) -> str:
    """Return the absolute address of the page built from `source` (directory URLs)."""
    page = source.as_posix().removesuffix(".md").removesuffix("index")
    return base_url + (page if not page or page.endswith("/") else page + "/")


def _relative(target: str, start: tuple[str, ...]) -> str:
    """posixpath.relpath for the generator's normalised paths, without its general cost."""
    parts = [part for part in target.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(start), len(parts) - 1) and start[common] == parts[common]:
        common += 1
    return "../" * (len(start) - common) + "/".join(parts[common:])


@dataclass(frozen=True)
class Links:
    """Relative links from one page to the others, as the engine resolves and checks them."""

    here: PurePosixPath

    @cached_property
    def _folder(self) -> tuple[str, ...]:
        return self.here.parent.parts

    def page(self, target: str | PurePosixPath) -> Safe:
        """Return the relative Markdown link from this page to `target`."""
        return Safe(_relative(str(target), self._folder))

    def paper(self, paper: Paper) -> Safe:
        """Return the link to a paper's page."""
        return self.page(f"papers/{paper.id}.md")  # paper_path(), without building a path object

    def topic(self, topic: Topic) -> Safe:
        """Return the link to a topic's page."""
        return self.page(f"topics/{topic.slug}/index.md")  # topic_path(), likewise

    def author(self, author: Author) -> Safe:
        """Return the link to an author's page."""
        return self.page(f"{AUTHORS_FOLDER}/{author.slug}.md")

    def day(self, snapshot: Snapshot) -> Safe:
        """Return the link to a trending day's page."""
        return self.page(archive_path(snapshot))
