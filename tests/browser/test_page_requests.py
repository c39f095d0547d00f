"""What a page view downloads: its own assets, never the sitemap, and nothing that is missing."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Watched


@pytest.mark.parametrize("path", ["", "topics/mechanistic-interpretability/", "archive/"])
def test_a_page_with_feeds_does_not_download_sitemaps(
    watched: Watched, site_url: str, path: str
) -> None:
    page = watched.page
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator('head link[rel~="alternate"][type="application/rss+xml"]').count() >= 1
    # Material fetches sitemap.xml beside each link whose rel is exactly "alternate" (6 MB at
    # 50,000 papers, three times per view); the feed links must not be read as translations.
    assert [url for url in watched.requests if url.endswith("sitemap.xml")] == []
    assert watched.failed == []
