"""Skipping unchanged work never changes the site: cached builds equal clean ones."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator import build as builder
from generator.cache import fingerprint
from generator.engine.state import engine_inputs
from generator.project import Project
from standins.files import digests
from tests.conftest import PROJECT_ROOT, RunPapers

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast


def build(run_papers: RunPapers, content: Path, build_dir: Path, site: Path) -> str:
    run = run_papers("build", "--content", content, "--build-dir", build_dir, "--site-dir", site)
    assert run.exit_code == 0, run.stderr
    return run.stderr


def test_a_cached_build_is_byte_identical_to_a_clean_one(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    build(run_papers, corpus_dir, tmp_path / "build", tmp_path / "first")
    again = build(run_papers, corpus_dir, tmp_path / "build", tmp_path / "cached")
    assert "nothing changed since the last generation" in again
    paper = corpus_dir / "papers" / "piqa.yaml"
    paper.write_text(paper.read_text().replace("eyeshadow", "lipstick"))
    changed = build(run_papers, corpus_dir, tmp_path / "build", tmp_path / "changed")
    written, unchanged = (int(n) for n in re.findall(r"(\d+) (?:written|unchanged)", changed))
    assert 0 < written < unchanged  # its page, topic page, feeds, search files; not the rest
    clean = build(run_papers, corpus_dir, tmp_path / "clean-build", tmp_path / "clean")
    assert digests(tmp_path / "changed") == digests(tmp_path / "clean")
    assert digests(tmp_path / "first") == digests(tmp_path / "cached")
    assert "lipstick" in (tmp_path / "changed" / "papers" / "piqa" / "index.html").read_text()
    assert "nothing changed" not in clean


def test_the_search_index_is_reused_when_its_text_is_unchanged(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = builder.BuildRequest(
        Project.locate(), corpus_dir, tmp_path / "build", site_dir=tmp_path / "site"
    )
    builder.generate_whole(request)
    topics = corpus_dir / "topics.yaml"
    topics.write_text(topics.read_text().replace("Learning physical laws.", "Laws of physics."))

    def refuse(*arguments: object) -> bytes:
        raise AssertionError("the index was rebuilt although its text had not changed")

    monkeypatch.setattr(builder, "build_index_files", refuse)
    assert builder.generate_whole(request).report is not None


def test_the_fingerprint_covers_every_input(corpus_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text((PROJECT_ROOT / "mkdocs.yml").read_text())
    today = dt.date(2026, 12, 2)
    first = fingerprint(corpus_dir, config, "", today)
    assert fingerprint(corpus_dir, config, "", today) == first
    assert fingerprint(corpus_dir, config, "https://elsewhere.example/", today) != first
    assert fingerprint(corpus_dir, config, "", today + dt.timedelta(days=1)) != first
    config.write_text(config.read_text() + "\n# a change\n")
    changed_config = fingerprint(corpus_dir, config, "", today)
    assert changed_config != first
    (corpus_dir / "pages" / "new.md").write_text("# New\n")
    assert fingerprint(corpus_dir, config, "", today) != changed_config


def test_an_unchanged_site_is_not_rendered_again(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(run_papers, corpus_dir, tmp_path / "build", site)
    before = digests(site)

    again = build(run_papers, corpus_dir, tmp_path / "build", site)
    assert "is up to date" in again
    assert digests(site) == before

    (site / "index.html").write_text("edited by hand")
    repaired = build(run_papers, corpus_dir, tmp_path / "build", site)
    assert "is up to date" not in repaired
    assert digests(site) == before

    forced = run_papers(
        "build", "--force", "--content", corpus_dir, "--build-dir", tmp_path / "build",
        "--site-dir", site,
    )  # fmt: skip
    assert forced.exit_code == 0, forced.stderr
    assert "is up to date" not in forced.stderr
    assert "built" in forced.stderr


def test_a_site_depends_on_the_theme_the_engine_and_the_timestamp(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "assets").mkdir(parents=True)
    (theme / "main.html").write_text("{% extends 'base.html' %}")
    first = engine_inputs("source", tmp_path, {"SOURCE_DATE_EPOCH": "1"})
    assert engine_inputs("source", tmp_path, {"SOURCE_DATE_EPOCH": "1"}) == first
    assert engine_inputs("other source", tmp_path, {"SOURCE_DATE_EPOCH": "1"}) != first
    assert engine_inputs("source", tmp_path, {"SOURCE_DATE_EPOCH": "2"}) != first
    (theme / "assets" / "extra.css").write_text("a { color: red }")
    assert engine_inputs("source", tmp_path, {"SOURCE_DATE_EPOCH": "1"}) != first


def test_a_build_for_another_day_validates_again(
    run_papers: RunPapers, corpus_dir: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(run_papers, corpus_dir, tmp_path / "build", site)
    before = digests(site)
    earlier = "2020-01-01"  # before the corpus's dates: they are "in the future" then
    validated = run_papers("validate", "--content", corpus_dir, "--today", earlier)
    assert validated.exit_code == 1
    arguments = ["--content", corpus_dir, "--build-dir", tmp_path / "build", "--site-dir", site]
    built = run_papers("build", *arguments, "--today", earlier)
    assert built.exit_code == validated.exit_code, built.stdout
    assert "nothing changed since the last generation" not in built.stdout + built.stderr
    assert digests(site) == before  # the failed build left the site as it was
