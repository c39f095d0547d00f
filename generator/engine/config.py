"""The engine's source: the project's mkdocs.yml plus what the corpus decides, and the search's
script (lunr.js with the theme's search scripts)."""

from __future__ import annotations

import html
import importlib.util
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path, PurePosixPath

import yaml

from generator.corpus.model import Corpus
from generator.engine.state import THEME_DIR
from generator.errors import BuildError
from generator.project import SETTINGS_FILE
from generator.site.escape import shown_title
from generator.site.paths import (
    ALL_PAPERS,
    ALL_PAPERS_FOLDER,
    API,
    ARCHIVE,
    ARCHIVE_FOLDER,
    AUTHORS,
    AUTHORS_FOLDER,
    FEED_FILES,
    FEED_NAMES,
    FEED_TYPES,
    HOME,
    PAPERS_FOLDER,
    SEARCH,
    SEARCH_BUNDLE,
    SEARCH_PARTS,
    STATISTICS,
    SUBSCRIBE,
    TOPICS,
    TOPICS_FOLDER,
    theme_pages,
    topic_path,
)
from generator.site.periods import PERIODS

CONFIG_NAME = SETTINGS_FILE
"""The engine's settings file, in the project (its look) and in the build folder (the whole)."""

DOCS_DIR = "docs"
"""The folder, inside the build folder, that holds the generated site source."""


def project_settings(project_dir: Path) -> dict[str, object]:
    """Return the project's engine settings (its mkdocs.yml)."""
    path = project_dir / CONFIG_NAME
    if not path.is_file():
        raise BuildError(f"no {CONFIG_NAME} in {project_dir}: the site's settings are needed")
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(config, dict):
        raise BuildError(f"{path} must be a mapping of settings")
    return config


def engine_files(
    settings: Mapping[str, object],
    project_dir: Path,
    corpus: Corpus,
    build_dir: Path,
    base_url: str,
) -> dict[PurePosixPath, bytes]:
    """The files of the build folder that are the engine's own: its settings (the project's
    `settings` with the corpus's) and the search page's script."""
    config = render_engine_config(
        settings,
        corpus,
        project_dir=project_dir,
        build_dir=build_dir,
        base_url=base_url,
    )
    return {
        PurePosixPath(CONFIG_NAME): config,
        PurePosixPath(DOCS_DIR) / SEARCH_BUNDLE: search_bundle(project_dir / THEME_DIR),
    }


def render_engine_config(
    project_config: Mapping[str, object],
    corpus: Corpus,
    *,
    project_dir: Path,
    build_dir: Path,
    base_url: str,
) -> bytes:
    """Return build/mkdocs.yml: the project's settings plus site identity, nav and paths."""
    config = dict(project_config)
    theme_setting = config.get("theme")
    theme = dict(theme_setting) if isinstance(theme_setting, Mapping) else {"name": theme_setting}
    if "custom_dir" in theme:
        theme_dir = project_dir / str(theme["custom_dir"])
        theme["custom_dir"] = Path(os.path.relpath(theme_dir, build_dir)).as_posix()
    # Material prints these without escaping them: they must already be safe HTML.
    config["site_name"] = html.escape(corpus.site.title)
    config["site_description"] = html.escape(corpus.site.description)
    config["site_url"] = base_url
    config["docs_dir"] = DOCS_DIR
    config["theme"] = theme
    config["nav"] = _nav(corpus)
    config["not_in_nav"] = _NOT_IN_NAV
    config["extra"] = {
        **_mapping(config.get("extra")),
        "feeds": _feeds(),
        "pages": theme_pages(),
        **({"repository": corpus.site.repository} if corpus.site.repository else {}),
        "search_stemmer": search_stemmer(),
    }
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode("utf-8")


def _mapping(value: object) -> dict[str, object]:
    return dict(value) if isinstance(value, Mapping) else {}


