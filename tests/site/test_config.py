"""The engine configuration joins the project's look with the corpus's identity and topics."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.corpus import load_corpus
from generator.engine.config import project_settings, render_engine_config
from generator.errors import BuildError
from generator.project import Project
from generator.source import load_source
from tests.conftest import PROJECT_ROOT


def render(
    corpus_dir: Path, build_dir: Path, base_url: str = "https://x.org/"
) -> dict[str, object]:
    config = render_engine_config(
        project_settings(PROJECT_ROOT),
        load_corpus(corpus_dir),
        project_dir=PROJECT_ROOT,
        build_dir=build_dir,
        base_url=base_url,
    )
    loaded = yaml.safe_load(config)
    assert isinstance(loaded, dict)
    return loaded


def test_identity_comes_from_the_corpus(corpus_dir: Path, tmp_path: Path) -> None:
    config = render(corpus_dir, tmp_path / "build", "https://papers.example.org/archive/")
    assert (config["site_name"], config["site_url"]) == (
        "Fixture Papers",
        "https://papers.example.org/archive/",
    )
    assert config["docs_dir"] == "docs"


def test_nav_titles_the_topics_and_lists_the_sections_and_hand_written_pages_by_path(
    corpus_dir: Path, tmp_path: Path
) -> None:
    config = render(corpus_dir, tmp_path / "build")
    assert config["nav"] == [
        {"Home": "index.md"},
        {
            "Topics": [
                "topics/index.md",
                {"Circuits": "topics/circuits/index.md"},
                {"Physics": "topics/physics/index.md"},
            ]
        },
        {"All papers": "papers/index.md"},
        {"Authors": "authors/index.md"},
        {"Statistics": "statistics/index.md"},
        {"Search": "search/index.md"},
        "about.md",
    ]


def test_theme_folder_is_found_from_the_build_folder(corpus_dir: Path, tmp_path: Path) -> None:
    build_dir = tmp_path / "elsewhere" / "build"
    theme = render(corpus_dir, build_dir)["theme"]
    assert isinstance(theme, dict)
    assert (build_dir / theme["custom_dir"]).resolve() == PROJECT_ROOT / "theme"


def test_site_name_is_escaped_for_the_templates(corpus_dir: Path, tmp_path: Path) -> None:
    settings = corpus_dir / "corpus.yaml"
    settings.write_text(settings.read_text().replace("Fixture Papers", "'<b>Papers</b> & co'"))
    assert render(corpus_dir, tmp_path)["site_name"] == "&lt;b&gt;Papers&lt;/b&gt; &amp; co"


def test_only_the_engine_needs_the_project_s_settings(corpus_dir: Path, tmp_path: Path) -> None:
    elsewhere = Project(tmp_path / "no-settings")  # a checkout without mkdocs.yml
    assert load_corpus(corpus_dir).papers  # the corpus commands need none of it
    with pytest.raises(BuildError, match=r"no mkdocs\.yml in .*no-settings"):
        project_settings(elsewhere.root)
    with pytest.raises(BuildError, match=r"no mkdocs\.yml"):
        load_source(elsewhere, corpus_dir, tmp_path / "build")
    assert not (tmp_path / "build" / "mkdocs.yml").exists()
