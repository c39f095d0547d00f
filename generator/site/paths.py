"""The site's address scheme, spelled once: where each page and file lives in the site source,
its public address, and the relative links between pages.

A page is known by its source path (`papers/<id>.md`); its address (`public_url`) and the
links to it (`Links`) derive from that path, so no other module spells a folder or file name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import PurePosixPath

from generator.corpus.authors import Author
from generator.corpus.schema import Paper, Snapshot, Topic
from generator.site.escape import Safe

PAPERS_FOLDER = "papers"
TOPICS_FOLDER = "topics"
ARCHIVE_FOLDER = "archive"
"""Where the trending days live in the site: an index, and one page per day."""
AUTHORS_FOLDER = "authors"
"""Where the author index and the pages of authors with two papers or more live."""
ALL_PAPERS_FOLDER = "all"
"""Where All papers' pages of every paper by count live, past `listing_size` papers."""
MONTHS_FOLDER = "months"
"""Where All papers' pages of one month lived, before pages by count (now redirects)."""
SEARCH_FOLDER = PurePosixPath("search")
API_FOLDER = PurePosixPath("api")

# The fixed pages, by their source path.
HOME = PurePosixPath("index.md")
ABOUT = PurePosixPath("about.md")
ALL_PAPERS = PurePosixPath(PAPERS_FOLDER, "index.md")
TOPICS = PurePosixPath(TOPICS_FOLDER, "index.md")
ARCHIVE = PurePosixPath(ARCHIVE_FOLDER, "index.md")
AUTHORS = PurePosixPath(AUTHORS_FOLDER, "index.md")
STATISTICS = PurePosixPath("statistics", "index.md")
SEARCH = SEARCH_FOLDER / "index.md"
SUBSCRIBE = PurePosixPath("subscribe", "index.md")
API = API_FOLDER / "index.md"

# The site's files that are not pages.
SITE_FOLDER = PurePosixPath(".")
"""The folder of the site-wide feeds and bibliography: the site's root."""
FEED_FILES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
"""Each feed format's file name, in the folder of the page the feed belongs to."""
FEED_TYPES = {"rss": "rss+xml", "atom": "atom+xml", "json": "feed+json"}
"""Each feed format's media type, after `application/`."""
FEED_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
OPML_FILE = PurePosixPath("feeds.opml")
BIBLIOGRAPHY = "papers.bib"
INDEX_FILE = SEARCH_FOLDER / "papers-index.json"
STORE_FILE = SEARCH_FOLDER / "papers-store.json"
SEARCH_SCRIPT = PurePosixPath("assets", "javascripts", "paper-search.js")
SPLIT_INDEX_SCRIPT = PurePosixPath("assets", "javascripts", "split-index.js")
SPLIT_STORE_SCRIPT = PurePosixPath("assets", "javascripts", "split-store.js")
SEARCH_ANSWERS_SCRIPT = PurePosixPath("assets", "javascripts", "search-answers.js")
"""The index's side of a search: run by the page as a Web Worker, or by the page itself."""
SEARCH_PARTS = (SPLIT_INDEX_SCRIPT, SPLIT_STORE_SCRIPT, SEARCH_ANSWERS_SCRIPT, SEARCH_SCRIPT)
"""The theme's search scripts, in the order each needs the ones before it."""
SEARCH_BUNDLE = PurePosixPath("assets", "javascripts", "search-bundle.js")
"""The search page's one script, lunr.js and then SEARCH_PARTS, also run as its Web Worker:
one request instead of five, which on a phone's few connections starts a search sooner."""
SHARD_FOLDER = SEARCH_FOLDER / "index"  # the index's shards, named by content
STORE_FOLDER = SEARCH_FOLDER / "store"  # the result store's chunks and tables
STORE_CHUNK_NAME = "store/{block}-{number}.json"
"""A store chunk's name relative to search/, filled in by the page from the store's manifest."""
FEED_STYLESHEET = PurePosixPath("assets", "stylesheets", "feed.css")
API_PAPERS_FILE = API_FOLDER / "papers.json"
API_TOPICS_FILE = API_FOLDER / "topics.json"
API_CODE_FILE = API_FOLDER / "code.json"
API_SCHEMA_FOLDER = API_FOLDER / "schema"


def paper_path(paper: Paper) -> PurePosixPath:
    """Return where a paper's page lives in the site source."""
    return _paper_path(paper.id)


@lru_cache(maxsize=1 << 16)
def _paper_path(paper_id: str) -> PurePosixPath:
    # Asked five times a paper a build (its page, listings, links): made once.
    return PurePosixPath(PAPERS_FOLDER, f"{paper_id}.md")


def archive_path(snapshot: Snapshot) -> PurePosixPath:
    """Return where a trending day's page lives in the site source."""
    return PurePosixPath(ARCHIVE_FOLDER, f"{snapshot.date.isoformat()}.md")


