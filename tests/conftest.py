"""Shared fixtures: copies of a small corpus, and the `papers` command run in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT_ROOT = Path(__file__).parent.parent


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
