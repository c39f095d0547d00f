"""Shared fixtures: copies of a small corpus, and the `papers` command run in-process."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from standins.pages_server import serving_site

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT_ROOT = Path(__file__).parent.parent

_READ_THE_CORPUS = {"shipped_corpus_dir", "shipped_site"}


def generated_files(build_dir: Path) -> dict[str, bytes]:
    """Every file a generation wrote into `build_dir` but its caches, by path."""
    return {
        path.relative_to(build_dir).as_posix(): path.read_bytes()
        for path in sorted(build_dir.rglob("*"))
        if path.is_file() and ".cache" not in path.parts
    }


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `corpus` the tests that read the shipped corpus, by the fixtures they use (modules
    that read content/ directly carry the mark themselves): a pull request that changes only
    content/ runs these."""
    for item in items:
        if _READ_THE_CORPUS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.corpus)


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture corpus."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "corpus", target)
    return target


@pytest.fixture
def shipped_corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of the project's real corpus."""
    target = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", target)
    return target


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A clone of this repository (its committed files) with its installed environment, as a
    contributor's checkout is after `make install`."""
    clone = tmp_path / "trending-papers"
    subprocess.run(["git", "clone", "--quiet", str(PROJECT_ROOT), str(clone)], check=True)
    (clone / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    return clone


@dataclass(frozen=True)
class Run:
    """The outcome of one `papers` invocation."""

    exit_code: int
    stdout: str
    stderr: str


RunPapers = Callable[..., Run]


@pytest.fixture
def run_papers(capsys: pytest.CaptureFixture[str]) -> RunPapers:
    """Run the `papers` command line in-process and capture what it prints."""

    def run(*arguments: str | Path) -> Run:
        capsys.readouterr()
        exit_code = main([str(argument) for argument in arguments])
        captured = capsys.readouterr()
        return Run(exit_code, captured.out, captured.err)

    return run


@dataclass(frozen=True)
class BuiltSite:
    """A site built by `papers build` and served on loopback."""

    folder: Path
    url: str  # where it is served, ending in /


PUBLISHED = "/published/"
"""Where the shared site is served: below the root, as GitHub Pages serves a project's site."""


@contextmanager
def built_and_served(
    folder: Path, content: Path | None = None, at: str = "/"
) -> Iterator[BuiltSite]:
    """Build `content` (default: the shipped corpus) into `folder` and serve it at `at`."""
    site = folder / "site"
    site.mkdir()
    with serving_site(site, at) as url:
        # Built for the address it is served at, as on GitHub Pages: pages may fetch site_url.
        arguments = ["build", "-q", "--base-url", url, "--build-dir", str(folder / "build")]
        arguments += ["--content", str(content)] if content else []
        assert main([*arguments, "--site-dir", str(site)]) == 0
        yield BuiltSite(site, url)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The shipped corpus, built once for every test that reads it (none may write to it)."""
    with built_and_served(tmp_path_factory.mktemp("shipped"), at=PUBLISHED) as site:
        yield site
