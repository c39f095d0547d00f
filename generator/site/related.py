"""Find each paper's most similar papers by the words of its title and abstract (TF-IDF cosine)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import generator_digest, keep, read_kept
from generator.corpus.schema import Paper

if TYPE_CHECKING:  # relating papers imports the text model only once asked (NumPy, SciPy)
    from generator.corpus.similarity import TextWords

RELATED_COUNT = 5
"""How many related papers a paper page lists."""

# Kept per paper before ties are ordered: the paper itself plus some room, so that papers tied
# at the cut are ordered by the rule below rather than by where the multiplication met them.
_CANDIDATES = RELATED_COUNT + 6

# Below this many papers before the quarter, words are weighted by every paper: a young
# archive's early papers would weigh too few words.
_WEIGHING_FROM = 100


RelatedIds = Mapping[str, tuple[str, ...]]
"""For each paper id, the ids of the papers most alike, most alike first."""


def related_papers(
    papers: Sequence[Paper], threads: int | None = None
) -> Mapping[str, tuple[Paper, ...]]:
    """Return, for each paper id, up to five other papers most alike in title and abstract.

    Papers that share no weighted word are never listed. Equal scores are ordered by the
    papers' order in `papers`; each score is summed in one fixed order, so the same corpus
    gives the same lists on any machine and with any number of `threads` (default: all cores).

    Words are weighted as the archive stood when the quarter of its newest paper began
    (`weighing_papers`): a day's new papers enter the lists of the papers they are like, and
    leave every other list as it was, where weights learnt from the whole archive would
    reorder hundreds of lists a day (911 of 3,600 for 50 new synthetic papers).
    """
    return papers_of(related_ids(related_texts(papers), threads), papers)


RelatedText = tuple[str, str, str, str]
"""What relating papers reads of one: its id, title, abstract and day added (ISO)."""


def related_texts(papers: Sequence[Paper]) -> list[RelatedText]:
    """What relating papers reads of each (plain data, which a second process can be sent)."""
    return [(paper.id, paper.title, paper.abstract, paper.added.isoformat()) for paper in papers]


def weighing_papers(added: Sequence[str]) -> list[int] | None:
    """The papers (positions) words are weighted by: those added before the quarter of the
    newest began, once they are `_WEIGHING_FROM` or more; else all (None)."""
    if not added:
        return None
    newest = max(added)
    quarter = f"{newest[:4]}-{(int(newest[5:7]) - 1) // 3 * 3 + 1:02d}-01"
    before = [position for position, day in enumerate(added) if day < quarter]
    return before if len(before) >= _WEIGHING_FROM else None


def papers_of(related: RelatedIds, papers: Sequence[Paper]) -> dict[str, tuple[Paper, ...]]:
    """`related_ids`'s lists, as the papers they name."""
    by_id = {paper.id: paper for paper in papers}
    return {paper_id: tuple(by_id[other] for other in ids) for paper_id, ids in related.items()}


def prepare_relating() -> None:
    """Import what relating papers needs, so a process can before it is asked."""
    import sparse_dot_topn  # noqa: F401, PLC0415

    import generator.corpus.similarity  # noqa: F401, PLC0415


def related_ids(
    texts: Sequence[RelatedText], threads: int | None = None, words_file: Path | None = None
) -> dict[str, tuple[str, ...]]:
    """`related_papers` for papers given as `related_texts`, by id.

    `words_file`: where the words each text says are kept between builds, for the texts
    that did not change (`word_counts`), in `marshal`'s format.
    """
    if len(texts) < 2:
        return {text[0]: () for text in texts}
    # Imported here: a command that relates no papers should not pay for them (NumPy and
    # SciPy: 0.3 s, in every build's first process).
    import numpy as np  # noqa: PLC0415
    from sparse_dot_topn import sp_matmul_topn  # noqa: PLC0415

    from generator.corpus.similarity import paper_vectors, weighted_text  # noqa: PLC0415

    weighted = [weighted_text(title, abstract) for _, title, abstract, _ in texts]
    known = _kept_words(words_file)
    used: dict[bytes, TextWords] | None = {} if words_file else None
    weighing = weighing_papers([text[3] for text in texts])
    try:
        vectors = paper_vectors(weighted, weighing, known, used)
    except ValueError:  # no paper has a word that is not a stop word: nothing relates them
        return {text[0]: () for text in texts}
    if words_file is not None:
        keep(words_file, generator_digest(), used)
    # The full similarity matrix would hold n² scores (10 GB at 50,000 papers): the product
    # keeps only each row's best, computed over every core.
    best = sp_matmul_topn(
        vectors,
        vectors.T,
        top_n=_CANDIDATES,
        threshold=0.0,
        n_threads=threads or usable_cpus(),
    )
    result: dict[str, tuple[str, ...]] = {}
    for row, (paper_id, *_) in enumerate(texts):
        start, end = best.indptr[row], best.indptr[row + 1]
        columns, scores = best.indices[start:end], best.data[start:end]
        order = np.lexsort((columns, -scores))
        chosen = [int(column) for column in columns[order] if column != row]
        result[paper_id] = tuple(texts[column][0] for column in chosen[:RELATED_COUNT])
    return result


def _kept_words(words_file: Path | None) -> dict[bytes, TextWords] | None:
    """The words of texts counted by the last build, from `words_file` (None: none is kept)."""
    if words_file is None:
        return None
    known = read_kept(words_file, generator_digest())  # other code may count words otherwise
    return known if isinstance(known, dict) else {}


def usable_cpus() -> int:
    """The CPUs this process may run on, on Linux, macOS and Windows alike."""
    process_cpu_count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if process_cpu_count is not None:
        return int(process_cpu_count() or 1)
    affinity = getattr(os, "sched_getaffinity", None)  # Linux; not macOS or Windows
    if affinity is not None:
        return len(affinity(0))
    return os.cpu_count() or 1
