"""`papers init`: a new archive from this one's machinery, built as the README says, empty and
with first papers from a stand-in arXiv API."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
import yaml

from generator.corpus import load_corpus
from tests.arxiv_server import ArxivServer, arxiv_for_papers
from tests.conftest import PROJECT_ROOT, RunPapers

pytestmark = pytest.mark.slow  # copies the machinery and runs the engine

PAPERS = Path(sys.executable).parent / "papers"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    yield from arxiv_for_papers(monkeypatch)


def readme_commands() -> list[str]:
    """The shell lines of the README's "Start it with `papers init`" block."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Start it with `papers init`", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).replace("\\\n", " ").splitlines() if line.strip()]


def site_recipe(archive: Path) -> list[str]:
    """What `make site` runs in `archive`, from its Makefile: the commands, not the install."""
    dry = subprocess.run(
        ["make", "--dry-run", "--always-make", "site"],
        cwd=archive,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [line for line in dry if line.startswith(".venv/bin/papers")]


def test_the_readme_s_commands_make_an_archive_that_builds_with_no_papers(
    checkout: Path,
) -> None:
    init, then = readme_commands()
    assert init.startswith(".venv/bin/papers init ../robot-papers ")
    done = subprocess.run(
        ["bash", "-e", "-c", init], cwd=checkout, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    archive = checkout.parent / "robot-papers"
    assert then == "cd ../robot-papers && make site"
    # `make site` would first install the environment the clone already has; its commands:
    assert site_recipe(archive) == [".venv/bin/papers validate", ".venv/bin/papers build"]
    for command in site_recipe(archive):
        ran = subprocess.run(
            [str(PAPERS), *shlex.split(command)[1:]],
            cwd=archive,
            capture_output=True,
            text=True,
            check=False,
        )
        assert ran.returncode == 0, ran.stderr

    corpus = load_corpus(archive / "content")
    assert corpus.site.title == "Robot Papers"
    assert corpus.site.base_url == "https://OWNER.github.io/robot-papers/"
    assert [(t.slug, t.title) for t in corpus.topics] == [
        ("robot-learning", "Robot learning"),
        ("simulation", "Simulation"),
    ]
    assert corpus.papers == ()
    home = (archive / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Robot Papers</title>" in home
    assert "No papers here yet" in home
    assert feedparser.parse((archive / "site" / "feed.xml").read_bytes()).entries == []
    # None of this archive: its papers, tests, benchmarks and documents stay behind.
    for left in (
        "tests",
        "bench",
        "docs",
        "standins",
        "content/papers/toy-models-of-superposition.yaml",
    ):
        assert not (archive / left).exists(), left
    forms = yaml.safe_load((archive / ".github/ISSUE_TEMPLATE/add-paper.yml").read_text())
    offered = [item for item in forms["body"] if item.get("id") == "topics"]
    assert [item["attributes"]["options"] for item in offered] == [["Robot learning", "Simulation"]]


def test_first_papers_are_filed_under_the_topics_named_and_the_archive_builds(
    run_papers: RunPapers, server: ArxivServer, tmp_path: Path
) -> None:
    archive = tmp_path / "lab"
    made = run_papers(
        "init", archive, "--title", "Lab <b>Papers</b>", "--description", "What we read.",
        "--url", "https://lab.example.org/papers/", "--topic", "robots=Robot manipulation",
        "--topic", "probes=Probing models", "--paper", "2511.99003=robots",
        "--paper", "arXiv:2511.99001=probes,robots",
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    corpus = load_corpus(archive / "content")
    assert sorted((p.arxiv, p.topics) for p in corpus.papers) == [
        ("2511.99001", ("probes", "robots")),
        ("2511.99003", ("robots",)),
    ]
    site = tmp_path / "site"
    built = run_papers(
        "build", "-q", "--content", archive / "content", "--build-dir", tmp_path / "build",
        "--site-dir", site,
    )  # fmt: skip
    assert built.exit_code == 0, built.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Lab &lt;b&gt;Papers&lt;/b&gt;" in home
    assert "<b>Papers</b>" not in home
    entries = feedparser.parse((site / "topics" / "robots" / "feed.xml").read_bytes()).entries
    assert len(entries) == 2


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--paper", "2511.99003"], "--paper takes ARXIV_ID=SLUG[,SLUG]"),
        (["--paper", "2511.99003=nowhere"], "names 'nowhere', not a --topic of the new archive"),
        (
            ["--paper", "2511.99003=robots", "--paper", "2511.99003=robots"],
            "names 2511.99003 twice",
        ),
        (["--topic", "Robots!=Robots"], "the new archive's settings are not valid: topics.0.slug"),
        (["--url", "javascript:alert(1)"], "the new archive's settings are not valid: base_url"),
    ],
)
def test_a_bad_option_is_named_and_nothing_is_written(
    run_papers: RunPapers, tmp_path: Path, flags: list[str], message: str
) -> None:
    settings = {"--title": "T", "--description": "D", "--url": "https://x.example.org/"}
    topic = ["--topic", "robots=Robots"] if "--topic" not in flags else []
    arguments = [
        part for name, value in settings.items() if name not in flags for part in (name, value)
    ]
    made = run_papers("init", tmp_path / "new", *arguments, *topic, *flags)
    assert made.exit_code != 0
    assert message in made.stderr
    assert not (tmp_path / "new").exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # no half-made folder beside it either


def test_a_folder_that_is_not_empty_is_refused(run_papers: RunPapers, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    made = run_papers(
        "init", tmp_path / "mine", "--title", "T", "--description", "D",
        "--url", "https://x.example.org/", "--topic", "robots=Robots",
    )  # fmt: skip
    assert made.exit_code != 0
    assert "is not empty; `papers init` writes only into a new folder" in made.stderr
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_without_options_it_asks(tmp_path: Path) -> None:
    answers = "Asked Papers\nWhat we were asked.\nhttps://asked.example.org/\nasked=Asked things\n"
    made = subprocess.run(
        [str(PAPERS), "init", str(tmp_path / "asked")],
        input=answers,
        check=False,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert made.returncode == 0, made.stderr
    assert "Title of the archive: " in made.stdout
    corpus = load_corpus(tmp_path / "asked" / "content")
    assert (corpus.site.title, corpus.topics[0].slug) == ("Asked Papers", "asked")
