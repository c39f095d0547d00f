"""Validation turns every mistake into a located message with a fix, and reports them all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.corpus import load_corpus
from generator.corpus.load import parse_document
from generator.corpus.schema import Paper, Site, Snapshot, Taxonomy, Topic
from generator.corpus.validate import validate_document
from generator.errors import CorpusError, Problem
from tests.conftest import RunPapers

GOOD_PAPER = """\
id: {id}
title: A Paper
added: 2026-11-24
topics:
  - circuits
abstract: Text.
"""


def problems_of(corpus_dir: Path) -> tuple[Problem, ...]:
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_dir)
    return caught.value.problems


def write_paper(corpus_dir: Path, paper_id: str, text: str) -> Path:
    path = corpus_dir / "papers" / f"{paper_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def only_problem(corpus_dir: Path, text: str) -> Problem:
    write_paper(corpus_dir, "new-paper", text)
    (problem,) = problems_of(corpus_dir)
    assert problem.path.name == "new-paper.yaml"
    return problem


def test_fixture_corpus_is_valid(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    assert [paper.id for paper in corpus.papers] == [
        "piqa",
        "interpretability-in-the-wild",
        "seeing-the-wind",
        "toy-models-of-superposition",
    ]
    assert [p.id for p in corpus.papers_by_topic["circuits"]] == [
        "interpretability-in-the-wild",
        "toy-models-of-superposition",
    ]


def test_missing_field_names_the_field_and_an_example(corpus_dir: Path) -> None:
    problem = only_problem(
        corpus_dir, GOOD_PAPER.format(id="new-paper").replace("title: A Paper\n", "")
    )
    assert problem.line == 1
    assert problem.message == "the field 'title' is missing"
    assert problem.fix.startswith("add a line like 'title: Toy Models of Superposition'")


def test_unknown_topic_is_reported_on_its_line_with_a_suggestion(corpus_dir: Path) -> None:
    text = GOOD_PAPER.format(id="new-paper").replace("  - circuits", "  - circuits\n  - physic")
    problem = only_problem(corpus_dir, text)
    assert (problem.line, problem.message) == (6, "unknown topic 'physic'")
    assert "did you mean 'physics'" in problem.fix


def test_javascript_link_is_refused_on_its_line(corpus_dir: Path) -> None:
    text = GOOD_PAPER.format(id="new-paper") + "links:\n  code: javascript:alert(1)\n"
    problem = only_problem(corpus_dir, text)
    assert problem.line == 8
    assert problem.message == "links.code: 'javascript:alert(1)' is not an https:// link"
    assert "https://" in problem.fix


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "https://user:secret@example.org/",
        "https://example.org/a b",
        "https:///nohost",
    ],
)
def test_only_plain_https_links_are_accepted(corpus_dir: Path, url: str) -> None:
    text = GOOD_PAPER.format(id="new-paper") + f"links:\n  code: '{url}'\n"
    assert only_problem(corpus_dir, text).message.startswith("links.code:")


def test_unknown_field_suggests_the_known_one(corpus_dir: Path) -> None:
    problem = only_problem(corpus_dir, GOOD_PAPER.format(id="new-paper") + "autors: [A]\n")
    assert (problem.line, problem.message) == (7, "unknown field 'autors'")
    assert problem.fix == "did you mean 'authors'?"


def test_unquoted_arxiv_id_explains_the_lost_zeros(corpus_dir: Path) -> None:
    problem = only_problem(corpus_dir, GOOD_PAPER.format(id="new-paper") + "arxiv: 2306.04400\n")
    assert problem.line == 7
    assert 'arxiv: "2209.10652"' in problem.fix


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("added: 2026-13-01", "is not a real date"),
        ("added: '2026-11-24T10:00'", "is not a date"),
        ("published: 2024-1", "is not a date"),
        ("published: 2024-02-30", "is not a real date"),
        ("arxiv: 'arXiv:2209.10652v2'", "is not an arXiv id"),
        ("authors: Someone", "must be a list"),
        ("title: 42", "must be text"),
        ('title: "a\\ab"', "control character U+0007"),
    ],
)
def test_wrong_values_are_explained(corpus_dir: Path, line: str, expected: str) -> None:
    key = line.split(":", 1)[0]
    text = "\n".join(
        row
        for row in GOOD_PAPER.format(id="new-paper").splitlines()
        if not row.startswith(f"{key}:")
    )
    assert expected in only_problem(corpus_dir, f"{text}\n{line}\n").message


def test_id_must_match_the_file_name(corpus_dir: Path) -> None:
    problem = only_problem(corpus_dir, GOOD_PAPER.format(id="other-name"))
    assert (problem.line, problem.message) == (
        1,
        "id 'other-name' does not match the file name 'new-paper.yaml'",
    )


def test_files_that_would_be_ignored_are_reported(corpus_dir: Path) -> None:
    (corpus_dir / "papers" / "forgotten.yml").write_text("id: forgotten\n")
    # Hidden files (an editor's swap file) are passed over, not reported.
    (corpus_dir / "papers" / ".piqa.yaml.swp").write_bytes(b"\x00editor state")
    (problem,) = problems_of(corpus_dir)
    assert problem.fix == "name it forgotten.yaml"


def test_every_problem_of_every_file_is_listed(corpus_dir: Path) -> None:
    write_paper(corpus_dir, "one", GOOD_PAPER.format(id="one").replace("title: A Paper\n", ""))
    write_paper(
        corpus_dir, "two", GOOD_PAPER.format(id="two") + "extra: 1\nlinks: {code: ftp://x.org}\n"
    )
    messages = [(problem.path.name, problem.message) for problem in problems_of(corpus_dir)]
    assert messages == [
        ("one.yaml", "the field 'title' is missing"),
        ("two.yaml", "unknown field 'extra'"),
        ("two.yaml", "links.code: 'ftp://x.org' is not an https:// link"),
    ]


def test_duplicate_topic_slugs_are_refused(corpus_dir: Path) -> None:
    topics = corpus_dir / "topics.yaml"
    topics.write_text(
        topics.read_text() + "  - slug: circuits\n    title: Again\n    description: Twice.\n"
    )
    (problem,) = problems_of(corpus_dir)
    assert (problem.line, problem.message) == (
        8,
        "the topic 'circuits' is declared twice (first on line 2)",
    )


def test_newer_schema_version_is_refused_clearly(corpus_dir: Path) -> None:
    settings = corpus_dir / "corpus.yaml"
    settings.write_text(settings.read_text().replace("schema_version: 1", "schema_version: 7"))
    (problem,) = problems_of(corpus_dir)
    assert problem.message == "this corpus uses schema version 7; this generator knows 1"


def test_missing_corpus_file_is_reported(corpus_dir: Path) -> None:
    (corpus_dir / "topics.yaml").unlink()
    (problem,) = problems_of(corpus_dir)
    assert (problem.path.name, problem.message) == ("topics.yaml", "the file is missing")


def test_problem_text_is_file_line_message_then_fix() -> None:
    problem = Problem(Path("content/papers/x.yaml"), 3, "unknown topic 'a'", "use b")
    assert str(problem) == "content/papers/x.yaml:3: unknown topic 'a'\n    fix: use b"


def test_paths_print_relative_below_the_working_folder_else_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    inside = Problem(tmp_path / "content" / "papers" / "x.yaml", 2, "m")
    outside = Problem(Path("/elsewhere/x.yaml"), 2, "m")
    assert str(inside) == "content/papers/x.yaml:2: m"
    assert str(outside) == "/elsewhere/x.yaml:2: m"


SEVEN_MISTAKES = """\
id: not-the-file-name
title: ""
authors:
  - Ada Lovelace
  - ada  lovelace
