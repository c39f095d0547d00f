"""The search benchmark runs: a tiny size, so `make bench` cannot rot between real runs."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser

from bench.search import COLUMNS, run


def test_search_benchmark_reports_every_column(browser: Browser, tmp_path: Path) -> None:
    rows = run([30], tmp_path, browser)
    assert [row["papers"] for row in rows] == [30]
    assert json.loads((tmp_path / "search.json").read_text()) == rows
    row = rows[0]
    assert {key for key, _ in COLUMNS} <= set(row)
    assert 0 < row["common_kb_worst"] <= row["common_page_kb_worst"]
    assert row["rare_4g_ms"] > 170  # one throttled round trip at least
    assert (tmp_path / "search.md").read_text().startswith("| papers |")
