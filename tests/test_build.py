"""`papers build` end to end with the real engine: pages, safety, atomicity, determinism."""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from standins.files import digests, rendered_pages
from tests.conftest import RunPapers
from tests.corpus.test_load import BILLION_LAUGHS
from tests.hostile import HOSTILE_TEXT, distinct
from tests.safety import places_that_could_run

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast


def build_arguments(corpus_dir: Path, tmp_path: Path, site_dir: Path) -> list[str | Path]:
    """`papers build` of `corpus_dir` into `site_dir`, with its source in tmp_path/build."""
    return [
        *("build", "-q", "--content", corpus_dir),
        *("--build-dir", tmp_path / "build", "--site-dir", site_dir),
    ]


def build(run_papers: RunPapers, corpus_dir: Path, tmp_path: Path, site: str = "site") -> Path:
    site_dir = tmp_path / site
    run = run_papers(*build_arguments(corpus_dir, tmp_path, site_dir))
    assert run.exit_code == 0, run.stderr
    return site_dir


def soup(path: Path) -> BeautifulSoup:
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for permalink in page.select("a.headerlink"):
        permalink.decompose()
    return page


def test_build_renders_every_page_kind(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    site = build(run_papers, corpus_dir, tmp_path)
    for kind in [
        "index.html",
        "404.html",
        "about/index.html",
        "papers/index.html",
        "topics/index.html",
    ]:
        assert (site / kind).is_file(), kind
    assert sorted(p.name for p in (site / "topics").iterdir() if p.is_dir()) == [
        "circuits",
        "physics",
    ]
    paper_pages = sorted(p.parent.name for p in (site / "papers").glob("*/index.html"))
    assert paper_pages == [
        "interpretability-in-the-wild",
        "piqa",
        "seeing-the-wind",
        "toy-models-of-superposition",
    ]
    home = soup(site / "index.html").title
    assert home is not None
    assert home.get_text() == "Fixture Papers"
    page = soup(site / "papers" / "piqa" / "index.html")
    assert page.title is not None
    assert (
        page.title.get_text()
        == "PIQA: Reasoning about Physical Commonsense in Natural Language - Fixture Papers"
    )
    chips = page.select("a.topic-chip")
    assert [(a.get_text(), a["href"]) for a in chips] == [("Physics", "../../topics/physics/")]


def test_hostile_values_are_shown_as_text_and_never_run(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    papers = corpus_dir / "papers"
    for number, text in enumerate(HOSTILE_TEXT):
        line = json.dumps(distinct(text), ensure_ascii=False)
        abstract = json.dumps(text, ensure_ascii=False)
        (papers / f"hostile-{number}.yaml").write_text(
            f"id: hostile-{number}\ntitle: {line}\nauthors: [{line}]\n"
            f"added: 2026-11-23\ntopics: [physics]\nabstract: {abstract}\n",
            encoding="utf-8",
        )
    site = build(run_papers, corpus_dir, tmp_path)
    for html_file in site.rglob("*.html"):
        assert places_that_could_run(soup(html_file)) == [], html_file
    for number, text in enumerate(HOSTILE_TEXT):
        page = soup(site / "papers" / f"hostile-{number}" / "index.html")
        shown = distinct(text)
        heading = page.select_one("article h1")
        assert heading is not None
        assert " ".join(heading.get_text().split()) == shown, number
        assert page.title is not None
        assert " ".join(page.title.get_text().split()).startswith(shown), number


def test_removed_paper_disappears_from_the_next_build(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    site = build(run_papers, corpus_dir, tmp_path)
    assert (site / "papers" / "piqa" / "index.html").is_file()
    (corpus_dir / "papers" / "piqa.yaml").unlink()
    site = build(run_papers, corpus_dir, tmp_path)
    assert not (site / "papers" / "piqa").exists()
    assert not (tmp_path / "build" / "docs" / "papers" / "piqa.md").exists()


def test_failed_engine_build_leaves_the_previous_site_untouched(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    collector = gc.get_threshold()
    site = build(run_papers, corpus_dir, tmp_path)
    assert gc.get_threshold() == collector  # a build collects cycles less often, then as before
    before = digests(site)
    (corpus_dir / "pages" / "about.md").write_text("# About\n\n[broken](missing-page.md)\n")
    run = run_papers(*build_arguments(corpus_dir, tmp_path, site))
    assert run.exit_code == 1
    assert "left as it was" in run.stderr
    assert digests(site) == before
    assert gc.get_threshold() == collector
    assert sorted(path.name for path in tmp_path.iterdir()) == ["build", "content", "site"]


@pytest.mark.parametrize(
    ("epoch", "build_day"),
    [(None, "2026-11-24"), ("1700000000", "2023-11-14")],  # unset: the newest paper's day
)
def test_two_builds_are_byte_identical(
    run_papers: RunPapers,
    corpus_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    epoch: str | None,
    build_day: str,
) -> None:
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    first = digests(build(run_papers, corpus_dir, tmp_path, "first"))
    second = digests(build(run_papers, corpus_dir, tmp_path, "second"))
    assert first == second
    sitemap = (tmp_path / "first" / "sitemap.xml").read_text()
    assert f"<lastmod>{build_day}</lastmod>" in sitemap


def test_builds_in_other_processes_and_folders_are_byte_identical(
    tmp_path: Path, shipped_corpus_dir: Path
) -> None:
    """As on two machines: fresh processes with other hash seeds, fresh build and site folders
    at other depths, each build its own (nothing cached); the sites must not differ by a byte."""
    sites = []
    for number, (seed, nested) in enumerate([("1", "a"), ("2718281", "b/deeper/still")]):
        root = tmp_path / f"machine-{number}" / nested
        site = root / f"site-{number}"
        root.mkdir(parents=True)
        environment = {
            **os.environ,
            "PYTHONHASHSEED": seed,
            "SOURCE_DATE_EPOCH": "1764547200",
        }
        command = [
            *(sys.executable, "-m", "generator", "build", "-q"),
            *("--content", str(shipped_corpus_dir)),
            *("--build-dir", str(root / f"build-{number}"), "--site-dir", str(site)),
        ]
        result = subprocess.run(
            command, env=environment, capture_output=True, text=True, check=False, cwd=root.parent
        )
        assert result.returncode == 0, result.stderr
        sites.append(digests(site))
    first, second = sites
    assert len(first) > 200  # every page, feed and file of the shipped corpus
    assert {path for path in first if first[path] != second.get(path)} == set()
    assert first == second


def test_feeds_are_published_and_discoverable_from_every_page(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    site = build(run_papers, corpus_dir, tmp_path)
    base = "https://papers.example.org/archive/"
    site_feeds = [base + name for name in ("feed.xml", "atom.xml", "feed.json")]
    for html_file in rendered_pages(site):  # a moved address's redirect is left at once
        links = soup(html_file).select('head link[rel~="alternate"]')
        hrefs = [str(link["href"]) for link in links]
        assert hrefs[:3] == site_feeds, html_file
        topic = html_file.parent.name if html_file.parent.parent.name == "topics" else None
        topic_feeds = [
            f"{base}topics/{topic}/{name}" for name in ("feed.xml", "atom.xml", "feed.json")
        ]
        assert hrefs[3:] == (topic_feeds if topic else []), html_file
    # One link to the subscribe page, at the feeds of the page it is on, which exist.
    subscribe = site / "subscribe" / "index.html"
    for page, anchor, folder in [
        (site / "index.html", "everything", site),
        (site / "topics/physics/index.html", "physics", site / "topics/physics"),
    ]:
        (link,) = soup(page).select(".subscribe a")
        target, _, fragment = str(link["href"]).partition("#")
        assert ((page.parent / target).resolve() / "index.html", fragment) == (subscribe, anchor)
        section = soup(subscribe).find(id=anchor)
        assert section is not None
        if section.name == "a":  # a topic's row: its link, then its feeds
            row = section.find_parent("tr")
            assert row is not None
            feeds = row.select("a")
        else:  # a heading: the feeds follow it
            feeds = section.find_all_next("a", limit=4)
        linked = [(subscribe.parent / str(a["href"])).resolve() for a in feeds]
        for name in ("feed.xml", "atom.xml", "feed.json"):
            assert folder / name in linked, (anchor, name)
            assert (folder / name).is_file()


def test_a_yaml_bomb_fails_the_build_and_leaves_the_site_untouched(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    site = build(run_papers, corpus_dir, tmp_path)
    before = digests(site)
    (corpus_dir / "papers" / "bomb.yaml").write_text(BILLION_LAUGHS)
    run = run_papers(*build_arguments(corpus_dir, tmp_path, site))
    assert run.exit_code == 1
    assert "bomb.yaml:2: aliases (*name) are not allowed" in run.stderr
    assert digests(site) == before


def test_a_killed_build_leaves_the_previous_site_and_is_cleaned_up_after(
    shipped_corpus_dir: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    arguments = [str(argument) for argument in build_arguments(shipped_corpus_dir, tmp_path, site)]
    command = [sys.executable, "-m", "generator", *arguments]
    subprocess.run(command, check=True, capture_output=True)
    before = digests(site)
    (shipped_corpus_dir / "pages" / "about.md").write_text(
        "---\ntitle: Changed\n---\n\n# Changed\n"
    )
    # Killed as a cancelled CI job or Ctrl-C kills it: the whole process group, engine included.
    with subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as process:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".site.building-*/*")) and time.monotonic() < deadline:
            time.sleep(0.01)  # wait until the engine is writing the new site
        assert list(tmp_path.glob(".site.building-*")), "the build never started writing"
        os.killpg(process.pid, signal.SIGKILL)
    assert digests(site) == before
    subprocess.run(command, check=True, capture_output=True)
    # No staging folder is left: only the site the last build replaced, kept as the next base.
    assert [path.name for path in tmp_path.glob(".site.*")] == [".site.old"]
    assert "Changed" in (site / "about" / "index.html").read_text()
