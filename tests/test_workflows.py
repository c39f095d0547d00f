"""The GitHub workflows: actionlint and zizmor find nothing, every action is pinned to a commit
of a Node 24 release, every job is least-privileged and bounded in time, and the steps that
take outside input check it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.engine import incremental
from tests.conftest import PROJECT_ROOT
from tests.test_incremental import EDITS, build_site, clean_build, digests

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast

LINTER = PROJECT_ROOT / "tests" / "tools" / "actionlint.cjs"
WORKFLOWS = sorted((PROJECT_ROOT / ".github" / "workflows").glob("*.yml"))
ZIZMOR = Path(sys.executable).parent / "zizmor"
# The first major release of each action that runs on Node 24 (GitHub moved the runners off
# Node 20 on 2026-09-16), from each action's release notes; upload-pages-artifact is a
# composite action over upload-artifact. Dependabot proposes newer pins.
NODE_24_MAJORS = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/cache": 5,
    "actions/cache/restore": 5,
    "actions/cache/save": 5,
    "actions/upload-artifact": 6,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
}
PINNED = re.compile(r"^(?P<action>[\w./-]+)@(?P<sha>[0-9a-f]{40}) # v(?P<major>\d+)\.\d+\.\d+$")
JOBS_THAT_PUSH = {("ingest.yml", "ingest"), ("enrich.yml", "enrich"), ("add-paper.yml", "add")}


def problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if line]


def jobs() -> list[tuple[str, str, dict[str, Any]]]:
    """Every job of every workflow: (file name, job id, job)."""
    found = []
    for path in WORKFLOWS:
        for name, job in yaml.safe_load(path.read_text())["jobs"].items():
            found.append((path.name, name, job))
    return found


def uses_lines() -> list[str]:
    """Every `uses:` of the workflows, as written (with its comment)."""
    return [
        line.split("uses:", 1)[1].strip()
        for path in WORKFLOWS
        for line in path.read_text().splitlines()
        if line.strip().removeprefix("- ").startswith("uses:")
    ]


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the workflow check needs Node.js")
    if not (PROJECT_ROOT / "node_modules" / "@tktco" / "node-actionlint").is_dir():
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
    old = tmp_path / "old.yml"
    old.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v3\n"
    )
    assert "too old to run" in actionlint(old).stdout


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    """zizmor offline, with the strictest persona, the excuses of .github/zizmor.yml applied."""
    command = [str(ZIZMOR), "--offline", "--persona", "pedantic", "--no-progress"]
    return subprocess.run(
        [*command, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT_ROOT,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    result = zizmor(PROJECT_ROOT / ".github" / "workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_zizmor_catches_an_unpinned_action_and_a_persisted_token(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "loose.yml").write_text(
        "name: Loose\non: push\npermissions: {}\njobs:\n  build:\n    name: Build\n"
        "    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
    )
    result = zizmor(workflows)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout
    assert "artipacked" in result.stdout


def test_every_action_is_pinned_to_a_commit_of_a_node_24_release() -> None:
    lines = uses_lines()
    assert len(lines) >= 15
    for line in lines:
        pinned = PINNED.match(line)
        assert pinned, f"{line}: pin to a full commit SHA, its version in a comment"
        action = pinned["action"]
        assert action in NODE_24_MAJORS, f"{action}: state its first Node 24 major above"
        assert int(pinned["major"]) >= NODE_24_MAJORS[action], line
    # One version of each action everywhere, so that one Dependabot update moves them all.
    versions: dict[str, set[str]] = {}
    for line in lines:
        action, version = line.split("@", 1)
        versions.setdefault(action, set()).add(version)
    assert all(len(pins) == 1 for pins in versions.values()), versions


def test_every_job_is_least_privileged_and_bounded_in_time() -> None:
    for path in WORKFLOWS:
        assert yaml.safe_load(path.read_text())["permissions"] == {}, path.name
    for workflow, name, job in jobs():
        where = f"{workflow}: {name}"
        assert isinstance(job.get("timeout-minutes"), int), where
        assert "permissions" in job, where
        assert "secrets." not in yaml.safe_dump(job.get("env", {})).replace(
            "secrets.PAPERS_SMTP_HOST != '' && secrets.PAPERS_DIGEST_TO != ''", ""
        ), f"{where}: secrets belong in the one step that uses them"
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                persist = (step.get("with") or {}).get("persist-credentials")
                assert persist is ((workflow, name) in JOBS_THAT_PUSH), where


def test_only_main_deploys() -> None:
    workflow = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / "publish.yml").read_text())
    assert workflow["jobs"]["deploy"]["if"] == "github.ref == 'refs/heads/main'"


def choose_the_day(tmp_path: Path, requested: str) -> tuple[int, str]:
    """Run the ingest's "Choose the day" step with `requested` as the dispatch input."""
    workflow = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / "ingest.yml").read_text())
    (step,) = [s for s in workflow["jobs"]["ingest"]["steps"] if s.get("id") == "day"]
    assert step["env"] == {"REQUESTED": "${{ inputs.date }}"}  # never ${{ }} in the script
    output = tmp_path / "output"
    output.write_text("")
    bash = shutil.which("bash") or "bash"
    run = subprocess.run(
        [bash, "-e", "-c", step["run"]],
        env={**os.environ, "REQUESTED": requested, "GITHUB_OUTPUT": str(output)},
        capture_output=True,
        text=True,
        check=False,
    )
    return run.returncode, output.read_text()


