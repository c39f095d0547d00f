"""The year's figures for people: docs/year.md (a table at days 30, 90, 180, 365 and the
days refused) and docs/year.svg (build time and sizes over the year)."""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from pathlib import Path

import numpy as np

from bench.year.standin import YearSettings

YearRow = dict[str, float | int | str]
MILESTONES = (30, 90, 180, 365)
COLUMNS = (
    ("day", "day"),
    ("date", "date"),
    ("papers", "papers"),
    ("ingest_s", "ingest s"),
    ("ingest_peak_mb", "ingest peak MB"),
    ("build_s", "build s"),
    ("clean_build_s", "clean build s"),
    ("peak_mb", "build peak MB"),
    ("pages", "pages"),
    ("site_mb", "site MB"),
    ("search_gz_kb", "search gz kB"),
    ("largest_page_kb", "largest page kB"),
    ("largest_page", "largest page"),
)
REVIEW = ("filed_right", "refiled", "removed", "missed")  # the stand-in curator's counts
SERIES = (  # what the chart draws: key, label, colour (AA on white)
    ("build_s", "papers build, s", "#22436e"),
    ("ingest_s", "papers ingest, s", "#8a3b12"),
    ("site_mb", "site, MB", "#1d6b3a"),
    ("search_gz_kb", "search files gzipped, kB", "#6b2b82"),
)


def milestone_rows(rows: list[YearRow]) -> list[YearRow]:
    """For each milestone day reached, the last built day up to it; and the last day."""
    built = [row for row in rows if "build_s" in row]
    chosen: list[YearRow] = []
    for day in (*(d for d in MILESTONES if d < len(rows)), len(rows)):
        last = [row for row in built if int(row["day"]) <= day]
        if last and last[-1] not in chosen:
            chosen.append(last[-1])
    return chosen


def build_totals(rows: list[YearRow]) -> tuple[float, float | None]:
    """Seconds of building over the days: the builds as run, and the same days built from
    empty folders instead, each day's clean build interpolated between those measured (a day
    before the first takes its figure, a day after the last the last's); None if none was."""
    built = [row for row in rows if "build_s" in row]
    daily = sum(float(row["build_s"]) for row in built)
    measured = [row for row in rows if "clean_build_s" in row]
    if not measured:
        return daily, None
    clean = np.interp(
        [int(row["day"]) for row in built],
        [int(row["day"]) for row in measured],
        [float(row["clean_build_s"]) for row in measured],
    )
    return daily, float(clean.sum())


