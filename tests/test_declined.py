"""Declined papers: recorded, never proposed again, learnt from; and saved days replayed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.corpus import load_corpus
from generator.corpus.schema import DECLINED_WORDS_LENGTH, TITLE_LENGTH, DeclinedPaper
from generator.curate.declined import LONGEST_WORD, WORDS_KEPT, declined_record
from generator.curate.ingest import suggest_for_day
from generator.sources.text import source_text
from generator.sources.trending import TrendingPaper
from standins.files import digests
from tests.conftest import FIXTURES, PROJECT_ROOT, RunPapers

ON_TOPIC = [
    (
        "2511.70001",
        "Transcoders Trace Feature Circuits in the Residual Stream",
        "Sparse autoencoders and transcoders find monosemantic features in superposition in the"
        " residual stream of a language model; activation patching confirms each circuit.",
    ),
    (
        "2511.70002",
        "Sparse Autoencoders Disentangle Polysemantic Neurons",
        "We train sparse autoencoders on a transformer's residual stream and find that"
        " polysemantic neurons split into monosemantic features, explaining superposition.",
    ),
    (
        "2511.70003",
        "Intuitive Physics Benchmark of Falling Towers",
        "A benchmark of intuitive physics: vision-language models predict whether towers of"
        " blocks fall, testing their physical commonsense and physical reasoning.",
    ),
]

TODAY = dt.date(2026, 11, 25)


def entry(arxiv: str, title: str, abstract: str, authors: list[str] | None = None) -> object:
    names = authors or ["Ada Example"]
    return {
        "paper": {
            "id": arxiv,
            "title": title,
            "summary": abstract,
            "authors": [{"name": name} for name in names],
            "upvotes": 10,
        }
    }


def save(folder: Path, day: str, entries: list[object]) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{day}.json").write_text(json.dumps(entries), encoding="utf-8")


def test_papers_a_curator_deletes_from_the_pull_request_are_never_proposed_again(
    run_papers: RunPapers, shipped_corpus_dir: Path, tmp_path: Path
) -> None:
    content, days = shipped_corpus_dir, tmp_path / "days"
    save(days, "2026-11-25", [entry(*paper) for paper in ON_TOPIC])
    run = run_papers("ingest", "--from", days, "--content", content)
    assert run.exit_code == 0, run.stderr
    corpus = load_corpus(content)
    filed = {
        paper.arxiv: paper for paper in corpus.papers if paper.added.isoformat() == "2026-11-25"
    }
    assert set(filed) == {arxiv for arxiv, _, _ in ON_TOPIC}
    # The curator deletes two of the three files from the pull request, then merges.
    for arxiv in ("2511.70001", "2511.70003"):
        (content / "papers" / f"{filed[arxiv].id}.yaml").unlink()
    validate = run_papers("validate", "--content", content, "--all-warnings")
    assert validate.exit_code == 0, validate.stderr
    assert validate.stderr.count("the next `papers ingest` records it as declined") == 2
    # The next day lists one of them again, beside a new paper.
    (days / "2026-11-25.json").unlink()
    save(days, "2026-11-26", [entry(*ON_TOPIC[0]), entry(*ON_TOPIC[2])])
    run = run_papers("ingest", "--from", days, "--content", content)
    assert run.exit_code == 0, run.stderr
    assert "filed 0, declined 0, declined before 2" in run.stderr
    corpus = load_corpus(content)
    assert not {"2511.70001", "2511.70003"} & {paper.arxiv for paper in corpus.papers}
    removed = {record.arxiv: record for record in corpus.declined}
    assert {removed[a].why for a in ("2511.70001", "2511.70003")} == {"removed"}
    assert all(gone.entry.arxiv in removed for gone in corpus.removed)
    assert len([r for r in corpus.declined if r.why == "removed"]) == 2  # recorded once each


def test_the_report_names_a_declined_paper_and_the_command_that_overrides(
    run_papers: RunPapers, shipped_corpus_dir: Path, tmp_path: Path
) -> None:
    content, days = shipped_corpus_dir, tmp_path / "days"
    save(days, "2026-11-25", [entry("2511.70101", "Quiet Libraries", "We count whispers.")])
    assert run_papers("ingest", "--from", days, "--content", content).exit_code == 0
    corpus = load_corpus(content)
    (record,) = [record for record in corpus.declined if record.arxiv == "2511.70101"]
    from generator.curate.ingest import plan_ingest  # noqa: PLC0415
    from generator.curate.ingest_report import report_markdown  # noqa: PLC0415

    listing = [TrendingPaper(1, "2511.70101", "Quiet Libraries", "We count whispers.", (), None, 3)]
    plan = plan_ingest(
        content_dir=content,
        corpus=corpus,
        date=record.day,
        listing=listing,
        source="huggingface-daily-papers",
        update=False,
    )
    body = report_markdown(
        plan, listing, date=record.day, source="huggingface-daily-papers", corpus=corpus
    )
    assert "### Declined before" in body
    assert "declined on 2026-11-25 (not-admitted)" in body
    assert "`papers add 2511.70101 --topic TOPIC`" in body


def test_a_day_whose_author_lists_name_two_people_alike_lands(
    run_papers: RunPapers, shipped_corpus_dir: Path, tmp_path: Path
) -> None:
    authors = ["Hao Wang", "Zheng Liu", "Hao Wang", "Zheng  Liu", "Yuhong Liu"]
    days = tmp_path / "days"
    save(days, "2026-11-25", [entry(*ON_TOPIC[0], authors=authors)])
    run = run_papers("ingest", "--from", days, "--content", shipped_corpus_dir)
    assert run.exit_code == 0, run.stderr
    (paper,) = [p for p in load_corpus(shipped_corpus_dir).papers if p.arxiv == "2511.70001"]
    assert list(paper.authors or ()) == [
        "Hao Wang",
        "Zheng Liu",
        "Hao Wang",
        "Zheng Liu",
        "Yuhong Liu",
    ]


def test_a_day_of_titles_and_words_longer_than_a_record_holds_lands(
    run_papers: RunPapers, shipped_corpus_dir: Path, tmp_path: Path
) -> None:
    long_title = "Scaling " + " ".join(f"laws{n} of general models" for n in range(40))
    sequence = "ACGT" * 300  # a DNA sequence in an abstract: one "word" of 1,200 letters
    compounds = " ".join(f"poly{n:02d}tetrafluoroethylenecarboxylate" for n in range(40))
    days = tmp_path / "days"
    day = [
        entry("2511.70201", long_title, "We study general models of language at scale."),
        entry("2511.70202", "Reading Genomes", f"Models read {sequence} and other sequences."),
        entry("2511.70203", "Naming Compounds", f"Models name {compounds} compounds."),
    ]
    save(days, "2026-11-25", day)
    run = run_papers("ingest", "--from", days, "--content", shipped_corpus_dir)
    assert run.exit_code == 0, run.stderr
    assert "refused 0 day(s)" in run.stderr
    records = {
        record.arxiv: record
        for record in load_corpus(shipped_corpus_dir).declined
        if record.arxiv.startswith("2511.702")
    }
    assert sorted(records) == ["2511.70201", "2511.70202", "2511.70203"]
    title = records["2511.70201"].title
    assert len(title) == TITLE_LENGTH
    assert title.endswith("…")
    assert long_title.startswith(title[:-1])
    words = (records["2511.70202"].words or "").split()
    assert "sequences" in words  # the words after the sequence, which is none
    assert not any("acgt" in word for word in words)
    assert len(records["2511.70203"].words or "") <= DECLINED_WORDS_LENGTH


# A source's words: letters run together up to 60 long (a chemical's name, a sequence), and
# any other text.
_WORDS = st.lists(
    st.one_of(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzéßø-", min_size=3, max_size=60),
        st.text(min_size=1, max_size=20),
    ),
    min_size=1,
    max_size=120,
).map(" ".join)
# Hypothesis draws short lists: a phrase said up to 60 times reaches a long title or abstract.
_LONG = st.builds(lambda words, times: " ".join([words] * times), _WORDS, st.integers(1, 60))


@given(
    title=st.one_of(_WORDS, _LONG),
    abstract=st.one_of(_WORDS, _LONG),
)
@settings(max_examples=200, deadline=None)
def test_any_source_title_and_abstract_make_a_valid_record(title: str, abstract: str) -> None:
    shown, text = source_text(title), source_text(abstract)
    assume(shown)
    record = declined_record("2511.70301", shown, text, TODAY, "not-admitted")
    assert DeclinedPaper.model_validate(record.model_dump()) == record
    assert len(record.title) <= TITLE_LENGTH
    assert record.title == shown or shown.startswith(record.title[:-1].rstrip())
    kept = (record.words or "").split()
    assert len(kept) <= WORDS_KEPT
    assert all(len(word) <= LONGEST_WORD for word in kept)  # no sequence taken for a word
    assert all(word in f"{shown} {text}".casefold() for word in kept)


def test_a_replay_refuses_only_days_the_source_broke_and_counts_the_others(
    run_papers: RunPapers, shipped_corpus_dir: Path, tmp_path: Path
) -> None:
    days = tmp_path / "days"
    save(days, "2026-11-24", [entry(*ON_TOPIC[0]), entry("2511.70102", "Quiet Rooms", "Shh.")])
    (days / "2026-11-25.json").write_text('[{"paper": {"id": "2511.7', encoding="utf-8")
    save(days, "2026-11-26", [entry(*ON_TOPIC[1])])
    (days / "notes.json").write_text("[]", encoding="utf-8")  # not a day: ignored
    run = run_papers("ingest", "--from", days, "--content", shipped_corpus_dir)
    assert run.exit_code == 1
    lines = run.stderr.splitlines()
    assert lines[0].startswith("2026-11-24: listed 2, filed 1, declined 1")
    assert lines[1].startswith("2026-11-25: refused: the daily papers API answered with invalid")
    assert lines[2].startswith("2026-11-26: listed 1, filed 1, declined 0")
    assert "3 days: listed 3, filed 2 (67%), declined 1, refused 1 day(s)" in run.stderr
    assert "  mechanistic-interpretability: 2" in run.stderr


def test_papers_decline_records_a_paper_and_removes_its_file(
    run_papers: RunPapers, shipped_corpus_dir: Path, tmp_path: Path
) -> None:
    days = tmp_path / "days"
    save(days, "2026-11-25", [entry(*ON_TOPIC[1])])
    assert run_papers("ingest", "--from", days, "--content", shipped_corpus_dir).exit_code == 0
    before = digests(shipped_corpus_dir / "papers")
    run = run_papers("decline", "arXiv:2511.70002v2", "--content", shipped_corpus_dir)
    assert run.exit_code == 0, run.stderr
    corpus = load_corpus(shipped_corpus_dir)
    (record,) = [record for record in corpus.declined if record.arxiv == "2511.70002"]
    assert (record.arxiv, record.why) == ("2511.70002", "declined")
    assert record.words is not None
    assert "superposition" in record.words.split()
    assert len(digests(shipped_corpus_dir / "papers")) == len(before) - 1
    unknown = run_papers("decline", "2511.79999", "--content", shipped_corpus_dir)
    assert unknown.exit_code == 1
    assert "no paper of the archive has this id" in unknown.stderr


def test_a_declined_record_costs_well_under_a_kilobyte(
    run_papers: RunPapers, shipped_corpus_dir: Path, tmp_path: Path
) -> None:
    general = yaml.safe_load((FIXTURES / "labelled" / "general.yaml").read_text())["papers"]
    days = tmp_path / "days"
    save(
        days,
        "2026-11-25",
        [entry(f"2511.7{n:04}", p["title"], p["abstract"]) for n, p in enumerate(general)],
    )
    assert run_papers("ingest", "--from", days, "--content", shipped_corpus_dir).exit_code == 0
    records = load_corpus(shipped_corpus_dir).declined
    assert any(record.day.isoformat() == "2026-11-25" for record in records)
    per_paper = [
        len(line.encode())
        for month in (shipped_corpus_dir / "declined").glob("*.yaml")
        for line in month.read_text().splitlines()
        if line.startswith("  - {")
    ]
    assert len(per_paper) == len(records)  # the shipped records and the day's
    assert max(per_paper) < 1024


def test_general_papers_that_use_the_topics_words_are_mostly_not_filed_on_day_one(
    shipped_corpus_dir: Path,
) -> None:
    corpus = load_corpus(shipped_corpus_dir)
    labelled = FIXTURES / "labelled"
    general = yaml.safe_load((labelled / "general.yaml").read_text())["papers"]
    on_topic = yaml.safe_load((labelled / "on-topic.yaml").read_text())["papers"]
    day = [
        TrendingPaper(n + 1, f"2601.{n:05}", paper["title"], paper["abstract"], (), None, None)
        for n, paper in enumerate([*general, *on_topic])
    ]
    # The figures docs/topics.md states for these papers (written in the manner of real days):
    # with nothing declined, and with the archive's shipped declines.
    for declined, most_filed in (([], 3), (corpus.declined, 1)):
        suggestions = suggest_for_day(corpus, day, declined)
        filed_general = [item for item in day[: len(general)] if suggestions[item.arxiv].topics]
        right = [
            item
            for item, paper in zip(day[len(general) :], on_topic, strict=True)
            if paper["topic"] in suggestions[item.arxiv].topics
        ]
        assert len(filed_general) <= most_filed
        assert len(right) >= len(on_topic) - 1


def test_a_new_file_naming_two_authors_alike_is_not_refused(tmp_path: Path) -> None:
    from generator.curate.contribute import paper_problems  # noqa: PLC0415

    text = (
        "id: alike\ntitle: Alike\nauthors:\n  - Hao Wang\n  - Hao Wang\n"
        "added: 2026-11-24\ntopics:\n  - circuits\nabstract: Text.\n"
    )
    assert paper_problems(tmp_path / "alike.yaml", text, ["circuits"]) == []
    assert paper_problems(tmp_path / "alike.yaml", text, ["physics"]) == [
        "unknown topic 'circuits'"
    ]


def test_the_shipped_declines_are_the_labelled_real_general_papers_they_name() -> None:
    import datetime as dt  # noqa: PLC0415

    from bench.real import labelled_papers  # noqa: PLC0415 (bench code, test only)
    from generator.curate.declined import abstract_words  # noqa: PLC0415

    shipped = {record.arxiv: record for record in load_corpus(PROJECT_ROOT / "content").declined}
    early = [
        paper
        for paper in labelled_papers()
        if not paper.topics and paper.day <= dt.date(2026, 6, 2)
    ]
    assert sorted(shipped) == sorted(paper.arxiv for paper in early)
    for paper in early:
        record = shipped[paper.arxiv]
        assert (record.title, record.why) == (paper.title, "declined")
        assert record.words == abstract_words(paper.title, paper.abstract)
