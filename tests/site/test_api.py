"""The JSON API: documents that validate against their published schemas and hold the corpus."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from generator.corpus import Corpus, load_corpus
from generator.site.api import render_api
from tests.markdown_site import page_soup

BASE_URL = "https://papers.example.org/archive/"


@pytest.fixture
def corpus(corpus_dir: Path) -> Corpus:
    return load_corpus(corpus_dir)


@pytest.fixture
def files(corpus: Corpus) -> dict[PurePosixPath, bytes]:
    return render_api(corpus, BASE_URL)


def document(files: dict[PurePosixPath, bytes], path: str) -> Any:
    return json.loads(files[PurePosixPath(path)])


def validate(files: dict[PurePosixPath, bytes], path: str, schema: str) -> Any:
    """Return the document at `path` after checking it against the published `schema`."""
    validator = Draft202012Validator(document(files, f"api/schema/{schema}"))
    content = document(files, path)
    errors = [error.message for error in validator.iter_errors(content)]
    assert errors == [], path
    return content


def test_papers_json_holds_every_field_of_every_paper(
    files: dict[PurePosixPath, bytes], corpus_dir: Path
) -> None:
    papers = validate(files, "api/papers.json", "papers.schema.json")["papers"]
    for paper in papers:
        record = yaml.safe_load((corpus_dir / "papers" / f"{paper['id']}.yaml").read_text())
        for key, value in record.items():
            expected = value.isoformat() if hasattr(value, "isoformat") else value
            if isinstance(expected, str):
                expected = expected.strip()  # text as the corpus reads it: no white space around
            assert paper[key] == expected, (paper["id"], key)
        assert paper["url"] == f"{BASE_URL}papers/{paper['id']}/"
    assert [paper["id"] for paper in papers] == [
        "piqa",
        "interpretability-in-the-wild",
        "seeing-the-wind",
        "toy-models-of-superposition",
    ]


def test_papers_have_every_field_even_when_their_file_leaves_it_out(
    files: dict[PurePosixPath, bytes],
) -> None:
    papers = document(files, "api/papers.json")["papers"]
    assert len({tuple(sorted(paper)) for paper in papers}) == 1
    piqa = papers[0]
    assert piqa["authors"] is None
    assert piqa["links"] == {}


def test_topics_json_lists_each_topic_with_its_size(
    files: dict[PurePosixPath, bytes], corpus: Corpus
) -> None:
    topics = validate(files, "api/topics.json", "topics.schema.json")["topics"]
    assert [(topic["slug"], topic["papers"]) for topic in topics] == [
        (topic.slug, len(corpus.papers_by_topic[topic.slug])) for topic in corpus.topics
    ]
    assert topics[0]["api"] == f"{BASE_URL}api/topics/{topics[0]['slug']}.json"


def test_each_topic_document_lists_its_papers_newest_first(
    files: dict[PurePosixPath, bytes], corpus: Corpus
) -> None:
    for topic in corpus.topics:
        content = validate(files, f"api/topics/{topic.slug}.json", "topic.schema.json")
        assert content["topic"]["title"] == topic.title
        assert [paper["id"] for paper in content["papers"]] == [
            paper.id for paper in corpus.papers_by_topic[topic.slug]
        ]


def test_code_json_and_has_code_pick_exactly_the_papers_linking_code(
    files: dict[PurePosixPath, bytes], corpus_dir: Path
) -> None:
    with_code = {
        path.stem
        for path in (corpus_dir / "papers").glob("*.yaml")
        if "code" in (yaml.safe_load(path.read_text()).get("links") or {})
    }
    assert 0 < len(with_code) < 4  # the fixture has papers of both kinds
    listed = validate(files, "api/code.json", "code.schema.json")["papers"]
    assert {paper["id"] for paper in listed} == with_code
    assert all(paper["has_code"] for paper in listed)
    papers = document(files, "api/papers.json")["papers"]
    assert {paper["id"] for paper in papers if paper["has_code"]} == with_code
    for slug in ("circuits", "physics"):
        topic = document(files, f"api/topics/{slug}.json")["papers"]
        assert {paper["id"] for paper in topic if paper["has_code"]} <= with_code


def test_a_document_out_of_shape_fails_its_schema(files: dict[PurePosixPath, bytes]) -> None:
    validator = Draft202012Validator(document(files, "api/schema/papers.schema.json"))
    broken = document(files, "api/papers.json")
    del broken["papers"][0]["title"]
    broken["papers"][1]["added"] = 20261124
    assert len(list(validator.iter_errors(broken))) == 2


def test_the_api_page_documents_every_document_with_examples(
    files: dict[PurePosixPath, bytes],
) -> None:
    soup = page_soup(files[PurePosixPath("api/index.md")])
    links = {str(a["href"]) for a in soup.find_all("a")}
    assert {"papers.json", "topics.json", "topics/circuits.json"} <= links
    assert {f"schema/{name}.schema.json" for name in ("papers", "topics", "topic")} <= links
    examples = soup.select_one("pre code")
    assert examples is not None
    assert f"curl -s {BASE_URL}api/papers.json | jq" in examples.get_text()
