"""Template tags that put questionnaire sections on the patient and episode pages.

The patient and episode pages belong to the patients app; they include one outcomes template,
which calls these tags, so those views need not know about questionnaires.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models.functions import Coalesce
from django.utils.safestring import mark_safe

from regenpath.domain.instruments import get
from regenpath.outcomes.access import RESPONSE_ENTRY
from regenpath.outcomes.history import RenderedChart, patient_histories
from regenpath.outcomes.models import QuestionnaireResponse
from regenpath.outcomes.panel import display_value
from regenpath.patients.models import Episode, Patient

register = template.Library()


def _may_enter(context: template.Context) -> bool:
    membership = context.get("membership")
    return bool(membership and getattr(membership, "role", None) in RESPONSE_ENTRY)


@register.inclusion_tag("outcomes/_patient_charts.html", takes_context=True)
def patient_outcomes(context: template.Context, patient: Patient) -> dict[str, Any]:
    """Render each episode's scores over time, one chart per instrument (and scale group)."""
    return {"histories": patient_histories(patient), "patient": patient}


@register.inclusion_tag("outcomes/_episode_questionnaires.html", takes_context=True)
def episode_questionnaires(context: template.Context, episode: Episode) -> dict[str, Any]:
    """Render the episode's questionnaires, newest first, and the entry button for its roles."""
    # Newest first; a derived response (KOOS JR) right after the full form it came from.
    responses = (
        QuestionnaireResponse.objects.filter(episode=episode)
        .defer("responses")
        .annotate(entry=Coalesce("derived_from_id", "id"))
        .order_by("-completed_on", "-entered_at", "-entry", "pk")
    )
    rows = []
    for response in responses:
        definition = get(response.instrument)
        values = []
        for scale in definition.scales:
            result = response.scales.get(scale.code)
            if result is None:
                continue
            shown = display_value(response.instrument, scale, result)
            values.append((scale.label, shown if shown is not None else "not scored"))
        rows.append((response, values))
    return {"episode": episode, "rows": rows, "may_enter": _may_enter(context)}


@register.simple_tag
def score_chart(rendered: RenderedChart) -> str:
    """Insert a chart's SVG; charts.chart_svg escapes every text it draws."""
    return mark_safe(rendered.svg)  # noqa: S308 - built from escaped parts in charts.py
