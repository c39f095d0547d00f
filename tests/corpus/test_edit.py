"""Adding fields to a contributor's file: any value a source may give reads back as itself."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.corpus.edit import add_fields, yaml_scalar
from generator.corpus.schema import FORBIDDEN_CHARACTERS

# Text the corpus can hold: no control characters, no lone surrogates (sources drop them).
_TEXT = st.text(min_size=1, max_size=40).filter(lambda text: not FORBIDDEN_CHARACTERS.search(text))
_YAML_SIGNS = st.sampled_from(
    ["- x", "a: b", "@handle", "`tick`", "%percent", "!tag", "&anchor", "*alias", "? q", "| x"]
)

PAPER = """\
id: a-paper
title: A Paper
added: 2026-12-01
topics:
  - physics
abstract: Short.
"""


@given(value=st.one_of(_TEXT, _YAML_SIGNS))
@example(value="- x")  # not a plain scalar after a key: YAML refuses to read it at all
@example(value="null")
@settings(max_examples=300)
def test_a_scalar_reads_back_as_itself(value: str) -> None:
    assert yaml.safe_load(f"key: {yaml_scalar(value)}\n") == {"key": value}


@given(names=st.lists(st.one_of(_TEXT, _YAML_SIGNS), min_size=1, max_size=12))
@settings(max_examples=100)
def test_any_author_list_is_added_exactly_as_given(names: list[str]) -> None:
    names = [" ".join(name.split()) for name in names if name.strip()] or ["Hao Liu"]
    edited = add_fields(Path("papers/a-paper.yaml"), PAPER, {"authors": names})
    assert yaml.safe_load(edited)["authors"] == names  # repeated names and all
    assert edited.replace("".join(_author_lines(edited)), "") == PAPER


def _author_lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    start = lines.index("authors:\n")
    end = next(n for n in range(start + 1, len(lines)) if not lines[n].startswith("  - "))
    return lines[start:end]
