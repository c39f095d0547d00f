"""Checks across papers name both files; all mistakes are reported, as text or annotations."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.corpus import load_corpus
from generator.corpus.consistency import normalized_title
from generator.errors import CorpusError, Problem
from tests.conftest import FIXTURES, RunPapers

TODAY = "2026-11-25"
TEN_MISTAKES = [
    ("b-duplicate-arxiv.yaml", 3, "the arXiv id 2209.10652 is already in", "a-first.yaml:3"),
    ("c-same-title.yaml", 2, "the same title is already in", "a-first.yaml:2"),
    ("d-duplicate-key.yaml", 5, "the key 'added' appears twice", "first on line 3"),
    ("e-tab.yaml", 5, "invalid YAML", "tabs"),
    ("f-wrong-type.yaml", 3, "authors must be a list", "- "),
    ("g-unknown-topic.yaml", 4, "unknown topic 'astrology'", "circuits, physics"),
    ("h-unknown-field.yaml", 5, "unknown field 'autors'", "did you mean 'authors'?"),
    ("i-future.yaml", 3, "added: 2027-01-01 is in the future", "today"),
    ("j-bad-url.yaml", 6, "is not an https:// link", "https://"),
    ("k-mismatch.yaml", 1, "id 'a-different-id' does not match", "rename the file"),
]


@pytest.fixture
def ten_mistakes(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "ten-mistakes", tmp_path / "content"))


def test_ten_distinct_mistakes_are_all_reported_as_text(
    run_papers: RunPapers, ten_mistakes: Path
) -> None:
    run = run_papers("validate", "--today", TODAY, "--content", ten_mistakes)
    assert run.exit_code == 1
    lines = run.stderr.splitlines()
    located = [line for line in lines if re.match(r"\S+\.yaml:\d+: ", line)]
    assert len(located) == len(TEN_MISTAKES)
    for line, (name, number, message, hint) in zip(located, TEN_MISTAKES, strict=True):
        assert line.startswith(f"{ten_mistakes / 'papers' / name}:{number}: "), line
        assert message in line
        fix = lines[lines.index(line) + 1]
        assert fix.startswith("    fix: ")
        assert hint in line + fix
    assert lines[-1] == "10 problems found"


def test_ten_distinct_mistakes_are_all_reported_as_github_annotations(
    run_papers: RunPapers, ten_mistakes: Path
) -> None:
    run = run_papers("validate", "--format", "github", "--today", TODAY, "--content", ten_mistakes)
    assert run.exit_code == 1
    annotations = run.stdout.splitlines()
    assert len(annotations) == len(TEN_MISTAKES)
    pattern = re.compile(
        r"::error file=(?P<file>[^,]+),line=(?P<line>\d+),title=papers validate::(?P<text>.+)"
    )
    for annotation, (name, number, message, _) in zip(annotations, TEN_MISTAKES, strict=True):
        found = pattern.fullmatch(annotation)
        assert found, annotation
        assert found["file"].endswith(f"/papers/{name}")
        assert int(found["line"]) == number
        assert message in found["text"]
        assert "%0Afix: " in found["text"]


def test_annotation_data_cannot_start_another_workflow_command() -> None:
    problem = Problem(Path("a,b:c.yaml"), 3, "title: 'x\n::warning::forged' 100%", "fix\r\nit")
    annotation = problem.github_annotation()
    assert "\n" not in annotation
    assert "\r" not in annotation
    assert annotation.startswith("::error file=a%2Cb%3Ac.yaml,line=3,")
    assert annotation.endswith("x%0A::warning::forged' 100%25%0Afix: fix%0D%0Ait")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Toy Models of Superposition", "toy models of superposition"),
        ("Toy Models of Superposition", "Toy Models of Superposition."),
        ("Φeat: Physically-Grounded Features", "Φeat — Physically Grounded Features"),
        ("ｆｕｌｌｗｉｄｔｈ Title Here", "fullwidth Title Here"),  # noqa: RUF001
    ],
)
def test_titles_equal_after_normalisation(first: str, second: str) -> None:
    assert normalized_title(first) == normalized_title(second)


def paper(corpus_dir: Path, name: str, extra: str = "", title: str | None = None) -> None:
    (corpus_dir / "papers" / f"{name}.yaml").write_text(
        f"id: {name}\ntitle: {json.dumps(title or name.replace('-', ' ').title())}\n"
        "added: 2026-11-21\n"
        f"topics: [physics]\nabstract: Text.\n{extra}"
    )


def problems(corpus_dir: Path) -> list[str]:
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_dir, today=dt.date(2026, 11, 25))
    return [
        f"{problem.path.name}:{problem.line}: {problem.message}"
        for problem in caught.value.problems
    ]


def test_same_doi_in_any_case_is_a_duplicate(corpus_dir: Path) -> None:
    paper(corpus_dir, "one-paper", "doi: 10.1000/ABC\n")
    paper(corpus_dir, "two-paper", "doi: 10.1000/abc\n")
    (found,) = problems(corpus_dir)
    assert found.startswith("two-paper.yaml:6: the DOI 10.1000/abc is already in")


def test_future_publication_month_is_reported(corpus_dir: Path) -> None:
    paper(corpus_dir, "from-the-future", "published: 2026-12\n")
    assert problems(corpus_dir) == ["from-the-future.yaml:6: published: 2026-12 is in the future"]


def test_different_papers_with_similar_words_are_not_duplicates(corpus_dir: Path) -> None:
    paper(corpus_dir, "physics-of-video", title="Physics in Video Generation: A Survey")
    paper(corpus_dir, "physics-of-language", title="Physics in Language Models: A Survey")
    assert load_corpus(corpus_dir, today=dt.date(2026, 11, 25)).papers


SERIES = [
    ("Gemma 2: Improving Open Language Models at a Practical Size", "Gemma 3 Technical Report"),
    ("Gemma 2 Technical Report", "Gemma 3 Technical Report"),
    ("DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model",
     "DeepSeek-V3: A Strong, Economical, and Efficient Mixture-of-Experts Language Model"),
    ("Llama 2: Open Foundation and Fine-Tuned Chat Models",
     "Llama 3: Open Foundation and Fine-Tuned Chat Models"),
    ("Qwen2.5 Technical Report", "Qwen3 Technical Report"),
    ("Segment Anything Model 2", "Segment Anything Model 3"),
    ("Stable Diffusion XL II", "Stable Diffusion XL III"),
    ("Kimi k1.5: Scaling Reinforcement Learning with LLMs",
     "Kimi k2: Scaling Reinforcement Learning with LLMs"),
]  # fmt: skip


@pytest.mark.parametrize(("first", "second"), SERIES)
@pytest.mark.parametrize("ids", ["none", "arxiv", "doi"])
def test_papers_of_a_series_are_not_duplicates(
    corpus_dir: Path, first: str, second: str, ids: str
) -> None:
    extra = {
        "none": ("", ""),
        "arxiv": ('arxiv: "2408.00118"\n', 'arxiv: "2503.19786"\n'),
        "doi": ("doi: 10.1000/first\n", "doi: 10.1000/second\n"),
    }[ids]
    paper(corpus_dir, "first-of-series", extra[0], title=first)
    paper(corpus_dir, "next-of-series", extra[1], title=second)
    corpus = load_corpus(corpus_dir, today=dt.date(2026, 11, 25))
    assert {"first-of-series", "next-of-series"} <= set(corpus.papers_by_id)
    assert corpus.warnings == ()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Sparse Circuits in Small Models", "Sparse Circuits in Small Models"),
        ("Sparse Circuits in Small Models", "SPARSE CIRCUITS IN SMALL MODELS!"),
    ],
)
@pytest.mark.parametrize("kind", ["arxiv", "doi"])
def test_the_same_title_under_two_ids_is_two_papers_and_a_warning_naming_both(
    corpus_dir: Path, first: str, second: str, kind: str
) -> None:
    ids = {
        "arxiv": ('arxiv: "2501.00001"\n', 'arxiv: "2501.00002"\n'),
        "doi": ("doi: 10.1000/first\n", "doi: 10.1000/second\n"),
    }[kind]
    paper(corpus_dir, "toy-one", ids[0], title=first)
    paper(corpus_dir, "toy-two", ids[1], title=second)
    corpus = load_corpus(corpus_dir, today=dt.date(2026, 11, 25))
    assert {"toy-one", "toy-two"} <= set(corpus.papers_by_id)
    (warning,) = corpus.warnings
    assert (warning.path.name, warning.line) == ("toy-two.yaml", 2)
    assert warning.message.endswith("toy-one.yaml:2")
    assert ("2501.00002" if kind == "arxiv" else "10.1000/second") in warning.fix


def test_nearly_equal_titles_under_two_ids_are_two_papers_without_a_word(corpus_dir: Path) -> None:
    paper(corpus_dir, "toy-one", 'arxiv: "2501.00001"\n', title="Sparse Circuits in Small Models")
    paper(corpus_dir, "toy-two", 'arxiv: "2501.00002"\n', title="Sparse Circuit in Small Models")
    corpus = load_corpus(corpus_dir, today=dt.date(2026, 11, 25))
    assert corpus.warnings == ()
    assert {"toy-one", "toy-two"} <= set(corpus.papers_by_id)


@pytest.mark.parametrize("written", ["2501.00001v2", "2501.00001v13"])
def test_a_version_of_an_arxiv_id_is_the_same_paper(corpus_dir: Path, written: str) -> None:
    paper(corpus_dir, "toy-first", 'arxiv: "2501.00001"\n', title="A First Title")
    paper(corpus_dir, "toy-again", f'arxiv: "{written}"\n', title="Another Title Altogether")
    (found,) = problems(corpus_dir)
    assert "the arXiv id 2501.00001 is already in" in found
    named = {found.split(":", 1)[0], found.rsplit("/", 1)[1].split(":", 1)[0]}
    assert named == {"toy-again.yaml", "toy-first.yaml"}


def test_a_versioned_id_alone_reads_as_the_paper_s_id(corpus_dir: Path) -> None:
    paper(corpus_dir, "versioned", 'arxiv: "2501.00001v3"\n')
    assert load_corpus(corpus_dir, today=dt.date(2026, 11, 25)).papers_by_id["versioned"].arxiv == (
        "2501.00001"
    )


@pytest.mark.parametrize("ids", [("", ""), ('arxiv: "2501.00001"\n', "")])
def test_the_same_title_with_nothing_to_tell_apart_is_an_error_naming_both(
    corpus_dir: Path, ids: tuple[str, str]
) -> None:
    paper(corpus_dir, "same-one", ids[0], title="Gemma 3 Technical Report")
    paper(corpus_dir, "same-two", ids[1], title="Gemma 3: Technical Report")
    (found,) = problems(corpus_dir)
    assert found.startswith("same-two.yaml:2: the same title is already in")
    assert found.endswith("same-one.yaml:2")


def test_a_nearly_identical_title_without_ids_is_a_warning_naming_both(
    run_papers: RunPapers, corpus_dir: Path
) -> None:
    paper(corpus_dir, "near-one", title="Sparse Circuits of Superposition in Transformers")
    paper(corpus_dir, "near-two", title="Sparse Circuit of Superposition in Transformers")
    run = run_papers("validate", "--today", TODAY, "--content", corpus_dir)
    assert run.exit_code == 0, run.stderr
    (warning,) = [line for line in run.stderr.splitlines() if "nearly identical" in line]
    assert warning.startswith(f"{corpus_dir / 'papers' / 'near-two.yaml'}:2: warning: ")
    assert warning.endswith("near-one.yaml:2")
    github = run_papers("validate", "--format", "github", "--today", TODAY, "--content", corpus_dir)
    assert any(
        line.startswith("::warning file=") and "near-two.yaml,line=2" in line
        for line in github.stdout.splitlines()
    )
