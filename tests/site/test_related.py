"""Related papers: the most alike by title and abstract, deterministic, never the paper itself."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from generator.cache import generator_digest, keep, read_kept
from generator.corpus import load_corpus
from generator.corpus.schema import Paper
from generator.corpus.similarity import paper_vectors, tfidf_vectorizer, weighted_text
from generator.site.pages import render_pages
from generator.site.related import (
    RELATED_COUNT,
    related_ids,
    related_papers,
    related_texts,
    usable_cpus,
)
from tests.conftest import PROJECT_ROOT
from tests.markdown_site import page_soup

STOP_WORDS: frozenset[str] = ENGLISH_STOP_WORDS


def paper(paper_id: str, title: str, abstract: str, topic: str = "physics") -> Paper:
    return Paper(
        id=paper_id, title=title, abstract=abstract, topics=(topic,), added=dt.date(2026, 11, 24)
    )


def words(record: Paper) -> set[str]:
    """The words TF-IDF weighs: two or more letters or digits, lower case, not stop words."""
    text = f"{record.title} {record.abstract}".lower()
    return set(re.findall(r"\b\w\w+\b", text)) - STOP_WORDS


def test_toy_models_of_superposition_relates_to_interpretability_papers() -> None:
    corpus = load_corpus(PROJECT_ROOT / "content")
    related = related_papers(corpus.papers)["toy-models-of-superposition"]
    assert len(related) == RELATED_COUNT
    for other in related:
        assert "mechanistic-interpretability" in other.topics, other.title


def test_every_list_is_short_excludes_the_paper_and_shares_a_word() -> None:
    corpus = load_corpus(PROJECT_ROOT / "content")
    related = related_papers(corpus.papers)
    assert related.keys() == corpus.papers_by_id.keys()
    for record in corpus.papers:
        listed = related[record.id]
        assert len(listed) == RELATED_COUNT  # 119 real abstracts: everyone has five neighbours
        assert record not in listed
        assert len({other.id for other in listed}) == len(listed)
        for other in listed:
            assert words(record) & words(other), (record.id, other.id)


def test_the_most_alike_comes_first() -> None:
    base = paper("base", "Superposition in toy models", "Sparse features share neurons.")
    near = paper("near", "Superposition of sparse features", "Toy models share neurons.")
    far = paper("far", "Neurons in the wild", "Recordings of biological cells.")
    assert related_papers([far, base, near])["base"] == (near, far)


def test_papers_sharing_no_word_are_not_related() -> None:
    fluid = paper("fluid", "Turbulent flow", "Vortices in viscous fluids.")
    crystal = paper("crystal", "Crystal lattices", "Phonons in ordered solids.")
    stop_words_only = paper("empty", "The one", "It is what it is.")
    related = related_papers([fluid, crystal, stop_words_only])
    assert related == {"fluid": (), "crystal": (), "empty": ()}
    assert related_papers([stop_words_only, paper("also", "Of the", "And so on.")]) == {
        "empty": (),
        "also": (),
    }
    assert related_papers([fluid]) == {"fluid": ()}


def test_equal_scores_keep_the_corpus_order() -> None:
    twins = [paper(f"twin-{n}", "Granular jamming", "Grains jam under shear.") for n in range(8)]
    first = related_papers(twins)
    assert first["twin-0"] == tuple(twins[1 : 1 + RELATED_COUNT])
    assert first["twin-5"] == (twins[0], twins[1], twins[2], twins[3], twins[4])
    reordered = list(reversed(twins))
    assert related_papers(reordered)["twin-0"] == tuple(reordered[:RELATED_COUNT])


def test_the_lists_do_not_depend_on_the_number_of_threads() -> None:
    rng = random.Random(9)  # noqa: S311 (test data, not secrets)
    vocabulary = [f"term{number}" for number in range(300)]
    papers = [
        paper(
            f"p{n}", " ".join(rng.choices(vocabulary, k=6)), " ".join(rng.choices(vocabulary, k=60))
        )
        for n in range(400)
    ]
    assert related_papers(papers, threads=1) == related_papers(papers, threads=2)


def test_paper_pages_link_their_related_papers(corpus_dir: Path) -> None:
    titles = ["Polysemantic neurons", "Concepts packed into neural networks"]
    for number, title in enumerate(titles):  # the fixture's own abstracts share no word
        (corpus_dir / "papers" / f"neurons-{number}.yaml").write_text(
            f"id: neurons-{number}\ntitle: {title}\nadded: 2026-11-20\n"
            "topics: [circuits]\nabstract: Neural networks pack unrelated concepts into neurons.\n"
        )
    corpus = load_corpus(corpus_dir)
    tree = render_pages(corpus)
    related = related_papers(corpus.papers)
    shown = 0
    for record in corpus.papers:
        soup = page_soup(tree[PurePosixPath("papers", f"{record.id}.md")])
        heading = soup.find("h2", string="Related papers")
        if not related[record.id]:
            assert heading is None
            continue
        assert heading is not None
        listing = heading.find_next("ul")
        assert listing is not None
        links = [(a.get_text(), a["href"]) for a in listing.find_all("a")]
        assert links == [(other.title, f"../{other.id}/") for other in related[record.id]]
        shown += 1
    assert shown >= 3  # both new papers and Toy Models of Superposition


@pytest.mark.parametrize(
    "missing", [(), ("process_cpu_count",), ("process_cpu_count", "sched_getaffinity")]
)
def test_the_cpu_count_works_without_linux_only_calls(
    monkeypatch: pytest.MonkeyPatch, missing: tuple[str, ...]
) -> None:
    # macOS and Windows have no sched_getaffinity; Pythons before 3.13 no process_cpu_count.
    for name in missing:
        monkeypatch.delattr(os, name, raising=False)
    assert usable_cpus() >= 1
    papers = [
        paper(f"p{n}", f"Sparse circuits study {n}", "Sparse circuits in models.") for n in range(3)
    ]
    assert set(related_papers(papers)) == {"p0", "p1", "p2"}


def synthetic_papers(count: int, first: dt.date, seed: int) -> list[Paper]:
    """`count` papers of random words from one small vocabulary, a day apart from `first`,
    newest first, as the corpus orders them."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    vocabulary = [f"w{number}" for number in range(400)]
    made = [
        Paper(
            id=f"s{seed}-{number}",
            title=" ".join(rng.choices(vocabulary, k=6)),
            abstract=" ".join(rng.choices(vocabulary, k=60)),
            topics=("physics",),
            added=first + dt.timedelta(days=number),
        )
        for number in range(count)
    ]
    return made[::-1]


