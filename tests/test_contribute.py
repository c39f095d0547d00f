"""`papers new` and `papers add`: new paper files that validate, never a lost or doubled one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from generator.corpus import load_corpus
from standins.files import digests
from standins.loopback import Reply
from tests.arxiv_server import RATE_EXCEEDED, ArxivServer, arxiv_for_papers
from tests.conftest import RunPapers

SAE_PAPER = "sparse-autoencoders-trace-physical-concepts-in-video-world"
PHI_BENCH = "phi-bench-measuring-intuitive-physics-in-robot-manipulation"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    yield from arxiv_for_papers(monkeypatch)


def add(run_papers: RunPapers, corpus_dir: Path, *arguments: str) -> tuple[int, str]:
    run = run_papers("add", *arguments, "--added", "2026-11-25", "--content", corpus_dir)
    return run.exit_code, run.stderr


@pytest.mark.slow
def test_added_paper_validates_and_reaches_its_topic_pages_and_feeds(
    run_papers: RunPapers, server: ArxivServer, shipped_corpus_dir: Path, tmp_path: Path
) -> None:
    code, messages = add(run_papers, shipped_corpus_dir, "arXiv:2511.99001v2")
    assert code == 0, messages
    written = shipped_corpus_dir / "papers" / f"{SAE_PAPER}.yaml"
    assert f"added {written}" in messages
    corpus = load_corpus(shipped_corpus_dir)
    paper = next(paper for paper in corpus.papers if paper.arxiv == "2511.99001")
    assert paper.id == SAE_PAPER
    assert paper.authors == ("Ada Example", "Björn Ünicode", "Chen Wei")
    assert set(paper.topics) == {"mechanistic-interpretability", "video-world-models"}
    assert paper.links == {"code": "https://github.com/example/sae-physics"}
    assert (paper.published, paper.doi) == ("2025-11-18", "10.48550/arXiv.2511.99001")
    assert written.read_text().startswith(
        "# yaml-language-server: $schema=../schema/paper.schema.json\n"
    )

    site = tmp_path / "site"
    build = ["build", "-q", "--content", shipped_corpus_dir, "--build-dir", tmp_path / "build"]
    assert run_papers(*build, "--site-dir", site).exit_code == 0
    for topic in paper.topics:
        page = (site / "topics" / topic / "index.html").read_text()
        assert paper.title in page
        topic_feed = feedparser.parse((site / "topics" / topic / "feed.xml").read_bytes())
        assert topic_feed.entries[0].title == paper.title
    assert feedparser.parse((site / "feed.xml").read_bytes()).entries[0].title == paper.title


def test_a_paper_the_corpus_has_is_not_added_again(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path
) -> None:
    code, messages = add(run_papers, corpus_dir, "https://arxiv.org/abs/2209.10652v3")
    assert code == 1
    assert (
        "arXiv 2209.10652 is already in the corpus: papers/toy-models-of-superposition.yaml"
        in messages
    )
    assert server.queries == []  # not even asked


def test_an_existing_file_is_never_overwritten(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path
) -> None:
    existing = corpus_dir / "papers" / f"{SAE_PAPER}.yaml"
    mine = (
        f"# A contributor's own entry, by chance under the same id.\nid: {SAE_PAPER}\n"
        "title: Another Paper Entirely\nadded: 2026-11-24\ntopics: [circuits]\nabstract: Mine.\n"
    )
    existing.write_text(mine)
    code, messages = add(run_papers, corpus_dir, "2511.99001")
    assert code == 1
    assert "already exists; it was not overwritten" in messages
    assert existing.read_text() == mine


def test_unknown_withdrawn_and_malformed_ids_are_refused_and_the_rest_added(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path
) -> None:
    code, messages = add(
        run_papers,
        corpus_dir,
        "2511.99999",
        "2511.99002",
        "not-an-id",
        "2511.99003",
        "--topic",
        "physics",
    )
    assert code == 1
    assert "arXiv does not know 2511.99999" in messages
    assert "arXiv 2511.99002 was withdrawn by its authors" in messages
    assert "'not-an-id' is not an arXiv id" in messages
    assert sorted(path.name for path in (corpus_dir / "papers").glob("phi-*.yaml")) == [
        "phi-bench-measuring-intuitive-physics-in-robot-manipulation.yaml"
    ]
    assert not list((corpus_dir / "papers").glob("a-result-that-did-not-hold*"))
    assert len(server.queries) == 1


def test_an_unreachable_api_writes_nothing(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path
) -> None:
    server.fail_first = [503] * 10
    before = sorted((corpus_dir / "papers").iterdir())
    code, messages = add(run_papers, corpus_dir, "2511.99001")
    assert code == 1
    assert "the arXiv API is unavailable or overloaded (answered 503" in messages
    assert sorted((corpus_dir / "papers").iterdir()) == before


def test_new_writes_a_skeleton_that_validation_then_guides(
    run_papers: RunPapers, corpus_dir: Path
) -> None:
    run = run_papers("new", "my-new-paper", "--added", "2026-11-25", "--content", corpus_dir)
    assert run.exit_code == 0, run.stderr
    skeleton = (corpus_dir / "papers" / "my-new-paper.yaml").read_text()
    assert "# The title exactly as the authors wrote it." in skeleton
    assert '# arxiv: "2209.10652"' in skeleton
    check = run_papers("validate", "--content", corpus_dir)
    assert check.exit_code == 1
    assert "title: the text is empty" in check.stderr
    assert "abstract: the text is empty" in check.stderr


@pytest.mark.parametrize(
    ("paper_id", "expected"), [("Not A Slug", "is not a slug"), ("piqa", "already exists")]
)
def test_new_refuses_bad_or_taken_ids(
    run_papers: RunPapers, corpus_dir: Path, paper_id: str, expected: str
) -> None:
    before = (corpus_dir / "papers" / "piqa.yaml").read_text()
    run = run_papers("new", paper_id, "--content", corpus_dir)
    assert run.exit_code == 1
    assert expected in run.stderr
    assert (corpus_dir / "papers" / "piqa.yaml").read_text() == before


def test_named_topics_replace_the_suggested_ones(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path
) -> None:
    code, messages = add(
        run_papers, corpus_dir, "2511.99001", "--topic", "physics", "--topic", "circuits"
    )
    assert code == 0, messages
    paper = next(paper for paper in load_corpus(corpus_dir).papers if paper.arxiv == "2511.99001")
    assert paper.topics == ("physics", "circuits")
    assert "topics as given: physics, circuits" in messages


def test_a_paper_no_topic_matches_is_not_written_and_the_flag_is_named(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path
) -> None:
    before = sorted((corpus_dir / "papers").iterdir())
    code, messages = add(run_papers, corpus_dir, "2511.99003")
    assert code == 1
    assert (
        "no topic matched it (it is unlike each topic's papers), so nothing was written" in messages
    )
    assert "--topic SLUG (repeatable), from: circuits, physics" in messages
    assert sorted((corpus_dir / "papers").iterdir()) == before
    code, messages = add(run_papers, corpus_dir, "2511.99003", "--topic", "physics")
    assert code == 0, messages
    assert load_corpus(corpus_dir).papers_by_id[PHI_BENCH].topics == ("physics",)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [("physic", "did you mean 'physics'?"), ("x", "use one of: circuits, physics")],
)
def test_an_unknown_topic_is_refused_before_asking_arxiv(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path, wrong: str, hint: str
) -> None:
    before = sorted((corpus_dir / "papers").iterdir())
    code, messages = add(
        run_papers, corpus_dir, "2511.99003", "--topic", "physics", "--topic", wrong
    )
    assert code == 1
    assert f"unknown topic '{wrong}' in --topic; {hint}" in messages
    assert server.queries == []
    assert sorted((corpus_dir / "papers").iterdir()) == before


@pytest.mark.parametrize(
    "refusal",
    [RATE_EXCEEDED, Reply(429, b"Too Many Requests", {"Retry-After": "0"}), 503],
)
def test_an_api_that_keeps_refusing_fails_clearly_and_writes_nothing(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path, refusal: int | Reply
) -> None:
    server.fail_first = [refusal] * 10
    before = digests(corpus_dir)
    code, messages = add(run_papers, corpus_dir, "2511.99001", "--topic", "physics")
    assert code == 1
    assert "try again later" in messages
    assert len(server.queries) == 4
    assert digests(corpus_dir) == before
