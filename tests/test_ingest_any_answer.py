"""Whatever the daily papers API says of its papers, the day lands: only a broken answer fails.

A real day names two people alike, leaves an abstract out, cuts a title in the middle of an
emoji (a lone surrogate in the JSON), dates a paper on 31 February or links something that
is not a repository. None of that is the archive's to refuse: the papers the schema can hold
are planned, the others are named and left out, and the corpus the plan makes validates.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.corpus import Corpus, load_corpus
from generator.corpus.schema import AUTHOR_LENGTH, TITLE_LENGTH
from generator.curate.ingest import check_writes, plan_ingest
from generator.sources.http import SourceError
from generator.sources.huggingface import parse_daily_papers
from generator.sources.trending import TrendingPaper
from tests.conftest import PROJECT_ROOT
from tests.hostile import HOSTILE_TEXT

pytestmark = pytest.mark.corpus  # reads content/: run for a pull request changing only it

CONTENT = PROJECT_ROOT / "content"
DAY = dt.date(2026, 12, 5)
TODAY = dt.date(2026, 12, 6)

# The curated papers' own sentences, so that some entries are filed and their files written.
_CURATED = sorted(
    sentence
    for path in (CONTENT / "papers").glob("*.yaml")
    for sentence in yaml.safe_load(path.read_text(encoding="utf-8"))["abstract"].split(". ")
)
# Text that reads as something else in YAML or JSON once it is a slug or a value.
_YAML_WORDS = ["yes", "No", "null", "~", "1e3", "0x1F", "2026-12-05", "- x", "&a", "*a", "!!str"]
_ODD = [
    "\ud83e",  # half an emoji: JSON may escape it, UTF-8 cannot write it
    "\udd16",
    "\U0001f916",
    "\u2028",
    "\u2029",
    "\x85",
    "\x00",
    "\x1b",
    "\u202e",
    "\u200b",
    "\ufeff",
    "e\u0301",
    "\\%",
    "``quoted''",
    '""doubled""',
    "$\\mathcal{O}(n^2)$",
    "{{ config }}",
    "{% raw %}",
    "]]>",
    "\r\n",
    "\t",
]
_PIECE = st.one_of(
    st.sampled_from(_CURATED),
    st.sampled_from(_YAML_WORDS),
    st.sampled_from(_ODD),
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=12),  # every code point, surrogates included
)
_TEXT = st.lists(_PIECE, min_size=1, max_size=25).map(" ".join)
_SAME_NAMES = st.sampled_from(["Hao Liu", "Zheng Liu", "Hao Wang"])
_AUTHOR = st.one_of(
    st.fixed_dictionaries({"name": st.one_of(_SAME_NAMES, _TEXT)}),
    st.fixed_dictionaries({"name": st.one_of(st.none(), st.integers())}),
    st.just("a name without its object"),
)
_AUTHORS = st.one_of(
    st.lists(_AUTHOR, max_size=8),
    st.builds(lambda name, times: [{"name": name}] * times, _SAME_NAMES, st.integers(2, 300)),
    st.none(),
)
_ARXIV_ID = r"2[0-5](0[1-9]|1[0-2])\.[0-9]{5}(v[1-9])?"
_ID = st.one_of(
    st.from_regex(_ARXIV_ID, fullmatch=True),
    st.sampled_from(["hep-th/9901001", "arXiv:2412.00001", " 2412.00002 ", "2412.1234", "x", ""]),
    st.integers(),
)
_DATE = st.one_of(
    st.sampled_from(
        ["2026-12-04T17:59:00.000Z", "2026-13-45T00:00:00Z", "2026-02-31", "2099-01-01", "0001", ""]
    ),
    st.none(),
    st.integers(),
)
_COUNT = st.one_of(st.integers(-5, 10**30), st.floats(allow_nan=True), st.text(max_size=3))
_LINK = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "https://github.com/owner/repository",
            "https://github.com/owner/repository\n",
            "javascript:alert(1)",
            "https://evil.example/owner",
            "https://github.com/\ud83e",
        ]
    ),
    _TEXT,
)


_OTHER_FIELDS = {
    "authors": _AUTHORS,
    "publishedAt": _DATE,
    "upvotes": _COUNT,
    "githubRepo": _LINK,
    "githubStars": _COUNT,
}
# Most entries are papers with an id, a title and an abstract; any field may be odd.
_PAPER = st.fixed_dictionaries(
    {"id": st.from_regex(_ARXIV_ID, fullmatch=True), "title": _TEXT, "summary": _TEXT},
    optional=_OTHER_FIELDS,
)
# Some are not: a field left out or of another type, an id that is none.
_BROKEN_PAPER = st.fixed_dictionaries(
    {},
    optional={
        "id": _ID,
        "title": st.one_of(_TEXT, st.none(), st.integers()),
        "summary": st.one_of(_TEXT, st.none()),
        **_OTHER_FIELDS,
    },
)
_ENTRY: st.SearchStrategy[object] = st.one_of(
    st.fixed_dictionaries({"paper": _PAPER}, optional={"githubRepo": _LINK, "title": _TEXT}),
    st.fixed_dictionaries({"paper": _PAPER}),
    st.fixed_dictionaries({"paper": _BROKEN_PAPER}),
    st.sampled_from([None, 1, "paper", [], {}]),
)


@cache
def _shipped_corpus() -> Corpus:
    return load_corpus(CONTENT, today=TODAY)


def _paper(title: str, **fields: object) -> dict[str, object]:
    """An entry the archive files: its abstract is a curated paper's."""
    toy = CONTENT / "papers" / "toy-models-of-superposition.yaml"
    curated = yaml.safe_load(toy.read_text(encoding="utf-8"))
    return {"paper": {"id": "2511.70001", "title": title, "summary": curated["abstract"], **fields}}


