"""Template tags that put an episode's plans and consents on the episode page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from regenpath.patients.models import Episode
from regenpath.plans.access import signed_consent_for
from regenpath.plans.models import TreatmentPlan
from regenpath.screening.current import planning_gate

register = template.Library()


@register.simple_tag
def plans_state(episode: Episode) -> dict[str, Any]:
    """Return the episode's plans (newest first) with their signed consent, and the gate."""
    plans = TreatmentPlan.objects.filter(episode=episode).order_by("-created_at", "-pk")
    return {
        "rows": [(plan, signed_consent_for(plan)) for plan in plans],
        "gate": planning_gate(episode, today=timezone.localdate()),
    }
