"""The statistics charts in a real browser: drawn, and readable in the light and the dark scheme."""

from __future__ import annotations

import re
from typing import Literal

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import fresh_page

# Colours as the browser computed them: bars and text of each chart, and the page behind them.
COLOURS = """() => {
  const colour = (selector, property) => [...document.querySelectorAll(selector)]
    .map((element) => getComputedStyle(element)[property]);
  return {
    page: getComputedStyle(document.body).backgroundColor,
    bars: colour(".chart__bar", "fill"),
    text: colour(".chart__drawing text", "fill"),
  };
}"""


def luminance(colour: str) -> float:
    """Relative luminance of an rgb() colour, as WCAG defines it."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", colour)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_contrast_with_the_page_in_both_schemes(
    browser: Browser, site_url: str, scheme: Literal["light", "dark"]
) -> None:
    with fresh_page(browser, color_scheme=scheme) as page:
        page.goto(f"{site_url}statistics/")
        assert page.locator("figure.chart svg[role=img]").count() == 4
        colours = page.evaluate(COLOURS)
    assert len(colours["bars"]) > 10
    assert len(colours["text"]) > 20
    # WCAG 2.2: 3:1 for shapes that carry meaning (1.4.11), 4.5:1 for text (1.4.3).
    for bar in set(colours["bars"]):
        assert contrast(bar, colours["page"]) >= 3, (scheme, bar, colours["page"])
    for text in set(colours["text"]):
        assert contrast(text, colours["page"]) >= 4.5, (scheme, text, colours["page"])
