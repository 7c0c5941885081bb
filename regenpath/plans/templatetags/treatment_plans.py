"""Template tags that put an episode's plans and consents on the episode page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from regenpath.domain.stages import PRE_TREATMENT_STAGES, Stage
from regenpath.patients.models import Episode
from regenpath.plans.access import signed_consent_for
from regenpath.plans.models import TreatmentPlan
from regenpath.screening.current import planning_gate

register = template.Library()


@register.simple_tag
def plans_state(episode: Episode) -> dict[str, Any]:
    """Return the episode's plans (newest first) with their signed consent, and the gate.

    `offer` says whether planning is a next step at the episode's stage: before treatment
    ("first"), at follow-up for a repeat treatment ("repeat"), otherwise "" (treated or
    closed: no plan button and no refusal to explain).
    """
    plans = TreatmentPlan.objects.filter(episode=episode).order_by("-created_at", "-pk")
    if episode.stage in PRE_TREATMENT_STAGES:
        offer = "first"
    elif episode.stage == Stage.FOLLOW_UP:
        offer = "repeat"
    else:
        offer = ""
    return {
        "rows": [(plan, signed_consent_for(plan)) for plan in plans],
        "gate": planning_gate(episode, today=timezone.localdate()) if offer else None,
        "offer": offer,
    }
