"""Hostile titles reach the browser's search results as text, and nothing runs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Dialog, expect

from tests.browser.conftest import Watched, served_site, show_all_results
from tests.conftest import FIXTURES
from tests.hostile import HOSTILE_TEXT, distinct

MARKER = "zqxhostile"  # a word only the hostile papers contain, to find them all


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile")
    content = folder / "content"
    shutil.copytree(FIXTURES / "corpus", content)
    for number, text in enumerate(HOSTILE_TEXT):
        title = json.dumps(f"{MARKER} {distinct(text)}", ensure_ascii=False)
        (content / "papers" / f"hostile-{number}.yaml").write_text(
            f"id: hostile-{number}\ntitle: {title}\nauthors: [{title}]\nadded: 2026-11-23\n"
            f"topics: [physics]\nabstract: {json.dumps(text, ensure_ascii=False)}\n",
            encoding="utf-8",
        )
    with served_site(folder, content) as url:
        yield url


def test_hostile_results_are_text_and_never_run(watched: Watched, hostile_site: str) -> None:
    page = watched.page
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(hostile_site + "search/?q=" + MARKER)
    titles = page.locator("#paper-search-results .paper-search__title a")
    expect(titles.first).to_be_visible()
    show_all_results(page)
    expect(titles).to_have_count(len(HOSTILE_TEXT))
    shown = {" ".join(text.split()) for text in titles.all_inner_texts()}
    assert shown == {f"{MARKER} {distinct(text)}" for text in HOSTILE_TEXT}
    injected = page.locator("#paper-search-results :is(script, img, iframe, b, strong, em, code)")
    expect(injected).to_have_count(0)
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert dialogs == []
