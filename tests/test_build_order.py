"""The build's own choices: an index and related papers worked out in a second process give
the same bytes, and a generation whose index is still to build is recorded only once the
index is in place."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool
from pathlib import Path, PurePosixPath
from typing import NoReturn

import pytest

from generator import build as build_module
from generator.build import BuildRequest, build, generate_whole, in_background
from generator.cache import CACHE_FOLDER, last_generation
from generator.corpus import load_corpus
from generator.project import Project
from generator.site.paths import INDEX_FILE, SHARD_FOLDER
from generator.site.search import search_documents
from generator.site.search_shards import build_index_files, unbundle
from generator.source import Source, load_source, place_index, write_source


def in_process_index(corpus_dir: Path) -> bytes:
    return build_index_files(search_documents(load_corpus(corpus_dir)))


def index_files_in(folder: Path) -> bytes:
    """The search index's files in a site (or a build folder's source), bundled."""
    manifest = folder / INDEX_FILE
    shards = sorted((folder / SHARD_FOLDER).glob("*.json"))
    files = {path.relative_to(folder).as_posix(): path.read_bytes() for path in [*shards, manifest]}
    return in_order({PurePosixPath(path): content for path, content in files.items()})


def in_order(files: dict[PurePosixPath, bytes]) -> bytes:
    return b"\n".join(path.as_posix().encode() + b" " + files[path] for path in sorted(files))


def same_files(bundled: bytes) -> bytes:
    return in_order(unbundle(bundled))


def generated(corpus_dir: Path, build_dir: Path) -> Source:
    """Generate the source, its index left to build."""
    return write_source(load_source(Project.locate(), corpus_dir, build_dir))


@pytest.mark.slow
def test_index_built_in_a_worker_process_matches_the_in_process_one(
    corpus_dir: Path, tmp_path: Path
) -> None:
    request = BuildRequest(Project.locate(), corpus_dir, tmp_path / "build", tmp_path / "site")
    report = build(request)

    assert report.rendered
    assert report.source.index_to_build is not None  # it was built by search_index's process
    written = index_files_in(tmp_path / "build" / "docs")
    assert written == same_files(in_process_index(corpus_dir))
    assert index_files_in(tmp_path / "site") == written


@pytest.mark.slow
def test_related_papers_worked_out_in_a_second_process_make_the_same_pages(
    corpus_dir: Path, tmp_path: Path
) -> None:
    in_two = BuildRequest(Project.locate(), corpus_dir, tmp_path / "two", tmp_path / "site")
    loaded = load_source(in_two.project, corpus_dir, in_two.build_dir)
    with in_background(loaded) as (_, related_of):
        assert related_of is not None  # the text is new: a second process works them out
        write_source(loaded, related_of)
    in_one = BuildRequest(Project.locate(), corpus_dir, tmp_path / "one", tmp_path / "site")
    generate_whole(in_one)
    pages = sorted((tmp_path / "one" / "docs" / "papers").glob("*.md"))
    assert pages
    for page in pages:
        relative = page.relative_to(tmp_path / "one")
        assert (tmp_path / "two" / relative).read_bytes() == page.read_bytes(), relative


def test_a_source_without_its_index_completes_the_generation_only_once_placed(
    corpus_dir: Path, tmp_path: Path
) -> None:
    build_dir = tmp_path / "build"
    loaded = load_source(Project.locate(), corpus_dir, build_dir)
    with in_background(loaded) as (index, related_of):
        source = write_source(loaded, related_of)
        assert source.index_to_build is not None
        assert last_generation(build_dir) is None  # not yet whole: a crash now redoes it all
        late = index()
        place_index(source, late)

    assert late == in_process_index(corpus_dir)
    assert index_files_in(build_dir / "docs") == same_files(late)
    assert last_generation(build_dir) is not None
    again = generated(corpus_dir, build_dir)
    assert again.report is None  # unchanged inputs: nothing redone, nothing left to build
    assert again.index_to_build is None


def test_an_index_never_placed_leaves_the_generation_to_be_redone(
    corpus_dir: Path, tmp_path: Path
) -> None:
    build_dir = tmp_path / "build"
    loaded = load_source(Project.locate(), corpus_dir, build_dir)
    with in_background(loaded) as (_, related_of):
        write_source(loaded, related_of)  # the index is never asked for
        # left before asking: the process is stopped, nothing placed

    assert last_generation(build_dir) is None
    redone = generated(corpus_dir, build_dir)  # redone whole, its index again to build
    assert redone.report is not None
    assert redone.index_to_build is not None
    place_index(redone, in_process_index(corpus_dir))
    assert last_generation(build_dir) is not None


def test_a_cached_index_is_reused_without_a_second_process(
    corpus_dir: Path, tmp_path: Path
) -> None:
    build_dir = tmp_path / "build"
    generate_whole(BuildRequest(Project.locate(), corpus_dir, build_dir, tmp_path / "site"))
    # A change the index does not see: a topic's description is not indexed.
    topics = corpus_dir / "topics.yaml"
    topics.write_text(topics.read_text().replace("Learning physical laws.", "Physical laws."))

    second = generated(corpus_dir, build_dir)

    assert second.report is not None
    assert second.index_to_build is None
    assert last_generation(build_dir) == second.generation
    assert index_files_in(build_dir / "docs") == same_files(in_process_index(corpus_dir))


def test_a_new_index_replaces_the_shards_of_the_last(corpus_dir: Path, tmp_path: Path) -> None:
    request = BuildRequest(Project.locate(), corpus_dir, tmp_path / "build", tmp_path / "site")
    build(request)
    before = set((tmp_path / "site" / SHARD_FOLDER).glob("*.json"))
    paper = sorted((corpus_dir / "papers").glob("*.yaml"))[0]
    paper.write_text(paper.read_text().replace("abstract: ", "abstract: Quixotic. ", 1))
    build(request)

    expected = same_files(in_process_index(corpus_dir))
    for folder in (tmp_path / "site", tmp_path / "build" / "docs"):
        assert index_files_in(folder) == expected  # no shard left over from the last index
    assert before - set((tmp_path / "site" / SHARD_FOLDER).glob("*.json"))


def test_the_second_process_starts_only_once_an_input_is_found_changed(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = BuildRequest(Project.locate(), corpus_dir, tmp_path / "build", tmp_path / "site")
    started: list[bool] = []
    real = build_module.second_process

    @contextmanager
    def counted() -> Iterator[Pool]:
        started.append(True)
        with real() as pool:
            yield pool

    monkeypatch.setattr(build_module, "second_process", counted)
    first = build(request)
    assert first.rendered
    assert started == [True]  # started before the corpus was parsed, used for the index
    assert build(request).rendered is False
    assert started == [True]  # nothing changed: no process started for nothing


def test_related_papers_are_remembered_for_the_next_build_of_the_same_text(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = BuildRequest(Project.locate(), corpus_dir, tmp_path / "build", tmp_path / "site")
    build(request)
    remembered = tmp_path / "build" / CACHE_FOLDER / build_module.RELATED_CACHE
    assert remembered.is_file()
    pages = {path: path.read_bytes() for path in (tmp_path / "build" / "docs").rglob("*.md")}

    def never(*_: object) -> NoReturn:
        raise AssertionError("the related papers were worked out again")

    monkeypatch.setattr(build_module, "related_ids", never)
    # A change the text does not see: a topic's description; then nothing relates papers.
    topics = corpus_dir / "topics.yaml"
    topics.write_text(topics.read_text().replace("Learning physical laws.", "Physical laws."))
    assert build(request).rendered
    assert any(
        path.read_bytes() != pages.get(path) for path in (tmp_path / "build" / "docs").rglob("*.md")
    )  # the topic's pages changed, the papers' related lists did not need working out
    monkeypatch.undo()
    # A change of text: related again (in the second process), and remembered anew.
    before = remembered.read_bytes()
    paper = sorted((corpus_dir / "papers").glob("*.yaml"))[0]
    paper.write_text(paper.read_text().replace("abstract: ", "abstract: Quixotic. ", 1))
    build(request)
    assert remembered.read_bytes() != before
