"""The repository's issue forms, written from the taxonomy, and an "Add a paper" issue read
back as data.

GitHub turns a submitted form into Markdown, one `### <label>` heading per field and the answer
below it (`_No response_` when left empty; a multiple-choice dropdown's choices joined by ", "):
https://docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/syntax-for-issue-forms
The issue's text is a stranger's and can be edited after the form was sent, so it is read as
data only: a value is taken only if it is an arXiv id or a topic of the taxonomy, and a reply
never repeats what the issue says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath

import yaml

from generator.corpus.schema import Topic
from generator.site.escape import markdown_text
from generator.site.repository import ADD_PAPER_FORM, CORRECT_PAPER_FORM
from generator.sources.arxiv import SourceError, normalise_id

FORMS_FOLDER = PurePosixPath(".github/ISSUE_TEMPLATE")
ADD_PAPER_LABEL = "add paper"  # the label the add-a-paper workflow acts on
CORRECTION_LABEL = "correction"

# The fields the forms ask for; the ids are what a "new issue" address fills in, the labels
# what the issue's text is read back by.
PAPER_FIELD = ("paper", "arXiv id or DOI")
TOPICS_FIELD = ("topics", "Topics")
WHY_FIELD = ("why", "Why it belongs here")
PAPER_ID_FIELD = ("paper", "Paper id")

_NO_RESPONSE = "_No response_"
_MOST_CHARACTERS = 65_536  # GitHub's longest issue text
_HEADING = re.compile(r"^### (.+?)[ \t]*$", re.MULTILINE)
_ARXIV_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arxiv\.(\S+)", re.I)
_ANY_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.\d{4,9}/\S+", re.I)
_GITHUB_RESERVED_OPTIONS = frozenset({"none"})


def issue_forms(topics: Sequence[Topic]) -> dict[PurePosixPath, bytes]:
    """The issue form files of `.github/ISSUE_TEMPLATE/`, the topics offered those of the
    taxonomy, in its order."""
    return {
        FORMS_FOLDER / ADD_PAPER_FORM: _form_bytes(_add_paper_form(topics)),
        FORMS_FOLDER / CORRECT_PAPER_FORM: _form_bytes(_correct_paper_form()),
    }


def _add_paper_form(topics: Sequence[Topic]) -> dict[str, object]:
    # GitHub reserves "None" in a dropdown: such a topic is offered by its slug.
    options = [
        topic.slug if topic.title.lower() in _GITHUB_RESERVED_OPTIONS else topic.title
        for topic in topics
    ]
    return {
        "name": "Add a paper",
        "description": "Propose a paper by its arXiv id: a pull request that adds it is opened"
        " for a maintainer to review.",
        "title": "Add a paper",
        "labels": [ADD_PAPER_LABEL],
        "body": [
            _markdown(
                "Thank you! A workflow reads this form, fetches the paper from arXiv and opens a"
                " pull request that adds it; a maintainer reviews it. You can also open the pull"
                " request yourself: `papers add <arXiv id> --topic <slug>` writes the file"
                " (see CONTRIBUTING.md)."
            ),
            _field(
                "input",
                PAPER_FIELD,
                "The paper's arXiv id or address, or its arXiv DOI: 2209.10652,"
                " https://arxiv.org/abs/2209.10652 or 10.48550/arXiv.2209.10652.",
                required=True,
                placeholder="2209.10652",
            ),
            _field(
                "dropdown",
                TOPICS_FIELD,
                "The topics the paper belongs to (a maintainer can change them).",
                required=True,
                multiple=True,
                options=options,
            ),
            _field(
                "textarea",
                WHY_FIELD,
                "Optional. Where it was trending, or why readers of these topics need it.",
            ),
        ],
    }


def _correct_paper_form() -> dict[str, object]:
    return {
        "name": "Correct a paper",
        "description": "Report a mistake on a paper's page: its title, authors, abstract, links,"
        " dates or topics.",
        "title": "Correct: ",
        "labels": [CORRECTION_LABEL],
        "body": [
            _markdown(
                "Thank you! The **Report a problem** link of a paper's page fills in its id."
                " You can also fix it yourself: **Edit this paper** opens its file in GitHub's"
                " editor, which proposes your change as a pull request."
            ),
            _field(
                "input",
                PAPER_ID_FIELD,
                "The last part of the paper page's address, e.g. toy-models-of-superposition.",
                required=True,
                placeholder="toy-models-of-superposition",
            ),
            _field(
                "textarea",
                ("problem", "What is wrong"),
                "What the page says, and what it should say.",
                required=True,
            ),
            _field(
                "input",
                ("source", "Where the right value comes from"),
                "Optional. A link to the paper's arXiv page, its publisher or its authors.",
            ),
        ],
    }


def _markdown(text: str) -> dict[str, object]:
    return {"type": "markdown", "attributes": {"value": text}}


def _field(
    kind: str,
    field: tuple[str, str],
    description: str,
    *,
    required: bool = False,
    **attributes: object,
) -> dict[str, object]:
    field_id, label = field
    return {
        "type": kind,
        "id": field_id,
        "attributes": {"label": label, "description": description, **attributes},
        "validations": {"required": required},
    }


def _form_bytes(form: Mapping[str, object]) -> bytes:
    header = (
        "# Written by `papers forms` from content/topics.yaml; edit generator/curate/"
        "issue_forms.py instead.\n"
    )
    body = yaml.safe_dump(form, sort_keys=False, allow_unicode=True, width=100)
    return (header + body).encode("utf-8")


@dataclass(frozen=True)
class AddRequest:
    """What an "Add a paper" issue asks for, every value checked."""

    arxiv: str  # the bare arXiv id
    topics: tuple[str, ...]  # slugs of the taxonomy, in its order


class RequestRefusedError(ValueError):
    """An issue that does not say what to add; the message is the reply to post, and quotes
    nothing of the issue."""


def read_add_request(body: str, topics: Sequence[Topic]) -> AddRequest:
    """The paper and topics an "Add a paper" issue asks for; refused unless both are clear."""
    answers = _answers(body)
    paper = answers.get(PAPER_FIELD[1])
    if paper is None or paper == _NO_RESPONSE:
        raise RequestRefusedError(
            f"The issue has no **{PAPER_FIELD[1]}**. Edit it to give the paper's arXiv id, e.g."
            " `2209.10652`, and the workflow reads it again."
        )
    arxiv = _arxiv_id(paper)
    chosen = answers.get(TOPICS_FIELD[1])
    if chosen is None or chosen == _NO_RESPONSE:
        raise RequestRefusedError(
            f"The issue chooses no **{TOPICS_FIELD[1]}**. Edit it to choose at least one of: "
            + _topic_list(topics)
            + "."
        )
    return AddRequest(arxiv, _topic_slugs(chosen, topics))


def _answers(body: str) -> dict[str, str]:
    """Each form heading's answer; refused when a heading repeats (a second answer written
    into a text field would otherwise overrule the first)."""
    if len(body) > _MOST_CHARACTERS:
        raise RequestRefusedError("The issue is longer than any form GitHub sends; not read.")
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    headings = list(_HEADING.finditer(text))
    answers: dict[str, str] = {}
    for number, heading in enumerate(headings):
        end = headings[number + 1].start() if number + 1 < len(headings) else len(text)
        label = heading.group(1)
        if label in answers:
            raise RequestRefusedError(
                "The issue answers a question of the form twice; edit it to keep one answer"
                " under each heading."
            )
        answers[label] = text[heading.end() : end].strip()
    return answers


def _arxiv_id(answer: str) -> str:
    refusal = RequestRefusedError(
        f"The **{PAPER_FIELD[1]}** is not an arXiv id, address or DOI this workflow can read."
        " Edit the issue to give one, e.g. `2209.10652`, `https://arxiv.org/abs/2209.10652` or"
        " `10.48550/arXiv.2209.10652`."
    )
    if "\n" in answer.strip():
        raise refusal
    doi = _ARXIV_DOI.fullmatch(answer.strip())
    if doi is None and _ANY_DOI.fullmatch(answer.strip()):
        raise RequestRefusedError(
            "Only papers on arXiv can be added from an issue: the workflow fetches them from the"
            " arXiv API. A maintainer can add another paper by hand (`papers new`)."
        )
    try:
        return normalise_id(doi.group(1) if doi else answer)
    except SourceError:
        raise refusal from None


def _topic_slugs(answer: str, topics: Sequence[Topic]) -> tuple[str, ...]:
    """The topics a dropdown answer names. Its choices are joined by ", " and a title may hold
    commas itself ("3D, robotics and embodied AI"), so the answer is read as a whole sequence
    of titles (or slugs), never split blindly."""
    by_name = {topic.title: topic.slug for topic in topics} | {t.slug: t.slug for t in topics}
    chosen = _names_in(answer.strip(), by_name)
    if chosen is None:
        raise RequestRefusedError(
            f"The issue's **{TOPICS_FIELD[1]}** are not all topics of this archive. Edit it"
            " to choose from: " + _topic_list(topics) + "."
        )
    order = {topic.slug: number for number, topic in enumerate(topics)}
    return tuple(sorted({by_name[name] for name in chosen}, key=order.__getitem__))


def _names_in(answer: str, names: Mapping[str, str]) -> list[str] | None:
    """`answer` as names joined by ", ", or None; every way to read it is tried, each rest of
    the answer once."""

    @cache
    def from_offset(start: int) -> tuple[str, ...] | None:
        for name in names:
            end = start + len(name)
            if answer.startswith(name, start):
                if end == len(answer):
                    return (name,)
                if answer.startswith(", ", end) and (rest := from_offset(end + 2)) is not None:
                    return (name, *rest)
        return None

    found = from_offset(0) if answer else None
    return list(found) if found is not None else None


def _topic_list(topics: Sequence[Topic]) -> str:
    # The taxonomy's titles are curated, but still Markdown-escaped for the reply.
    return ", ".join(f"`{topic.slug}` ({markdown_text(topic.title)})" for topic in topics)
