"""Keyboard only: from the home page to a paper, and around the search page, without a mouse."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Watched

MAX_TABS = 60  # more stops than any page has before its main content
FOCUS_PROBE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const name = element.textContent.trim().slice(0, 30);
    return {
        what: `${element.tagName}.${element.className} ${name}`,
        visible: outlined || style.boxShadow !== "none",
    };
}"""


def tab_to(page: Page, selector: str, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until `selector` has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def focused_text(page: Page) -> str:
    text: str = page.evaluate("document.activeElement.textContent.trim()")
    return text


def test_toy_models_is_found_from_the_home_page_by_keyboard(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    page.goto(site_url)
    tab_to(page, "#papers-header-query")
    page.keyboard.type("toy models")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=toy\+models$"))
    expect(page.locator("#paper-search-status")).to_contain_text("for “toy models”")
    tab_to(page, "#paper-search-query")
    page.keyboard.press("ArrowDown")
    assert focused_text(page) == "Toy Models of Superposition"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/papers/toy-models-of-superposition/$"))
    expect(page.locator("h1")).to_contain_text("Toy Models of Superposition")


def test_the_search_page_by_keyboard_alone(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "search/")
    status = page.locator("#paper-search-status")
    assert status.get_attribute("aria-live") == "polite"  # counts are announced
    # The page opens with its field focused: typing searches at once.
    assert page.evaluate("document.activeElement.id") == "paper-search-query"
    page.keyboard.type("interpretability")
    expect(status).to_contain_text("results for “interpretability”")
    count = int((status.text_content() or "").split()[0])
    # Arrow keys walk the results and come back to the field.
    page.keyboard.press("ArrowDown")
    first = focused_text(page)
    page.keyboard.press("ArrowDown")
    second = focused_text(page)
    assert first != second
    page.keyboard.press("ArrowUp")
    assert focused_text(page) == first
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "paper-search-query"
    # The filters are real form controls: Tab reaches them, keys change them.
    tab_to(page, "#paper-search-code")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"code=1"))
    expect(status).to_contain_text("with code for “interpretability”")
    assert int((status.text_content() or "").split()[0]) < count
    page.keyboard.press("Space")
    expect(status).to_contain_text(f"{count} results for")
    # Enter on a result opens it.
    tab_to(page, "#paper-search-query", "Shift+Tab")
    page.keyboard.press("ArrowDown")
    title = focused_text(page)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(title)


def test_every_focus_stop_of_a_paper_page_shows_the_focus(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "papers/toy-models-of-superposition/")
    seen = set()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_PROBE)
        if stop["what"] in seen:
            break
        seen.add(stop["what"])
        assert stop["visible"], f"no visible focus on {stop['what']}"
    assert len(seen) > 10


@pytest.mark.parametrize("path", ["", "papers/toy-models-of-superposition/", "search/?q=toy"])
def test_slash_focuses_the_search_field_from_any_page(
    watched: Watched, site_url: str, path: str
) -> None:
    page = watched.page
    page.goto(site_url + path)
    page.locator("h1").first.click()  # focus on the page, not in a field
    page.keyboard.press("/")
    field = "paper-search-query" if path.startswith("search/") else "papers-header-query"
    assert page.evaluate("document.activeElement.id") == field
    page.keyboard.type("superposition")  # the slash itself was not typed
    assert page.locator(f"#{field}").input_value().endswith("superposition")
    assert "/" not in page.locator(f"#{field}").input_value()


def test_permalinks_stay_out_of_the_tab_order_and_pages_have_no_previous_next(
    watched: Watched, site_url: str
) -> None:
    page = watched.page
    page.goto(site_url + "papers/toy-models-of-superposition/")
    assert page.locator("a.headerlink").count() > 0  # still there for the mouse
    focused = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.className"))
    assert not [name for name in focused if "headerlink" in name]
    assert page.locator(".md-footer__link").count() == 0  # no "Previous/Next" as in a manual
    footer = page.locator(".papers-footer-links a").all_inner_texts()
    assert footer[:2] == ["Subscribe", "JSON API"]
