"""A preview's quick pass: an edited paper's page written at once, as a generation would
render it, and never a page the next generation takes for its own."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

import pytest

from generator.build import BuildRequest
from generator.engine.config import DOCS_DIR
from generator.preview import Preview, generate_for_preview, show_edits, start_preview
from generator.project import Project
from generator.site.search_shards import build_index_files
from generator.source import place_index
from tests.conftest import PROJECT_ROOT, generated_files
from tests.hostile import HOSTILE_TEXT

PAGE = Path(DOCS_DIR, "papers", "piqa.md")


def request(corpus_dir: Path, build_dir: Path) -> BuildRequest:
    return BuildRequest(Project(PROJECT_ROOT), corpus_dir, build_dir, build_dir.parent / "site")


def started(corpus_dir: Path, build_dir: Path) -> Preview:
    """A preview's first generation, and what it keeps for quick passes."""
    return start_preview(request(corpus_dir, build_dir))[1]


def edit(corpus_dir: Path, old: str, new: str) -> Path:
    paper = corpus_dir / "papers" / "piqa.yaml"
    text = paper.read_text()
    assert old in text
    paper.write_text(text.replace(old, new))
    return paper


def test_an_edited_paper_s_page_is_the_one_its_generation_renders(
    corpus_dir: Path, tmp_path: Path
) -> None:
    preview = started(corpus_dir, tmp_path / "quick")
    # An edit that moves no related list: what the page shows of the paper alone.
    paper = edit(corpus_dir, "topics:", "links:\n  code: https://example.org/piqa\ntopics:")
    assert show_edits(preview, {paper}) == [PurePosixPath("papers/piqa.md")]
    quick = (tmp_path / "quick" / PAGE).read_bytes()
    assert b"https://example.org/piqa" in quick
    generate_for_preview(request(corpus_dir, tmp_path / "clean"), always=True)
    assert quick == (tmp_path / "clean" / PAGE).read_bytes()


def test_after_a_quick_page_the_generation_equals_a_clean_one(
    corpus_dir: Path, tmp_path: Path
) -> None:
    preview = started(corpus_dir, tmp_path / "quick")
    paper = edit(corpus_dir, "PIQA: Reasoning", "PIQA, revised: Reasoning")
    show_edits(preview, {paper})
    assert b"PIQA, revised: Reasoning" in (tmp_path / "quick" / PAGE).read_bytes()
    source = generate_for_preview(request(corpus_dir, tmp_path / "quick"))[0]
    if (to_build := source.index_to_build) is not None:  # as the preview does, after the pages
        place_index(source, build_index_files(to_build.documents, to_build.terms_file))
    started(corpus_dir, tmp_path / "clean")
    assert generated_files(tmp_path / "quick") == generated_files(tmp_path / "clean")


def test_an_edit_undone_before_its_generation_brings_the_old_page_back(
    corpus_dir: Path, tmp_path: Path
) -> None:
    # The generation that should follow the quick page failed, or never ran: the next one
    # must neither take the folder for current nor read the quick page back as its own.
    build_dir = tmp_path / "build"
    preview = started(corpus_dir, build_dir)
    before = (build_dir / PAGE).read_bytes()
    original = (corpus_dir / "papers" / "piqa.yaml").read_text()
    show_edits(preview, {edit(corpus_dir, "PIQA: Reasoning", "PIQA, revised: Reasoning")})
    (corpus_dir / "papers" / "piqa.yaml").write_text(original)
    generate_for_preview(request(corpus_dir, build_dir))
    assert (build_dir / PAGE).read_bytes() == before


@pytest.mark.parametrize("hostile", HOSTILE_TEXT)
def test_a_quick_page_escapes_what_the_generation_escapes(
    corpus_dir: Path, tmp_path: Path, hostile: str
) -> None:
    preview = started(corpus_dir, tmp_path / "quick")
    title = hostile.replace("\\", "\\\\").replace('"', '\\"')
    paper = edit(corpus_dir, "PIQA: Reasoning", f"PIQA {title} Reasoning")
    show_edits(preview, {paper})
    generate_for_preview(request(corpus_dir, tmp_path / "clean"), always=True)
    quick, clean = (tmp_path / "quick" / PAGE), (tmp_path / "clean" / PAGE)
    # The title is written the same way wherever the page shows it (related lists may differ).
    assert _title_lines(quick.read_text()) == _title_lines(clean.read_text())


def _title_lines(page: str) -> list[str]:
    return [line for line in page.splitlines() if "PIQA" in line and "Reasoning" in line]


def test_what_a_quick_pass_cannot_show_is_left_to_the_generation(
    corpus_dir: Path, tmp_path: Path
) -> None:
    build_dir = tmp_path / "build"
    preview = started(corpus_dir, build_dir)
    before = generated_files(build_dir)
    new_paper = corpus_dir / "papers" / "a-new-paper.yaml"
    shutil.copy(corpus_dir / "papers" / "piqa.yaml", new_paper)
    removed = corpus_dir / "papers" / "seeing-the-wind.yaml"
    removed.unlink()
    mistaken = edit(corpus_dir, "added: 2026-11-24", "added: 2026-13-45")
    elsewhere = corpus_dir / "topics.yaml"
    elsewhere.write_text(elsewhere.read_text() + "\n")
    assert show_edits(preview, {new_paper, removed, mistaken, elsewhere}) == []
    assert generated_files(build_dir) == before
