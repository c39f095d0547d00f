"""Papers missing authors or a link to the paper: warned about, listed, never refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.corpus import load_corpus
from generator.corpus.gaps import metadata_gaps
from generator.project import Project
from generator.source import load_source, write_source
from tests.conftest import RunPapers

COMPLETE = 'authors:\n  - Ada Lovelace\narxiv: "2401.00001"\n'


def write_paper(content: Path, paper_id: str, title: str, extra: str) -> None:
    (content / "papers" / f"{paper_id}.yaml").write_text(
        f"id: {paper_id}\ntitle: {title}\n{extra}added: 2026-11-20\ntopics: [physics]\n"
        "abstract: Text.\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("extra", "missing"),
    [
        (COMPLETE, ()),
        ('arxiv: "2401.00001"\n', ("authors",)),
        ("authors: [Ada Lovelace]\n", ("link to the paper",)),
        ("authors: [Ada Lovelace]\ndoi: 10.1000/xyz123\n", ()),
        ("authors: [Ada Lovelace]\nlinks:\n  pdf: https://example.org/paper.pdf\n", ()),
        # A code repository or a project page is not the paper.
        (
            "authors: [Ada Lovelace]\nlinks:\n  code: https://github.com/a/b\n"
            "  project: https://example.org/\n",
            ("link to the paper",),
        ),
        ("", ("authors", "link to the paper")),
    ],
)
def test_what_a_paper_lacks(corpus_dir: Path, extra: str, missing: tuple[str, ...]) -> None:
    write_paper(corpus_dir, "probe", "A Probe of Missing Metadata", extra)
    probe = load_corpus(corpus_dir).papers_by_id["probe"]
    gaps = metadata_gaps([probe])
    assert [gap.missing for gap in gaps] == ([missing] if missing else [])


def test_validate_warns_with_file_line_and_fix_and_still_passes(
    run_papers: RunPapers, corpus_dir: Path
) -> None:
    write_paper(corpus_dir, "bare", "A Paper Nobody Has Looked Up", "")
    quiet = run_papers("validate", "--quiet", "--content", corpus_dir)
    assert (quiet.exit_code, quiet.stderr) == (0, "")  # --quiet silences warnings
    run = run_papers("validate", "--content", corpus_dir)
    assert run.exit_code == 0
    assert "papers/bare.yaml:1: warning: the paper has no authors and no link to the paper" in (
        run.stderr
    )
    assert "fix: add authors: (a list of names) and arxiv:" in run.stderr
    assert "papers enrich" in run.stderr
    # A complete paper is not warned about.
    assert "toy-models-of-superposition.yaml" not in run.stderr


def test_validate_warns_as_github_annotations(run_papers: RunPapers, corpus_dir: Path) -> None:
    write_paper(corpus_dir, "bare", "A Paper Nobody Has Looked Up", "")
    run = run_papers("validate", "--format", "github", "--content", corpus_dir)
    assert run.exit_code == 0
    bare = [line for line in run.stdout.splitlines() if "bare.yaml" in line]
    assert len(bare) == 1
    assert bare[0].startswith("::warning file=")
    assert ",line=1,title=papers validate::the paper has no authors and no link" in bare[0]
    assert "::error" not in run.stdout


def test_an_error_still_fails_beside_warnings(run_papers: RunPapers, corpus_dir: Path) -> None:
    write_paper(corpus_dir, "bare", "A Paper Nobody Has Looked Up", "published: someday\n")
    run = run_papers("validate", "--content", corpus_dir)
    assert run.exit_code == 1
    assert "bare.yaml:3:" in run.stderr


@pytest.mark.slow
def test_the_about_page_lists_each_paper_needing_metadata(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    write_paper(corpus_dir, "bare", "A Paper Nobody Has Looked Up", "")
    build = tmp_path / "build"
    assert run_papers("build", "-q", "--content", corpus_dir, "--build-dir", build,
                      "--site-dir", tmp_path / "site").exit_code == 0  # fmt: skip
    about = (build / "docs" / "about.md").read_text(encoding="utf-8")
    hand_written = (corpus_dir / "pages" / "about.md").read_text(encoding="utf-8")
    assert about.startswith(hand_written.rstrip())
    section = about[about.index("## Papers that need metadata") :]
    assert "4 of 5 papers lack authors or a link to the paper" in section
    assert (
        "[A Paper Nobody Has Looked Up](papers/bare.md): no authors, no link to the paper"
        in section
    )
    assert "](papers/piqa.md): no authors" in section
    assert "toy-models-of-superposition" not in section
    html = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert 'id="needs-metadata"' in html
    assert 'href="../papers/bare/"' in html


def test_a_complete_corpus_says_so(corpus_dir: Path, tmp_path: Path) -> None:
    for path in (corpus_dir / "papers").glob("*.yaml"):
        if path.stem != "toy-models-of-superposition":
            path.unlink()
    build = tmp_path / "build"
    write_source(load_source(Project.locate(), corpus_dir, build))  # the Markdown alone: no engine
    about = (build / "docs" / "about.md").read_text(encoding="utf-8")
    assert "Every paper has its authors and a link to the paper." in about
