"""The split search index answers every query exactly as the whole index does, in lunr.js."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from lunr.index import Index

from generator.corpus import load_corpus
from generator.engine.config import lunr_js
from generator.site.lunr_builder import FastBuilder
from generator.site.paths import INDEX_FILE, SEARCH_FOLDER
from generator.site.search import SearchDocument, lunr_index, search_documents, short_ref
from generator.site.search_shards import build_index_files, split_index

PROJECT = Path(__file__).resolve().parents[2]
SPLIT_INDEX_JS = PROJECT / "theme" / "assets" / "javascripts" / "split-index.js"
SEARCH_ANSWERS_JS = SPLIT_INDEX_JS.with_name("search-answers.js")
COMPARE_JS = Path(__file__).with_name("compare.js")

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")

# Words whose order differs between Python (code points) and lunr.js (UTF-16 code units), or
# that the fold step, lunr's stemmer and its separators treat specially.
ODD_WORDS = [
    "\U0001d49clgebra", "\ufb01eld", "\uff46ull", "naïve", "Müller", "数据", "x²", "re-ranking",
    "state-of-the-art", "O(n^2)", "toy", "surveys", "day", "2026", "e.g.", "\u00a0spaced",
    "z\U00020000z", "z\ue000z",  # past U+FFFF and below it, after folding too
]  # fmt: skip


def synthetic_documents(corpus_dir: Path, count: int, seed: int) -> list[SearchDocument]:
    """`count` papers made of the fixture corpus's words and ODD_WORDS, with Zipf-like use."""
    corpus = load_corpus(corpus_dir)
    words = sorted({word for paper in corpus.papers for word in paper.abstract.split()})
    words += ODD_WORDS
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    rng.shuffle(words)

    def text(length: int) -> str:
        return " ".join(rng.choices(words, weights, k=length))

    return [
        {
            "ref": short_ref(position),
            "title": text(rng.randint(2, 12)),
            "authors": text(rng.randint(0, 6)),
            "topics": text(rng.randint(1, 3)),
            "abstract": text(rng.randint(0, 150)),
        }
        for position in range(count)
    ]


def queries_for(index: Index, seed: int) -> list[str]:
    """Queries of every kind lunr reads, made of the index's own terms and of others."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    terms = sorted(index.inverted_index)
    some = rng.sample(terms, min(40, len(terms)))
    fields = list(index.fields)
    queries = [*some, *ODD_WORDS, "absent", "zzzz", "the", "a of the"]
    for first, second, third in zip(some, some[1:], some[2:], strict=False):
        queries += [
            f"{first} {second}",
            f"{first} {second} {third}",
            f"+{first} -{second}",
            f"+{first} +{second}",
            f"-{first}",
            f"{rng.choice(fields)}:{first}",
            f"{first}^10 {second}",
            f"{first[:3]}*",
            f"*{first[-3:]}",
            f"{first[:2]}*{first[-1:]}",
            f"{first}~1",
            f"{first[:-1]}~2 {second}",
            f"{first[:1]}*",
        ]
    queries += ["title:", ":", "unknown:field", "~", "+", "-", "^", "*", "title:*", '"', ""]
    return queries


def plain_queries_for(index: Index, seed: int) -> list[str]:
    """Plain queries (every word required, the last perhaps half-typed) of one to three words."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    words = rng.sample(sorted(index.inverted_index), min(30, len(index.inverted_index)))
    queries = ["absent", *words[:10], f"{words[0]} absent", f"{words[1]} {words[2][:2]}"]
    for first, second, third in zip(words, words[1:], words[2:], strict=False):
        queries += [f"{first} {second}", f"{first} {second} {third}", f"{first} {second[:3]}"]
    # Words that are also the start of others: the papers their prefix adds follow theirs.
    terms = sorted(index.inverted_index)
    starts = [term for term, after in pairwise(terms) if after.startswith(term)]
    return queries + rng.sample(starts, min(10, len(starts)))


def utf16(term: str) -> bytes:
    return term.encode("utf-16-be", "surrogatepass")


