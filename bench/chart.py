"""Draw the build benchmark as an SVG bar chart for docs/benchmarks.md.

    python -m bench.chart [--results bench/results] [--out docs/benchmarks.svg]

Per corpus size: the floor (bare mkdocs-material, same paper pages), our full build now, and,
where bench/results/build-before.json has that size, our build before the optimisations.
"""

from __future__ import annotations

import argparse
import json
from html import escape
from pathlib import Path

from bench.report import Row

WIDTH = 760
LABEL_WIDTH = 190
BAR_HEIGHT = 22
GAP = 6
GROUP_GAP = 22
# Colours with at least 4.5:1 contrast against white, so the value labels beside them and the
# legend are readable; the bars differ in lightness too, for readers who do not see hue.
SERIES = [
    ("floor_s", "Floor: bare mkdocs-material", "#5f6b7a"),
    ("before_s", "papers build, before", "#b3261e"),
    ("build_s", "papers build, now", "#1a5fb4"),
]


def bar_chart(rows: list[Row], before: dict[int, float]) -> str:
    """The SVG text: one group of bars per corpus size, seconds on a shared scale."""
    groups = []
    for row in rows:
        values = {"floor_s": float(row["floor_s"]), "build_s": float(row["build_s"])}
        if int(row["papers"]) in before:
            values["before_s"] = before[int(row["papers"])]
        groups.append((f"{int(row['papers']):,} papers", values))
    longest = max(value for _, values in groups for value in values.values())
    scale = (WIDTH - LABEL_WIDTH - 70) / longest
    parts: list[str] = []
    y = 40
    for label, values in groups:
        series = [(key, name, colour) for key, name, colour in SERIES if key in values]
        height = len(series) * (BAR_HEIGHT + GAP) - GAP
        parts.append(
            f'<text x="{LABEL_WIDTH - 10}" y="{y + height / 2 + 5:.0f}" text-anchor="end"'
            f' font-weight="bold">{escape(label)}</text>'
        )
        for key, name, colour in series:
            width = values[key] * scale
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}"'
                f' fill="{colour}"><title>{escape(name)}: {values[key]:.1f} s</title></rect>'
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 16}">{values[key]:.1f} s</text>'
            )
            y += BAR_HEIGHT + GAP
        y += GROUP_GAP
    legend_y = y + 4
    for number, (_, name, colour) in enumerate(SERIES):
        x = LABEL_WIDTH + number * 190
        parts.append(f'<rect x="{x}" y="{legend_y}" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="{legend_y + 12}">{escape(name)}</text>')
    height = legend_y + 30
    names = {key: name for key, name, _ in SERIES}
    description = "; ".join(
        f"{label}: " + ", ".join(f"{names[key]} {value:.1f} s" for key, value in values.items())
        for label, values in groups
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" role="img" aria-labelledby="title desc"'
        ' font-family="system-ui, sans-serif" font-size="13" fill="#1b1b1b">\n'
        '<title id="title">Full build time against the floor, by corpus size</title>\n'
        f'<desc id="desc">{escape(description)}</desc>\n'
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>\n'
        f'<text x="{LABEL_WIDTH}" y="22" font-weight="bold">Full build, seconds'
        " (2 cores; lower is better)</text>\n" + "\n".join(parts) + "\n</svg>\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--results", type=Path, default=Path("bench/results"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.svg"))
    arguments = parser.parse_args()
    rows = json.loads((arguments.results / "build.json").read_text())
    before_file = arguments.results / "build-before.json"
    before_rows = json.loads(before_file.read_text()) if before_file.is_file() else []
    before = {int(row["papers"]): float(row["build_s"]) for row in before_rows}
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(bar_chart(rows, before))


if __name__ == "__main__":
    main()
