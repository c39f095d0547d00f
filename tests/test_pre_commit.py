"""CONTRIBUTING's `pre-commit install`: pre-commit comes with the test extras, and its hooks
pass on a clean checkout, as a contributor's first commit meets them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.slow  # runs git and pre-commit as processes

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def test_contributing_names_the_command_the_environment_has() -> None:
    assert "| `.venv/bin/pre-commit install` |" in (PROJECT_ROOT / "CONTRIBUTING.md").read_text()
    assert PRE_COMMIT.is_file()


def test_the_hooks_pass_on_a_clean_checkout_and_stop_a_broken_paper(
    tmp_path: Path, checkout: Path
) -> None:
    clone = checkout
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def hooks() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "run", "--all-files"],
            cwd=clone,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    clean = hooks()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = clone / "content" / "papers" / "toy-models-of-superposition.yaml"
    broken.write_text(broken.read_text().replace("topics:", "topic:", 1))
    stopped = hooks()
    assert stopped.returncode == 1
    assert "papers validate" in stopped.stdout
    assert "toy-models-of-superposition.yaml" in stopped.stdout