def compare(
    tmp_path: Path,
    documents: list[SearchDocument],
    shard_bytes: int,
    plain: list[str] | None = None,
) -> dict[str, list[Any]]:
    """Every query's results from the whole index and the split one, run by node: `rows` of
    lunr's syntax, `plain` answers as the page asks for them (of `plain`, if given)."""
    index = lunr_index(documents)
    whole = tmp_path / "whole.json"
    serialised = index.serialize()
    # lunr.js refuses terms out of its string order (UTF-16), which lunr.py's order is not
    # past U+FFFF: the whole index is compared in lunr.js's order, as the split one is cut.
    serialised["invertedIndex"].sort(key=lambda entry: utf16(entry[0]))
    # As lunr.py holds it: each posting's documents in the order they were added, which orders
    # results that score alike (json_bytes would sort them as text).
    whole.write_text(json.dumps(serialised, ensure_ascii=False, separators=(",", ":")))
    files = split_index(index, shard_bytes)
    for path, content in files.items():
        target = tmp_path / "site" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (tmp_path / "lunr.js").write_bytes(lunr_js())
    setup = {
        "lunr": str(tmp_path / "lunr.js"),
        "splitIndex": str(SPLIT_INDEX_JS),
        "whole": str(whole),
        "folder": str(tmp_path / "site" / SEARCH_FOLDER),
        "queries": queries_for(index, seed=len(documents)),
        "searchAnswers": str(SEARCH_ANSWERS_JS),
        "plain": plain if plain is not None else plain_queries_for(index, seed=len(documents)),
    }
    (tmp_path / "setup.json").write_text(json.dumps(setup))
    run = subprocess.run(
        ["node", str(COMPARE_JS), str(tmp_path / "setup.json")],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    compared: dict[str, list[Any]] = json.loads(run.stdout)
    return compared


@pytest.mark.parametrize(("count", "shard_bytes"), [(300, 2_000), (120, 600), (40, 100_000)])
def test_every_query_finds_what_the_whole_index_finds(
    tmp_path: Path, corpus_dir: Path, count: int, shard_bytes: int
) -> None:
    compared = compare(tmp_path, synthetic_documents(corpus_dir, count, seed=count), shard_bytes)
    rows = compared["rows"]
    for row in rows:
        assert row["split"] == row["whole"], row["query"]
        assert row["fresh"] == row["whole"], row["query"]
    found = [row for row in rows if isinstance(row["whole"], list) and row["whole"]]
    refused = [row for row in rows if isinstance(row["whole"], dict)]
    assert len(found) > len(rows) / 2  # the queries do find papers
    assert refused  # and the malformed ones are refused alike
    plain = compared["plain"]
    for answer in plain:
        assert answer["split"] == answer["whole"], answer["words"]
        assert_told_what_shows_first(answer)
    assert sum(len(answer["whole"]["hits"]) > 1 for answer in plain) > len(plain) / 2
    assert any(answer["whole"].get("partial") for answer in plain)
    # Heads cut short, and told before answers that end with papers only a prefix finds.
    assert sum(len(answer["whole"]["hits"]) > 3 for answer in plain if answer["told"]["head"]) > 3


def assert_told_what_shows_first(answer: dict[str, Any]) -> None:
    """What the split index tells early is what its answer shows first: the head, the page's
    first hits (titled ones first) and their count; the refs to fetch early, the first of them."""
    words, told = answer["words"], answer["told"]
    assert told["answer"] == answer["whole"], words
    hits = answer["whole"]["hits"]
    ranked = [hit for hit in hits if hit["title"]] + [hit for hit in hits if not hit["title"]]
    if answer["whole"].get("partial") or not hits:
        assert told["head"] is None, words  # the answer may be papers with some of the words
        return
    assert told["head"] == {"hits": ranked[:3], "total": len(hits)}, words
    if told["early"] is not None:
        assert told["early"] == [hit["ref"] for hit in ranked[: len(told["early"])]], words


def test_the_fixture_corpus_is_searched_alike(tmp_path: Path, corpus_dir: Path) -> None:
    documents = search_documents(load_corpus(corpus_dir))
    compared = compare(tmp_path, documents, shard_bytes=1_500)
    for row in compared["rows"]:
        assert row["fresh"] == row["whole"], row["query"]
    for answer in compared["plain"]:
        assert answer["split"] == answer["whole"], answer["words"]
        assert_told_what_shows_first(answer)


def test_the_first_hits_told_early_put_a_prefix_s_titled_papers_before_the_word_s_others(
    tmp_path: Path,
) -> None:
    def paper(position: int, title: str, abstract: str) -> SearchDocument:
        return {
            "ref": short_ref(position),
            "title": title,
            "authors": "",
            "topics": "",
            "abstract": abstract,
        }

    documents = [
        paper(0, "Notes on lattices", "A toy example of lattices."),  # the word, not in its title
        paper(1, "Toyland lattices", "Lattices again."),  # only the prefix, in its title
        paper(2, "A toy model", "Lattices."),  # the word in its title
        paper(3, "Lattices", "Toyland and more lattices."),  # only the prefix, not in its title
        *(paper(4 + n, f"Filler {n}", "Unrelated text.") for n in range(8)),
    ]
    compared = compare(tmp_path, documents, shard_bytes=100_000, plain=["toy", "lattices toy"])
    for answer in compared["plain"]:
        assert answer["split"] == answer["whole"], answer["words"]
        assert_told_what_shows_first(answer)
    head = [hit["ref"] for hit in compared["plain"][0]["told"]["head"]["hits"]]
    assert head == [short_ref(2), short_ref(1), short_ref(0)]


def test_a_word_fetches_its_shard_not_the_index(tmp_path: Path, corpus_dir: Path) -> None:
    documents = synthetic_documents(corpus_dir, 300, seed=7)
    shards = len(split_index(lunr_index(documents), 2_000)) - 1
    rows = compare(tmp_path, documents, shard_bytes=2_000)["rows"]
    assert shards >= 20
    for row in rows:
        query = row["query"]
        if query and all(character.isalnum() for character in query):
            assert row["shards"] <= 2, query  # its shard, or none if the stemmer drops it
        if query.startswith("*") or "~" in query:
            assert row["shards"] in (0, shards), query  # the whole index, as documented


def test_a_prefix_s_span_is_what_its_search_fetches(tmp_path: Path, corpus_dir: Path) -> None:
    """A half-typed word is searched as a prefix only while its span is small: the span must
    count exactly the shards the prefix search fetches."""
    documents = synthetic_documents(corpus_dir, 300, seed=11)
    rows = [row for row in compare(tmp_path, documents, shard_bytes=2_000)["rows"] if row["span"]]
    assert rows
    assert max(row["span"] for row in rows) > 1  # some prefix reaches over several shards
    for row in rows:
        assert row["shards"] == row["span"], row["query"]


def test_shards_are_cut_in_lunr_js_string_order(corpus_dir: Path) -> None:
    files = split_index(lunr_index(synthetic_documents(corpus_dir, 200, seed=3)), 1_000)
    manifest = json.loads(files.pop(INDEX_FILE))
    firsts = [first for first, _ in manifest["shards"]]
    terms = [entry[0] for _, name in manifest["shards"] for entry in json.loads(
        files[SEARCH_FOLDER / name])]  # fmt: skip

    assert firsts[0] == ""
    assert terms == sorted(terms, key=utf16) != sorted(terms)  # the odd words tell them apart
    assert firsts == sorted(firsts, key=utf16)
    assert set(firsts[1:]) <= set(terms)


def test_an_index_whose_vectors_are_out_of_paper_order_is_refused(corpus_dir: Path) -> None:
    index = lunr_index(search_documents(load_corpus(corpus_dir)))
    index.field_vectors = dict(reversed(index.field_vectors.items()))
    with pytest.raises(ValueError, match="field vector 0 is"):
        split_index(index)


def test_postings_that_disagree_with_the_vectors_are_refused(corpus_dir: Path) -> None:
    index = lunr_index(search_documents(load_corpus(corpus_dir)))
    term, posting = next(
        (term, posting) for term, posting in index.inverted_index.items() if posting["title"]
    )
    posting["title"].pop(next(iter(posting["title"])))
    with pytest.raises(ValueError, match=re.escape(f"the postings of '{term}' in title")):
        split_index(index)


def test_terms_kept_between_builds_give_the_same_index_and_spare_the_work(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terms = tmp_path / "cache" / "terms"
    documents = synthetic_documents(corpus_dir, 120, seed=5)
    assert build_index_files(documents, terms) == build_index_files(documents)
    # A day's changes: one text edited, one paper gone, one new, the rest as they were.
    changed: list[SearchDocument] = [dict(document) for document in documents[1:]]
    changed[0]["abstract"] = "an edited abstract about naïve superposition"
    changed.append({**changed[5], "ref": short_ref(len(changed)), "title": "a new paper"})
    changed = [{**document, "ref": short_ref(number)} for number, document in enumerate(changed)]
    found: list[str] = []
    field_terms = FastBuilder._field_terms

    def counted(builder: FastBuilder, text: str) -> object:
        found.append(text)
        return field_terms(builder, text)

    monkeypatch.setattr(FastBuilder, "_field_terms", counted)
    reusing = build_index_files(changed, terms)
    assert found == ["an edited abstract about naïve superposition", "a new paper"]
    assert reusing == build_index_files(changed)
    terms.write_bytes(b"not what was written")  # unreadable: every text's terms found again
    assert build_index_files(changed, terms) == reusing
