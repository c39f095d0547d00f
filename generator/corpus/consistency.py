"""Checks across papers: duplicates (arXiv id, DOI, title) and dates in the future."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence

from generator.corpus.load import Document
from generator.corpus.schema import Paper
from generator.errors import Problem, display_path

NEAR_TITLE_RATIO = 0.9
"""Titles at least this similar (after normalisation) are reported as likely duplicates."""
_BLOCK_CHARACTERS = 16
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
# What is left of a version mark once digits are gone (v2, R1), and Roman numerals (II, IV).
_ROMAN_OR_VERSION = re.compile(r"r|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})")

Entry = tuple[Document, Paper]


def normalized_title(title: str) -> str:
    """A title reduced to what identifies it: compatibility form, case, letters and digits."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NOT_ALPHANUMERIC.sub(" ", folded).strip()


def today_anywhere() -> dt.date:
    """Today in the earliest time zone (UTC+14): no contributor's today is 'in the future'."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date()


def check_consistency(entries: Sequence[Entry], today: dt.date) -> list[Problem]:
    """Every duplicate and future date among `entries`, each naming both files.

    A duplicate is reported on the newer file (the one a pull request adds), naming the older.
    """
    oldest_first = sorted(entries, key=lambda entry: (entry[1].added, entry[0].path.name))
    problems = _same_value(oldest_first, "arxiv", "arXiv id", lambda paper: paper.arxiv)
    problems += _same_value(
        oldest_first, "doi", "DOI", lambda paper: paper.doi.lower() if paper.doi else None
    )
    problems += _similar_titles(oldest_first)
    problems += _future_dates(entries, today)
    return problems


def _same_value(
    entries: Sequence[Entry], field: str, name: str, value_of: Callable[[Paper], str | None]
) -> list[Problem]:
    first: dict[str, Entry] = {}
    problems = []
    for document, paper in entries:
        value = value_of(paper)
        if value is None:
            continue
        if value in first:
            other, _ = first[value]
            problems.append(
                Problem(
                    document.path,
                    document.line_of((field,)),
                    f"the {name} {value} is already in {_where(other, field)}",
                    "keep one file for the paper: merge what this one adds into the other",
                )
            )
        else:
            first[value] = (document, paper)
    return problems


def _similar_titles(entries: Sequence[Entry]) -> list[Problem]:
    """Equal titles after normalisation, and nearly equal ones within blocks of candidates.

    Papers whose arXiv ids or DOIs differ are different papers, whatever their titles, but an
    equal title under two ids is a warning (a mistyped id looks just like it). An equal title
    with nothing to tell the papers apart is an error; a nearly equal one a warning, since
    "Gemma 2" and "Gemma 3" are different papers. Comparing every pair is
    quadratic; titles are compared only with those sharing their first or last characters,
    where a typo or a changed word rarely reaches both ends.
    """
    titles = [normalized_title(paper.title) for _, paper in entries]
    blocks: defaultdict[str, list[int]] = defaultdict(list)
    for position, title in enumerate(titles):
        blocks["^" + title[:_BLOCK_CHARACTERS]].append(position)
        blocks["$" + title[-_BLOCK_CHARACTERS:]].append(position)
    reported: set[int] = set()
    problems = []
    for members in blocks.values():
        for index, later in enumerate(members):
            for earlier in members[:index]:
                if later in reported:
                    continue
                same = titles[earlier] == titles[later]
                if _ids_decide(entries[earlier][1], entries[later][1]):
                    if same:  # two papers, or one with a mistyped id: a person should look
                        reported.add(later)
                        problems.append(_same_title_other_id(entries[later], entries[earlier]))
                    continue
                if not same and not _alike(titles[earlier], titles[later]):
                    continue
                reported.add(later)
                document, _ = entries[later]
                where = _where(entries[earlier][0], "title")
                if same:
                    problems.append(
                        Problem(
                            document.path,
                            document.line_of(("title",)),
                            f"the same title is already in {where}",
                            "if both files are the same paper, keep one; if not, give each its"
                            " arXiv id or DOI, which tell them apart",
                        )
                    )
                else:
                    problems.append(
                        Problem(
                            document.path,
                            document.line_of(("title",)),
                            f"a nearly identical title is in {where}",
                            "if both files are the same paper, keep one; if not, give each its"
                            " arXiv id or DOI and this warning goes",
                            severity="warning",
                        )
                    )
    return problems


def _same_title_other_id(later: Entry, earlier: Entry) -> Problem:
    document, paper = later
    ids = " and ".join(
        f"{name} {value}"
        for name, value in (("arXiv", paper.arxiv), ("DOI", paper.doi))
        if value is not None
    )
    return Problem(
        document.path,
        document.line_of(("title",)),
        f"the same title, under another id, is in {_where(earlier[0], 'title')}",
        f"if both are one paper, one id is mistyped: check {ids} and keep one file; if they"
        " are two papers, nothing needs doing",
        severity="warning",
    )


def _ids_decide(first: Paper, second: Paper) -> bool:
    """Whether both papers have an arXiv id, or both a DOI: then the ids say if they are one.

    Different ids are different papers; an equal id is reported by `_same_value`.
    """
    return bool((first.arxiv and second.arxiv) or (first.doi and second.doi))


def series_key(title: str) -> str:
    """A normalised title without its numbers and version marks: 'Gemma 2' and 'Gemma 3' share it.

    Titles that differ only there name different members of a series, not the same paper.
    """
    return " ".join(
        word for word in _DIGITS.sub(" ", title).split() if not _ROMAN_OR_VERSION.fullmatch(word)
    )


def _alike(first: str, second: str) -> bool:
    if first == second:
        return True
    if series_key(first) == series_key(second):
        return False  # only a number or a version differs: the next in a series
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    return matcher.quick_ratio() >= NEAR_TITLE_RATIO and matcher.ratio() >= NEAR_TITLE_RATIO


def _future_dates(entries: Sequence[Entry], today: dt.date) -> list[Problem]:
    problems = []
    for document, paper in entries:
        if paper.added > today:
            problems.append(
                Problem(
                    document.path,
                    document.line_of(("added",)),
                    f"added: {paper.added.isoformat()} is in the future "
                    f"(today is {today.isoformat()})",
                    "write the day the paper is added, usually today",
                )
            )
        if paper.published and paper.published > today.isoformat()[: len(paper.published)]:
            problems.append(
                Problem(
                    document.path,
                    document.line_of(("published",)),
                    f"published: {paper.published} is in the future",
                    "write when the paper first appeared (YYYY-MM or YYYY-MM-DD)",
                )
            )
    return problems


def _where(document: Document, field: str) -> str:
    return f"{display_path(document.path)}:{document.line_of((field,))}"
