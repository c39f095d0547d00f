"""A year of the daily papers API, deterministic from a seed: the days' JSON answers, the
faults the API shows on some of them, and which topic each paper was written for."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass, field

from generator.corpus.model import Corpus
from tests.loopback import FAULTS


@dataclass(frozen=True)
class YearSettings:
    """How the stand-in year looks; every rate is per weekday."""

    first_day: dt.date
    days: int = 365
    per_day: int = 50
    in_topic: float = 1 / 3  # share of papers written for one of the archive's topics
    seed: int = 2027
    listed_twice: float = 0.05  # days where one paper appears twice
    trend_again: float = 0.04  # per paper: an earlier paper listed again instead
    retitled: float = 0.01  # per paper: an earlier paper again, under a new title
    series: float = 0.01  # per paper: the next title of a series (X-2, X 3, X 4 Technical Report)
    collaboration: float = 0.01  # per paper: 100 to 300 authors
    no_authors: float = 0.02
    with_code: float = 0.4
    markup_title: float = 0.03  # LaTeX or non-Latin letters in the title
    fault: float = 0.02  # days the API fails until it is asked again
    keyword_in_passing: float = 0.25  # general-AI papers that name a topic's keyword anyway
    incomplete: float = 0.005  # entries listed without an abstract


@dataclass
class StandInYear:
    """The API's answer for each day, its faulty days, and the topic behind each paper."""

    answers: dict[dt.date, bytes] = field(default_factory=dict)
    faults: dict[dt.date, str] = field(default_factory=dict)
    topic_of: dict[str, str | None] = field(default_factory=dict)  # arXiv id -> slug, or None
    retitled: dict[str, list[str]] = field(default_factory=dict)  # arXiv id -> its titles


GENERAL_SUBJECTS = (
    "Language Model Pretraining", "Instruction Tuning", "Reasoning Agents", "Code Generation",
    "Tokenizer Design", "Preference Optimization", "Long-Context Retrieval", "Speculative Decoding",
    "Mixture-of-Experts Routing", "Multilingual Chat Assistants", "Diffusion Transformers",
    "Speech Recognition", "Quantized Inference", "Reward Modeling", "Tool Use",
    "Text-to-Image Editing", "Vision-Language Models", "Math Word Problems", "Web Agents",
)  # fmt: skip
GENERAL_SENTENCES = (
    "We introduce {subject}, a simple recipe that scales to billions of parameters.",
    "Large language models still struggle with {subject} under realistic budgets.",
    "Our method improves {subject} by 4.2 points on average across twelve benchmarks.",
    "We release the data, the training code and the checkpoints.",
    "Experiments on standard leaderboards show consistent gains over strong baselines.",
    "We analyse failure cases and discuss the cost of {subject} at inference time.",
    "A reinforcement learning stage further improves sample efficiency.",
)
PREFIXES = ("", "Towards ", "Rethinking ", "On ", "Scaling ", "Learning ", "A Study of ")
MARKUP = ("$\\alpha$-", "$O(n \\log n)$ ", "Φ-", "Über-", "数据 ", "Ψ ")
FIRST_NAMES = (
    "Ada", "Wei", "Léa", "Sofía", "Łukasz", "Zoë", "Arjun", "Hana", "Mehmet", "Nguyễn", "Olga",
    "Kwame", "Yuki", "Jörg", "Ana", "Chen", "Priya", "Tomás", "Aylin", "Ibrahim",
)  # fmt: skip
LAST_NAMES = (
    "Zhang", "Müller", "García", "Kowalski", "Okafor", "Tanaka", "Singh", "Ivanova", "Dubois",
    "Rossi", "Kim", "Haddad", "Novák", "Silva", "Andersson", "Wang", "O'Brien", "Li", "Çelik",
)  # fmt: skip
SERIES = ("Orion", "Gemstone", "Lumen", "Atlas-VL", "Kestrel", "Nimbus")