def archive_year_path(year: int) -> PurePosixPath:
    """Return where the list of an earlier year's trending days lives."""
    return PurePosixPath(ARCHIVE_FOLDER, f"{year:04d}.md")


def period_path(slug: str) -> PurePosixPath:
    """Return where the page of a period of trending days (this week, this month) lives."""
    return PurePosixPath(ARCHIVE_FOLDER, f"{slug}.md")


def period_folder(slug: str) -> PurePosixPath:
    """Return the folder of a period's feeds."""
    return PurePosixPath(ARCHIVE_FOLDER, slug)


def topic_folder(topic: Topic) -> PurePosixPath:
    """Return the folder of a topic's page, its month pages, feeds and bibliography."""
    return PurePosixPath(TOPICS_FOLDER, topic.slug)


def topic_path(topic: Topic) -> PurePosixPath:
    """Return where a topic's page lives in the site source."""
    return topic_folder(topic) / "index.md"


def author_path(author: Author) -> PurePosixPath:
    """Return where an author's page lives in the site source."""
    return PurePosixPath(AUTHORS_FOLDER, f"{author.slug}.md")


def author_part_path(author: Author, number: int) -> PurePosixPath:
    """Return where the `number`th page of all an author's papers lives, counted from the oldest."""
    return PurePosixPath(AUTHORS_FOLDER, author.slug, f"{number}.md")


MONTH_PAGES_UNTIL = (2026, 12)
"""The last month the site had a page per month of a long listing or a prolific author's
papers (pages by count replaced them): those months' addresses stay, as redirects, and no
later ones."""


def author_month_redirect_path(author: Author, year: int, month: int) -> PurePosixPath:
    """Return where the redirect from the address of an author's month page, which pages by
    count replaced, lives (a static file: a reader may have linked the old address)."""
    return PurePosixPath(AUTHORS_FOLDER, author.slug, f"{year:04d}-{month:02d}", "index.html")


def author_letter_path(letter: str) -> PurePosixPath:
    """Return where the author index's page for one letter lives, once it is split by letter."""
    return PurePosixPath(AUTHORS_FOLDER, "by-letter", f"{letter.lower()}.md")


def author_letter_redirect_path(letter: str, number: int) -> PurePosixPath:
    """Return where the redirect from the address of a letter's `number`th page by count lives
    (pages by the names' first letters replaced them: a reader may have linked one)."""
    return PurePosixPath(AUTHORS_FOLDER, "by-letter", f"{letter.lower()}-{number}", "index.html")


def author_shelf_path(slug: str) -> PurePosixPath:
    """Return where a page of the author index's names that start alike lives (a letter past
    a page of names is split into them: generator/site/shelves.py)."""
    return PurePosixPath(AUTHORS_FOLDER, "by-name", f"{slug}.md")


def author_shelf_redirect_path(slug: str) -> PurePosixPath:
    """Return where the redirect from the address of a page of names since split lives."""
    return PurePosixPath(AUTHORS_FOLDER, "by-name", slug, "index.html")


def listing_part_path(number: int, topic: Topic | None = None) -> PurePosixPath:
    """Return where the `number`th page of every paper of a listing lives (All papers', or a
    topic's), counted from the oldest."""
    name = f"{number}.md"
    return topic_folder(topic) / name if topic else PurePosixPath(ALL_PAPERS_FOLDER, name)


def month_redirect_path(year: int, month: int, topic: Topic | None = None) -> PurePosixPath:
    """Return where the redirect from the address of a listing's month page lives."""
    name = f"{year:04d}-{month:02d}"
    folder = topic_folder(topic) if topic else PurePosixPath(MONTHS_FOLDER)
    return folder / name / "index.html"


def feed_path(folder: PurePosixPath, kind: str) -> PurePosixPath:
    """Return where a feed in format `kind` ("rss", "atom", "json") lives in `folder`."""
    return folder / FEED_FILES[kind]


def bibliography_path(folder: PurePosixPath) -> PurePosixPath:
    """Return where the BibTeX file of a listing's papers lives in its folder."""
    return folder / BIBLIOGRAPHY


def api_topic_path(topic: Topic) -> PurePosixPath:
    """Return where a topic's API document lives."""
    return API_FOLDER / TOPICS_FOLDER / f"{topic.slug}.json"


def public_url(base_url: str, source: PurePosixPath) -> str:
    """Return the absolute address of the page or file built from `source` (directory URLs)."""
    return base_url + _built(source.as_posix())


def _built(source: str) -> str:
    """The site-relative address of what is built from the source path `source`."""
    if not source.endswith(".md") or source.rpartition("/")[2] == ".md":
        return source
    page = source.removesuffix(".md").removesuffix("index")
    return page if not page or page.endswith("/") else page + "/"


def arxiv_abstract_url(arxiv: str) -> str:
    """Return the address of a paper's abstract page on arXiv."""
    return f"https://arxiv.org/abs/{arxiv}"