@pytest.mark.parametrize(
    "hostile",
    ["2026-11-20\ncatch_up=9999", "2026-11-20; rm -rf /", "$(reboot)", "2026-13-45", "yesterday"],
)
def test_the_dispatch_date_is_checked_before_it_reaches_the_outputs(
    tmp_path: Path, hostile: str
) -> None:
    code, output = choose_the_day(tmp_path, hostile)
    assert code != 0
    assert output == ""


def test_a_day_asked_for_comes_alone_and_the_daily_run_catches_up(tmp_path: Path) -> None:
    assert choose_the_day(tmp_path, "2026-11-20") == (0, "date=2026-11-20\ncatch_up=0\n")
    code, output = choose_the_day(tmp_path, "")
    assert code == 0
    assert re.fullmatch(r"date=\d{4}-\d\d-\d\d\ncatch_up=7\n", output)


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
    (proposal,) = [step for step in steps if "-m tools.propose" in step.get("run", "")]
    report = '"$RUNNER_TEMP/ingest-report.md"'
    assert f"--report {report}" in ingest["run"]
    assert f"--body-file {report}" in proposal["run"]
    assert "--on-update comment" in proposal["run"]  # each day's report is the PR's history
    commands = [step.get("run", "") for step in steps]
    assert any("tools.ingest_branch" in run and "prepare" in run for run in commands)
    assert any("tools.ingest_branch" in run and "publish" in run for run in commands)


def test_the_freshness_job_leaves_its_issues_to_the_tested_alarms_tool() -> None:
    """What the issues say and when is tests/tools/test_alarms.py's, run on these very steps."""
    workflow = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / "publish.yml").read_text())
    scripts = [step.get("run", "") for step in workflow["jobs"]["freshness"]["steps"]]
    assert not any(re.search(r"\bexit 1\b", script) for script in scripts)
    assert not any("gh " in script for script in scripts)  # no GitHub call outside the tool
    assert sum("-m tools.alarms" in script for script in scripts) == 1


def workflow_steps(workflow: str, job: str) -> list[dict[str, Any]]:
    loaded = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / workflow).read_text())
    steps: list[dict[str, Any]] = loaded["jobs"][job]["steps"]
    return steps


def only_content(repository: Path, changes: dict[str, str]) -> str:
    """Run the pull request's scope step on a branch of `repository` making `changes`."""
    git = ["git", "-C", str(repository)]
    subprocess.run([*git, "checkout", "-q", "-B", "proposal", "origin/main"], check=True)
    for name, text in changes.items():
        (repository / name).parent.mkdir(parents=True, exist_ok=True)
        (repository / name).write_text(text)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "proposal"], check=True)
    (step,) = [s for s in workflow_steps("pr.yml", "check") if s.get("id") == "scope"]
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    output = repository / ".output"
    output.write_text("")
    subprocess.run(
        [shutil.which("bash") or "bash", "-e", "-c", step["run"]],
        env={**os.environ, "BASE_REF": "main", "GITHUB_OUTPUT": str(output)},
        cwd=repository,
        check=True,
    )
    return output.read_text()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"content/papers/new.yaml": "id: new\n"}, "true"),
        ({"content/papers/new.yaml": "x", "content/trending/2026-12-01.yaml": "y"}, "true"),
        ({"content/papers/new.yaml": "x", "generator/build.py": "y"}, "false"),
        ({"contents/note.md": "x"}, "false"),  # a folder whose name starts alike
        ({"theme/main.html": "x"}, "false"),
        ({".github/workflows/pr.yml": "x"}, "false"),
        ({}, "false"),  # nothing changed: the whole suite, to be safe
    ],
)
def test_a_pull_request_changing_only_content_runs_the_corpus_tests(
    tmp_path: Path, changes: dict[str, str], expected: str
) -> None:
    origin, repository = tmp_path / "origin.git", tmp_path / "clone"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(repository)], check=True)
    git = ["git", "-C", str(repository)]
    subprocess.run([*git, "config", "user.name", "A curator"], check=True)
    subprocess.run([*git, "config", "user.email", "curator@example.org"], check=True)
    (repository / "content").mkdir()
    (repository / "content" / "corpus.yaml").write_text("title: T\n")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "main"], check=True)
    subprocess.run([*git, "push", "-q", "origin", "HEAD:main"], check=True)
    subprocess.run([*git, "fetch", "-q", "origin"], check=True)
    assert only_content(repository, changes) == f"only_content={expected}\n"
    steps = workflow_steps("pr.yml", "check")
    runs = {step.get("run"): step.get("if") for step in steps}
    assert runs["make test"] == "steps.scope.outputs.only_content != 'true'"
    assert runs["make test-corpus"] == "steps.scope.outputs.only_content == 'true'"


