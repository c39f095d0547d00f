"""Write a synthetic corpus of realistic size: deterministic for a seed, any number of papers."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from pathlib import Path

TOPICS = [
    ("mechanistic-interpretability", "Mechanistic interpretability"),
    ("explainable-ai", "Explainable AI methods"),
    ("video-world-models", "Physics in video generation and world models"),
    ("physical-reasoning", "Physical reasoning benchmarks"),
    ("scientific-ml", "Physics-informed and scientific ML"),
    ("materials-chemistry", "Materials and chemistry"),
    ("embodied-3d", "3D, robotics and embodied AI"),
]
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "ze",
    "an",
    "el",
    "is",
    "on",
    "ur",
    "ph",
    "ys",
    "ic",
    "al",
    "gr",
    "ad",
    "ent",
    "ion",
    "ter",
    "pre",
]
_ABSTRACT_CHARACTERS = 1500
_PAPERS_PER_DAY = 50  # the daily trending listing's size


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    """Distinct invented words, so the index holds as many terms as a real corpus."""
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def write_corpus(folder: Path, count: int, seed: int = 2026) -> Path:
    """Write `count` papers (~1.5 kB abstracts, 2-8 authors, 1-3 topics) into folder/content."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    words = vocabulary(rng)
    # A Zipf-like choice: common words often, rare words rarely, as in real abstracts.
    # Cumulative, computed once: choices() would otherwise redo it over 20,000 words per call.
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    content = folder / "content"
    (content / "papers").mkdir(parents=True, exist_ok=True)
    (content / "corpus.yaml").write_text(
        "schema_version: 1\ntitle: Synthetic Papers\ndescription: A synthetic corpus.\n"
        "base_url: https://bench.example.org/\n"
    )
    (content / "topics.yaml").write_text(
        "topics:\n"
        + "".join(
            f"  - slug: {slug}\n    title: {title}\n    description: Papers about {title}.\n"
            for slug, title in TOPICS
        )
    )
    first_day = dt.date(2026, 11, 24) - dt.timedelta(days=count // _PAPERS_PER_DAY)
    for number in range(count):
        added = first_day + dt.timedelta(days=number // _PAPERS_PER_DAY)
        _write_paper(content, _paper(rng, words, weights, number, added))
    write_trending_days(content, first_day, count)
    return content


def edit_abstract(paper: Path, word: str) -> None:
    """A paper file written by `write_corpus` whose abstract now begins with `word`."""
    text = paper.read_text(encoding="utf-8")
    paper.write_text(text.replace("abstract: ", f"abstract: {word} ", 1), encoding="utf-8")


def add_day(content: Path, count: int = _PAPERS_PER_DAY, seed: int = 2026) -> None:
    """A day after the newest of a corpus `write_corpus` wrote (with `seed`): `count` new papers
    in its words, added that day, and the day's trending snapshot listing them."""
    existing = sum(1 for _ in (content / "papers").glob("*.yaml"))
    newest = max(dt.date.fromisoformat(path.stem) for path in (content / "trending").glob("*.yaml"))
    day = newest + dt.timedelta(days=1)
    # write_corpus draws its words first: the same seed gives the same words.
    words = vocabulary(random.Random(seed))  # noqa: S311 (test data, not secrets)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    rng = random.Random(f"{seed}-{existing}")  # noqa: S311 (test data, not secrets)
    numbers = range(existing, existing + count)
    for number in numbers:
        _write_paper(content, _paper(rng, words, weights, number, day))
    entries = "".join(
        f"  - rank: {rank}\n    id: paper-{number:06d}\n"
        for rank, number in enumerate(numbers, start=1)
    )
    (content / "trending" / f"{day.isoformat()}.yaml").write_text(
        f"date: {day.isoformat()}\nsource: synthetic\npapers:\n{entries}"
    )


def _paper(
    rng: random.Random, words: list[str], weights: list[float], number: int, added: dt.date
) -> dict[str, object]:
    # A coined name first, as many titles have ("PIQA: ..."): no two titles nearly alike.
    title_words = [coined_name(number) + ":"]
    title_words += rng.choices(words, cum_weights=weights, k=rng.randint(4, 11))
    abstract = abstract_text(rng, words, weights)
    authors = [
        f"{rng.choice(words).title()} {rng.choice(words).title()}" for _ in range(rng.randint(2, 8))
    ]
    topics = rng.sample([slug for slug, _ in TOPICS], rng.randint(1, 3))
    return {
        "id": f"paper-{number:06d}",
        "title": " ".join(title_words),
        "authors": authors,
        "arxiv": f"{2300 + number // 20000}.{number % 20000:05d}",
        "added": added.isoformat(),
        "topics": topics,
        "abstract": abstract,
    }


def _write_paper(content: Path, paper: dict[str, object]) -> None:
    (content / "papers" / f"{paper['id']}.yaml").write_text(
        "".join(f"{key}: {json.dumps(value)}\n" for key, value in paper.items())
    )


def coined_name(number: int) -> str:
    """A distinct invented name for each number, spelled in syllables: "Kalomi"."""
    syllables = []
    while True:
        number, digit = divmod(number, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
        if number == 0:
            return "".join(syllables).capitalize()
        number -= 1  # bijective numeration: every number gets its own spelling


def abstract_text(rng: random.Random, words: list[str], weights: list[float]) -> str:
    """About 1.5 kB of sentences with the punctuation real abstracts have (and pages escape)."""
    sentences: list[str] = []
    length = 0
    while length < _ABSTRACT_CHARACTERS:
        sentence = rng.choices(words, cum_weights=weights, k=rng.randint(12, 30))
        sentence[rng.randrange(3, len(sentence))] += ","
        if rng.random() < 0.5:  # a hyphenated compound: "physics-informed"
            at = rng.randrange(len(sentence) - 1)
            sentence[at : at + 2] = [f"{sentence[at].rstrip(',')}-{sentence[at + 1]}"]
        if rng.random() < 0.3:  # an aside in parentheses, with a number
            sentence.insert(rng.randrange(1, len(sentence)), f"({rng.randint(2, 99)}%)")
        text = " ".join(sentence).capitalize() + "."
        sentences.append(text)
        length += len(text) + 1
    return " ".join(sentences)


def write_trending_days(content: Path, first_day: dt.date, count: int) -> None:
    """One trending snapshot per day: that day's papers, as the daily ingest records them."""
    (content / "trending").mkdir(exist_ok=True)
    for day_number in range(0, count, _PAPERS_PER_DAY):
        day = first_day + dt.timedelta(days=day_number // _PAPERS_PER_DAY)
        papers = range(day_number, min(day_number + _PAPERS_PER_DAY, count))
        entries = "".join(
            f"  - rank: {rank}\n    id: paper-{number:06d}\n"
            for rank, number in enumerate(papers, start=1)
        )
        (content / "trending" / f"{day.isoformat()}.yaml").write_text(
            f"date: {day.isoformat()}\nsource: synthetic\npapers:\n{entries}"
        )
