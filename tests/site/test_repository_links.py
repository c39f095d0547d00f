"""Paper and topic pages link into the repository exactly when one is configured."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.corpus import Corpus, load_corpus
from generator.errors import BuildError
from generator.site.pages import render_pages
from generator.source import with_repository
from tests.conftest import PROJECT_ROOT
from tests.hostile import HOSTILE_TEXT, distinct
from tests.markdown_site import page_soup

REPOSITORY = "https://github.com/some-lab/robot-papers"
FORMS = PROJECT_ROOT / ".github" / "ISSUE_TEMPLATE"


def configure(corpus_dir: Path, **settings: str) -> Corpus:
    path = corpus_dir / "corpus.yaml"
    site = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**site, **settings}), encoding="utf-8")
    return load_corpus(corpus_dir)


def pages_of(corpus: Corpus) -> dict[str, BeautifulSoup]:
    return {
        path.as_posix(): page_soup(page)
        for path, page in render_pages(corpus).items()
        if path.suffix == ".md"
    }


def link(soup: BeautifulSoup, text: str) -> str | None:
    found = [a for a in soup.find_all("a") if a.get_text() == text]
    assert len(found) <= 1
    return str(found[0]["href"]) if found else None


def issue_form(url: str) -> tuple[str, dict[str, str]]:
    """The issue form a "new issue" address opens, and the values it fills in."""
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "github.com",
        "/some-lab/robot-papers/issues/new",
    )
    query = {name: values[0] for name, values in parse_qs(parts.query, strict_parsing=True).items()}
    return query.pop("template"), query


def form_field_ids(form: str) -> set[str]:
    document = yaml.safe_load((FORMS / form).read_text(encoding="utf-8"))
    return {field["id"] for field in document["body"] if "id" in field}


def test_no_repository_no_links(corpus_dir: Path) -> None:
    for path, soup in pages_of(load_corpus(corpus_dir)).items():
        for text in ("Edit this paper", "Report a problem", "Suggest a paper for this topic"):
            assert link(soup, text) is None, path
        assert "/issues/new?" not in str(soup), path


def test_a_repository_elsewhere_gets_no_links(corpus_dir: Path) -> None:
    corpus = configure(corpus_dir, repository="https://gitlab.com/some-lab/robot-papers")
    assert not any(link(soup, "Edit this paper") for soup in pages_of(corpus).values())


@pytest.mark.parametrize("branch", ["main", "gh/archive-2026"])
def test_every_paper_page_links_its_file_and_a_filled_in_report(
    corpus_dir: Path, branch: str
) -> None:
    corpus = configure(corpus_dir, repository=REPOSITORY + "/", branch=branch)
    pages = pages_of(corpus)
    for paper in corpus.papers:
        soup = pages[f"papers/{paper.id}.md"]
        edit = link(soup, "Edit this paper")
        prefix = f"{REPOSITORY}/edit/{branch}/"
        assert edit is not None
        assert edit.startswith(prefix)
        # The file the editor opens is the paper's, where the repository keeps it.
        assert (corpus_dir.parent / edit.removeprefix(prefix)).resolve() == (
            corpus_dir / "papers" / f"{paper.id}.yaml"
        ).resolve()
        report = link(soup, "Report a problem")
        assert report is not None
        form, values = issue_form(report)
        assert form == "correct-paper.yml"
        assert values == {"title": f"Correct {paper.id}: {paper.title}", "paper": paper.id}
        assert set(values) - {"title"} <= form_field_ids(form)


def test_topic_pages_link_the_add_form_with_their_topic(corpus_dir: Path) -> None:
    corpus = configure(corpus_dir, repository=REPOSITORY)
    pages = pages_of(corpus)
    for topic in corpus.topics:
        suggest = link(pages[f"topics/{topic.slug}/index.md"], "Suggest a paper for this topic")
        assert suggest is not None
        form, values = issue_form(suggest)
        assert form == "add-paper.yml"
        assert values["topics"] == topic.title
        assert set(values) - {"title"} <= form_field_ids(form)


@pytest.mark.parametrize("hostile", HOSTILE_TEXT)
def test_a_hostile_title_stays_data_in_the_report_link(corpus_dir: Path, hostile: str) -> None:
    paper_file = next((corpus_dir / "papers").glob("*.yaml"))
    paper = yaml.safe_load(paper_file.read_text(encoding="utf-8"))
    title = distinct(hostile)
    paper_file.write_text(yaml.safe_dump({**paper, "title": title}), encoding="utf-8")
    corpus = configure(corpus_dir, repository=REPOSITORY)
    soup = pages_of(corpus)[f"papers/{paper_file.stem}.md"]
    report = link(soup, "Report a problem")
    assert report is not None
    _, values = issue_form(report)
    assert (
        values["title"]
        == f"Correct {paper_file.stem}: {corpus.papers_by_id[paper_file.stem].title}"
    )
    # Every link is a page of the site or an https address: nothing the title made.
    assert {urlsplit(str(a["href"])).scheme for a in soup.find_all("a", href=True)} <= {"", "https"}


def test_a_build_can_name_the_repository(corpus_dir: Path) -> None:
    corpus = with_repository(load_corpus(corpus_dir), REPOSITORY)
    assert corpus.site.repository == REPOSITORY
    assert link(pages_of(corpus)[f"papers/{corpus.papers[0].id}.md"], "Edit this paper")


@pytest.mark.parametrize(
    "repository", ["javascript:alert(1)", "http://github.com/a/b", "github.com/a/b", "https://"]
)
def test_a_build_refuses_a_repository_it_cannot_link(corpus_dir: Path, repository: str) -> None:
    with pytest.raises(BuildError, match="https:// address of a GitHub repository"):
        with_repository(load_corpus(corpus_dir), repository)
