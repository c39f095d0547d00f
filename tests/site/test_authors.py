"""Authors: one per person whatever the Unicode form or spacing, a page from two papers on."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path, PurePosixPath

import pytest

from generator.cli import main
from generator.corpus import load_corpus
from generator.corpus.authors import index_authors, name_key
from generator.site import author_index
from generator.site.pages import render_pages
from generator.site.tree import SiteTree
from tests.markdown_site import page_soup, split_page
from tests.test_incremental import build_site, clean_build, digests

# Papers added to the fixture, whose Toy Models of Superposition is by Nelson Elhage and
# Tristan Hume. The same people are spelled with other spaces, cases and Unicode forms.
ZOE_COMPOSED = unicodedata.normalize("NFC", "Zoë Ólafsdóttir")
ZOE_DECOMPOSED = unicodedata.normalize("NFD", "Zoë Ólafsdóttir")
EXTRA_PAPERS = {
    "features": ["Nelson  Elhage", "Chris Olah", ZOE_COMPOSED, "王小明", "José Li"],
    "circuits-zoo": ["Chris\u00a0Olah", "NELSON ELHAGE", ZOE_DECOMPOSED, "王小明", "Jose Li"],
    "lone-work": ["Index"],
    "index-again": ["  Index "],
}


def add_papers(corpus_dir: Path, papers: dict[str, list[str]], topic: str = "circuits") -> None:
    for number, (paper_id, authors) in enumerate(papers.items()):
        (corpus_dir / "papers" / f"{paper_id}.yaml").write_text(
            f"id: {paper_id}\ntitle: Paper on {paper_id}\nadded: 2026-11-1{number}\n"
            f"topics: [{topic}]\nauthors: {json.dumps(authors)}\nabstract: About {paper_id}.\n",
            encoding="utf-8",
        )


@pytest.fixture
def authored_dir(corpus_dir: Path) -> Path:
    add_papers(corpus_dir, EXTRA_PAPERS)
    return corpus_dir


@pytest.fixture
def tree(authored_dir: Path) -> SiteTree:
    return render_pages(load_corpus(authored_dir))


def test_a_name_is_one_author_whatever_its_unicode_form_spacing_or_case() -> None:
    same = ["José Li", "Jose\u0301 Li", "José  Li", "José\u00a0Li", " JOSÉ LI ", "José\tLi"]
    assert len({name_key(name) for name in same}) == 1
    assert name_key("Jose Li") != name_key("José Li")  # an accent can tell two people apart
    full_width = "\uff2a\uff4f\uff53\u00e9 \uff2c\uff49"  # compatibility forms of letters
    assert name_key(full_width) == name_key("José Li")


def test_authors_are_merged_and_shown_in_their_commonest_spelling(authored_dir: Path) -> None:
    corpus = load_corpus(authored_dir)
    authors = {author.name: author for author in index_authors(corpus.papers)}
    assert [paper.id for paper in authors["Nelson Elhage"].papers] == [
        "toy-models-of-superposition",
        "circuits-zoo",
        "features",
    ]
    assert authors["Chris Olah"].papers == authors["Nelson Elhage"].papers[1:]
    assert len(authors[ZOE_COMPOSED].papers) == 2
    assert len(authors["Index"].papers) == 2  # twice in one paper counts once
    assert len(authors["José Li"].papers) == len(authors["Jose Li"].papers) == 1
    assert "NELSON ELHAGE" not in authors
    assert all(unicodedata.is_normalized("NFC", name) for name in authors)


def test_slugs_are_readable_unique_and_independent_of_paper_order(authored_dir: Path) -> None:
    corpus = load_corpus(authored_dir)
    slugs = {author.name: author.slug for author in index_authors(corpus.papers)}
    assert slugs["Nelson Elhage"] == "nelson-elhage"
    assert slugs[ZOE_COMPOSED] == "zoe-olafsdottir"
    assert slugs["王小明"].startswith("author-")
    assert slugs["José Li"].startswith("jose-li-")
    assert slugs["Jose Li"].startswith("jose-li-")
    assert slugs["Index"].startswith("index-")  # authors/index.md is the index itself
    assert len(set(slugs.values())) == len(slugs)
    reversed_order = index_authors(tuple(reversed(corpus.papers)))
    assert {author.name: author.slug for author in reversed_order} == slugs


def test_family_names_order_the_index(authored_dir: Path) -> None:
    names = [author.name for author in index_authors(load_corpus(authored_dir).papers)]
    assert names.index("Nelson Elhage") < names.index("Tristan Hume") < names.index("Jose Li")
    assert names.index(ZOE_COMPOSED) < names.index("Chris Olah")  # Ólafsdóttir sorts as O-l-a-f
    assert names[-1] == "王小明"  # other scripts come last, under "Other"


def test_a_page_for_each_author_of_two_papers_or_more(tree: SiteTree) -> None:
    pages_made = sorted(path.as_posix() for path in tree if path.parts[0] == "authors")
    names = sorted(str(split_page(tree[PurePosixPath(path)])[0]["title"]) for path in pages_made)
    assert names == sorted(
        ["Authors", "Nelson Elhage", "Chris Olah", ZOE_COMPOSED, "王小明", "Index"]
    )
    soup = page_soup(tree[PurePosixPath("authors/chris-olah.md")])
    cards = [heading.get_text() for heading in soup.select(".paper-card__title")]
    assert cards == ["Paper on circuits-zoo", "Paper on features"]
    coauthors = [item.get_text() for item in soup.select("h2#co-authors + ul > li")]
    assert "Nelson Elhage: 2 papers together" in coauthors
    assert "Jose Li: 1 paper together" in coauthors


def test_the_index_lists_everyone_and_links_pages_or_papers(tree: SiteTree) -> None:
    soup = page_soup(tree[PurePosixPath("authors/index.md")])
    entries = {item.get_text(): item.a and item.a["href"] for item in soup.select("h2 + ul > li")}
    # Raw HTML (hundreds of names to a page): the built pages' addresses, not the sources'.
    assert entries["Nelson Elhage: 3 papers"] == "nelson-elhage/"
    assert entries["Tristan Hume: Toy Models of Superposition"] == (
        "../papers/toy-models-of-superposition/"
    )
    assert len(entries) == 8
    letters = [link.get_text() for link in soup.select("nav.author-letters a")]
    assert letters == [heading.get_text() for heading in soup.select("h2")]
    assert letters[-1] == "Other"


def test_paper_pages_link_authors_who_have_a_page(tree: SiteTree) -> None:
    soup = page_soup(tree[PurePosixPath("papers/toy-models-of-superposition.md")])
    byline = soup.select_one(".paper-meta")
    assert byline is not None
    assert [(a.get_text(), a["href"]) for a in byline.find_all("a")] == [
        ("Nelson Elhage", "../authors/nelson-elhage.md")
    ]
    assert byline.get_text().startswith("Nelson Elhage, Tristan Hume · Published")


def test_a_long_index_splits_by_letter(authored_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(author_index, "AUTHOR_INDEX_SIZE", 3)
    tree = render_pages(load_corpus(authored_dir))
    letter_pages = sorted(p.as_posix() for p in tree if p.parts[:2] == ("authors", "by-letter"))
    assert letter_pages == [f"authors/by-letter/{x}.md" for x in ["e", "h", "i", "l", "o", "other"]]
    listed = []
    for page in letter_pages:
        listed += [item.get_text() for item in page_soup(tree[PurePosixPath(page)]).select("li")]
    assert len(listed) == 8
    index = page_soup(tree[PurePosixPath("authors/index.md")])
    assert [a["href"] for a in index.select("li a")][-1] == "by-letter/other.md"


def test_a_long_letter_splits_by_the_letters_that_follow(
    authored_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(author_index, "AUTHOR_INDEX_SIZE", 1)  # every page holds one name
    tree = render_pages(load_corpus(authored_dir))
    listed = []
    for path in tree:
        if path.suffix == ".md" and path.parts[:2] in {
            ("authors", "by-letter"),
            ("authors", "by-name"),
        }:
            listed += [
                item.get_text() for item in page_soup(tree[path]).select("ul.author-list li")
            ]
    assert len(listed) == len(set(listed)) == 8  # every author once, on one page
    # Ólafsdóttir and Olah part at their fourth letter: a page each, linked by O's page.
    letter = page_soup(tree[PurePosixPath("authors/by-letter/o.md")])
    links = [(a.get_text(), a["href"]) for a in letter.select("li a")]
    assert links == [
        (ZOE_COMPOSED, "../by-name/olaf.md"),
        ("Chris Olah", "../by-name/olah.md"),
    ]
    olaf = page_soup(tree[PurePosixPath("authors/by-name/olaf.md")])
    assert [a["href"] for a in olaf.select("nav.pages a")] == ["olah.md"]
    assert ZOE_COMPOSED in [a.get_text() for a in olaf.select("ul.author-list a")]
    olah = page_soup(tree[PurePosixPath("authors/by-name/olah.md")])
    assert [a.get_text() for a in olah.select("nav.pages a")] == ["Previous page"]
    # The groups split on the way there, and O's second page by count, lead to O's page.
    moved = {"by-name/ol": "../../by-letter/o/", "by-name/ola.e-h": "../../by-letter/o/"}
    moved |= {"by-name/o.i-n": "../../by-letter/o/", "by-letter/o-2": "../o/"}
    for old, address in moved.items():
        redirect = tree[PurePosixPath(f"authors/{old}/index.html")].decode()
        assert f'content="0; url={address}"' in redirect
    # José Li and Jose Li fold alike: no letter parts them, so L goes by count.
    first = page_soup(tree[PurePosixPath("authors/by-letter/l.md")])
    heading = first.select_one("h1")
    assert heading is not None
    assert "(1 of 2)" in heading.get_text()
    assert [a["href"] for a in first.select("nav.pages a")] == ["l-2.md"]


def test_a_new_name_changes_only_its_own_page_of_the_index(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(author_index, "AUTHOR_INDEX_SIZE", 4)
    families = ["Maas", "Mabe", "Mace", "Meyer", "Mills", "Milo", "Moore", "Muir", "Murphy"]
    names = [f"{given} {family}" for family in families for given in ["Ada", "Ben"]]
    add_papers(corpus_dir, {"many-authors": names})
    before = render_pages(load_corpus(corpus_dir))
    add_papers(corpus_dir, {"paper-new": ["Cy Meyer"]})  # after Ben Meyer: the rest would shift
    after = render_pages(load_corpus(corpus_dir))

    def index_pages(tree: SiteTree) -> dict[str, bytes]:
        return {path.as_posix(): tree[path] for path in tree if "by-name" in path.parts}

    old, new = index_pages(before), index_pages(after)
    assert old.keys() == new.keys()
    changed = [path for path in new if new[path] != old[path]]
    assert len(changed) == 1
    assert "Cy Meyer" in new[changed[0]].decode()
    assert len(old) > 3  # M is split into several pages


def test_an_empty_author_index_when_no_paper_names_its_authors(
    corpus_dir: Path, tmp_path: Path
) -> None:
    toy = corpus_dir / "papers" / "toy-models-of-superposition.yaml"
    text = toy.read_text().replace("authors:\n  - Nelson Elhage\n  - Tristan Hume\n", "")
    toy.write_text(text)
    tree = render_pages(load_corpus(corpus_dir))
    # The index stays, empty, so that hand-written links to it hold; no author has a page.
    assert [path.as_posix() for path in tree if path.parts[0] == "authors"] == ["authors/index.md"]
    assert (
        "No paper lists its authors yet."
        in page_soup(tree[PurePosixPath("authors/index.md")]).get_text()
    )
    (corpus_dir / "pages" / "about.md").write_text("# About\n\n[Authors](authors/index.md)\n")
    site = tmp_path / "site"
    arguments = ["build", "-q", "--content", str(corpus_dir), "--site-dir", str(site)]
    assert main([*arguments, "--build-dir", str(tmp_path / "build")]) == 0  # strict: links hold
    assert 'href="authors/"' not in (site / "index.html").read_text()  # not in the navigation


@pytest.mark.slow
def test_the_engine_builds_author_pages_with_working_links(
    authored_dir: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    arguments = ["build", "-q", "--content", str(authored_dir), "--site-dir", str(site)]
    assert main([*arguments, "--build-dir", str(tmp_path / "build")]) == 0  # strict: links hold
    assert (site / "authors" / "nelson-elhage" / "index.html").is_file()
    assert (site / "authors" / "zoe-olafsdottir" / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="authors/"' in home  # in the navigation


@pytest.mark.slow
def test_a_letter_split_by_the_letters_that_follow_builds_day_by_day_as_clean(
    shipped_corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The shipped letters split, some deeply.
    monkeypatch.setattr(author_index, "AUTHOR_INDEX_SIZE", 30)
    build_site(shipped_corpus_dir, tmp_path / "daily")
    names = ["Ada Maas", "Ben Li", "Cy Wang", "Dee Zhang"]  # among the commonest letters
    add_papers(shipped_corpus_dir, {"new-names": names}, topic="mechanistic-interpretability")
    build_site(shipped_corpus_dir, tmp_path / "daily")
    site = tmp_path / "daily" / "site"
    assert digests(site) == clean_build(shipped_corpus_dir, tmp_path / "clean")
    # Each redirect leads to a page the site has (strict builds check the pages' own links).
    index = [*(site / "authors" / "by-name").glob("*/index.html")]
    index += (site / "authors" / "by-letter").glob("*/index.html")
    redirects = [page for page in index if 'http-equiv="refresh"' in page.read_text()]
    assert len(redirects) > 3
    for redirect in redirects:
        target = re.search(r'content="0; url=([^"]+)"', redirect.read_text())
        assert target is not None
        assert (redirect.parent / target[1] / "index.html").resolve().is_file()
