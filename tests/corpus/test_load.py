"""The loader reads YAML strictly and keeps the line of every value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.corpus.load import load_document, parse_document
from generator.errors import CorpusError, Problem

FILE = Path("paper.yaml")


def only_problem(text: str) -> Problem:
    with pytest.raises(CorpusError) as caught:
        parse_document(FILE, text)
    assert len(caught.value.problems) == 1
    return caught.value.problems[0]


def test_values_keep_their_types_and_lines() -> None:
    document = parse_document(FILE, 'id: x\nadded: 2026-11-24\ntopics:\n  - a\n  - b\narxiv: "1"\n')
    assert document.data == {
        "id": "x",
        "added": dt.date(2026, 11, 24),
        "topics": ["a", "b"],
        "arxiv": "1",
    }
    assert document.line_of(("added",)) == 2
    assert document.line_of(("topics",)) == 3
    assert document.line_of(("topics", 1)) == 5
    assert document.line_of(("topics", 1, "deeper")) == 5  # falls back to the enclosing value


def test_duplicate_key_is_reported_on_its_second_line() -> None:
    problem = only_problem("title: A\nid: x\ntitle: B\n")
    assert problem.line == 3
    assert "'title' appears twice (first on line 1)" in problem.message


def test_duplicate_key_inside_a_nested_mapping() -> None:
    problem = only_problem("links:\n  code: https://a.org\n  code: https://b.org\n")
    assert (problem.line, "'code' appears twice") == (3, problem.message[8:28])


def test_alias_is_refused_where_it_is_used() -> None:
    problem = only_problem("title: &t Same\nabstract: *t\n")
    assert problem.line == 2
    assert "aliases" in problem.message


def test_python_tags_are_refused_without_being_constructed() -> None:
    problem = only_problem("title: !!python/object/apply:os.system ['touch /tmp/pwned']\n")
    assert "tag" in problem.message
    assert problem.line == 1


@pytest.mark.parametrize("tag", ["!!binary aGk=", "!!set {a}", "!custom x"])
def test_other_non_plain_tags_are_refused(tag: str) -> None:
    assert "is not allowed" in only_problem(f"title: {tag}\n").message


def test_tab_indentation_names_the_line_and_the_fix() -> None:
    problem = only_problem("topics:\n\t- circuits\n")
    assert problem.line == 2
    assert "spaces" in problem.fix


def test_syntax_error_names_its_line() -> None:
    problem = only_problem('id: x\ntitle: "unclosed\nadded: 2026-11-24\n')
    assert problem.line in {2, 3, 4}
    assert problem.message.startswith("invalid YAML")


def test_non_mapping_keys_are_refused() -> None:
    assert "keys must be plain words" in only_problem("? [a, b]\n: c\n").message


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b"])
def test_control_characters_are_refused_with_their_line(character: str) -> None:
    problem = only_problem(f"id: x\ntitle: a{character}b\n")
    assert problem.line == 2
    assert f"U+{ord(character):04X}" in problem.message


def test_impossible_date_stays_text_for_the_schema_to_name() -> None:
    document = parse_document(Path("x.yaml"), "id: x\nadded: 2026-02-30\n")
    assert document.data == {"id": "x", "added": "2026-02-30"}
    assert document.line_of(("added",)) == 2


def test_non_utf8_bytes_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\ntitle: caf\xe9\n".encode("latin-1"))
    with pytest.raises(CorpusError) as caught:
        load_document(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.fix) == (2, "save it with UTF-8 encoding")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffid: x\n".encode())
    assert load_document(path).data == {"id": "x"}


def test_deep_nesting_is_refused() -> None:
    problem = only_problem("a: " + "[" * 40 + "]" * 40 + "\n")
    assert "nest deeper" in problem.message


def test_empty_file_has_no_data() -> None:
    assert parse_document(FILE, "").data is None


BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]"
            for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


def test_a_billion_laughs_file_is_refused_once_without_expanding(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BILLION_LAUGHS)
    assert bomb.stat().st_size < 1024
    with pytest.raises(CorpusError) as caught:
        load_document(bomb)
    (problem,) = caught.value.problems  # one message, not one per alias
    assert (problem.line, problem.message) == (2, "aliases (*name) are not allowed")


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"abstract: " + b"x" * (2 << 20))
    with pytest.raises(CorpusError) as caught:
        load_document(huge)
    (problem,) = caught.value.problems
    assert problem.message == "the file is 2.0 MiB; corpus files are at most 1 MiB"


def test_nesting_past_the_parser_limit_is_a_clear_message() -> None:
    problem = only_problem("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert (problem.message, problem.fix) == ("values nest too deeply", "flatten the data")