# Paper pages are reached from topic pages, month and day pages from their listings; in the
# navigation they would make every page render thousands of links (a 1,000-paper site builds 9x
# slower). Gitignore-style patterns, from the site's root.
_NOT_IN_NAV = "".join(
    f"/{pattern}\n"
    for pattern in (
        f"{PAPERS_FOLDER}/*.md",
        f"{AUTHORS_FOLDER}/",
        f"{ARCHIVE_FOLDER}/2*.md",  # the days and the earlier years
        f"{ALL_PAPERS_FOLDER}/*.md",  # All papers' pages by count
        f"{TOPICS_FOLDER}/*/[0-9]*.md",  # a topic's
        API.as_posix(),
        SUBSCRIBE.as_posix(),
    )
)


def _feeds() -> list[dict[str, str]]:
    """The site-wide feeds, each format's media type, file and name, for the theme's <head>."""
    return [
        {"type": FEED_TYPES[kind], "file": FEED_FILES[kind], "name": FEED_NAMES[kind]}
        for kind in FEED_FILES
    ]


def _archive_nav() -> list[object]:
    """Every day, then the periods: this week, this month."""
    periods = ({shown_title(period.title): period.page.as_posix()} for period in PERIODS)
    return [ARCHIVE.as_posix(), *periods]


def _nav(corpus: Corpus) -> list[object]:
    """Home, the topics, all papers, then the hand-written top-level pages.

    A generated page is named with the title its front matter gives it (escaped, so no
    corpus text reaches the navigation templates unescaped): an incremental build need not
    render it again for its title (`navigation_pages`). The sections' index pages, whose
    titles the theme shows as the sections', and the hand-written pages are bare paths.
    """
    hand_written = sorted(
        path.as_posix()
        for path in corpus.pages
        if len(path.parts) == 1 and path.suffix == ".md" and path.name != "index.md"
    )
    topics = [
        TOPICS.as_posix(),
        *({shown_title(topic.title): topic_path(topic).as_posix()} for topic in corpus.topics),
    ]
    return [
        {"Home": HOME.as_posix()},
        {"Topics": topics},
        {"All papers": ALL_PAPERS.as_posix()},
        *([{"Archive": _archive_nav()}] if corpus.snapshots else []),
        *([{"Authors": AUTHORS.as_posix()}] if any(p.authors for p in corpus.papers) else []),
        {"Statistics": STATISTICS.as_posix()},
        {"Search": SEARCH.as_posix()},
        *hand_written,
    ]


@cache  # read for the engine's settings and for the search script, in every build
def lunr_js() -> bytes:
    """Return lunr.js 2.3.9 as MkDocs ships it: the version whose index format lunr.py writes.

    Found by path, without importing MkDocs: only `mkdocs build` loads the engine.
    """
    spec = importlib.util.find_spec("mkdocs")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location, "contrib", "search", "templates", "search", "lunr.js")
        if candidate.is_file():
            return candidate.read_bytes()
    raise BuildError("lunr.js was not found in the installed mkdocs package; run `make install`")


def search_stemmer() -> str:
    """Return lunr.js's stemmer, the expression that makes it (a function of a lunr.Token), for
    the search page's head to find the shards an address's words fall in before lunr.js loads."""
    source = lunr_js().decode("utf-8")
    start = source.find(_STEMMER_START)
    end = source.find(_STEMMER_END, start)
    stemmer = source[start + len(_STEMMER_START) - len(_STEMMER_BODY) : end + len(_STEMMER_END) - 1]
    # Written into an inline <script>: it must neither end the element nor open a comment.
    if start < 0 or end < 0 or "</" in stemmer or "<!--" in stemmer:
        raise BuildError("lunr.js's stemmer was not found as expected; run `make install`")
    return stemmer


_STEMMER_BODY = "(function(){"
_STEMMER_START = "\nlunr.stemmer = " + _STEMMER_BODY
_STEMMER_END = "\n})();"


def search_bundle(theme_dir: Path) -> bytes:
    """Return the search page's one script: lunr.js, then the theme's search scripts."""
    parts = [lunr_js()]
    for part in SEARCH_PARTS:
        path = theme_dir / part
        if not path.is_file():
            raise BuildError(f"{path} is missing: the search page needs it (restore it from git)")
        parts.append(path.read_bytes())
    # Each part is one statement; a `;` between them keeps a part that ends without one from
    # running into the next's opening parenthesis.
    return b"\n;\n".join(part.rstrip() for part in parts) + b"\n"
