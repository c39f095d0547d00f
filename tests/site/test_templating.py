"""The generator's page templates, compiled once and kept in the build folder's cache: the
next process loads them instead of compiling them, and renders the same pages."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import BuildRequest, generate_whole, load, place_index_now
from generator.cache import CACHE_FOLDER
from generator.project import Project
from generator.site import templating
from generator.source import PAGE_TEMPLATES, write_source
from tests.conftest import PROJECT_ROOT, generated_files


@pytest.fixture
def new_process() -> Iterator[None]:
    """The page templates' environment as a new process has it, before and after the test."""
    templating._environment.cache_clear()
    yield
    templating._environment.cache_clear()


def modified(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


@pytest.mark.usefixtures("new_process")
def test_the_next_generation_loads_the_kept_templates_and_renders_the_same(
    corpus_dir: Path, tmp_path: Path
) -> None:
    build_dir = tmp_path / "build"
    request = BuildRequest(
        Project(PROJECT_ROOT), corpus_dir, build_dir, tmp_path / "site", today=dt.date(2026, 12, 1)
    )
    generate_whole(request)
    kept = build_dir / CACHE_FOLDER / PAGE_TEMPLATES
    assert not kept.exists()  # the folder was not the generator's yet: nothing written early
    first = generated_files(build_dir)

    def regenerate() -> None:
        templating._environment.cache_clear()  # as the next process: nothing compiled yet
        place_index_now(write_source(load(request, always=True)))

    regenerate()
    compiled = modified(kept)
    assert compiled  # this one compiled them and kept them
    regenerate()
    assert modified(kept) == compiled  # loaded, not compiled and written again
    assert generated_files(build_dir) == first


@pytest.mark.usefixtures("new_process")
def test_templates_compile_without_a_kept_folder_that_went_away(tmp_path: Path) -> None:
    templating.keep_compiled_templates(tmp_path / "kept")
    shutil.rmtree(tmp_path / "kept")
    environment = templating._environment()
    names = environment.list_templates()
    # Each compiled (and not kept): a cache that cannot write must not fail the build.
    assert [environment.get_template(name).name for name in names] == names
