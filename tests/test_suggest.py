"""Topic suggestions from the curated papers most like a new one, and the topics' keywords."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.corpus import load_corpus
from generator.corpus.model import Corpus
from generator.corpus.schema import Paper, Topic
from generator.curate.suggest import Negative, TopicSuggester, keyword_hits
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.corpus  # reads content/: run for a pull request changing only it

GENERAL = (
    "Scaling Speculative Decoding for Chat Assistants",
    "We speed up decoding of large chat assistants by drafting tokens with a small model and "
    "verifying them in parallel, halving latency on instruction-following benchmarks.",
)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(PROJECT_ROOT / "content")


@pytest.fixture(scope="module")
def suggester(corpus: Corpus) -> TopicSuggester:
    return TopicSuggester(corpus.papers, corpus.topics)


def test_a_paper_like_curated_ones_gets_their_topic_and_names_them(
    corpus: Corpus, suggester: TopicSuggester
) -> None:
    toy = corpus.papers_by_id["toy-models-of-superposition"]
    others = [paper for paper in corpus.papers if paper.id != toy.id]
    suggestion = TopicSuggester(others, corpus.topics).suggest(toy.title, toy.abstract)
    assert suggestion.topics[0] in toy.topics
    assert len(suggestion.neighbours) == 2
    (first, first_score), (_, second_score) = suggestion.neighbours
    assert first in corpus.papers_by_id
    assert first != toy.id  # fitted without it
    assert 0 < second_score <= first_score <= 1
    assert suggestion == TopicSuggester(others, corpus.topics).suggest(toy.title, toy.abstract)


def test_a_general_paper_gets_no_topic(suggester: TopicSuggester) -> None:
    assert suggester.suggest(*GENERAL).topics == ()


def test_a_keyword_in_passing_is_not_enough_but_a_paper_about_it_is(
    suggester: TopicSuggester,
) -> None:
    title, abstract = GENERAL
    passing = suggester.suggest(
        title, abstract + " Unlike prior work on superposition, it is fast."
    )
    assert passing.keyword_topics == ("mechanistic-interpretability",)
    assert passing.topics == ()
    about = suggester.suggest(
        "Superposition in Sparse Autoencoders", "We measure superposition in sparse autoencoders."
    )
    assert about.topics[0] == "mechanistic-interpretability"


def test_a_new_topic_without_curated_papers_is_suggested_by_two_of_its_keywords(
    corpus: Corpus,
) -> None:
    new = Topic(
        slug="speculative-decoding",
        title="Speculative decoding",
        description="Drafting and verifying tokens.",
        keywords=("speculative decoding", "draft model", "drafting tokens"),
    )
    suggester = TopicSuggester(corpus.papers, (*corpus.topics, new))
    assert suggester.suggest(*GENERAL).topics == ("speculative-decoding",)
    once = ("Fast Chat Assistants", "We halve latency by speculative decoding.")
    assert suggester.suggest(*once).topics == ()  # one keyword, however apt, is not enough


def test_with_no_curated_papers_two_keywords_suggest_and_one_does_not(corpus: Corpus) -> None:
    suggester = TopicSuggester((), corpus.topics)
    about = ("Superposition", "We find superposition in sparse autoencoders.")
    assert suggester.suggest(*about).topics == ("mechanistic-interpretability",)
    assert suggester.suggest("Robots", "We study robots.").topics == ()
    assert suggester.suggest(*GENERAL).topics == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sparse autoencoders, and a sparse-autoencoder.", {"mechanistic-interpretability": 2}),
        ("A superpositional route", {}),  # whole words only
        ("SUPERPOSITION and Superposition", {"mechanistic-interpretability": 2}),
        # A keyword finds its plural, and a topic listing both counts a mention once.
        ("One robot, two robots", {"embodied-3d": 2}),
        ("Quadrotors and world simulators", {"embodied-3d": 1, "video-world-models": 1}),
        ("A robotically held pose", {}),
    ],
)
def test_keywords_count_as_whole_words_in_any_case(
    corpus: Corpus, text: str, expected: dict[str, int]
) -> None:
    assert keyword_hits(text, corpus.topics) == expected


def test_a_keyword_listed_with_its_plural_counts_a_mention_once() -> None:
    both = Topic(slug="robots", title="Robots", description="Robots.", keywords=("robot", "robots"))
    assert keyword_hits("Two robots and a robot", [both]) == {"robots": 2}
    assert keyword_hits("Two robots and a robot", [both], distinct=True) == {"robots": 1}


def test_leave_one_out_figures_are_measured(tmp_path: Path, corpus: Corpus) -> None:
    from bench.topics import by_keywords, measure  # noqa: PLC0415 (bench code, test only)

    papers = list(corpus.papers[:30])
    labelled = [(*GENERAL, None), ("Circuits found", "We find circuits in models.", "x")]
    figures = measure(papers, corpus.topics, labelled, lambda _: by_keywords(corpus.topics))
    assert figures.curated == 30
    assert figures.curated_first + figures.curated_none <= 30
    assert (figures.standin_on, figures.standin_off, figures.standin_off_recognised) == (1, 1, 1)


def test_words_most_of_a_days_papers_use_weigh_less_than_the_topics_own(corpus: Corpus) -> None:
    day = [
        (f"Agent Memory {n}", "Large language model agents plan tool calls with long memory.")
        for n in range(30)
    ]
    paper = (
        "Sparse Autoencoders Inside Language Model Agents",
        "We train sparse autoencoders on the activations of large language model agents that"
        " plan tool calls with long memory, and find monosemantic features behind each plan.",
    )
    alone = TopicSuggester(corpus.papers, corpus.topics).suggest(*paper)
    in_its_day = TopicSuggester(corpus.papers, corpus.topics, seen=day).suggest(*paper)
    assert in_its_day.topics[:1] == alone.topics[:1] == ("mechanistic-interpretability",)
    # The day's common words (agents, tool calls, memory) count less, its own topic's more.
    assert in_its_day.closeness > alone.closeness


def test_a_topic_named_in_earnest_answers_for_the_negatives_named_in_passing_it_does_not(
    corpus: Corpus,
) -> None:
    unnamed = [
        paper
        for paper in corpus.papers
        if "embodied-3d" in paper.topics
        and "embodied-3d" not in keyword_hits(f"{paper.title} {paper.abstract}", corpus.topics)
    ]

    def left_out(paper: Paper) -> list[Paper]:
        return [other for other in corpus.papers if other.id != paper.id]

    def in_passing(paper: Paper) -> str:
        return f"{paper.abstract} It could help robots and robotics."  # one sentence

    # A paper its topic admits when nothing stands against it.
    paper = next(
        paper
        for paper in unnamed
        if "embodied-3d"
        in TopicSuggester(left_out(paper), corpus.topics)
        .suggest(paper.title, in_passing(paper))
        .topics
    )
    abstract = in_passing(paper)
    judged = TopicSuggester(left_out(paper), corpus.topics, negatives=alike_negatives(paper))
    assert "embodied-3d" not in judged.suggest(paper.title, abstract).topics
    assert "embodied-3d" in judged.suggest(f"Robots: {paper.title}", abstract).topics
    earnest = f"{abstract} We test it on two robots."
    assert "embodied-3d" in judged.suggest(paper.title, earnest).topics
    # The same sentence opening the abstract: an abstract's first sentence says what the
    # paper is about.
    opening = f"It could help robots and robotics. {paper.abstract}"
    assert "embodied-3d" in judged.suggest(paper.title, opening).topics


def test_a_title_keyword_counts_in_a_title_and_never_in_an_abstract(corpus: Corpus) -> None:
    topics = tuple(
        topic.model_copy(update={"title_keywords": ("explanation",)})
        if topic.slug == "explainable-ai"
        else topic.model_copy(update={"title_keywords": ()})
        for topic in corpus.topics
    )
    assert keyword_hits("Explanations for all", topics) == {}
    assert keyword_hits("Explanations for all", topics, in_title=True) == {"explainable-ai": 1}
    paper = next(
        paper
        for paper in corpus.papers
        if paper.topics == ("explainable-ai",)
        and not keyword_hits(f"{paper.title} {paper.abstract}", topics, in_title=True)
    )
    others = [other for other in corpus.papers if other.id != paper.id]
    judged = TopicSuggester(others, topics, negatives=alike_negatives(paper))
    passing = f"{paper.abstract} Each comes with an explanation."
    assert "explainable-ai" not in judged.suggest(paper.title, passing).topics
    assert "explainable-ai" in judged.suggest(f"Explanations: {paper.title}", paper.abstract).topics


def alike_negatives(paper: Paper) -> list[Negative]:
    """Negatives that read exactly like `paper`: nearer it than any curated paper can be."""
    return [Negative(f"2601.0000{n}", "Agents", paper.abstract) for n in range(3)]
