"""`papers migrate` upgrades a v0 corpus to v1 line by line, atomically, and only once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.corpus import load_corpus
from generator.errors import CorpusError
from standins.files import digests
from tests.conftest import FIXTURES, RunPapers


@pytest.fixture
def v0_corpus(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "corpus-v0", tmp_path / "content"))


def test_the_loader_asks_for_a_migration(v0_corpus: Path) -> None:
    with pytest.raises(CorpusError) as caught:
        load_corpus(v0_corpus)
    (problem,) = [p for p in caught.value.problems if "schema version" in p.message]
    assert problem.message == "this corpus uses schema version 0; this generator knows 1"
    assert problem.fix == "run `papers migrate` to upgrade it"


def test_check_reports_the_due_migration_and_changes_nothing(
    run_papers: RunPapers, v0_corpus: Path
) -> None:
    before = digests(v0_corpus, "*.yaml")
    run = run_papers("migrate", "--check", "--content", v0_corpus)
    assert run.exit_code == 1
    assert sorted(line.rsplit("/", 1)[1] for line in run.stdout.splitlines()) == [
        "arxiv-url.yaml",
        "code-url.yaml",
        "corpus.yaml",
        "pdf-url.yaml",
        "project-url.yaml",
    ]
    assert digests(v0_corpus, "*.yaml") == before


def test_migration_rewrites_only_the_url_lines(run_papers: RunPapers, v0_corpus: Path) -> None:
    before = (v0_corpus / "papers" / "code-url.yaml").read_text()
    assert run_papers("migrate", "--content", v0_corpus).exit_code == 0

    after = (v0_corpus / "papers" / "code-url.yaml").read_text()
    assert after == before.replace(
        "url: https://github.com/example/toy-models\n",
        "links:\n  code: https://github.com/example/toy-models\n",
    )
    corpus = load_corpus(v0_corpus)
    papers = {paper.id: paper for paper in corpus.papers}
    assert papers["arxiv-url"].arxiv == "2306.04400"
    assert papers["arxiv-url"].links == {}
    assert papers["pdf-url"].links == {"pdf": "https://example.org/paper.pdf"}
    assert papers["project-url"].links == {"project": "https://example.org/project/"}
    assert papers["no-url"].links == {}
    assert "schema_version: 1\n" in (v0_corpus / "corpus.yaml").read_text()
    assert (
        (v0_corpus / "corpus.yaml")
        .read_text()
        .startswith("# Settings, as they were in version 0.\n")
    )


def test_a_second_run_changes_nothing(run_papers: RunPapers, v0_corpus: Path) -> None:
    assert run_papers("migrate", "--content", v0_corpus).exit_code == 0
    migrated = digests(v0_corpus, "*.yaml")
    again = run_papers("migrate", "--content", v0_corpus)
    assert again.exit_code == 0
    assert "nothing to do" in again.stderr
    assert run_papers("migrate", "--check", "--content", v0_corpus).exit_code == 0
    assert digests(v0_corpus, "*.yaml") == migrated


def test_a_file_that_cannot_migrate_stops_everything_before_any_write(
    run_papers: RunPapers, v0_corpus: Path
) -> None:
    both = v0_corpus / "papers" / "project-url.yaml"
    both.write_text(both.read_text() + "links:\n  code: https://github.com/example/x\n")
    before = digests(v0_corpus, "*.yaml")
    run = run_papers("migrate", "--content", v0_corpus)
    assert run.exit_code == 1
    assert "project-url.yaml:5: cannot migrate: the file has both url and links" in run.stderr
    assert digests(v0_corpus, "*.yaml") == before


def test_a_corpus_without_a_version_line_counts_as_version_0(
    run_papers: RunPapers, v0_corpus: Path
) -> None:
    settings = v0_corpus / "corpus.yaml"
    settings.write_text(settings.read_text().replace("schema_version: 0\n", ""))
    assert run_papers("migrate", "--content", v0_corpus).exit_code == 0
    lines = settings.read_text().splitlines()
    assert lines[:2] == ["# Settings, as they were in version 0.", "schema_version: 1"]
    assert load_corpus(v0_corpus).papers


def test_a_newer_corpus_is_refused(run_papers: RunPapers, corpus_dir: Path) -> None:
    settings = corpus_dir / "corpus.yaml"
    settings.write_text(settings.read_text().replace("schema_version: 1", "schema_version: 2"))
    run = run_papers("migrate", "--content", corpus_dir)
    assert run.exit_code == 1
    assert "this generator knows 1" in run.stderr
