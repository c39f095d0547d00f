"""The JSON API: every paper with every field, the topics, and each topic's papers.

Each document has a JSON Schema derived from the corpus schema and published beside it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.corpus.model import Corpus, has_code
from generator.corpus.schema import SCHEMA_VERSION, Paper, Topic, schema_bytes
from generator.site.escape import code_block, json_bytes
from generator.site.paths import (
    API,
    API_CODE_FILE,
    API_PAPERS_FILE,
    API_SCHEMA_FOLDER,
    API_TOPICS_FILE,
    api_topic_path,
    paper_path,
    public_url,
    topic_path,
)
from generator.site.templating import render_page


class ApiTrend(BaseModel):
    """One day a paper trended."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    date: dt.date = Field(description="The trending day.")
    rank: int = Field(description="The paper's place in that day's list, 1 being the top.")
    upvotes: int | None = Field(description="Its upvotes that day, when the source counted them.")
    stars: int | None = Field(description="Its code repository's stars that day, when counted.")
    source: str | None = Field(description="Where the day's list came from.")


class ApiPaper(Paper):
    """A paper as its file holds it, plus the address of its page and the days it trended."""

    url: str = Field(description="The paper's page on the site.")
    has_code: bool = Field(description="Whether the paper links its code (`links.code`).")
    trended: tuple[ApiTrend, ...] = Field(description="The days it trended, newest first.")


class ApiTopic(Topic):
    """A topic as content/topics.yaml holds it, plus its size and addresses."""

    papers: int = Field(description="How many papers the topic holds.")
    url: str = Field(description="The topic's page on the site.")
    api: str = Field(description="The topic's own document, listing its papers.")


class PaperSummary(BaseModel):
    """A paper in a topic's list: enough to show it; the full record is in papers.json."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(description="The paper's id, its key in papers.json.")
    title: str = Field(description="The paper's title.")
    added: dt.date = Field(description="The day the archive added the paper.")
    url: str = Field(description="The paper's page on the site.")
    has_code: bool = Field(description="Whether the paper links its code (`links.code`).")


class PapersDocument(BaseModel):
    """api/papers.json: every paper, newest first."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    schema_version: Literal[1] = Field(description="The corpus schema version.")
    papers: tuple[ApiPaper, ...] = Field(description="Every paper, newest first.")


class TopicsDocument(BaseModel):
    """api/topics.json: every topic, in the site's order."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    schema_version: Literal[1] = Field(description="The corpus schema version.")
    topics: tuple[ApiTopic, ...] = Field(description="Every topic.")


class TopicDocument(BaseModel):
    """One topic's document: the topic and its papers, newest first."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    schema_version: Literal[1] = Field(description="The corpus schema version.")
    topic: ApiTopic = Field(description="The topic.")
    papers: tuple[PaperSummary, ...] = Field(description="The topic's papers, newest first.")


class CodeDocument(BaseModel):
    """api/code.json: the papers that link their code, newest first."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    schema_version: Literal[1] = Field(description="The corpus schema version.")
    papers: tuple[PaperSummary, ...] = Field(description="Papers with code, newest first.")


API_SCHEMAS: dict[str, type[BaseModel]] = {
    "papers.schema.json": PapersDocument,
    "topics.schema.json": TopicsDocument,
    "topic.schema.json": TopicDocument,
    "code.schema.json": CodeDocument,
}
"""Each API document's JSON Schema, published in api/schema/."""


def render_api(corpus: Corpus, base_url: str) -> dict[PurePosixPath, bytes]:
    """Every API document, its schemas, and the page that documents them."""
    topics = {topic.slug: _topic(corpus, topic, base_url) for topic in corpus.topics}
    papers = [
        {
            **paper.model_dump(mode="json"),
            "url": public_url(base_url, paper_path(paper)),
            "has_code": has_code(paper),
            "trended": [
                {
                    "date": trend.snapshot.date.isoformat(),
                    "rank": trend.rank,
                    "upvotes": trend.upvotes,
                    "stars": trend.stars,
                    "source": trend.snapshot.source,
                }
                for trend in corpus.trends[paper.id]
            ],
        }
        for paper in corpus.papers
    ]
    # Each paper's summary once, though it is listed in each of its topics' documents too.
    summaries = {paper.id: _summary(paper, base_url) for paper in corpus.papers}
    with_code = [summaries[paper.id] for paper in corpus.papers if has_code(paper)]
    files = {
        API_PAPERS_FILE: _document({"papers": papers}),
        API_TOPICS_FILE: _document({"topics": list(topics.values())}),
        API_CODE_FILE: _document({"papers": with_code}),
    }
    for topic in corpus.topics:
        listed = [summaries[paper.id] for paper in corpus.papers_by_topic[topic.slug]]
        files[api_topic_path(topic)] = _document({"topic": topics[topic.slug], "papers": listed})
    for name, model in API_SCHEMAS.items():
        # Through json_bytes like every published JSON: no raw < or > (patterns have some).
        files[API_SCHEMA_FOLDER / name] = json_bytes(json.loads(schema_bytes(model)))
    files[API] = _render_api_page(corpus, base_url)
    return files


def _render_api_page(corpus: Corpus, base_url: str) -> bytes:
    """The page that lists every document with its schema, and examples of their use."""
    documents = {
        "papers": API_PAPERS_FILE,
        "topics": API_TOPICS_FILE,
        "code": API_CODE_FILE,
        "topic": api_topic_path(corpus.topics[0]),
    }
    newest = corpus.papers[0].added.isoformat() if corpus.papers else "YYYY-MM-DD"
    urls = {name: public_url(base_url, path) for name, path in documents.items()}
    examples = code_block(_EXAMPLES.format(day=newest, **urls), "sh")
    schemas = {name.split(".")[0]: API_SCHEMA_FOLDER / name for name in API_SCHEMAS}
    context = {"examples": examples, "documents": documents, "schemas": schemas}
    return render_page(corpus, "api.md.j2", API, **context)


_EXAMPLES = """\
# The newest paper's title, authors and arXiv id
curl -s {papers} | jq '.papers[0] | {{title, authors, arxiv}}'

# Every topic with its number of papers
curl -s {topics} | jq -r '.topics[] | "\\(.papers)\\t\\(.title)"'

# The titles in one topic, newest first
curl -s {topic} | jq -r '.papers[].title'

# Only papers with code: all of them, or those of one topic
curl -s {code} | jq -r '.papers[].title'
curl -s {topic} | jq -r '.papers[] | select(.has_code) | .title'

# The arXiv ids of the papers added on one day
curl -s {papers} | jq -r '.papers[] | select(.added == "{day}") | .arxiv // empty'
"""


def _document(content: dict[str, object]) -> bytes:
    # Compact: at 50,000 papers papers.json holds 75 MB of abstracts; `jq` indents it for people.
    return json_bytes({"schema_version": SCHEMA_VERSION, **content}, compact=True)


def _summary(paper: Paper, base_url: str) -> dict[str, object]:
    return {
        "id": paper.id,
        "title": paper.title,
        "added": paper.added.isoformat(),
        "url": public_url(base_url, paper_path(paper)),
        "has_code": has_code(paper),
    }


def _topic(corpus: Corpus, topic: Topic, base_url: str) -> dict[str, object]:
    return {
        **topic.model_dump(mode="json"),
        "papers": len(corpus.papers_by_topic[topic.slug]),
        "url": public_url(base_url, topic_path(topic)),
        "api": public_url(base_url, api_topic_path(topic)),
    }
