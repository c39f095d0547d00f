"""`papers enrich`: exact matches only, nothing overwritten, every contributor's byte kept."""

from __future__ import annotations

import difflib
import errno
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.corpus import load_corpus
from standins.files import digests
from standins.loopback import Reply
from tests.arxiv_server import RATE_EXCEEDED, ArxivServer, arxiv_server
from tests.conftest import RunPapers

# A contributor's file: a comment, keys in their own order, quoted and folded values.
HAND_WRITTEN = """\
# Found on a reading list; arXiv id still to look up.
title: 'Granular flows -- learned from falling SAND'
id: exact-match
topics: [physics]   # flow-style list, as typed
abstract: >
  Sand falls, and a network learns how.
  Nothing here should move.

added: 2026-11-20
"""

PAPERS = {
    "exact-match": HAND_WRITTEN,
    "ambiguous": (
        "id: ambiguous\ntitle: Neural Fields for Fluids\nadded: 2026-11-20\n"
        "topics: [physics]\nabstract: Fields.\n"
    ),
    "known-id": (
        'id: known-id\ntitle: "Φ-Bench: measuring intuitive physics in robot manipulation"\n'
        'arxiv: "2511.99003"\nadded: 2026-11-20\ntopics:\n- physics\n'
        "links:\n  code: https://github.com/example/phi-bench\nabstract: Robots.\n"
    ),
    "wrong-id": (
        'id: wrong-id\ntitle: A Paper Whose Id Is Wrong\narxiv: "2511.99002"\n'
        "added: 2026-11-20\ntopics: [physics]\nabstract: Mislabelled.\n"
    ),
    "has-authors": (
        'id: has-authors\ntitle: "Sparse Autoencoders Trace Physical Concepts in Video World '
        'Models"\nauthors:\n  - A. Contributor\narxiv: "2511.99001"\nadded: 2026-11-20\n'
        "topics: [physics]\nabstract: Kept as written.\n"
    ),
}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    with arxiv_server() as running:
        monkeypatch.setenv("PAPERS_ARXIV_API_URL", running.url)
        yield running


@pytest.fixture
def content(corpus_dir: Path) -> Path:
    for paper_id, text in PAPERS.items():
        (corpus_dir / "papers" / f"{paper_id}.yaml").write_text(text, encoding="utf-8")
    return corpus_dir


def enrich(run_papers: RunPapers, content: Path, *options: str) -> tuple[int, str, str]:
    run = run_papers("enrich", "--content", content, "--delay", "0", *options)
    return run.exit_code, run.stdout, run.stderr


def text_of(content: Path, paper_id: str) -> str:
    return (content / "papers" / f"{paper_id}.yaml").read_text(encoding="utf-8")


def test_an_exact_title_gets_its_id_authors_date_and_pdf(
    run_papers: RunPapers, server: ArxivServer, content: Path
) -> None:
    code, _, messages = enrich(run_papers, content)
    assert code == 0, messages
    paper = load_corpus(content).papers_by_id["exact-match"]
    assert paper.arxiv == "2511.99010"
    assert paper.authors == ("Ines Granular", "Zoë Ólafsdóttir", "Kofi Mensah")
    assert paper.published == "2025-11-10"
    assert paper.links == {"pdf": "https://arxiv.org/pdf/2511.99010"}
    assert "filled papers/exact-match.yaml" in messages or "exact-match.yaml: arxiv" in messages


def test_the_contributors_file_keeps_every_byte_apart_from_added_lines(
    run_papers: RunPapers, server: ArxivServer, content: Path
) -> None:
    enrich(run_papers, content)
    after = text_of(content, "exact-match")
    changes = list(difflib.ndiff(HAND_WRITTEN.splitlines(), after.splitlines()))
    removed = [line for line in changes if line.startswith("- ")]
    added = [line[2:] for line in changes if line.startswith("+ ")]
    assert removed == []
    assert added == [
        "authors:",
        "  - Ines Granular",
        "  - Zoë Ólafsdóttir",
        "  - Kofi Mensah",
        'arxiv: "2511.99010"',
        "published: 2025-11-10",
        "links:",
        "  pdf: https://arxiv.org/pdf/2511.99010",
    ]
    kept = [line[2:] for line in changes if line.startswith("  ")]
    assert kept == HAND_WRITTEN.splitlines()


