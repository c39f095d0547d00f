"""prefers-reduced-motion: with it set, nothing on the page moves; without it, Material's motion."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import fresh_page

PROBE = """() => {
    const moving = [...document.querySelectorAll("*")].filter((element) => {
        const style = getComputedStyle(element);
        const longest = (value) => Math.max(...value.split(",").map((part) => parseFloat(part)));
        const moves = (value) => longest(value) > 0.001;
        return moves(style.transitionDuration) || moves(style.animationDuration);
    });
    return {
        moving: moving.map((element) => element.tagName + "." + element.className),
        smooth: getComputedStyle(document.documentElement).scrollBehavior === "smooth",
    };
}"""


@pytest.mark.parametrize(("motion", "expect_motion"), [("reduce", False), ("no-preference", True)])
def test_reduced_motion_stops_transitions(
    browser: Browser, site_url: str, motion: str, expect_motion: bool
) -> None:
    with fresh_page(browser, reduced_motion=motion) as page:
        page.goto(site_url + "papers/toy-models-of-superposition/")
        found = page.evaluate(PROBE)
    assert bool(found["moving"]) is expect_motion, found["moving"][:5]
    if not expect_motion:
        assert found["smooth"] is False
