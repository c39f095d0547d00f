"""The README's screenshots come from a script anyone can rerun: it builds, serves and shoots."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.conftest import FIXTURES
from tools.screenshots import Shot, take


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_the_script_saves_each_page_at_its_size(browser: Browser, tmp_path: Path) -> None:
    shots = (
        Shot("paper", "papers/toy-models-of-superposition/"),
        Shot("phone", "topics/physics/", width=390, height=844, scheme="dark"),
    )
    saved = take(FIXTURES / "corpus", tmp_path / "shots", shots, browser)
    assert saved == [tmp_path / "shots" / "paper.png", tmp_path / "shots" / "phone.png"]
    assert png_size(saved[0]) == (1280, 800)
    assert png_size(saved[1]) == (390, 844)
    assert saved[0].read_bytes() != saved[1].read_bytes()


def test_a_page_missing_from_the_site_is_an_error_not_a_picture_of_404(
    browser: Browser, tmp_path: Path
) -> None:
    with pytest.raises(SystemExit, match="papers/renamed/ is not in the site"):
        take(FIXTURES / "corpus", tmp_path, (Shot("gone", "papers/renamed/"),), browser)
    assert not (tmp_path / "gone.png").exists()
