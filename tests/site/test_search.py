"""The prebuilt search index finds papers by every field; the store holds only what results show."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path, PurePosixPath

import pytest
from lunr.index import Index

from generator.corpus import Corpus, load_corpus
from generator.corpus.model import has_code
from generator.engine import config as engine_config
from generator.engine.config import lunr_js, search_bundle, search_stemmer
from generator.errors import BuildError
from generator.site import cite
from generator.site import search as search_module
from generator.site.paths import (
    INDEX_FILE,
    SEARCH_FOLDER,
    SEARCH_PARTS,
    SPLIT_STORE_SCRIPT,
    STORE_FILE,
    STORE_FOLDER,
)
from generator.site.search import (
    build_index,
    index_key,
    render_search,
    search_documents,
    short_ref,
)
from generator.site.search_store import (
    CHUNKS_PER_BLOCK,
    STORE_CHUNK,
    render_store,
)
from tests.markdown_site import page_soup

THEME = Path(__file__).resolve().parents[2] / "theme"


@pytest.fixture
def corpus(corpus_dir: Path) -> Corpus:
    return load_corpus(corpus_dir)


def search(corpus: Corpus, query: str) -> list[str]:
    """Titles lunr.py finds for `query` in the corpus's index, best first."""
    index = Index.load(json.loads(build_index(search_documents(corpus))))
    titles = [paper.title for paper in corpus.papers]
    return [titles[int(hit["ref"], 36)] for hit in index.search(query)]


@pytest.mark.parametrize(
    ("position", "ref"), [(0, "0"), (9, "9"), (10, "a"), (35, "z"), (36, "10"), (50_000, "12kw")]
)
def test_refs_are_positions_in_base_36(position: int, ref: str) -> None:
    assert short_ref(position) == ref
    assert int(ref, 36) == position


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("superposition", "Toy Models of Superposition"),
        ("elhage", "Toy Models of Superposition"),  # an author
        ("eyeshadow", "PIQA: Reasoning about Physical Commonsense in Natural Language"),  # abstract
        ("title:wind", "Seeing the Wind from a Falling Leaf"),
    ],
)
def test_index_finds_papers_by_every_field(corpus: Corpus, query: str, expected_first: str) -> None:
    assert search(corpus, query)[0] == expected_first


def test_topic_names_are_searchable(corpus: Corpus) -> None:
    assert set(search(corpus, "topics:circuits")) == {
        "Toy Models of Superposition",
        "Interpretability in the Wild: a Circuit for Indirect Object Identification",
    }


def test_store_holds_results_without_abstracts(corpus: Corpus) -> None:
    files = render_search(corpus)
    manifest = json.loads(files[STORE_FILE])
    toy = stored_papers(files)[int(short_ref(3), 36)]
    assert toy == {
        "title": "Toy Models of Superposition",
        "authors": ["Nelson Elhage", "Tristan Hume"],
        "added": "2026-11-20",
        "year": 2022,
        "arxiv": "2209.10652",
        "topics": ["circuits"],
        "url": "papers/toy-models-of-superposition/",
        "excerpt": "Neural networks often pack many unrelated concepts into a single neuron.",
        "code": True,
    }
    assert manifest["topics"] == [["circuits", "Circuits"], ["physics", "Physics"]]
    assert not any(b"<" in content for path, content in files.items() if path.suffix == ".json")


