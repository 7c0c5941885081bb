"""Reading stored responses: an episode's baseline, and a patient's scores over time as charts.

Each function costs a fixed number of queries whatever the number of responses, so the patient
record's query count does not grow with its questionnaires.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from regenpath.domain.instruments import get
from regenpath.outcomes.charts import (
    Chart,
    ChartPoint,
    ChartSeries,
    chart_groups,
    chart_svg,
    series_table,
)
from regenpath.outcomes.models import BASELINE, QuestionnaireResponse
from regenpath.outcomes.panel import display_decimals
from regenpath.patients.models import Episode, Patient


def baseline_for(response: QuestionnaireResponse) -> QuestionnaireResponse | None:
    """Return the baseline this response is compared with, or None.

    The same episode and instrument, timepoint "baseline", completed on or before this response
    (the latest such, so a repeat treatment's re-baseline counts, DESIGN.md); None for a
    baseline itself.
    """
    if response.timepoint == BASELINE:
        return None
    return (
        QuestionnaireResponse.objects.filter(
            episode_id=response.episode_id,
            instrument=response.instrument,
            timepoint=BASELINE,
            # NRS: only the same recall period compares (instruments.md §4.1); blank otherwise.
            recall_period=response.recall_period,
            completed_on__lte=response.completed_on,
        )
        .exclude(pk=response.pk)
        .order_by("-completed_on", "-entered_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class RenderedChart:
    chart: Chart
    svg: str
    heads: list[str]
    rows: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class InstrumentHistory:
    """One instrument's responses in one episode, drawn as one or more charts."""

    episode: Episode
    instrument: str
    name: str
    derived_from: str  # "koos" when every response was derived from a full form, else ""
    responses: list[QuestionnaireResponse]
    charts: list[RenderedChart]


def _charts(
    instrument: str, responses: list[QuestionnaireResponse], uid: str
) -> list[RenderedChart]:
    definition = get(instrument)
    scales = {scale.code: scale for scale in definition.scales}
    groups = chart_groups(
        [
            (
                s.code,
                float(s.low),
                float(s.high if s.high is not None else s.low + 100),
                s.higher_is,
            )
            for s in definition.scales
        ]
    )
    rendered = []
    for index, group in enumerate(groups):
        series = []
        for code in group.codes:
            scale = scales[code]
            points = []
            decimals = scale.decimals
            for response in responses:
                result = response.scales.get(code)
                if result is None:
                    continue
                decimals = max(decimals, display_decimals(instrument, scale, result))
                points.append(
                    ChartPoint(
                        response.completed_on,
                        response.timepoint_label,
                        result.get("value"),
                        baseline=response.timepoint == BASELINE,
                    )
                )
            series.append(ChartSeries(scale.label, decimals, tuple(points)))
        title = (
            definition.name
            if len(groups) == 1
            else f"{definition.name}: " + ", ".join(scales[c].label for c in group.codes)
        )
        chart = Chart(title, group.higher_is, group.low, group.high, tuple(series))
        heads, rows = series_table(chart)
        rendered.append(RenderedChart(chart, chart_svg(chart, uid=f"{uid}-{index}"), heads, rows))
    return rendered


def histories(responses: Iterable[QuestionnaireResponse]) -> list[InstrumentHistory]:
    """Return one history per (episode, instrument) of responses sorted by episode, instrument.

    The responses must come with their episode (select_related) and in (episode, instrument,
    completed_on) order.
    """
    result = []
    for (_, instrument), group in groupby(responses, key=lambda r: (r.episode_id, r.instrument)):
        items = list(group)
        sources = {r.derived_from_id is not None for r in items}
        derived = ""
        if sources == {True}:
            derived = items[0].derivation_note.removeprefix("derived from ")
        result.append(
            InstrumentHistory(
                episode=items[0].episode,
                instrument=instrument,
                name=get(instrument).name,
                derived_from=derived,
                responses=items,
                charts=_charts(instrument, items, f"chart-{items[0].episode_id}-{instrument}"),
            )
        )
    return result


def patient_histories(patient: Patient) -> list[InstrumentHistory]:
    """Return the patient's histories, newest episode first; one query."""
    responses = (
        QuestionnaireResponse.objects.filter(patient=patient)
        .select_related("episode")
        .defer("responses")
        .order_by("-episode__created_at", "episode_id", "instrument", "completed_on", "entered_at")
    )
    return histories(responses)
