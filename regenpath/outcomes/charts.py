"""Server-rendered SVG line charts of scores over time (DESIGN.md: charts as server-rendered SVG).

Pure: values in, SVG text out; no Django. One line per scale, one column per completion date
(evenly spaced, in date order, labelled with the timepoint and date), the baseline column
marked, the direction ("higher is better") stated, the y axis spanning the scale's whole range
so that the size of a change is not exaggerated. The chart is an image with a <title> and a
<desc> that reads the values out; pages also show the numbers as a table.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from regenpath.domain.instruments import display

# Colours with at least 3:1 contrast on white (WCAG 2.1 SC 1.4.11, graphical objects), told
# apart also by dash pattern and marker shape for readers who do not see colour.
# Five dashes and five shapes, so the five KOOS/HOOS subscales differ in all three ways.
COLOURS = (
    "#0b6e69",
    "#b5470b",
    "#3b4fb8",
    "#8a2b76",
    "#a0153e",
    "#1d6b32",
    "#5b5b00",
    "#005a8c",
)
DASHES = ("", "6 3", "2 3", "8 3 2 3", "12 4")
SHAPES = ("circle", "square", "triangle", "diamond", "down")
INK = "#1c2b36"
MUTED = "#53636f"
GRID = "#d5dde3"


@dataclass(frozen=True)
class ChartPoint:
    """One score: the completion date, the timepoint label, the value (None if not scored)."""

    day: dt.date
    label: str
    value: float | None
    baseline: bool = False


@dataclass(frozen=True)
class ChartSeries:
    """One scale's scores in date order; `decimals` is its display rounding (§2.5)."""

    name: str
    decimals: int
    points: tuple[ChartPoint, ...]


@dataclass(frozen=True)
class Chart:
    """Scales that share a range and direction, drawn on one pair of axes."""

    title: str
    higher_is: str
    low: float
    high: float
    series: tuple[ChartSeries, ...]

    @property
    def direction(self) -> str:
        return f"Higher is {self.higher_is}"


def nice_ticks(low: float, high: float, target: int = 5) -> list[float]:
    """Return round tick values from `low` up to `high` (at most about `target` of them)."""
    if high <= low:
        return [low]
    rough = (high - low) / max(target - 1, 1)
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _tick_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else _num(value)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 4.5
    if shape == "square":
        return (
            f'<rect x="{_num(x - r)}" y="{_num(y - r)}" width="{_num(2 * r)}" '
            f'height="{_num(2 * r)}" fill="{colour}"/>'
        )
    if shape == "triangle":
        points = (
            f"{_num(x)},{_num(y - r - 1)} {_num(x - r)},{_num(y + r)} {_num(x + r)},{_num(y + r)}"
        )
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "down":
        points = (
            f"{_num(x)},{_num(y + r + 1)} {_num(x - r)},{_num(y - r)} {_num(x + r)},{_num(y - r)}"
        )
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "diamond":
        points = (
            f"{_num(x)},{_num(y - r - 1)} {_num(x + r + 1)},{_num(y)} "
            f"{_num(x)},{_num(y + r + 1)} {_num(x - r - 1)},{_num(y)}"
        )
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" fill="{colour}"/>'


def describe(chart: Chart) -> str:
    """Return the chart's text alternative: what is drawn and every value, in words."""
    days = sorted({p.day for s in chart.series for p in s.points})
    parts = [
        f"Line chart of {len(chart.series)} scale{'s' if len(chart.series) != 1 else ''} "
        f"over {len(days)} questionnaire date{'s' if len(days) != 1 else ''}"
        + (f" from {_day(days[0])} to {_day(days[-1])}" if days else "")
        + f". {chart.direction}; axis from {_tick_text(chart.low)} to {_tick_text(chart.high)}."
    ]
    for series in chart.series:
        readings = [
            f"{p.label} {_day(p.day)} "
            + (display(p.value, series.decimals) if p.value is not None else "not scored")
            for p in series.points
        ]
        parts.append(f"{series.name}: {'; '.join(readings)}.")
    return " ".join(parts)


