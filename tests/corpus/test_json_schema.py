"""The JSON Schema for editors is derived from the one schema, committed, and never stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.corpus.schema import SCHEMA_FILES, json_schemas
from tests.conftest import PROJECT_ROOT, RunPapers

pytestmark = pytest.mark.corpus  # reads content/: run for a pull request changing only it

CONTENT = PROJECT_ROOT / "content"


def as_editors_see_it(path: Path) -> Any:
    """A YAML file's data as a YAML 1.2 editor reads it: dates are text."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(json_schemas()[name]))


def test_committed_schema_files_are_current() -> None:
    for name, content in json_schemas().items():
        committed = CONTENT / "schema" / name
        assert committed.read_bytes() == content, f"{committed} is stale: run `papers schema`"


def test_schema_check_command_reports_a_stale_file(
    run_papers: RunPapers, shipped_corpus_dir: Path
) -> None:
    assert run_papers("schema", "--check", "--content", shipped_corpus_dir).exit_code == 0
    (shipped_corpus_dir / "schema" / "paper.schema.json").write_text("{}")
    run = run_papers("schema", "--check", "--content", shipped_corpus_dir)
    assert run.exit_code == 1
    assert "paper.schema.json: out of date" in run.stderr
    assert run_papers("schema", "--content", shipped_corpus_dir).exit_code == 0
    assert run_papers("schema", "--check", "--content", shipped_corpus_dir).exit_code == 0


def test_every_shipped_file_satisfies_its_schema() -> None:
    papers = validator("paper.schema.json")
    for path in sorted((CONTENT / "papers").glob("*.yaml")):
        papers.validate(as_editors_see_it(path))
    validator("topics.schema.json").validate(as_editors_see_it(CONTENT / "topics.yaml"))
    validator("corpus.schema.json").validate(as_editors_see_it(CONTENT / "corpus.yaml"))
    for path in sorted((CONTENT / "trending").glob("*.yaml")):
        validator("snapshot.schema.json").validate(as_editors_see_it(path))


def test_every_corpus_file_points_editors_at_its_schema() -> None:
    files = [
        *sorted((CONTENT / "papers").glob("*.yaml")),
        CONTENT / "topics.yaml",
        CONTENT / "corpus.yaml",
    ]
    for path in files:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first_line.split("=", 1)[1]).resolve()
        assert target.is_file(), path
        assert target.name in SCHEMA_FILES, path


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "Not A Slug"),
        ("arxiv", "arXiv:2209.10652v2"),
        ("published", "2024-1"),
        ("links", {"code": "javascript:alert(1)"}),
        ("links", {"code": "http://example.org/"}),
        ("topics", []),
        ("unknown", "x"),
    ],
)
def test_schema_rejects_what_validation_rejects(field: str, value: object) -> None:
    paper = {
        "id": "a-paper",
        "title": "A Paper",
        "abstract": "Text.",
        "topics": ["explainable-ai"],
        "added": "2026-11-24",
    }
    with pytest.raises(jsonschema.ValidationError):
        validator("paper.schema.json").validate({**paper, field: value})