@dataclass
class _Writer:
    """The state a year is written with: its randomness, the papers so far, the series."""

    settings: YearSettings
    topics: dict[str, tuple[tuple[str, str], ...]]  # slug -> curated (title, abstract)
    keywords: tuple[str, ...]  # every topic's keywords
    randomness: random.Random
    year: StandInYear = field(default_factory=StandInYear)
    earlier: list[dict[str, object]] = field(default_factory=list)
    serial: int = 0
    series_next: dict[str, int] = field(default_factory=dict)

    def paper(self, day: dt.date) -> dict[str, object]:
        """A new paper of `day`: its id, text, authors, code, written for a topic or not."""
        chance = self.randomness.random
        self.serial += 1
        arxiv = f"{day:%y%m}.{self.serial % 100000:05d}"
        slug = self._topic() if chance() < self.settings.in_topic else None
        title, abstract = self._text(slug)
        if chance() < self.settings.series:
            title = self._series_title()
        if chance() < self.settings.markup_title:
            title = self.randomness.choice(MARKUP) + title
        published = day - dt.timedelta(days=self.randomness.randint(0, 10))
        paper: dict[str, object] = {
            "id": arxiv,
            "title": title,
            "summary": abstract,
            "publishedAt": f"{published.isoformat()}T00:00:00.000Z",
            "authors": [{"name": name} for name in self._authors()],
            "ai_keywords": sorted(set(re.findall(r"[a-z]{6,}", abstract.casefold())))[:6],
            "ai_summary": abstract.split(". ")[0],
        }
        if chance() < self.settings.with_code:
            paper["githubRepo"] = f"https://github.com/lab{self.serial % 997}/{arxiv}"
            paper["githubStars"] = int(self.randomness.paretovariate(1.2) * 10)
        self.year.topic_of[arxiv] = slug
        return paper

    def _topic(self) -> str:
        slugs = sorted(self.topics)
        return self.randomness.choices(slugs, [len(self.topics[s]) for s in slugs])[0]

    def _text(self, slug: str | None) -> tuple[str, str]:
        """A title and abstract: for a topic, phrases of its curated papers; else general AI."""
        subject = self.randomness.choice(GENERAL_SUBJECTS)
        general = [s.format(subject=subject) for s in self.randomness.sample(GENERAL_SENTENCES, 4)]
        if slug is None:
            share = self.settings.keyword_in_passing
            if share and self.keywords and self.randomness.random() < share:
                # A general paper that names a field in passing, as real ones do: the
                # keyword matcher files it there, wrongly.
                keyword = self.randomness.choice(self.keywords)
                general.insert(2, f"Unlike prior work on {keyword}, it needs no extra labels.")
            return self.randomness.choice(PREFIXES) + subject, " ".join(general)
        # Two curated papers of the topic lend the title's words and the sentences: what a
        # new paper of that field shares with the ones already filed. No general sentence:
        # seven templates in every paper would make all papers alike by them alone.
        curated = self.randomness.sample(self.topics[slug], min(2, len(self.topics[slug])))
        words = [w for title, _ in curated for w in title.split() if len(w) > 3]
        title = " ".join(self.randomness.sample(words, min(5, len(words))))
        sentences = [s for _, abstract in curated for s in re.split(r"(?<=\.) ", abstract)]
        borrowed = self.randomness.sample(sentences, min(4, len(sentences)))
        return title or subject, " ".join(borrowed)

    def _series_title(self) -> str:
        name = self.randomness.choice(SERIES)
        number = self.series_next.get(name, 2)
        self.series_next[name] = number + 1
        shape = ("{}-{}", "{} {}", "{} {} Technical Report")[number % 3]
        return shape.format(name, number)

    def _authors(self) -> list[str]:
        chance = self.randomness.random
        if chance() < self.settings.no_authors:
            return []
        count = (
            self.randomness.randint(100, 300)
            if chance() < self.settings.collaboration
            else self.randomness.randint(1, 9)
        )
        return sorted({self._author() for _ in range(count)}, key=lambda _: chance())

    def _author(self) -> str:
        """One author: a heavy tail of who writes how much."""
        chance = self.randomness.random()
        if chance < 0.01:  # 30 prolific authors, author k on 1/k of their share: 100s a year
            weights = [1 / k for k in range(1, 31)]
            return self._name(self.randomness.choices(range(30), weights)[0])
        if chance < 0.06:  # 2,000 regulars, a few papers each
            return self._name(30 + self.randomness.randrange(2000))
        return self._name(2030 + self.randomness.randrange(400_000))  # mostly once

    def _name(self, number: int) -> str:
        """The `number`th name: a given name, an initial, a family name (double past 380)."""
        given, number = FIRST_NAMES[number % len(FIRST_NAMES)], number // len(FIRST_NAMES)
        family, number = LAST_NAMES[number % len(LAST_NAMES)], number // len(LAST_NAMES)
        if number:
            initial, number = "ABCDEFGHIJKLMNOPRSTVWY"[number % 22], number // 22
            family = f"{initial}. {family}"
        if number:
            family = f"{family}-{LAST_NAMES[number % len(LAST_NAMES)]}"
            if number >= len(LAST_NAMES):
                family = f"{FIRST_NAMES[(number // len(LAST_NAMES)) % len(FIRST_NAMES)]} {family}"
        return f"{given} {family}"

    def day(self, day: dt.date) -> list[dict[str, object]]:
        """The day's listing, most upvoted first, with the quirks real days have."""
        settings, chance = self.settings, self.randomness.random
        papers: list[dict[str, object]] = []
        for _ in range(settings.per_day):
            if self.earlier and chance() < settings.trend_again:
                papers.append(self.randomness.choice(self.earlier[-500:]))
            elif self.earlier and chance() < settings.retitled:
                again = self.randomness.choice(self.earlier[-500:])
                renamed = {**again, "title": f"{again['title']}: Revised and Extended"}
                self.year.retitled.setdefault(str(again["id"]), [str(again["title"])])
                self.year.retitled[str(again["id"])].append(str(renamed["title"]))
                papers.append(renamed)
            else:
                papers.append(self.paper(day))
                if chance() < settings.incomplete:
                    papers[-1] = {k: v for k, v in papers[-1].items() if k != "summary"}
        if papers and chance() < settings.listed_twice:
            papers.insert(self.randomness.randrange(len(papers)), self.randomness.choice(papers))
        self.earlier.extend(papers)
        upvotes = sorted(
            (int(self.randomness.paretovariate(1.1) * 3) for _ in papers), reverse=True
        )
        moment = f"{day.isoformat()}T08:00:00.000Z"
        return [
            {
                "paper": {**paper, "upvotes": votes, "submittedOnDailyAt": moment},
                "publishedAt": moment,
                "title": paper["title"],
                "numComments": self.randomness.randint(0, 12),
            }
            for paper, votes in zip(papers, upvotes, strict=True)
        ]


def write_year(settings: YearSettings, corpus: Corpus) -> StandInYear:
    """Every day's answer of the stand-in year, written for the topics of `corpus`."""
    topics = {
        slug: tuple((paper.title, paper.abstract) for paper in papers)
        for slug, papers in corpus.papers_by_topic.items()
        if papers
    }
    keywords = tuple(keyword for topic in corpus.topics for keyword in topic.keywords)
    randomness = random.Random(settings.seed)  # noqa: S311 (test data, not secrets)
    writer = _Writer(settings, topics, keywords, randomness)
    for offset in range(settings.days):
        day = settings.first_day + dt.timedelta(days=offset)
        listing = [] if day.weekday() >= 5 else writer.day(day)  # weekends list nothing
        writer.year.answers[day] = json.dumps(listing, ensure_ascii=False).encode()
        if listing and writer.randomness.random() < settings.fault:
            writer.year.faults[day] = writer.randomness.choice(FAULTS)
    return writer.year
