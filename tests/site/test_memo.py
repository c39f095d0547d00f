"""Paper pages kept from the last generation: read back only when everything they show is the
same, rendered again otherwise; what a page's key holds is what its template reads."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath

import pytest
import yaml

from generator.build import BuildRequest, generate
from generator.corpus import load_corpus
from generator.corpus.model import Corpus, Trend
from generator.corpus.schema import Paper
from generator.project import Project
from generator.site import memo as memo_module
from generator.site import paper_page, templating
from generator.site.memo import PageMemo
from generator.site.paper_page import PAPER_TEMPLATE, Neighbour
from generator.site.paths import paper_path
from generator.site.related import related_papers
from generator.write import OnDisk
from tests.conftest import PROJECT_ROOT, generated_files

TEMPLATES = PROJECT_ROOT / "generator" / "site" / "templates"
PAGE = PurePosixPath("papers/a.md")


def templates_read_by(name: str) -> list[Path]:
    """A template and every template it includes, however deep."""
    found, pending = [], [name]
    while pending:
        path = TEMPLATES / pending.pop()
        if path not in found:
            found.append(path)
            pending += re.findall(r'{%-?\s*include\s+"([^"]+)"', path.read_text())
    return found


def test_the_paper_template_reads_of_the_corpus_only_what_its_key_holds() -> None:
    # The key holds the corpus's topics (`topics_of`) and its settings (`site`), nothing else.
    read = {
        attribute
        for path in templates_read_by(PAPER_TEMPLATE)
        for attribute in re.findall(r"\bcorpus\.(\w+)", path.read_text())
    }
    assert read == {"topics_of"}


def test_a_paper_page_shows_of_the_papers_it_links_only_their_address_title_and_topics() -> None:
    corpus = load_corpus(PROJECT_ROOT / "content")
    paper = next(p for p in corpus.papers if p.id == "toy-models-of-superposition")
    related = related_papers(corpus.papers)[paper.id]
    neighbours = paper_page._neighbours(corpus)[paper.id]
    assert related
    assert any(newer or older for _, newer, older in neighbours)
    changed = {
        "abstract": "Another abstract.",
        "authors": ("Someone Else",),
        "published": "1999-01",
        "added": dt.date(2000, 1, 1),
        "links": {"code": "https://example.org/other"},
        "arxiv": "1901.00001",
    }

    def altered(other: Paper | None) -> Paper | None:
        return other.model_copy(update=changed) if other is not None else None

    def page(related_now: Sequence[Paper], neighbours_now: Sequence[Neighbour]) -> bytes:
        return paper_page._render_paper_page(
            corpus,
            paper,
            paper_path(paper),
            [],
            related=related_now,
            neighbours=neighbours_now,
        )

    assert page(related, neighbours) == page(
        [other.model_copy(update=changed) for other in related],
        [(topic, altered(newer), altered(older)) for topic, newer, older in neighbours],
    )
    # ... and it does show their titles: a changed title is a changed page.
    retitled = [other.model_copy(update={"title": "Retitled"}) for other in related]
    assert page(related, neighbours) != page(retitled, neighbours)


def calls(render_count: list[int], content: bytes) -> Callable[[], bytes]:
    def render() -> bytes:
        render_count[0] += 1
        return content

    return render


def test_a_page_is_kept_only_while_its_inputs_stay_the_same(tmp_path: Path) -> None:
    docs = tmp_path / "build" / "docs"
    (docs / "papers").mkdir(parents=True)
    rendered = [0]
    first = PageMemo.load(tmp_path / "build", docs)
    assert first.render(PAGE, ("inputs", 1), calls(rendered, b"first")) == b"first"
    (docs / "papers" / "a.md").write_bytes(b"as written")
    first.save(tmp_path / "build")

    kept = PageMemo.load(tmp_path / "build", docs)
    # Left where it is, not read: the sync leaves it there, anyone else may read it.
    assert kept.render(PAGE, ("inputs", 1), calls(rendered, b"again")) == OnDisk(
        docs / "papers" / "a.md"
    )
    assert (rendered[0], kept.reused) == (1, 1)
    changed = PageMemo.load(tmp_path / "build", docs)
    assert changed.render(PAGE, ("inputs", 2), calls(rendered, b"new")) == b"new"
    (docs / "papers" / "a.md").unlink()  # a page gone from the build folder is rendered again
    assert (
        PageMemo.load(tmp_path / "build", docs).render(
            PAGE, ("inputs", 1), calls(rendered, b"redone")
        )
        == b"redone"
    )
    assert rendered[0] == 3


def test_no_page_is_read_back_after_the_generator_changed_or_a_sync_began(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = tmp_path / "build"
    (build / "docs" / "papers").mkdir(parents=True)
    (build / "docs" / "papers" / "a.md").write_bytes(b"as written")
    memo = PageMemo.load(build, build / "docs")
    memo.render(PAGE, "inputs", lambda: b"as written")
    memo.save(build)
    rendered = [0]
    with monkeypatch.context() as patch:
        patch.setattr(memo_module, "generator_digest", lambda: "other code")
        PageMemo.load(build, build / "docs").render(PAGE, "inputs", calls(rendered, b"x"))
    assert rendered == [1]
    PageMemo.forget(build)  # as a sync begins: a build stopped in it leaves no keys behind
    PageMemo.load(build, build / "docs").render(PAGE, "inputs", calls(rendered, b"x"))
    assert rendered == [2]


def test_a_key_changes_with_any_value_a_page_shows() -> None:
    corpus = load_corpus(PROJECT_ROOT / "content")
    paper = corpus.papers[0]
    snapshot = corpus.snapshots[0]
    inputs = (paper, [Trend(snapshot, 1, 10)], {"a": "1", "b": None})
    variants = [
        (paper.model_copy(update={"abstract": paper.abstract + "."}), [Trend(snapshot, 1, 10)]),
        (paper, [Trend(snapshot, 1, 11)]),
        (paper, [Trend(snapshot, 2, 10)]),
        (paper, [Trend(snapshot.model_copy(update={"date": dt.date(2001, 1, 1)}), 1, 10)]),
        (paper, [Trend(snapshot, 1, 10, stars=3)]),
    ]
    key = PageMemo().key
    assert key(inputs) == key(inputs)
    others = {key((*variant, {"a": "1", "b": None})) for variant in variants}
    others |= {
        key((paper, [Trend(snapshot, 1, 10)], changed))
        for changed in ({"a": 1, "b": None}, {"b": None, "a": "1"}, {"a": "1", "b": ""})
    }
    assert key(inputs) not in others
    assert len(others) == len(variants) + 3
    with pytest.raises(TypeError, match="cannot be keyed"):
        key(object())


def shown_by_each_page(content: Path) -> dict[str, object]:
    """Per paper: its record, and what its page shows of the papers it links."""
    corpus = load_corpus(content)
    related = related_papers(corpus.papers)
    neighbours = paper_page._neighbours(corpus)

    def linked(other: Paper | None) -> object:
        return other and (other.id, other.title, other.topics)

    return {
        paper.id: (
            paper,
            [linked(other) for other in related[paper.id]],
            [(topic, linked(new), linked(old)) for topic, new, old in neighbours[paper.id]],
        )
        for paper in corpus.papers
    }


def test_after_one_paper_changed_only_the_pages_showing_it_are_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = Path(shutil.copytree(PROJECT_ROOT / "content", tmp_path / "content"))
    request = BuildRequest(Project(PROJECT_ROOT), content, tmp_path / "build", tmp_path / "site")
    generate(request)
    rendered: list[str] = []
    render_page = templating.render_page

    def counted(corpus: Corpus, template: str, here: PurePosixPath, **context: object) -> bytes:
        rendered.append(here.stem)
        return render_page(corpus, template, here, **context)

    monkeypatch.setattr(paper_page, "render_page", counted)
    about = content / "pages" / "about.md"
    about.write_text(about.read_text() + "\nMore about us.\n")
    generate(request)  # the site changed, no paper page did: none is rendered
    assert rendered == []

    before = shown_by_each_page(content)
    paper = content / "papers" / "toy-models-of-superposition.yaml"
    paper.write_text(paper.read_text().replace("title: ", "title: Revised ", 1))
    generate(request)
    after = shown_by_each_page(content)
    # The paper, and the pages whose related papers or neighbours it retitled or reordered.
    changed = {paper_id for paper_id in after if after[paper_id] != before[paper_id]}
    assert "toy-models-of-superposition" in changed
    assert len(changed) < len(after) // 4
    assert sorted(rendered) == sorted(changed)


MEMOISED_TEMPLATES = [
    "part.md.j2",
    "author_part.md.j2",
    "author_letter.md.j2",
    "author_shelf.md.j2",
    "day.md.j2",
]
"""The templates rendered through `render_kept`, whose key holds what they are given."""


@pytest.mark.parametrize("template", MEMOISED_TEMPLATES)
def test_a_memoised_template_reads_of_the_corpus_only_what_its_key_holds(template: str) -> None:
    # The key holds what the page is given, the corpus's topics and its settings.
    read = {
        attribute
        for path in templates_read_by(template)
        for attribute in re.findall(r"\bcorpus\.(\w+)", path.read_text())
    }
    assert read <= {"topics_of", "site"}


def test_the_memoised_templates_are_those_rendered_through_render_kept() -> None:
    code = "\n".join(
        path.read_text() for path in (PROJECT_ROOT / "generator" / "site").glob("*.py")
    )
    kept = set(re.findall(r'render_kept\(\s*memo,\s*corpus,\s*"([^"]+)"', code))
    passed = set(re.findall(r'template="([^"]+)",', code))  # to add_parts or _add_names
    assert kept | passed == set(MEMOISED_TEMPLATES)


def test_after_one_paper_changed_only_the_listing_pages_showing_it_are_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = Path(shutil.copytree(PROJECT_ROOT / "content", tmp_path / "content"))
    settings = content / "corpus.yaml"
    # Pages of 4 papers: listings, topics and prolific authors all split into pages by count;
    # 680 names split the author index by letter.
    settings.write_text(settings.read_text() + "listing_size: 4\n")
    request = BuildRequest(Project(PROJECT_ROOT), content, tmp_path / "build", tmp_path / "site")
    generate(request)
    rendered: list[str] = []
    render_page = templating.render_page

    def counted(corpus: Corpus, template: str, here: PurePosixPath, **context: object) -> bytes:
        if template in MEMOISED_TEMPLATES:
            rendered.append(here.as_posix())
        return render_page(corpus, template, here, **context)

    monkeypatch.setattr(templating, "render_page", counted)
    corpus = load_corpus(content)
    paper = corpus.papers[len(corpus.papers) // 2]
    edited = paper_file_of(content, paper.id)
    data = yaml.safe_load(edited.read_text())
    edited.write_text(yaml.safe_dump({**data, "title": f"{paper.title}, revised"}))
    generate(request)

    docs = tmp_path / "build" / "docs"
    # The pages that link the paper (by its source, or its built address in raw HTML): those
    # that show its title.
    showing = {
        path.relative_to(docs).as_posix()
        for path in docs.rglob("*.md")
        if f"{paper.id}.md)" in (text := path.read_text()) or f'/{paper.id}/"' in text
    }
    # A letter of the author index shows its authors' papers: one changed, it may be again.
    letters = {path.relative_to(docs).as_posix() for path in docs.glob("authors/by-letter/*.md")}
    assert set(rendered) <= showing | letters  # no other page by count was rendered again
    assert {"all", "topics"} <= {path.split("/")[0] for path in rendered}
    assert len(letters - set(rendered)) > len(letters) / 2  # the others were read back
    clean = BuildRequest(Project(PROJECT_ROOT), content, tmp_path / "clean", tmp_path / "site")
    generate(clean)
    assert generated_files(tmp_path / "build") == generated_files(tmp_path / "clean")


def paper_file_of(content: Path, paper_id: str) -> Path:
    return content / "papers" / f"{paper_id}.yaml"
