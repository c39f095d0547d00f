"""Write new paper files: a commented skeleton, or one filled from a source's record."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from generator.corpus.collation import spell_out
from generator.corpus.load import paper_file, parse_document
from generator.corpus.model import Corpus
from generator.corpus.schema import Paper, Topic
from generator.corpus.validate import check_paper, validate_document
from generator.errors import CorpusError, display_path
from generator.sources.arxiv import ArxivClient, ArxivRecord, SourceError, normalise_id
from generator.write import write_atomically

if TYPE_CHECKING:
    from generator.curate.suggest import TopicSuggester

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/paper.schema.json\n"
_SLUG_CHARACTERS = 60
_CODE_HOSTS = re.compile(r"https://(?:github\.com|gitlab\.com)/")
_URL_IN_TEXT = re.compile(r"https://[^\s{}<>\"']+")


def slug_for(title: str) -> str:
    """A readable id from a title: ASCII words joined by hyphens, cut at a word, ≤ 60 chars."""
    spelled = spell_out(title)
    ascii_text = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text.lower()):
        if slug and len(slug) + len(word) + 1 > _SLUG_CHARACTERS:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug[:_SLUG_CHARACTERS] or "paper"


def code_links(abstract: str) -> dict[str, str]:
    """The code repository an abstract names, if any, as a link."""
    for url in _URL_IN_TEXT.findall(abstract):
        cleaned = url.rstrip(".,;:)")
        if _CODE_HOSTS.match(cleaned):
            return {"code": cleaned}
    return {}


class _Quoted(str):
    """Written in double quotes (an arXiv id would otherwise be read as a number)."""


class _Folded(str):
    """Written as a folded block, wrapped for reading."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Quoted,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"'),
)
_Dumper.add_representer(
    _Folded,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">"),
)


def paper_text(
    record: ArxivRecord,
    paper_id: str,
    topics: Sequence[str],
    added: dt.date,
    code: str | None = None,
) -> str:
    """The YAML file of a paper from its arXiv record, laid out like the rest of the corpus.

    Its code link is the repository its abstract names, else `code` (a source's link).
    """
    data: dict[str, object] = {"id": paper_id, "title": record.title}
    if record.authors:
        data["authors"] = list(record.authors)
    data["arxiv"] = _Quoted(record.arxiv)
    if record.doi:
        data["doi"] = record.doi
    if record.published:
        data["published"] = record.published
    data["added"] = added
    data["topics"] = list(topics)
    if links := code_links(record.abstract) or ({"code": code} if code else {}):
        data["links"] = links
    data["abstract"] = _Folded(record.abstract)
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=92)
    return SCHEMA_COMMENT + body


def skeleton_text(paper_id: str, added: dt.date, topics: Sequence[Topic]) -> str:
    """A paper file to fill in by hand: every field, each explained by the schema's words."""
    lines = [SCHEMA_COMMENT.rstrip("\n"), "# Fill in the fields, then run `papers validate`."]
    given = {
        "id": [f"id: {paper_id}"],
        "added": [f"added: {added.isoformat()}"],
        "topics": ["topics:", f"  - {topics[0].slug if topics else 'topic-slug'}"],
        # Empty, so that `papers validate` insists until they are written.
        "title": ['title: ""'],
        "abstract": ['abstract: ""'],
    }
    for name, declared in Paper.model_fields.items():
        required = declared.is_required()
        lines.append(f"# {declared.description}" + ("" if required else " Optional."))
        example = declared.examples[0] if declared.examples else ""
        value = given.get(name) or _example_lines(name, example)
        lines.extend(value if required else [f"# {line}" for line in value])
    return "\n".join(lines) + "\n"


def _example_lines(name: str, example: object) -> list[str]:
    if isinstance(example, list):
        return [f"{name}:", *(f"  - {item}" for item in example)]
    if isinstance(example, dict):
        return [f"{name}:", *(f"  {key}: {value}" for key, value in example.items())]
    return [f'{name}: "{example}"' if name == "arxiv" else f"{name}: {example}"]