arxiv: 2209.10652
published: someday
added: 2026-11-24
topics:
  - circuits
  - astrology
  - circuits
links:
  code: http://example.org/code
abstract: A result.
"""


def test_a_file_with_seven_mistakes_is_reported_whole_in_one_run(
    run_papers: RunPapers, corpus_dir: Path
) -> None:
    (corpus_dir / "papers" / "seven.yaml").write_text(SEVEN_MISTAKES, encoding="utf-8")
    run = run_papers("validate", "--content", corpus_dir)
    assert run.exit_code == 1
    found = sorted(
        (int(line.split(":")[1]), line.split(": ", 1)[1])
        for line in run.stderr.splitlines()
        if line.startswith(str(corpus_dir / "papers" / "seven.yaml"))
    )
    # The author named twice (line 5) is a warning: shown once the errors are gone.
    assert [line for line, _ in found] == [1, 2, 6, 7, 11, 12, 14]
    text = " | ".join(message for _, message in found)
    for expected in [
        "id 'not-the-file-name' does not match the file name 'seven.yaml'",
        "title: the text is empty",
        "the arXiv id was read as a number",
        "'someday' is not a date",
        "unknown topic 'astrology'",
        "topic 'circuits' is listed twice",
        "is not an https:// link",
    ]:
        assert expected in text, expected
    assert "7 problems found" in run.stderr


def test_an_impossible_date_leaves_every_other_mistake_reported(
    run_papers: RunPapers, corpus_dir: Path
) -> None:
    text = SEVEN_MISTAKES.replace("published: someday", "published: 2026-13-45")
    (corpus_dir / "papers" / "seven.yaml").write_text(text, encoding="utf-8")
    run = run_papers("validate", "--content", corpus_dir)
    assert run.exit_code == 1
    assert "'2026-13-45' is not a real date" in run.stderr
    assert "7 problems found" in run.stderr
    assert "unknown topic 'astrology'" in run.stderr


def test_a_paper_with_mistakes_is_reported_in_its_file_not_as_missing_from_its_days(
    run_papers: RunPapers, shipped_corpus_dir: Path
) -> None:
    path = shipped_corpus_dir / "papers" / "toy-models-of-superposition.yaml"
    path.write_text(path.read_text().replace("\nadded: ", "\nadded: 2026-13-45\nwas: "))
    run = run_papers("validate", "--content", shipped_corpus_dir)
    assert run.exit_code == 1
    assert "added: '2026-13-45' is not a real date" in run.stderr
    assert "no paper has the id" not in run.stderr  # its days still name it: it is there


def test_two_authors_of_one_name_are_a_warning_and_the_paper_builds(
    run_papers: RunPapers, corpus_dir: Path
) -> None:
    authors = "authors:\n  - Hao Wang\n  - Li Chen\n  - Hao Wang\n"
    write_paper(corpus_dir, "new-paper", GOOD_PAPER.format(id="new-paper") + authors)
    corpus = load_corpus(corpus_dir)
    assert corpus.papers_by_id["new-paper"].authors == ("Hao Wang", "Li Chen", "Hao Wang")
    (warning,) = [w for w in corpus.warnings if w.path.name == "new-paper.yaml"]
    assert (warning.line, warning.severity) == (10, "warning")
    run = run_papers("validate", "--content", corpus_dir)
    assert run.exit_code == 0, run.stderr


# Values of the wrong kind for every field a paper has, and the list and text edge cases.
WRONG_VALUES = ["", "   ", [], {}, ["", None], 3, 2.5, True, None, "x" * 300_001, {"a": [1]}]


VALID: dict[str, dict[str, object]] = {
    "paper": {
        "id": "probe",
        "title": "A Probe",
        "added": "2026-11-24",
        "topics": ["circuits"],
        "abstract": "A result.",
    },
    "site": {
        "schema_version": 1,
        "title": "Papers",
        "description": "An archive.",
        "base_url": "https://papers.example.org/",
    },
    "snapshot": {"date": "2026-11-24", "papers": [{"rank": 1, "id": "probe"}]},
    "topic": {
        "slug": "circuits",
        "title": "Circuits",
        "description": "Networks, reverse-engineered.",
    },
}
MODELS: dict[str, type[BaseModel]] = {
    "paper": Paper, "site": Site, "snapshot": Snapshot, "topic": Topic,
}  # fmt: skip
CASES = [(kind, field) for kind, model in MODELS.items() for field in model.model_fields]


@pytest.mark.parametrize(("kind", "field"), CASES)
@pytest.mark.parametrize("value", WRONG_VALUES, ids=repr)
def test_every_schema_mistake_is_said_in_words_with_a_fix(
    corpus_dir: Path, kind: str, field: str, value: object
) -> None:
    data = {**VALID[kind], field: value}
    model: type[BaseModel] = MODELS[kind]
    if kind == "topic":  # a topic lives in topics.yaml's list
        data, model = {"topics": [data]}, Taxonomy
    document = parse_document(corpus_dir / f"{kind}.yaml", json.dumps(data))
    _, problems = validate_document(document, model)
    for problem in problems:
        assert problem.fix, (field, value, problem.message)
        assert len(problem.message) < 250, (field, problem.message[:80])  # no value quoted whole
        for raw in ("Input should", "after validation", "[type=", "pydantic", "Value error"):
            assert raw not in problem.message, (field, value, problem.message)
        if MODELS[kind].model_fields[field].is_required():
            assert "remove the field" not in problem.fix, (field, problem)


def test_a_long_author_list_with_many_repeats_is_one_warning(corpus_dir: Path) -> None:
    names = "".join(f"  - Author {n % 150}\n" for n in range(300))
    write_paper(corpus_dir, "new-paper", GOOD_PAPER.format(id="new-paper") + "authors:\n" + names)
    (warning,) = [w for w in load_corpus(corpus_dir).warnings if w.path.name == "new-paper.yaml"]
    assert warning.message == (
        "the author 'Author 0' is listed twice (first on line 8); 149 more names repeat"
    )
    assert warning.line == 158
