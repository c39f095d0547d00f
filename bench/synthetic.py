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
    first_day = dt.date(2026, 11, 24) - dt.timedelta(days=count // 50)
    for number in range(count):
        title_words = rng.choices(words, cum_weights=weights, k=rng.randint(5, 12))
        abstract_words: list[str] = []
        while sum(len(word) + 1 for word in abstract_words) < _ABSTRACT_CHARACTERS:
            abstract_words.extend(rng.choices(words, cum_weights=weights, k=20))
        authors = [
            f"{rng.choice(words).title()} {rng.choice(words).title()}"
            for _ in range(rng.randint(2, 8))
        ]
        topics = rng.sample([slug for slug, _ in TOPICS], rng.randint(1, 3))
        paper_id = f"paper-{number:06d}"
        text = {
            "id": paper_id,
            "title": " ".join(title_words).capitalize(),
            "authors": authors,
            "arxiv": f"{2300 + number // 20000}.{number % 20000:05d}",
            "added": (first_day + dt.timedelta(days=number // 50)).isoformat(),
            "topics": topics,
            "abstract": " ".join(abstract_words).capitalize() + ".",
        }
        (content / "papers" / f"{paper_id}.yaml").write_text(
            "".join(f"{key}: {json.dumps(value)}\n" for key, value in text.items())
        )
    return content