def write_report(
    out: Path,
    rows: list[YearRow],
    *,
    settings: YearSettings,
    build_every: int,
    elapsed: float,
    machine: str,
    clean_every: int = 0,
) -> None:
    """Write `out` (Markdown), the chart beside it, and the rows as JSON beside the chart."""
    chart = out.with_suffix(".svg")
    chart.write_text(line_charts(rows), "utf-8")
    table = ["| " + " | ".join(title for _, title in COLUMNS) + " |"]
    table.append("|" + " --- |" * len(COLUMNS))
    for row in milestone_rows(rows):
        cells = [str(row.get(key, "-")) for key, _ in COLUMNS]
        cells[-1] = f"`{cells[-1]}`"  # the largest page's path
        table.append("| " + " | ".join(cells) + " |")
    totals = {key: sum(int(row.get(key, 0)) for row in rows) for key in REVIEW}
    new = totals["filed_right"] + totals["refiled"] + totals["removed"]
    written_for_topic = totals["filed_right"] + totals["refiled"] + totals["missed"]
    refused = [row for row in rows if row["refused"]]
    refusals = [f"- {row['date']}: {row['refused']}" for row in refused] or ["- none"]
    command = (
        f"make year DAYS={settings.days} PER_DAY={settings.per_day} "
        f"IN_TOPIC={settings.in_topic:.2f} BUILD_EVERY={build_every} CLEAN_EVERY={clean_every}"
    )
    daily, clean = build_totals(rows)
    built_days = sum(1 for row in rows if "build_s" in row)
    totals_line = [
        f"- **The year's builds**: {built_days} builds, {daily / 60:.1f} min in all"
        + (
            f"; the same days built from empty folders (a cold cache every morning): about"
            f" {clean / 60:.1f} min, each day's clean build interpolated between those measured"
            f" every {clean_every} days (the **clean build s** column)."
            if clean is not None
            else "."
        ),
    ]
    text = [
        "# A year of days",
        "",
        "What a year of daily operation does to the archive: each simulated day runs",
        "`papers ingest` against a stand-in daily papers API on loopback (`bench/year/standin.py`,",
        "deterministic from its seed), then `papers build`, both through the CLI as the workflows",
        "run them, starting from the shipped corpus. Days the API fails are refused, then run",
        "again once it recovers, as a curator reruns the workflow.",
        "",
        f"Measured on {dt.datetime.now(dt.UTC).date().isoformat()}, {machine}, with `{command}`:",
        f"{settings.days} days, {settings.per_day} papers a weekday (weekends list none), "
        f"{settings.in_topic:.0%} of them on the archive's topics, seed {settings.seed}, "
        f"a build every {build_every} day(s), on the days tabled and on the last. The whole "
        f"run took {elapsed / 60:.0f} min.",
        "",
        f"![Build and ingest time, site and search sizes over the simulated days]({chart.name})",
        "",
        *table,
        "",
        "- **build s**: `papers build` into the same build and site folders as the day before,",
        "  as the publish workflow does with the folders it restores from its cache; **clean",
        "  build s**: the same day built from empty folders, as on a cache miss; **build peak",
        "  MB**: resident memory of all its processes together, sampled every 50 ms.",
        *totals_line,
        "- **search gz kB**: the search index and its result store, every file of each (their",
        "  manifests and parts) gzipped; a reader downloads the manifests and the parts a",
        "  search needs.",
        "- **largest page**: the largest HTML file of the site.",
        "",
        "Topic suggestions over the year, as a stand-in curator reviewing each day's papers saw",
        "them (`bench/year/curator.py`: it corrects topics and deletes general-AI papers, as the",
        "ingest pull request's reviewer does, so wrong papers do not pile up as neighbours):",
        "",
        f"- {totals['filed_right']} of the {written_for_topic} new papers written for a topic "
        f"were filed under it first; {totals['refiled']} under another topic first (corrected); "
        f"{totals['missed']} were skipped as off-topic.",
        f"- {totals['removed']} of the {new} papers the ingest filed were general AI (deleted).",
        "",
        "Days refused, and why (each landed on the second run):",
        "",
        *refusals,
        "",
        f"Every day's figures: `bench/results/{out.stem}.json`.",
        "",
    ]
    out.write_text("\n".join(text), "utf-8")


def write_rows(out: Path, rows: list[YearRow]) -> None:
    """Every day's figures as JSON, for programs."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", "utf-8")


def line_charts(rows: list[YearRow]) -> str:
    """One small line chart per series, side by side, against the day: an SVG document."""
    width, height, left, top, gap = 300, 180, 48, 28, 24
    panels = []
    for index, (key, label, colour) in enumerate(SERIES):
        points = [(int(row["day"]), float(row[key])) for row in rows if key in row]
        x0 = index * (width + gap)
        days = max((day for day, _ in points), default=1)
        peak = max((value for _, value in points), default=1.0) or 1.0
        inner_w, inner_h = width - left - 8, height - top - 28
        path = " ".join(
            f"{x0 + left + inner_w * day / days:.1f},{top + inner_h * (1 - value / peak):.1f}"
            for day, value in points
        )
        panels.append(
            f'<g><text x="{x0 + left}" y="16" font-weight="600">{escape(label)}</text>'
            f'<line x1="{x0 + left}" y1="{top + inner_h}" x2="{x0 + left + inner_w}" '
            f'y2="{top + inner_h}" stroke="#4a5563"/>'
            f'<line x1="{x0 + left}" y1="{top}" x2="{x0 + left}" y2="{top + inner_h}" '
            f'stroke="#4a5563"/>'
            f'<text x="{x0 + left - 4}" y="{top + 4}" text-anchor="end">{peak:g}</text>'
            f'<text x="{x0 + left - 4}" y="{top + inner_h}" text-anchor="end">0</text>'
            f'<text x="{x0 + left + inner_w}" y="{height - 8}" text-anchor="end">day {days}</text>'
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/></g>'
        )
    total = len(SERIES) * (width + gap) - gap
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {height}" '
        f'font-family="sans-serif" font-size="12" fill="#1f2328" role="img">'
        f"<title>Build and ingest time, site and search sizes over the simulated days</title>"
        f'<rect width="{total}" height="{height}" fill="#ffffff"/>{"".join(panels)}</svg>\n'
    )
