"""A new archive made from this one's machinery: its own title, address and topics, no papers.

The new folder gets the files that build and publish an archive (the generator, the theme,
its settings, the workflows, the Makefile and its pins) and a fresh content/; not this archive's
papers, tests, benchmarks or documents. It is written beside its final place and moved there
whole, so a failure leaves nothing half-made.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml
from pydantic import ValidationError

from generator.corpus.load import PAPERS_DIR
from generator.corpus.schema import SCHEMA_VERSION, Site, Taxonomy, json_schemas
from generator.curate.issue_forms import issue_forms
from generator.errors import BuildError

MACHINERY_LEFT_OUT = frozenset(
    {"content", "tests", "bench", "docs", "standins", ".ci", "README.md", "CONTRIBUTING.md"}
)
"""What a new archive does not take (top-level names): this archive's own corpus, its tests and
benchmarks, and the documents that describe this archive rather than the machinery."""

_EMPTY_FOLDERS = (PAPERS_DIR, "trending")  # kept in git by a .gitkeep file each


@dataclass(frozen=True)
class NewTopic:
    """A topic of the new archive, as `--topic SLUG=TITLE` gives it."""

    slug: str
    title: str


@dataclass(frozen=True)
class ArchiveSettings:
    """What a new archive is called, where it is published and what it files papers under."""

    title: str
    description: str
    url: str
    topics: tuple[NewTopic, ...]
    repository: str | None = None


def content_files(settings: ArchiveSettings) -> dict[PurePosixPath, bytes]:
    """The new archive's content/ (settings, topics, schemas, an About page, empty folders)
    and its issue forms; refused, naming the setting, unless the schema accepts them."""
    site_data: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "title": settings.title,
        "description": settings.description,
        "base_url": settings.url,
        **({"repository": settings.repository} if settings.repository else {}),
    }
    topics_data = {
        "topics": [
            {
                "slug": topic.slug,
                "title": topic.title,
                "description": f"Papers on {topic.title}.",
                # A start for `papers add` and `papers ingest` to suggest the topic by;
                # curators add the phrases only this topic's papers use (docs/topics.md).
                "keywords": [topic.title.lower()],
            }
            for topic in settings.topics
        ]
    }
    try:
        Site.model_validate(site_data)
        taxonomy = Taxonomy.model_validate(topics_data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        )
        raise BuildError(f"the new archive's settings are not valid: {problems}") from None
    content = PurePosixPath("content")
    files = {
        content / "corpus.yaml": _yaml("corpus.schema.json", site_data),
        content / "topics.yaml": _yaml("topics.schema.json", topics_data),
        content / "pages" / "about.md": _about(settings),
        **{content / "schema" / name: schema for name, schema in json_schemas().items()},
        **{content / folder / ".gitkeep": b"" for folder in _EMPTY_FOLDERS},
    }
    return files | issue_forms(taxonomy.topics)


def _yaml(schema: str, data: Mapping[str, object]) -> bytes:
    header = f"# yaml-language-server: $schema=schema/{schema}\n"
    body = yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=100)
    return (header + body).encode("utf-8")


def _about(settings: ArchiveSettings) -> bytes:
    front = yaml.safe_dump({"title": "About", "hide": ["navigation"]}, sort_keys=False)
    # The description is the owner's, but it is still text in a Markdown page.
    description = settings.description.replace("<", "&lt;")
    return (
        f"---\n{front}---\n\n# About\n\n{description}\n\n"
        "Each paper has a page with its abstract, authors and links; each topic lists its"
        " papers, newest first, with its own feeds.\n"
    ).encode()


def machinery_files(project_root: Path) -> list[PurePosixPath]:
    """The files of this checkout a new archive takes: those git tracks, less MACHINERY_LEFT_OUT."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"],  # noqa: S607  # git from PATH, as every git command here
            cwd=project_root,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
    except (OSError, subprocess.CalledProcessError) as error:
        raise BuildError(
            f"{project_root} is not a git checkout: `papers init` copies the files git tracks"
        ) from error
    return [
        path
        for name in listed.split("\0")
        if name and (path := PurePosixPath(name)).parts[0] not in MACHINERY_LEFT_OUT
    ]


def create_archive(target: Path, project_root: Path, settings: ArchiveSettings) -> list[Path]:
    """Write a new archive into `target` (absent or empty); return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BuildError(f"{target} is not empty; `papers init` writes only into a new folder")
    files = content_files(settings)
    copied = machinery_files(project_root)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
    try:
        for relative in copied:
            destination = staging.joinpath(*relative.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(project_root.joinpath(*relative.parts), destination)
        for relative, content in files.items():
            destination = staging.joinpath(*relative.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
        (staging / "README.md").write_bytes(_readme(settings))
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(target.joinpath(*p.parts) for p in [*copied, *files, PurePosixPath("README.md")])


def _readme(settings: ArchiveSettings) -> bytes:
    title = settings.title.replace("<", "&lt;")
    return (
        f"# {title}\n\n"
        "An archive of research papers by topic, built with the Trending Papers machinery.\n\n"
        "    make site   # validate content/ and build the site into site/\n"
        "    make test   # the checks a pull request runs\n\n"
        "Add papers with `.venv/bin/papers add <arXiv id> --topic <slug>`, or let the daily"
        " ingest workflow propose them. Topics are in `content/topics.yaml`; after changing"
        " them, run `.venv/bin/papers forms` to offer them in the issue forms.\n"
    ).encode()


def parse_topic(text: str) -> NewTopic:
    """`SLUG=TITLE`, as `--topic` takes it."""
    slug, equals, title = text.partition("=")
    if not equals or not slug.strip() or not title.strip():
        raise BuildError(
            f"--topic takes SLUG=TITLE, e.g. robot-learning='Robot learning'; got {text!r}"
        )
    return NewTopic(slug.strip(), title.strip())


def papers_of(texts: Sequence[str], topics: Sequence[NewTopic]) -> dict[tuple[str, ...], list[str]]:
    """The `--paper ARXIV_ID=SLUG[,SLUG]` values: arXiv ids by their topics, each topic one of
    the new archive's."""
    known = {topic.slug for topic in topics}
    papers: dict[tuple[str, ...], list[str]] = {}
    for text in texts:
        typed, equals, slugs = text.partition("=")
        arxiv = typed.strip()
        named = tuple(slug.strip() for slug in slugs.split(",") if slug.strip())
        if not equals or not arxiv or not named:
            raise BuildError(
                f"--paper takes ARXIV_ID=SLUG[,SLUG] (a new archive has no papers to suggest"
                f" topics from), e.g. 2209.10652={min(known, default='my-topic')}; got {text!r}"
            )
        unknown = [slug for slug in named if slug not in known]
        if unknown:
            raise BuildError(
                f"--paper {text!r} names {', '.join(map(repr, unknown))}, not a --topic of the"
                f" new archive ({', '.join(sorted(known))})"
            )
        if any(arxiv in ids for ids in papers.values()):
            raise BuildError(f"--paper names {arxiv} twice; give its topics once")
        papers.setdefault(named, []).append(arxiv)
    return papers


def topics_of(texts: Sequence[str]) -> tuple[NewTopic, ...]:
    """The `--topic` values, each slug once."""
    topics = [parse_topic(text) for text in texts]
    slugs = [topic.slug for topic in topics]
    if len(set(slugs)) != len(slugs):
        raise BuildError("each --topic needs its own slug")
    return tuple(topics)