@dataclass
class AddOutcome:
    """The files `add_papers` wrote, and why it refused the others."""

    written: list[Path] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def add_papers(
    *,
    content_dir: Path,
    corpus: Corpus,
    ids: Sequence[str],
    client: ArxivClient,
    added: dt.date,
    report_progress: Callable[[str], None],
    topics: Sequence[str] = (),
) -> AddOutcome:
    """Fetch each arXiv id and write its paper file; never overwrite or duplicate a paper.

    `topics`, when given, are every paper's topics; otherwise each gets the topics its words
    suggest, and a paper that suggests none is not written.
    """
    outcome = AddOutcome()
    known = {paper.arxiv: paper.id for paper in corpus.papers if paper.arxiv}
    wanted: list[str] = []
    for text in ids:
        try:
            arxiv = normalise_id(text)
        except SourceError as error:
            outcome.refused.append(str(error))
            continue
        if arxiv in known:
            outcome.refused.append(
                f"arXiv {arxiv} is already in the corpus: papers/{known[arxiv]}.yaml"
            )
        elif arxiv not in wanted:
            wanted.append(arxiv)
    if not wanted:
        return outcome
    report_progress(f"asking the arXiv API about {len(wanted)} paper(s)")
    records = client.fetch(wanted)
    # Fitted once, when the first paper without --topic needs it. Imported here: NumPy and
    # SciPy cost every `papers` command 0.3 s to start.
    from generator.curate.suggest import Negative, TopicSuggester  # noqa: PLC0415

    negatives = [Negative.declined(record) for record in corpus.declined]
    suggester = functools.cache(
        lambda: TopicSuggester(corpus.papers, corpus.topics, negatives=negatives)
    )
    for arxiv in wanted:
        record = records[arxiv]
        if record is None:
            outcome.refused.append(f"arXiv does not know {arxiv}; check the id")
        elif record.withdrawn:
            outcome.refused.append(f"arXiv {arxiv} was withdrawn by its authors; not added")
        else:
            _write_paper(
                content_dir=content_dir,
                corpus=corpus,
                record=record,
                added=added,
                topics=topics,
                suggester=suggester,
                outcome=outcome,
                report_progress=report_progress,
            )
    return outcome


def _write_paper(
    *,
    content_dir: Path,
    corpus: Corpus,
    record: ArxivRecord,
    added: dt.date,
    topics: Sequence[str],
    suggester: Callable[[], TopicSuggester],
    outcome: AddOutcome,
    report_progress: Callable[[str], None],
) -> None:
    paper_id = slug_for(record.title)
    target = paper_file(content_dir, paper_id)
    if target.exists():
        outcome.refused.append(f"{display_path(target)} already exists; it was not overwritten")
        return
    chosen = list(topics) or list(suggester().suggest(record.title, record.abstract).topics)
    if not chosen:
        slugs = ", ".join(topic.slug for topic in corpus.topics)
        outcome.refused.append(
            f"arXiv {record.arxiv} ({record.title}): no topic matched it (it is unlike each topic's"
            f" papers), so nothing was written; name its topics with --topic SLUG (repeatable),"
            f" from: {slugs}"
        )
        return
    text = paper_text(record, paper_id, chosen, added)
    # Check the new file as `papers validate` will.
    problems = paper_problems(target, text, [topic.slug for topic in corpus.topics])
    if problems:
        outcome.refused.append(f"arXiv {record.arxiv}: " + "; ".join(problems))
        return
    write_atomically(target, text.encode("utf-8"))
    outcome.written.append(target)
    how = "as given" if topics else "suggested"
    report_progress(f"added {display_path(target)} (topics {how}: {', '.join(chosen)}); review it")


def paper_problems(target: Path, text: str, topic_slugs: Sequence[str]) -> list[str]:
    """The errors `papers validate` would find in a new paper file's `text` (not its warnings:
    two authors of one name, say, are the paper's fact)."""
    try:
        document = parse_document(target, text)
    except CorpusError as error:
        return [problem.message for problem in error.problems]
    _, problems = validate_document(document, Paper)
    problems += check_paper(document, topic_slugs)
    return [problem.message for problem in problems if problem.severity == "error"]