@given(listing=st.lists(_ENTRY, min_size=1, max_size=8))
@example(listing=[_paper("Robots that grasp \ud83e")])  # a title cut inside an emoji
@example(listing=[_paper("Yes")])  # a slug YAML reads as true
@example(listing=[_paper("Toy models", publishedAt="2026-02-31T00:00:00.000Z")])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_answer_of_whole_papers_lands_and_what_it_writes_validates(
    listing: list[object],
) -> None:
    body = json.dumps(listing).encode("utf-8")  # JSON escapes a lone surrogate as \ud83e
    try:
        papers = parse_daily_papers(body)
    except SourceError:
        # Only an answer with no whole paper in it fails (the API changed, or broke).
        assert not _whole_papers(listing)
        return
    plan = plan_ingest(
        content_dir=CONTENT,
        corpus=_shipped_corpus(),
        date=DAY,
        listing=papers,
        source="huggingface",
        update=False,
        today=TODAY,
    )
    check_writes(CONTENT, plan.writes, TODAY)  # raises CorpusError if the corpus would not load
    for path, text in plan.writes.items():
        assert yaml.safe_load(text), path  # every file written is YAML UTF-8 can hold
        text.encode("utf-8")
    whole = {paper.rank for paper in papers if paper.problem is None}
    for item in plan.incomplete:
        if item.rank in whole:  # left out for what the schema cannot hold, never for a date
            too_long = [len(item.title) > TITLE_LENGTH]
            too_long += [len(name) > AUTHOR_LENGTH for name in item.authors]
            assert any(too_long), item.problem
    accounted = (
        {new.item.arxiv for new in plan.new}
        | {item.arxiv for item in plan.skipped + plan.incomplete + plan.repeated}
        | {item.arxiv for item, _ in plan.declined_before}
    )
    assert {paper.arxiv for paper in papers} <= accounted | set(_known_ids())


def _whole_papers(listing: list[object]) -> list[TrendingPaper]:
    """The entries of `listing` the parser reads as whole papers, each read on its own."""
    read: list[TrendingPaper] = []
    for entry in listing:
        try:
            read += parse_daily_papers(json.dumps([entry]).encode("utf-8"))
        except SourceError:
            continue  # not a whole paper: an answer of this entry alone has none
    return read


def _known_ids() -> list[str]:
    return [paper.arxiv for paper in _shipped_corpus().papers if paper.arxiv]
