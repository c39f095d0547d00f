"""A paper page's head tells reference managers, link previews and search engines what its
YAML says: Highwire citation tags, OpenGraph and Twitter cards, schema.org JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.cli import main
from tests.conftest import FIXTURES
from tests.test_build import soup

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast

CORPUS = FIXTURES / "corpus"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus, built once for every test here."""
    folder = tmp_path_factory.mktemp("head")
    arguments = ["build", "-q", "--content", str(CORPUS), "--build-dir", str(folder / "build")]
    assert main([*arguments, "--site-dir", str(folder / "site")]) == 0
    return folder / "site"


def meta(page: BeautifulSoup, attribute: str, name: str) -> list[str]:
    return [str(tag["content"]) for tag in page.find_all("meta", attrs={attribute: name})]


def papers() -> list[dict[str, Any]]:
    """Each fixture paper's YAML, as data."""
    return [yaml.safe_load(path.read_text()) for path in sorted((CORPUS / "papers").glob("*.yaml"))]


def test_citation_tags_match_each_papers_yaml(site: Path) -> None:
    for record in papers():
        page = soup(site / "papers" / str(record["id"]) / "index.html")
        assert meta(page, "name", "citation_title") == [record["title"]]
        assert meta(page, "name", "citation_author") == list(record.get("authors") or [])
        published = record.get("published")
        arxiv = record.get("arxiv")
        expected_date = [str(published).replace("-", "/")] if published else []
        assert meta(page, "name", "citation_publication_date") == expected_date
        assert meta(page, "name", "citation_arxiv_id") == ([arxiv] if arxiv else [])
        links = record.get("links") or {}
        pdf = links.get("pdf") if isinstance(links, dict) else None
        expected_pdf = [pdf] if pdf else ([f"https://arxiv.org/pdf/{arxiv}"] if arxiv else [])
        assert meta(page, "name", "citation_pdf_url") == expected_pdf


def test_link_previews_carry_title_excerpt_and_address(site: Path) -> None:
    page = soup(site / "papers" / "toy-models-of-superposition" / "index.html")
    assert meta(page, "property", "og:title") == ["Toy Models of Superposition"]
    assert meta(page, "name", "twitter:title") == ["Toy Models of Superposition"]
    description = meta(page, "property", "og:description")[0]
    assert description.startswith("Neural networks often pack many unrelated concepts")
    assert meta(page, "name", "description") == [description]
    assert meta(page, "property", "og:url") == [
        "https://papers.example.org/archive/papers/toy-models-of-superposition/"
    ]


def test_json_ld_describes_the_paper_as_a_scholarly_article(site: Path) -> None:
    for record in papers():
        page = soup(site / "papers" / str(record["id"]) / "index.html")
        (script,) = page.find_all("script", attrs={"type": "application/ld+json"})
        article = json.loads(script.string or "")
        assert article["@type"] == "ScholarlyArticle"
        assert article["name"] == record["title"]
        assert [author["name"] for author in article["author"]] == list(record.get("authors") or [])
        assert article["keywords"] == record["topics"]


def test_pages_that_are_not_papers_have_no_citation_tags(site: Path) -> None:
    for path in ("index.html", "topics/physics/index.html", "papers/index.html"):
        page = soup(site / path)
        assert page.find("meta", attrs={"name": "citation_title"}) is None
        assert page.find("script", attrs={"type": "application/ld+json"}) is None
