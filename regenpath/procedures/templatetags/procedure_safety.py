"""Template tags that put a patient's adverse events and incidents on the patient pages.

The patient and episode pages have already passed the patient through its access gate (the roles
that may open identifiable records), so these tags only read.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from regenpath.patients.models import Episode, Patient
from regenpath.procedures.models import AdverseEvent, Incident

register = template.Library()

SHOWN = 5


@register.simple_tag
def safety_for_patient(patient: Patient) -> dict[str, Any]:
    """Return the patient's newest adverse events and incidents, SHOWN of each."""
    events = AdverseEvent.objects.filter(patient=patient).select_related("product", "episode")
    incidents = Incident.objects.filter(
        Q(patient=patient) | Q(product__patient=patient)
    ).select_related("product")
    return _summary(events.order_by("-onset_date", "-pk"), incidents.order_by("-at", "-pk"))


@register.simple_tag
def safety_for_episode(episode: Episode) -> dict[str, Any]:
    """Return the episode's newest adverse events and the incidents of its products."""
    events = AdverseEvent.objects.filter(episode=episode).select_related("product")
    incidents = Incident.objects.filter(product__episode=episode).select_related("product")
    return _summary(events.order_by("-onset_date", "-pk"), incidents.order_by("-at", "-pk"))


def _summary(events: Any, incidents: Any) -> dict[str, Any]:
    # One query per list: fetch one more than shown to know whether there are more.
    event_rows = list(events[: SHOWN + 1])
    incident_rows = list(incidents.distinct()[: SHOWN + 1])
    return {
        "events": event_rows[:SHOWN],
        "more_events": len(event_rows) > SHOWN,
        "incidents": incident_rows[:SHOWN],
        "more_incidents": len(incident_rows) > SHOWN,
        "shown": SHOWN,
    }