def chart_svg(chart: Chart, *, uid: str, width: int = 640) -> str:
    """Return the chart as an accessible SVG element (text escaped; `uid` makes ids unique)."""
    left, right, top_pad, bottom = 46, 18, 22, 46
    per_row = max(1, (width - left - right) // 190)
    legend_rows = math.ceil(len(chart.series) / per_row) if chart.series else 0
    top = 14 + legend_rows * 20 + top_pad
    plot_h = 180
    height = top + plot_h + bottom
    plot_w = width - left - right
    days = sorted({p.day for s in chart.series for p in s.points})
    labels: dict[dt.date, str] = {}
    for series in chart.series:
        for point in series.points:
            labels.setdefault(point.day, point.label)
    baseline_days = {p.day for s in chart.series for p in s.points if p.baseline}
    low, high = chart.low, chart.high if chart.high > chart.low else chart.low + 1

    def x_of(day: dt.date) -> float:
        if len(days) == 1:
            return left + plot_w / 2
        return left + 12 + (plot_w - 24) * days.index(day) / (len(days) - 1)

    def y_of(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    title_id, desc_id = f"{uid}-title", f"{uid}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="score-chart" viewBox="0 0 {width} '
        f'{height}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(chart))}</desc>',
    ]
    # Legend: swatch (line + marker) and name, wrapped into rows.
    for index, series in enumerate(chart.series):
        colour, dash, shape = _style(index)
        lx = left + (index % per_row) * 190
        ly = 14 + (index // per_row) * 20
        out.append(
            f'<line x1="{lx}" y1="{ly}" x2="{lx + 26}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="2.5"{_dash(dash)}/>'
        )
        out.append(_marker(shape, lx + 13, ly, colour))
        out.append(f'<text x="{lx + 32}" y="{ly + 4}" fill="{INK}">{escape(series.name)}</text>')
    out.append(
        f'<text x="{left}" y="{top - 8}" fill="{MUTED}" font-style="italic">'
        f"{escape(chart.direction)}</text>"
    )
    # Axes and grid.
    for tick in nice_ticks(low, high):
        y = y_of(tick)
        out.append(
            f'<line x1="{left}" y1="{_num(y)}" x2="{left + plot_w}" y2="{_num(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{_num(y + 4)}" text-anchor="end" fill="{MUTED}">'
            f"{_tick_text(tick)}</text>"
        )
    out.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{MUTED}"/>'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{MUTED}"/>'
    )
    for day in days:
        x = x_of(day)
        out.append(
            f'<text x="{_num(x)}" y="{top + plot_h + 17}" text-anchor="middle" fill="{INK}">'
            f"{escape(labels[day])}</text>"
            f'<text x="{_num(x)}" y="{top + plot_h + 33}" text-anchor="middle" fill="{MUTED}">'
            f"{escape(f'{day:%b %Y}')}</text>"
        )
        if day in baseline_days:
            out.append(
                f'<line class="baseline-mark" x1="{_num(x)}" y1="{top}" x2="{_num(x)}" '
                f'y2="{top + plot_h}" stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="4 3"/>'
            )
    # One line per scale; an unscored point breaks the line.
    for index, series in enumerate(chart.series):
        colour, dash, shape = _style(index)
        path: list[str] = []
        pen_down = False
        for point in series.points:
            if point.value is None:
                pen_down = False
                continue
            command = "L" if pen_down else "M"
            path.append(f"{command}{_num(x_of(point.day))} {_num(y_of(point.value))}")
            pen_down = True
        if path:
            out.append(
                f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5"'
                f'{_dash(dash)} stroke-linejoin="round"/>'
            )
        for point in series.points:
            if point.value is not None:
                out.append(_marker(shape, x_of(point.day), y_of(point.value), colour))
    out.append("</svg>")
    return "".join(out)


def _style(index: int) -> tuple[str, str, str]:
    return (
        COLOURS[index % len(COLOURS)],
        DASHES[index % len(DASHES)],
        SHAPES[index % len(SHAPES)],
    )


def _dash(dash: str) -> str:
    return f' stroke-dasharray="{dash}"' if dash else ""


def series_table(chart: Chart) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Return the chart's numbers as a table: column heads and (scale, cells) rows.

    Columns are the completion dates (timepoint and date); a cell is the displayed value, "not
    scored", or blank where that scale has no questionnaire on that date.
    """
    days = sorted({p.day for s in chart.series for p in s.points})
    labels: dict[dt.date, str] = {}
    for series in chart.series:
        for point in series.points:
            labels.setdefault(point.day, point.label)
    heads = [f"{labels[day]}, {_day(day)}" for day in days]
    rows = []
    for series in chart.series:
        by_day = {p.day: p for p in series.points}
        cells = []
        for day in days:
            found = by_day.get(day)
            if found is None:
                cells.append("")
            elif found.value is None:
                cells.append("not scored")
            else:
                cells.append(display(found.value, series.decimals))
        rows.append((series.name, cells))
    return heads, rows


@dataclass(frozen=True)
class ScaleGroup:
    """Scale codes drawn on one pair of axes, the axis range and the shared direction."""

    codes: tuple[str, ...]
    low: float
    high: float
    higher_is: str


# Scales share axes when the common range is at most this many times each one's own range.
_SHARE = 1.5


def chart_groups(scales: Sequence[tuple[str, float, float, str]]) -> list[ScaleGroup]:
    """Group scales that share a direction and a similar range, in first-appearance order.

    `scales` are (code, low, high, higher_is). A scale joins the first group of the same
    direction whose range, widened to include it, stays within 1.5 times its own range and the
    group's: the five KOOS subscales (all 0–100) share axes, as do PROMIS T-scores of one
    direction; WOMAC stiffness (0–8) does not sit beside its total (0–96), which would flatten it.
    """
    groups: list[ScaleGroup] = []
    for code, low, high, higher_is in scales:
        for index, group in enumerate(groups):
            if group.higher_is != higher_is:
                continue
            new_low, new_high = min(low, group.low), max(high, group.high)
            span = new_high - new_low
            if span <= _SHARE * (high - low) and span <= _SHARE * (group.high - group.low):
                groups[index] = ScaleGroup((*group.codes, code), new_low, new_high, higher_is)
                break
        else:
            groups.append(ScaleGroup((code,), low, high, higher_is))
    return groups
