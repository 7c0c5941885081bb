"""The SVG chart builder: a pure function of the scores (no database)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from regenpath.domain.instruments import get
from regenpath.outcomes.charts import (
    Chart,
    ChartPoint,
    ChartSeries,
    _style,
    chart_groups,
    chart_svg,
    describe,
    nice_ticks,
    series_table,
)

SVG = "{http://www.w3.org/2000/svg}"
D0, D1, D2 = dt.date(2025, 1, 10), dt.date(2025, 4, 20), dt.date(2025, 7, 15)


def _koos_chart(*, middle: float | None = 55.0, name: str = "KOOS pain") -> Chart:
    return Chart(
        title="KOOS",
        higher_is="better",
        low=0,
        high=100,
        series=(
            ChartSeries(
                name,
                1,
                (
                    ChartPoint(D0, "Baseline", 41.25, baseline=True),
                    ChartPoint(D1, "3 months", middle),
                    ChartPoint(D2, "6 months", 70.0),
                ),
            ),
            ChartSeries("KOOS QOL", 1, (ChartPoint(D0, "Baseline", 25.0, baseline=True),)),
        ),
    )


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it is well formed


def test_chart_svg_is_an_accessible_image_with_title_and_desc() -> None:
    root = _parse(chart_svg(_koos_chart(), uid="c1"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "c1-title" and title.text == "KOOS"
    assert desc is not None and desc.get("id") == "c1-desc"
    assert "Higher is better" in (desc.text or "")


def test_chart_svg_draws_one_line_per_scored_series_and_the_direction() -> None:
    svg = chart_svg(_koos_chart(), uid="c1")
    root = _parse(svg)
    paths = root.findall(f"{SVG}path")
    assert len(paths) == 2
    assert paths[0].get("d", "").count("L") == 2  # three points joined
    assert paths[1].get("d", "").count("L") == 0  # a single point
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Higher is better" in texts
    assert {"KOOS pain", "KOOS QOL", "Baseline", "3 months", "6 months"} <= set(texts)


def test_chart_svg_marks_the_baseline_column() -> None:
    root = _parse(chart_svg(_koos_chart(), uid="c1"))
    marks = [line for line in root.iter(f"{SVG}line") if line.get("class") == "baseline-mark"]
    assert len(marks) == 1


def test_chart_svg_breaks_the_line_at_an_unscored_point() -> None:
    root = _parse(chart_svg(_koos_chart(middle=None), uid="c1"))
    d = root.findall(f"{SVG}path")[0].get("d", "")
    assert d.count("M") == 2 and "L" not in d


def test_chart_svg_puts_higher_values_higher_on_the_page() -> None:
    root = _parse(chart_svg(_koos_chart(), uid="c1"))
    d = root.findall(f"{SVG}path")[0].get("d", "")
    ys = [float(y) for y in re.findall(r"[ML][\d.]+ ([\d.]+)", d)]
    assert ys[0] > ys[1] > ys[2]  # 41.25 → 55 → 70: SVG y grows downwards


def test_chart_svg_escapes_every_text() -> None:
    svg = chart_svg(_koos_chart(name='<script>alert("x")</script>'), uid="c1")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    _parse(svg)


def test_describe_reads_out_every_value_rounded_half_up() -> None:
    text = describe(_koos_chart(middle=None))
    assert "KOOS pain: Baseline 10 Jan 2025 41.3; 3 months 20 Apr 2025 not scored" in text
    assert "KOOS QOL: Baseline 10 Jan 2025 25.0." in text
    assert "over 3 questionnaire dates from 10 Jan 2025 to 15 Jul 2025" in text


def test_series_table_has_a_column_per_date_and_blanks_where_not_asked() -> None:
    heads, rows = series_table(_koos_chart(middle=None))
    assert heads == ["Baseline, 10 Jan 2025", "3 months, 20 Apr 2025", "6 months, 15 Jul 2025"]
    assert rows == [("KOOS pain", ["41.3", "not scored", "70.0"]), ("KOOS QOL", ["25.0", "", ""])]


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 100, [0, 25, 50, 75, 100]),
        (0, 10, [0, 2.5, 5, 7.5, 10]),
        (0, 8, [0, 2, 4, 6, 8]),
        (-1, 38, [0, 10, 20, 30]),
        (32, 81.6, [40, 60, 80]),
        (5, 5, [5]),
    ],
)
def test_nice_ticks_are_round_and_inside_the_range(
    low: float, high: float, ticks: list[float]
) -> None:
    assert nice_ticks(low, high) == ticks


def _groups(code: str) -> list[tuple[str, ...]]:
    scales = [(s.code, float(s.low), float(s.high or 0), s.higher_is) for s in get(code).scales]
    return [group.codes for group in chart_groups(scales)]


@pytest.mark.parametrize(
    ("code", "groups"),
    [
        ("koos", [("pain", "symptoms", "adl", "sport_rec", "qol")]),
        ("womac", [("pain",), ("stiffness",), ("physical_function", "total")]),
        ("ndi", [("ndi",), ("ndi_percent",)]),
        ("bpi-sf", [("severity", "interference")]),
        (
            "promis-29",
            [
                ("physical_function", "social_roles"),
                ("anxiety", "depression", "fatigue", "sleep_disturbance", "pain_interference"),
                ("pain_intensity",),
            ],
        ),
    ],
)
def test_chart_groups_share_axes_only_for_like_scales(
    code: str, groups: list[tuple[str, ...]]
) -> None:
    assert _groups(code) == groups


def test_chart_styles_differ_in_colour_dash_and_marker_for_five_scales() -> None:
    styles = [_style(index) for index in range(5)]
    for position in range(3):
        assert len({style[position] for style in styles}) == 5