def test_a_day_s_new_papers_change_only_the_lists_they_enter() -> None:
    # 122 papers before the quarter (June to September), 68 in it, then 20 more.
    archive = synthetic_papers(190, dt.date(2026, 6, 1), seed=1)
    day = synthetic_papers(20, dt.date(2026, 12, 8), seed=2)
    before = related_papers(archive)
    after = related_papers([*day, *archive])
    new = {record.id for record in day}
    entered = 0
    for record in archive:
        kept = [other for other in after[record.id] if other.id not in new]
        assert kept == list(before[record.id][: len(kept)]), record.id  # the same order
        entered += len(kept) < len(after[record.id])
    assert entered  # the new papers do enter lists
    # Weights learnt from the whole archive instead (no paper before the quarter): the new
    # papers reorder others' lists too.
    in_quarter = dt.date(2026, 12, 8)
    everything = [record.model_copy(update={"added": in_quarter}) for record in [*day, *archive]]
    reweighed = related_papers(everything)

    def old(found: Sequence[Paper]) -> list[str]:
        return [other.id for other in found if other.id not in new]

    assert any(
        old(reweighed[record.id]) != old(before[record.id])[: len(old(reweighed[record.id]))]
        for record in archive
    )


def test_word_weights_are_tf_idf_as_scikit_learn_computes_them(corpus_dir: Path) -> None:
    texts = [
        weighted_text(record.title, record.abstract) for record in load_corpus(corpus_dir).papers
    ]
    ours = paper_vectors(texts)
    theirs = tfidf_vectorizer(len(texts)).fit_transform(texts).tocsr()
    theirs.sort_indices()
    assert ours.shape == theirs.shape
    assert (ours.indices == theirs.indices).all()
    assert abs(ours - theirs).max() < 1e-6  # float32 rounding: the same sums, another order


def test_the_words_kept_between_builds_give_the_lists_counted_afresh(tmp_path: Path) -> None:
    corpus = load_corpus(PROJECT_ROOT / "content")
    texts = related_texts(corpus.papers)
    words_file = tmp_path / "related-words.marshal"
    afresh = related_ids(texts)
    assert related_ids(texts, words_file=words_file) == afresh  # nothing kept yet
    kept = read_kept(words_file, generator_digest())
    assert len(kept) == len({weighted_text(title, abstract) for _, title, abstract, _ in texts})
    # A paper's text edited, the others' words read back: the lists of a clean count.
    edited = [(*texts[0][:2], "Superposition in toy models of quantum chemistry.", texts[0][3])]
    edited += texts[1:]
    assert related_ids(edited, words_file=words_file) == related_ids(edited)
    # What was read back is what counted: the words kept for a text stand for it.
    keep(words_file, generator_digest(), {key: ((), ()) for key in kept})
    assert related_ids(texts, words_file=words_file) == {paper_id: () for paper_id, *_ in texts}