def test_a_title_one_word_off_gets_nothing(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path
) -> None:
    # Alone: beside the exact title, validation would refuse it as a near-duplicate.
    one_word_off = (
        "id: one-word-off\ntitle: Granular Flows Learned from Falling Snow\n"
        "added: 2026-11-20\ntopics: [physics]\nabstract: Snow falls.\n"
    )
    (corpus_dir / "papers" / "one-word-off.yaml").write_text(one_word_off)
    _, _, messages = enrich(run_papers, corpus_dir)
    assert text_of(corpus_dir, "one-word-off") == one_word_off
    assert "one-word-off.yaml: no arXiv paper has exactly this title" in messages
    assert any("Falling+Snow" in query for query in server.queries)  # it was asked, not skipped


@pytest.mark.parametrize(
    ("paper_id", "reported"),
    [
        # Two records have exactly this title: neither is taken.
        ("ambiguous", ["ambiguous.yaml: 2 arXiv papers have this title: 2511.99011, 2511.99012"]),
        # The id's record has another title: the id may be wrong, so nothing is taken.
        ("wrong-id", ["wrong-id.yaml: arXiv 2511.99002 is titled", "check the id"]),
    ],
)
def test_a_paper_without_one_matching_record_is_reported_and_left_alone(
    run_papers: RunPapers, server: ArxivServer, content: Path, paper_id: str, reported: list[str]
) -> None:
    _, _, messages = enrich(run_papers, content)
    assert text_of(content, paper_id) == PAPERS[paper_id]
    for message in reported:
        assert message in messages


def test_a_known_id_fills_only_what_is_missing(
    run_papers: RunPapers, server: ArxivServer, content: Path
) -> None:
    enrich(run_papers, content)
    papers = load_corpus(content).papers_by_id
    assert papers["known-id"].authors == ("Eve Example",)
    assert papers["known-id"].published == "2025-11-21"
    assert papers["known-id"].links == {
        "code": "https://github.com/example/phi-bench",
        "pdf": "https://arxiv.org/pdf/2511.99003",
    }
    # Authors it had are never replaced by arXiv's; only what it lacked is added.
    assert papers["has-authors"].authors == ("A. Contributor",)
    assert papers["has-authors"].published == "2025-11-18"


def test_a_second_run_changes_nothing(
    run_papers: RunPapers, server: ArxivServer, content: Path
) -> None:
    enrich(run_papers, content)
    first = {path.name: path.read_bytes() for path in (content / "papers").glob("*.yaml")}
    code, _, messages = enrich(run_papers, content)
    assert code == 0
    assert {path.name: path.read_bytes() for path in (content / "papers").glob("*.yaml")} == first
    assert "filled 0 field(s) in 0 paper(s)" in messages


def test_dry_run_prints_the_diff_and_writes_nothing(
    run_papers: RunPapers, server: ArxivServer, content: Path
) -> None:
    before = {path.name: path.read_bytes() for path in (content / "papers").glob("*.yaml")}
    code, diff, _ = enrich(run_papers, content, "--dry-run")
    assert code == 0
    assert {path.name: path.read_bytes() for path in (content / "papers").glob("*.yaml")} == before
    assert "+++ b/" in diff
    assert "exact-match.yaml" in diff
    assert '+arxiv: "2511.99010"' in diff
    assert "\n-" not in diff.replace("\n--- a/", "")  # additions only


def test_ids_are_asked_in_batches_of_at_most_100(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path
) -> None:
    for number in range(150):
        (corpus_dir / "papers" / f"batch-{number}.yaml").write_text(
            f"id: batch-{number}\ntitle: {hashlib.sha256(str(number).encode()).hexdigest()[:30]}\n"
            f'arxiv: "2511.{10000 + number}"\nadded: 2026-11-20\ntopics: [physics]\n'
            "abstract: A batch.\n"
        )
    code, _, messages = enrich(run_papers, corpus_dir, "--limit", "140")
    assert code == 0, messages
    id_queries = [query for query in server.queries if "id_list" in query]
    sizes = [query.split("id_list=")[1].split("&")[0].count("%2C") + 1 for query in id_queries]
    assert sizes == [100, 40]
    assert messages.count("arXiv does not know") == 140  # fictional ids: reported, not guessed


