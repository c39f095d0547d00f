"""The generated tree is engine-agnostic: Zensical, Material's successor, renders it too."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.build import BuildRequest, generate_whole
from generator.project import Project
from generator.site import author_index

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast

# A test dependency, installed beside the interpreter running the tests: never skipped.
ZENSICAL = Path(sys.executable).with_name("zensical")
HOSTILE_TITLE = "</title><script>alert(1)</script> [x](javascript:alert(2))"
DATA_BLOCK = "application/ld+json"  # JSON-LD: data the browser never runs


def test_zensical_builds_one_page_per_paper(
    shipped_corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The author index split by the letters that follow, as a large archive's is: its pages'
    # names hold dots ("m.a-d.md").
    monkeypatch.setattr(author_index, "AUTHOR_INDEX_SIZE", 30)
    (shipped_corpus_dir / "papers" / "hostile.yaml").write_text(
        f"id: hostile\ntitle: '{HOSTILE_TITLE}'\nadded: 2026-11-24\n"
        "topics: [explainable-ai]\nabstract: '<img src=x onerror=alert(3)>'\n"
    )
    build_dir = tmp_path / "build"
    request = BuildRequest(Project.locate(), shipped_corpus_dir, build_dir, tmp_path / "site")
    generated = generate_whole(request)
    # Zensical keeps its output inside the folder of its configuration file.
    config = yaml.safe_load(generated.config_file.read_text(encoding="utf-8"))
    config["site_dir"] = "zensical-site"
    config_file = build_dir / "zensical.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")

    result = subprocess.run(
        [str(ZENSICAL), "build", "--config-file", str(config_file)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    site = build_dir / "zensical-site"
    built = {path.parent.name for path in (site / "papers").glob("*/index.html")}
    assert built == {path.stem for path in (shipped_corpus_dir / "papers").glob("*.yaml")}
    home = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    assert home.title is not None
    assert home.title.get_text() == "Trending Papers"
    feeds = [str(link["href"]) for link in home.select('head link[rel~="alternate"]')]
    assert [feed.rsplit("/", 1)[1] for feed in feeds] == ["feed.xml", "atom.xml", "feed.json"]
    assert (site / "feed.xml").is_file()
    assert (site / "topics" / "explainable-ai" / "atom.xml").is_file()
    page = BeautifulSoup((site / "papers" / "hostile" / "index.html").read_text(), "html.parser")
    assert page.title is not None
    assert page.title.get_text().startswith(HOSTILE_TITLE)
    code = [script for script in page.find_all("script") if script.get("type") != DATA_BLOCK]
    assert all("alert" not in script.get_text() for script in code)
    # The theme's head metadata renders in Zensical too: data, holding the title as written.
    (article,) = page.find_all("script", attrs={"type": DATA_BLOCK})
    assert json.loads(article.get_text())["name"] == HOSTILE_TITLE
    citation_title = page.find("meta", attrs={"name": "citation_title"})
    assert citation_title is not None
    assert citation_title["content"] == HOSTILE_TITLE
    assert page.find("img", src="x") is None
    # So do the theme's partials: the footer's date of the archive's last change.
    changed = home.select_one(".papers-last-changed time")
    assert changed is not None
    newest = max(path.stem for path in (shipped_corpus_dir / "trending").glob("*.yaml"))
    assert changed["datetime"] == newest
    by_name = [path.stem for path in (build_dir / "docs" / "authors" / "by-name").glob("*.md")]
    assert any("." in name for name in by_name)
    for name in by_name:
        assert (site / "authors" / "by-name" / name / "index.html").is_file(), name
