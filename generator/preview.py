"""A preview's quick pass: an edited paper's own page, shown at once from what the last
generation knew, while the whole site follows.

At a year's size a generation takes seconds (every file validated, related papers, listings,
feeds); a curator who saves a paper wants to see that paper. Its page depends on the paper
and on what the last generation knew (its related papers, its authors' pages, its neighbours
in its topics), so it can be rendered alone, from that, the moment the file is saved. The
whole generation runs right after, as it always did, and brings every other page (listings,
authors, feeds, search) to the edit; a page it renders differently replaces the quick one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.build import BuildRequest, load, place_index_now
from generator.cache import forget_generation
from generator.corpus import Corpus, load_paper
from generator.corpus.load import papers_folder
from generator.corpus.schema import Paper
from generator.engine.config import DOCS_DIR
from generator.errors import CorpusError
from generator.site.memo import PageMemo
from generator.site.paper_page import author_slugs, render_paper_page
from generator.site.related import RelatedIds, related_ids, related_texts
from generator.source import Source, write_source
from generator.write import write_atomically


@dataclass(frozen=True)
class Preview:
    """What a preview's last generation knew: enough to render one paper's page alone."""

    content_dir: Path
    build_dir: Path
    corpus: Corpus
    related: RelatedIds
    slugs: Mapping[str, str]  # `author_slugs` of the corpus


def generate_for_preview(
    request: BuildRequest, *, always: bool = False
) -> tuple[Source, Preview | None]:
    """Bring the build folder to the corpus, as `generate` does, and keep what a quick pass
    needs (None: nothing changed, what the last generation knew still holds). `always`: load
    the corpus even when nothing changed (a preview starting)."""
    loaded = load(request, always=always)
    corpus = loaded.corpus
    if corpus is None:
        return write_source(loaded), None
    related = related_ids(related_texts(corpus.papers))
    source = write_source(loaded, lambda: related)
    slugs = author_slugs(corpus.authors)  # as the pages worked them out
    return source, Preview(request.content_dir, loaded.build_dir, corpus, related, slugs)


def start_preview(request: BuildRequest) -> tuple[Source, Preview]:
    """A preview's first generation, search index included, and what it knows."""
    source, preview = generate_for_preview(request, always=True)
    assert preview is not None  # noqa: S101 (always loads: mypy cannot know)
    return place_index_now(source), preview


def show_edits(preview: Preview, changed: Collection[Path]) -> list[PurePosixPath]:
    """Write at once the page of each paper whose file is among `changed`, still there, known
    to the last generation and valid by itself; the pages written.

    Every other change (a paper added, removed or with a mistake, any other file) is left to
    the whole generation, which follows and reports mistakes. The page is rendered as a
    generation renders it, from the last generation's related papers and author pages; it
    changes the build folder behind the generation's back, so the generation's records of
    it are forgotten first: the next one renders it again whatever happens meanwhile.
    """
    edited = [paper for path in sorted(changed) if (paper := _edited_paper(preview, path))]
    if not edited:
        return []
    by_id = {paper.id: paper for paper in edited}
    papers = tuple(by_id.get(paper.id, paper) for paper in preview.corpus.papers)
    corpus = dataclasses.replace(preview.corpus, papers=papers)
    pages = []
    for paper in by_id.values():
        related = [
            corpus.papers_by_id[other]
            for other in preview.related.get(paper.id, ())
            if other in corpus.papers_by_id
        ]
        pages.append(render_paper_page(corpus, paper, preview.slugs, related))
    docs = preview.build_dir / DOCS_DIR
    changed_pages = [
        (here, page) for here, page in pages if not _holds(docs.joinpath(*here.parts), page)
    ]
    if changed_pages:
        forget_generation(preview.build_dir)
        PageMemo.drop(preview.build_dir, [here for here, _ in changed_pages])
    for here, page in changed_pages:
        write_atomically(docs.joinpath(*here.parts), page)
    return [here for here, _ in changed_pages]


def _edited_paper(preview: Preview, path: Path) -> Paper | None:
    """The paper in `path`, if it is the file of a paper the preview knows and valid alone."""
    if path.suffix != ".yaml" or path.stem not in preview.corpus.papers_by_id:
        return None
    if path.parent.resolve() != papers_folder(preview.content_dir).resolve():
        return None
    try:
        return load_paper(path, [topic.slug for topic in preview.corpus.topics])
    except CorpusError:  # the generation reports it
        return None


def _holds(path: Path, content: bytes) -> bool:
    try:
        return path.read_bytes() == content
    except OSError:
        return False
