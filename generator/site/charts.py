"""Charts drawn at build time as inline SVG, with a text alternative and a table of the numbers.

Inline, not <img>: the page's colours (light or dark scheme) reach the drawing through CSS
classes, and screen readers read its title and description. Every label is corpus text,
so everything printed goes through html.escape.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from generator.site.escape import Safe
from generator.site.text import shorten

_WIDTH = 640
_LABEL_CHARACTERS = 42  # longer topic titles are cut in the drawing, never in the table
_HEATMAP_LABEL_WIDTH = 330


@dataclass(frozen=True)
class Chart:
    """One chart: what it shows, and the labelled values it is drawn from."""

    slug: str  # unique on the page: ids of the title, description and table
    title: str
    unit: str  # what a value counts: "papers"
    labels: tuple[str, ...]
    values: tuple[int, ...]


def bar_chart(chart: Chart) -> Safe:
    """Horizontal bars, one per label, the label above its bar and the value after it."""
    row = 46
    height = row * len(chart.labels) + 8
    scale = _scale(chart.values, _WIDTH - 60)
    shapes = []
    for index, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        top = index * row + 4
        length = value * scale
        shapes.append(
            f'<text class="chart__label" x="0" y="{top + 14}">{escape(_cut(label, 80))}</text>'
            f'<rect class="chart__bar" x="0" y="{top + 20}" width="{length:.1f}" height="18"/>'
            f'<text class="chart__value" x="{length + 6:.1f}" y="{top + 34}">{value}</text>'
        )
    return _figure(chart, height, shapes, _table(chart, (chart.unit.capitalize(),)))


def column_chart(chart: Chart) -> Safe:
    """Vertical columns over time, oldest first, with a labelled axis of counts."""
    plot_top, plot_bottom, left = 10, 190, 44
    height = plot_bottom + 44
    step = _nice_step(max(chart.values, default=0))
    top_value = max(step, math.ceil(max(chart.values, default=0) / step) * step)
    scale = (plot_bottom - plot_top) / top_value
    slot = min(64, (_WIDTH - left) / max(1, len(chart.values)))  # one month is not a wall
    every = math.ceil(len(chart.labels) / 12)  # at most a dozen labels along the axis
    shapes = []
    for tick in range(0, top_value + 1, step):
        y = plot_bottom - tick * scale
        shapes.append(
            f'<line class="chart__grid" x1="{left}" x2="{_WIDTH}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart__tick" x="{left - 6}" y="{y + 4:.1f}">{tick}</text>'
        )
    for index, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        x = left + index * slot + slot * 0.15
        bar = value * scale
        shapes.append(
            f'<rect class="chart__bar" x="{x:.1f}" y="{plot_bottom - bar:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{bar:.1f}"/>'
        )
        if index % every == 0:
            centre = x + slot * 0.35
            lines = escape(label).split(" ", 1)
            shapes.append(
                f'<text class="chart__axis" x="{centre:.1f}" y="{plot_bottom + 18}">'
                + "".join(
                    f'<tspan x="{centre:.1f}" dy="{0 if n == 0 else 15}">{part}</tspan>'
                    for n, part in enumerate(lines)
                )
                + "</text>"
            )
    return _figure(chart, height, shapes, _table(chart, (chart.unit.capitalize(),)))


def heatmap(slug: str, title: str, labels: Sequence[str], counts: Sequence[Sequence[int]]) -> Safe:
    """A square table of counts between labels, shaded by count and with every count printed."""
    size = min(44, (_WIDTH - _HEATMAP_LABEL_WIDTH) // max(1, len(labels)))
    top = 24
    height = top + size * len(labels) + 4
    pairs = [
        count
        for row, line in enumerate(counts)
        for column, count in enumerate(line)
        if row != column
    ]
    highest = max(pairs, default=0) or 1
    shapes = []
    for column in range(len(labels)):
        x = _HEATMAP_LABEL_WIDTH + column * size + size / 2
        shapes.append(f'<text class="chart__axis" x="{x:.1f}" y="16">{column + 1}</text>')
    for row, label in enumerate(labels):
        y = top + row * size
        name = escape(_cut(f"{row + 1}. {label}"))
        shapes.append(f'<text class="chart__label" x="0" y="{y + size / 2 + 5:.1f}">{name}</text>')
        for column, count in enumerate(counts[row]):
            x = _HEATMAP_LABEL_WIDTH + column * size
            # The diagonal (a topic with itself: all its papers) is outlined, not shaded. Shades
            # stay light enough for the count printed on them to keep 4.5:1 in both schemes.
            kind, shade = (
                ("total", 0.0) if row == column else ("cell", 0.06 + 0.3 * count / highest)
            )
            shapes.append(
                f'<rect class="chart__{kind}" x="{x}" y="{y}" width="{size - 2}" '
                f'height="{size - 2}" fill-opacity="{shade:.2f}"/>'
                f'<text class="chart__count" x="{x + size / 2 - 1:.1f}" '
                f'y="{y + size / 2 + 4:.1f}">{count}</text>'
            )
    chart = Chart(slug, title, "papers", tuple(labels), ())
    table = _matrix_table(chart, counts)
    return _figure(chart, height, shapes, table, _matrix_description(labels, counts))


def _figure(
    chart: Chart, height: int, shapes: list[str], table: str, description: str | None = None
) -> Safe:
    """The SVG with its title and description, and the numbers behind it in a table."""
    described = description or "; ".join(
        f"{label}: {value}" for label, value in zip(chart.labels, chart.values, strict=True)
    )
    ids = f"chart-{chart.slug}-title chart-{chart.slug}-desc"
    return Safe(
        f'<figure class="chart" id="chart-{chart.slug}">\n'
        f'<svg class="chart__drawing" viewBox="0 0 {_WIDTH} {height}" role="img" '
        f'aria-labelledby="{ids}" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-{chart.slug}-title">{escape(chart.title)}</title>'
        f'<desc id="chart-{chart.slug}-desc">{escape(described)}</desc>'
        + "".join(shapes)
        + "</svg>\n"
        "</figure>\n\n"
        f'<details class="chart-data">\n<summary>{escape(chart.title)}: the numbers</summary>\n'
        f"{table}\n</details>"
    )


def _table(chart: Chart, headings: tuple[str, ...]) -> str:
    head = "".join(f'<th scope="col">{escape(heading)}</th>' for heading in headings)
    rows = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td>{value}</td></tr>'
        for label, value in zip(chart.labels, chart.values, strict=True)
    )
    return f"<table><thead><tr><td></td>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _matrix_table(chart: Chart, counts: Sequence[Sequence[int]]) -> str:
    head = "".join(
        f'<th scope="col"><abbr title="{escape(label)}">{n}</abbr></th>'
        for n, label in enumerate(chart.labels, 1)
    )
    rows = "".join(
        f'<tr><th scope="row">{n}. {escape(label)}</th>'
        + "".join(f"<td>{count}</td>" for count in row)
        + "</tr>"
        for n, (label, row) in enumerate(zip(chart.labels, counts, strict=True), 1)
    )
    return f"<table><thead><tr><td></td>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _matrix_description(labels: Sequence[str], counts: Sequence[Sequence[int]]) -> str:
    """The pairs that share papers, most first: what a reader would look for in the grid."""
    pairs = [
        (counts[row][column], labels[row], labels[column])
        for row in range(len(labels))
        for column in range(row + 1, len(labels))
        if counts[row][column]
    ]
    if not pairs:
        return "No paper belongs to two topics."
    pairs.sort(key=lambda pair: -pair[0])
    return "Papers in both topics: " + "; ".join(
        f"{first} and {second}: {count}" for count, first, second in pairs
    )


def _scale(values: Sequence[int], room: float) -> float:
    return room / max(max(values, default=0), 1)


def _nice_step(highest: int) -> int:
    """A round step (1, 2, 5, 10, 20, 50, ...) giving at most five grid lines up to `highest`."""
    step = 1
    factors = itertools.cycle((2, 2.5, 2))
    while highest / step > 5:
        step = round(step * next(factors))
    return step


def _cut(label: str, limit: int = _LABEL_CHARACTERS) -> str:
    """The label as drawn: cut at a word when longer than `limit` (tables show it whole)."""
    return shorten(label, limit) if len(label) > limit else label