def cache_steps(workflow: str, job: str) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """A job's step commands in order, and its cache steps by action."""
    order, caches = [], {}
    for step in workflow_steps(workflow, job):
        uses = str(step.get("uses", ""))
        if uses.startswith("actions/cache"):
            action = uses.split("@", maxsplit=1)[0]
            order.append(action)
            caches[action] = step["with"]
        else:
            order.append(str(step.get("run", uses)))
    return order, caches


def test_the_daily_build_restores_the_last_build_and_keeps_its_own() -> None:
    order, caches = cache_steps("publish.yml", "build")
    restore, save = caches["actions/cache/restore"], caches["actions/cache/save"]
    # Entries are immutable: a key per run and attempt, so a re-run saves too; the newest of
    # the earlier ones is restored by prefix.
    assert (
        restore["key"] == save["key"] == "site-build-${{ github.run_id }}-${{ github.run_attempt }}"
    )
    assert restore["restore-keys"] == "site-build-"
    assert restore["path"].split() == save["path"].split() == ["build", "site", ".site.old"]
    assert order.index("actions/cache/restore") < order.index("make site")
    assert order.index("make site") < order.index("actions/cache/save")
    # A pull request restores main's last build and saves none.
    order, caches = cache_steps("pr.yml", "check")
    assert caches.keys() == {"actions/cache/restore"}
    assert caches["actions/cache/restore"]["restore-keys"] == "site-build-"
    # The paths are part of an entry's version: other paths would never restore main's.
    assert caches["actions/cache/restore"]["path"].split() == save["path"].split()
    assert order.index("actions/cache/restore") < order.index("make site")


def test_a_build_restored_as_actions_cache_restores_it_renders_only_what_changed(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache's own tar commands (actions/toolkit packages/cache/src/internal/tar.ts) between
    two runs: modification times and hard links survive, so the next morning's build is
    incremental and starts from the site the last one replaced."""
    workspace = tmp_path / "workspace"
    build_site(corpus_dir, workspace)
    EDITS["title"](corpus_dir, 2, 3)
    build_site(corpus_dir, workspace)  # the first site is kept beside the second now
    manifest = tmp_path / "manifest.txt"
    manifest.write_text("build\nsite\n.site.old")
    archive = tmp_path / "cache.tzst"
    subprocess.run(
        [
            "tar",
            "--posix",
            "--use-compress-program",
            "zstd -T0 --long=30",
            "-cf",
            str(archive),
            "-P",
            "-C",
            str(workspace),
            "--files-from",
            str(manifest),
        ],
        check=True,
    )
    shutil.rmtree(workspace)  # a fresh runner
    workspace.mkdir()
    subprocess.run(
        [
            "tar",
            "-xf",
            str(archive),
            "-P",
            "-C",
            str(workspace),
            "--use-compress-program",
            "unzstd --long=30",
        ],
        check=True,
    )
    EDITS["abstract"](corpus_dir, 1, 5)
    bases: list[int] = []
    keep_outputs = incremental.keep_outputs

    def started_from_the_retired_site(*arguments: Any, **keywords: Any) -> set[str]:
        kept = keep_outputs(*arguments, **keywords)
        bases.append(len(kept))
        return kept

    monkeypatch.setattr(incremental, "keep_outputs", started_from_the_retired_site)
    report = build_site(corpus_dir, workspace)
    assert len(bases) == 1  # the retired site was restored, and the build started from it
    assert bases[0] > 0
    assert report.pages_rendered < report.pages
    assert digests(workspace / "site") == clean_build(corpus_dir, tmp_path / "clean")