def stored_papers(files: dict[PurePosixPath, bytes]) -> list[dict[str, object]]:
    """The store's papers, newest first (at their refs), from its chunks."""
    manifest = json.loads(files[STORE_FILE])

    def name_of(number: int) -> str:  # as the page names a chunk, from the manifest
        block = manifest["blocks"][number // manifest["block"]]
        return str(manifest["chunk_name"]).format(block=block, number=number)

    chunks = [
        json.loads(files[SEARCH_FOLDER / name_of(number)])
        for number in range(-(-manifest["papers"] // manifest["chunk"]))
    ]
    assert all(len(chunk) == manifest["chunk"] for chunk in chunks[:-1])
    oldest_first = [paper for chunk in chunks for paper in chunk]
    assert len(oldest_first) == manifest["papers"]
    return oldest_first[::-1]


def test_the_filter_and_arxiv_tables_hold_every_paper(corpus: Corpus) -> None:
    files = render_store(corpus)
    manifest = json.loads(files[STORE_FILE])
    filters = json.loads(files[SEARCH_FOLDER / manifest["filters"]])
    arxiv = json.loads(files[SEARCH_FOLDER / manifest["arxiv"]])
    slugs = [slug for slug, _ in manifest["topics"]]
    for position, paper in enumerate(corpus.papers):
        assert filters["years"][position] == (int(paper.published[:4]) if paper.published else None)
        assert [slugs[number] for number in filters["topics"][position]] == list(paper.topics)
        assert filters["code"][position] == ("1" if has_code(paper) else "0")
        if paper.arxiv:
            assert position in arxiv[paper.arxiv.lower()]
    assert sum(len(positions) for positions in arxiv.values()) == sum(
        1 for paper in corpus.papers if paper.arxiv
    )


def test_a_new_paper_leaves_the_older_chunks_as_browsers_cached_them(corpus_dir: Path) -> None:
    def paper(name: str, added: str) -> None:
        (corpus_dir / "papers" / f"{name}.yaml").write_text(
            f"id: {name}\ntitle: Paper {name}\nadded: {added}\ntopics: [circuits]\n"
            f"abstract: About {name}.\n",
            encoding="utf-8",
        )

    for number in range(3 * STORE_CHUNK * CHUNKS_PER_BLOCK):
        paper(f"older-{number:02}", f"2026-10-{1 + number % 28:02}")

    def chunks() -> set[PurePosixPath]:
        files = render_store(load_corpus(corpus_dir))
        return {path for path in files if path.parent == STORE_FOLDER and path.stem[-1].isdigit()}

    before = chunks()
    paper("newest", "2026-11-30")
    after = chunks()
    assert len(before) >= 3 * CHUNKS_PER_BLOCK
    # Only the newest block's chunks are renamed, the paper's and the others of its block.
    assert len(after - before) <= CHUNKS_PER_BLOCK + 1
    assert len(before - after) <= CHUNKS_PER_BLOCK


def test_search_page_offers_every_topic_and_year(corpus: Corpus) -> None:
    files = render_search(corpus)
    soup = page_soup(files[PurePosixPath("search/index.md")])
    topics = [(o["value"], o.get_text()) for o in soup.select("#paper-search-topic option")]
    assert topics == [("", "All topics"), ("circuits", "Circuits"), ("physics", "Physics")]
    years = [o.get_text() for o in soup.select("#paper-search-year option")]
    assert years == ["All years", "2025", "2022"]  # the years papers appeared, none made up
    # One script, which the page also runs as its worker.
    assert [script["src"] for script in soup.find_all("script")] == [
        "../assets/javascripts/search-bundle.js"
    ]
    search = soup.select_one("#paper-search")
    assert search is not None
    assert search["data-index"] == INDEX_FILE.name


def test_topic_names_in_the_form_are_escaped_for_html(corpus_dir: Path) -> None:
    topics = corpus_dir / "topics.yaml"
    topics.write_text(
        topics.read_text().replace("title: Physics", "title: 'Physics <b>&</b> \"more\"'")
    )
    files = render_search(load_corpus(corpus_dir))
    soup = page_soup(files[PurePosixPath("search/index.md")])
    option = soup.select("#paper-search-topic option")[2]
    assert option.get_text() == 'Physics <b>&</b> "more"'
    assert option.find("b") is None


def test_index_is_deterministic(corpus: Corpus) -> None:
    documents = search_documents(corpus)
    assert build_index(documents) == build_index(documents)


def test_an_undated_paper_has_no_year_in_search_filters_or_citations(corpus_dir: Path) -> None:
    (corpus_dir / "papers" / "undated.yaml").write_text(
        'id: undated\ntitle: An Undated Paper\narxiv: "2101.00001"\nadded: 2026-11-24\n'
        "topics: [circuits]\nabstract: When it appeared, nobody recorded.\n",
        encoding="utf-8",
    )
    corpus = load_corpus(corpus_dir)
    papers = stored_papers(render_store(corpus))
    position = [paper.id for paper in corpus.papers].index("undated")
    assert papers[position]["year"] is None  # not 2026, the year it was added
    assert papers[position]["arxiv"] == "2101.00001"
    page = render_search(corpus)[PurePosixPath("search/index.md")].decode()
    offered = re.findall(r'<option value="(\d{4})">', page)
    assert offered == sorted({p.published[:4] for p in corpus.papers if p.published}, reverse=True)
    assert "year" not in cite.bibtex_entry(corpus.papers_by_id["undated"])
    assert "(20" not in cite.plain_citation(corpus.papers_by_id["undated"])


def test_the_search_script_is_lunr_js_then_the_theme_parts_in_order() -> None:
    bundle = search_bundle(THEME)
    assert bundle.startswith(lunr_js().rstrip())
    where = [bundle.index((THEME / part).read_bytes().rstrip()) for part in SEARCH_PARTS]
    assert where == sorted(where)
    assert where[0] > 0


def test_the_search_page_s_head_gets_lunr_js_s_own_stemmer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stemmer = search_stemmer()
    assert stemmer.startswith("(function(){")
    assert stemmer.endswith("})()")
    assert "porterStemmer" in stemmer
    assert stemmer in lunr_js().decode()
    monkeypatch.setattr(engine_config, "lunr_js", lambda: b"lunr.stemmer = function () {};")
    with pytest.raises(BuildError, match="stemmer was not found"):
        search_stemmer()


def test_a_missing_search_script_is_named(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    (theme / SPLIT_STORE_SCRIPT).unlink()
    with pytest.raises(BuildError, match=r"split-store\.js is missing"):
        search_bundle(theme)


def test_a_change_to_the_index_s_code_changes_its_cache_key(
    tmp_path: Path, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = search_documents(corpus)
    for name in search_module._INDEX_CODE:
        shutil.copy(search_module._HERE / name, tmp_path / name)
    monkeypatch.setattr(search_module, "_HERE", tmp_path)
    before = index_key(documents)
    assert index_key(documents) == before  # the same code and text: the cached index serves
    with (tmp_path / "search_shards.py").open("a") as module:
        module.write("# the shards' format changed\n")
    assert index_key(documents) != before