def arxiv_pdf_url(arxiv: str) -> str:
    """Return the address of a paper's PDF on arXiv."""
    return f"https://arxiv.org/pdf/{arxiv}"


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

    @cached_property
    def _built_folder(self) -> tuple[str, ...]:
        return tuple(_built(self.here.as_posix()).split("/")[:-1])

    def address(self, target: str | PurePosixPath) -> Safe:
        """Return the relative address of `target`'s built page, for raw HTML (not rewritten)."""
        there = _built(str(target))
        return Safe(_relative(there, self._built_folder) + ("/" if there.endswith("/") else ""))

    def paper_address(self, paper: Paper) -> Safe:
        """Return the relative address of a paper's built page, for raw HTML."""
        return self.address(f"{PAPERS_FOLDER}/{paper.id}.md")

    def topic_address(self, topic: Topic) -> Safe:
        """Return the relative address of a topic's built page, for raw HTML."""
        return self.address(f"{TOPICS_FOLDER}/{topic.slug}/index.md")

    def paper(self, paper: Paper) -> Safe:
        """Return the link to a paper's page."""
        # paper_path(), spelled out: a listing links thousands of papers, paths cost.
        return self.page(f"{PAPERS_FOLDER}/{paper.id}.md")

    def topic(self, topic: Topic) -> Safe:
        """Return the link to a topic's page."""
        return self.page(f"{TOPICS_FOLDER}/{topic.slug}/index.md")  # topic_path(), likewise

    def author(self, author: Author) -> Safe:
        """Return the link to an author's page."""
        return self.author_page(author.slug)

    def author_page(self, slug: str) -> Safe:
        """Return the link to the page of the author whose page is named `slug`."""
        return self.page(f"{AUTHORS_FOLDER}/{slug}.md")

    def day(self, snapshot: Snapshot) -> Safe:
        """Return the link to a trending day's page."""
        return self.page(archive_path(snapshot))

    def period(self, slug: str) -> Safe:
        """Return the link to a period's page: "week" or "month"."""
        return self.page(period_path(slug))

    def feed(self, folder: PurePosixPath | str, kind: str) -> Safe:
        """Return the link to a feed of the page whose feeds live in `folder`."""
        return self.page(feed_path(PurePosixPath(folder), kind))

    def feed_links(self, folder: PurePosixPath | str) -> Safe:
        """Return the links to the feeds in `folder` in every format: [RSS](…) · [Atom](…) · …"""
        links = (f"[{FEED_NAMES[kind]}]({self.feed(folder, kind)})" for kind in FEED_FILES)
        return Safe(" · ".join(links))

    def bibliography(self, folder: PurePosixPath) -> Safe:
        """Return the link to the BibTeX file of the listing in `folder`."""
        return self.page(bibliography_path(folder))

    # One method per fixed page, so that templates never spell a path.
    def home(self) -> Safe:
        return self.page(HOME)

    def all_papers(self) -> Safe:
        return self.page(ALL_PAPERS)

    def topics(self) -> Safe:
        return self.page(TOPICS)

    def archive(self) -> Safe:
        return self.page(ARCHIVE)

    def authors(self) -> Safe:
        return self.page(AUTHORS)

    def search(self) -> Safe:
        return self.page(SEARCH)

    def subscribe(self) -> Safe:
        return self.page(SUBSCRIBE)

    def opml(self) -> Safe:
        return self.page(OPML_FILE)


def hashed_path(folder: PurePosixPath, content: bytes, stem: str = "") -> PurePosixPath:
    """A JSON file's path in `folder`, named by its content: browsers may keep it for good."""
    return folder / f"{stem}{content_digest(content)}.json"


def content_digest(content: bytes) -> str:
    """A short digest of `content`, for file names that change with it."""
    return hashlib.blake2b(content, digest_size=8).hexdigest()


def store_chunk_path(block: str, number: int) -> PurePosixPath:
    """Where the store's chunk `number`, of the block with digest `block`, is."""
    return SEARCH_FOLDER / STORE_CHUNK_NAME.format(block=block, number=number)


def topic_url_pattern() -> str:
    """A topic page's address relative to the site's root, `{slug}` for its slug: for the
    search page's script, which links results to their topics."""
    return public_url("", PurePosixPath(TOPICS_FOLDER, "{slug}", "index.md"))


def theme_pages() -> dict[str, str]:
    """The fixed pages the theme's templates and scripts link to, by name: each one's address
    relative to the site's root (`search/`), for the theme's `url` filter or `new URL(...)`."""
    pages = {"search": SEARCH, "topics": TOPICS, "subscribe": SUBSCRIBE, "api": API}
    return {name: public_url("", source) for name, source in pages.items()}


def search_name(path: PurePosixPath) -> str:
    """A search file's name as the search page's manifests give it: relative to search/."""
    return path.relative_to(SEARCH_FOLDER).as_posix()
