"""The command line: exit codes, messages on stderr, and no traceback for user mistakes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RunPapers


def test_validate_accepts_a_good_corpus(run_papers: RunPapers, corpus_dir: Path) -> None:
    run = run_papers("validate", "--content", corpus_dir)
    assert run.exit_code == 0
    # Three fixture papers have no authors: warnings, which never fail validation.
    summary = "ok: 4 papers in 2 topics; 3 lack authors or a link to the paper (warnings)\n"
    assert run.stderr.endswith(summary)
    assert run.stderr.count(": warning: ") == 3


def test_validate_lists_every_mistake_with_file_and_line(
    run_papers: RunPapers, corpus_dir: Path
) -> None:
    """The four mistakes of the acceptance check, in four files, all reported at once."""
    papers = corpus_dir / "papers"
    toy = papers / "toy-models-of-superposition.yaml"
    toy.write_text(
        toy.read_text().replace("added: 2026-11-20\n", "added: 2026-11-20\nadded: 2026-11-21\n")
    )
    piqa = papers / "piqa.yaml"
    piqa.write_text(piqa.read_text().replace("  - physics", "  - astrology"))
    wind = papers / "seeing-the-wind.yaml"
    wind.write_text(wind.read_text().replace("title: Seeing the Wind from a Falling Leaf\n", ""))
    wild = papers / "interpretability-in-the-wild.yaml"
    wild.write_text(wild.read_text() + "links:\n  code: javascript:alert(document.cookie)\n")

    run = run_papers("validate", "--content", corpus_dir)

    assert run.exit_code == 1
    located = [line for line in run.stderr.splitlines() if ".yaml:" in line]
    assert [line.split(": ", 1)[0].rsplit("/", 1)[1] for line in located] == [
        "interpretability-in-the-wild.yaml:10",
        "piqa.yaml:5",
        "seeing-the-wind.yaml:1",
        "toy-models-of-superposition.yaml:9",
    ]
    assert "javascript:alert(document.cookie)' is not an https:// link" in located[0]
    assert "unknown topic 'astrology'" in located[1]
    assert "the field 'title' is missing" in located[2]
    assert "the key 'added' appears twice" in located[3]
    assert run.stderr.endswith("4 problems found\n")
    assert "Traceback" not in run.stderr


def test_build_with_a_broken_corpus_writes_nothing(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    (corpus_dir / "papers" / "piqa.yaml").write_text("id: piqa\n")
    run = run_papers(
        "build",
        "--content",
        corpus_dir,
        "--build-dir",
        tmp_path / "build",
        "--site-dir",
        tmp_path / "site",
    )
    assert run.exit_code == 1
    assert not (tmp_path / "build").exists()
    assert not (tmp_path / "site").exists()


def test_missing_content_folder_is_a_clear_error(run_papers: RunPapers, tmp_path: Path) -> None:
    run = run_papers("validate", "--content", tmp_path / "nowhere")
    assert run.exit_code == 1
    assert "the content folder does not exist" in run.stderr


def test_quiet_validate_prints_only_warnings_on_success(
    run_papers: RunPapers, corpus_dir: Path
) -> None:
    lines = run_papers("validate", "-q", "--content", corpus_dir).stderr.splitlines()
    assert [line for line in lines if ": warning: " not in line and "fix: " not in line] == []
    for path in (corpus_dir / "papers").glob("*.yaml"):
        if path.stem != "toy-models-of-superposition":  # the one with authors and an id
            path.unlink()
    assert run_papers("validate", "-q", "--content", corpus_dir).stderr == ""


@pytest.mark.slow
@pytest.mark.parametrize("command", ["validate", "build", "serve"])
def test_every_command_has_help(command: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "--content" in result.stdout


@pytest.mark.slow
def test_unknown_command_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "publish"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