def test_failed_requests_are_retried_reported_and_exit_1(
    run_papers: RunPapers, server: ArxivServer, content: Path
) -> None:
    server.fail_first = [503] * 40  # more than every retry of every request
    code, _, messages = enrich(run_papers, content)
    assert code == 1
    assert "failed" in messages
    assert "answered 503" in messages
    assert "not asked; the arXiv API failed 3 times in a row" in messages
    assert text_of(content, "exact-match") == HAND_WRITTEN


def test_a_rate_limited_request_is_retried_until_it_passes(
    run_papers: RunPapers, server: ArxivServer, content: Path
) -> None:
    server.fail_first = [429, 503]
    code, _, messages = enrich(run_papers, content)
    assert code == 0, messages
    assert load_corpus(content).papers_by_id["exact-match"].arxiv == "2511.99010"


@pytest.mark.slow
def test_a_copy_of_the_shipped_corpus_is_asked_about_and_kept_byte_for_byte(
    run_papers: RunPapers, server: ArxivServer, shipped_corpus_dir: Path, tmp_path: Path
) -> None:
    shipped = {path.name: path.read_bytes() for path in (shipped_corpus_dir / "papers").iterdir()}
    hand_written = HAND_WRITTEN.replace("[physics]", "[scientific-ml]")
    (shipped_corpus_dir / "papers" / "exact-match.yaml").write_text(hand_written)
    without_id = [paper for paper in load_corpus(shipped_corpus_dir).papers if not paper.arxiv]

    code, _, messages = enrich(run_papers, shipped_corpus_dir)

    assert code == 0, messages
    # The stand-in API knows none of the real papers, so none of their files may change.
    assert {
        path.name: path.read_bytes()
        for path in (shipped_corpus_dir / "papers").iterdir()
        if path.name != "exact-match.yaml"
    } == shipped
    assert len([query for query in server.queries if "search_query" in query]) == len(without_id)
    assert "filled 4 field(s) in 1 paper(s)" in messages

    site = tmp_path / "site"
    build = ["build", "-q", "--content", shipped_corpus_dir, "--build-dir", tmp_path / "build"]
    assert run_papers(*build, "--site-dir", site).exit_code == 0
    page = (site / "papers" / "exact-match" / "index.html").read_text(encoding="utf-8")
    assert "Ines Granular, Zoë Ólafsdóttir, Kofi Mensah" in page
    assert 'href="https://arxiv.org/abs/2511.99010"' in page
    assert 'href="https://arxiv.org/pdf/2511.99010"' in page


def test_flow_style_links_keep_their_line_and_the_rest_is_still_filled(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path
) -> None:
    flow = (
        'id: flow-links\ntitle: "Φ-Bench: measuring intuitive physics in robot manipulation"\n'
        'arxiv: "2511.99003"\nadded: 2026-11-20\ntopics: [physics]\n'
        "links: {code: https://github.com/example/phi-bench}\nabstract: Robots.\n"
    )
    (corpus_dir / "papers" / "flow-links.yaml").write_text(flow, encoding="utf-8")
    code, _, messages = enrich(run_papers, corpus_dir)
    assert code == 0, messages
    assert "flow-links.yaml: PDF link not added: links are written on one line" in messages
    after = text_of(corpus_dir, "flow-links")
    assert "links: {code: https://github.com/example/phi-bench}\n" in after
    paper = load_corpus(corpus_dir).papers_by_id["flow-links"]
    assert paper.authors == ("Eve Example",)
    assert paper.links == {"code": "https://github.com/example/phi-bench"}


@pytest.mark.parametrize(
    "refusal", [RATE_EXCEEDED, Reply(429, b"Too Many Requests", {"Retry-After": "0"})]
)
def test_an_api_that_keeps_refusing_fails_clearly_and_writes_nothing(
    run_papers: RunPapers, server: ArxivServer, content: Path, refusal: int | Reply
) -> None:
    server.fail_first = [refusal] * 40
    before = digests(content)
    code, _, messages = enrich(run_papers, content)
    assert code == 1
    assert "try again later" in messages
    assert "not asked; the arXiv API failed 3 times in a row" in messages
    assert set(server.accepted) == {"application/atom+xml"}
    assert digests(content) == before


def test_enrich_works_where_hard_links_are_refused(
    run_papers: RunPapers, server: ArxivServer, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: str, target: str) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link", source)

    monkeypatch.setattr(os, "link", no_links)  # as with TMPDIR on another file system
    code, _, messages = enrich(run_papers, content)
    assert code == 0, messages
    assert load_corpus(content).papers_by_id["exact-match"].arxiv == "2511.99010"
