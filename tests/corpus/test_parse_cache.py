"""Parsed files kept between loads: reused only for the same bytes and parser, and exactly what
parsing them again gives."""

from __future__ import annotations

import datetime as dt
import marshal
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import BuildRequest, generate
from generator.corpus import load as load_module
from generator.corpus import load_corpus
from generator.corpus.load import Document, load_document
from generator.corpus.parse_cache import ParseCache
from generator.errors import CorpusError
from generator.project import Project
from tests.conftest import PROJECT_ROOT

TEXT = """\
id: dates-and-lists
added: 2026-11-24
seen: 2026-11-24 10:30:00+02:00
impossible: 2026-13-45
nested:
  - when: 2025-01-02
    what: [1, 2.5, true, null, "text"]
  - 2024-02-29
"""


def parsed_twice(tmp_path: Path, text: str, version: str = "v1") -> tuple[Document, Document, int]:
    """A file loaded with an empty cache, then with the cache the first load stored: both
    documents, and how many times the second load parsed."""
    path, store = tmp_path / "paper.yaml", tmp_path / "cache" / "parsed"
    path.write_text(text)
    first = ParseCache.load(store, "v1")
    before = load_document(path, first.document)
    first.save(store)
    parses = [0]
    again = ParseCache.load(store, version)

    def counted(path: Path, raw: bytes, parse: Callable[[], Document]) -> Document:
        def parse_counted() -> Document:
            parses[0] += 1
            return parse()

        return again.document(path, raw, parse_counted)

    after = load_document(path, counted)
    return before, after, parses[0]


def test_a_file_read_again_unchanged_is_not_parsed_again_and_comes_back_the_same(
    tmp_path: Path,
) -> None:
    before, after, parses = parsed_twice(tmp_path, TEXT)
    assert parses == 0
    assert after == before  # data, dates and their types, lines
    assert isinstance(after.data, dict)
    assert type(after.data["added"]) is dt.date
    two_hours = dt.timezone(dt.timedelta(hours=2))
    assert after.data["seen"] == dt.datetime(2026, 11, 24, 10, 30, tzinfo=two_hours)
    assert after.data["impossible"] == "2026-13-45"  # kept as text, for validation to name
    assert after.data["nested"][1] == dt.date(2024, 2, 29)
    assert after.line_of(("nested", 0, "what")) == 7


def test_a_changed_file_or_another_parser_parses_again(tmp_path: Path) -> None:
    assert parsed_twice(tmp_path, TEXT, version="v2")[2] == 1
    path, store = tmp_path / "paper.yaml", tmp_path / "cache" / "parsed"
    cache = ParseCache.load(store, "v1")
    path.write_text(TEXT.replace("2026-11-24\n", "2026-11-25\n", 1))
    changed = load_document(path, cache.document)
    assert isinstance(changed.data, dict)
    assert changed.data["added"] == dt.date(2026, 11, 25)


@pytest.mark.parametrize("stored", [b"", b"not marshal at all", b"\x00" * 10])
def test_an_unreadable_cache_is_an_empty_one(tmp_path: Path, stored: bytes) -> None:
    store = tmp_path / "parsed"
    store.write_bytes(stored)
    path = tmp_path / "paper.yaml"
    path.write_text(TEXT)
    assert load_document(path, ParseCache.load(store, "v1").document).data
    ParseCache.load(store, "v1").save(store)  # and it is replaced


def test_a_file_with_a_mistake_is_reported_on_every_load(tmp_path: Path) -> None:
    content = Path(shutil.copytree(PROJECT_ROOT / "content", tmp_path / "content"))
    store = tmp_path / "parsed"
    paper = sorted((content / "papers").glob("*.yaml"))[0]
    paper.write_text(paper.read_text() + "title: twice\n")
    for _ in range(2):
        cache = ParseCache.load(store, "v1")
        with pytest.raises(CorpusError, match="appears twice"):
            load_corpus(content, reuse=cache.document)
        cache.save(store)


def test_a_corpus_loaded_through_the_cache_is_the_corpus(tmp_path: Path) -> None:
    store = tmp_path / "parsed"
    plain = load_corpus(PROJECT_ROOT / "content")
    first = ParseCache.load(store, "v1")
    assert load_corpus(PROJECT_ROOT / "content", reuse=first.document) == plain
    first.save(store)
    assert (
        load_corpus(PROJECT_ROOT / "content", reuse=ParseCache.load(store, "v1").document) == plain
    )


def test_a_build_parses_only_the_files_changed_since_the_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = Path(shutil.copytree(PROJECT_ROOT / "content", tmp_path / "content"))
    request = BuildRequest(Project(PROJECT_ROOT), content, tmp_path / "build", tmp_path / "site")
    generate(request)
    parsed: list[str] = []
    parse = load_module.parse_document

    def counted(path: Path, text: str) -> Document:
        parsed.append(path.name)
        return parse(path, text)

    monkeypatch.setattr(load_module, "parse_document", counted)
    paper = sorted((content / "papers").glob("*.yaml"))[3]
    paper.write_text(paper.read_text() + "# a comment: other bytes, the same data\n")
    generate(request)
    assert parsed == [paper.name]


def test_a_damaged_entry_is_parsed_again(tmp_path: Path) -> None:
    path, store = tmp_path / "paper.yaml", tmp_path / "parsed"
    path.write_text(TEXT)
    first = ParseCache.load(store, "v1")
    parsed = load_document(path, first.document)
    first.save(store)
    version, entries = marshal.loads(store.read_bytes())  # noqa: S302 (written above)
    digest, _ = entries[str(path)]
    store.write_bytes(marshal.dumps((version, {str(path): (digest, b"damaged")})))
    assert load_document(path, ParseCache.load(store, "v1").document) == parsed
