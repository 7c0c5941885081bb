"""Template tags that put an episode's candidacy state on pages owned by other apps.

The episode and patient pages include screening/_episode_section.html and _episode_flag.html;
they have already passed the episode through its access gate, so these tags only read.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from regenpath.domain.stages import PRE_TREATMENT_STAGES, Stage
from regenpath.patients.models import Episode
from regenpath.screening import presenters
from regenpath.screening.current import decision_in_effect, latest_decision, staleness
from regenpath.screening.models import CandidacyDecision, Screening

register = template.Library()


def rescreen_notice(stage: str, *, required: bool) -> str:
    """Return how a stale decision shows at `stage`: "banner", "note" or "" (nothing).

    Before treatment, planning, consent and the procedure still rest on the decision, so a stale
    one is an alert (and planning refuses). At follow-up only a repeat treatment (follow-up →
    planned) needs a fresh decision: a calm note. Treated and closed episodes need none.
    """
    if not required:
        return ""
    if stage in PRE_TREATMENT_STAGES:
        return "banner"
    if stage == Stage.FOLLOW_UP:
        return "note"
    return ""


@register.simple_tag
def rescreen_notice_for(episode: Episode, stale: Any) -> str:
    """Return rescreen_notice() for an episode and the Staleness a view already computed."""
    return rescreen_notice(episode.stage, required=bool(stale and stale.required))


@register.simple_tag
def candidacy_state(episode: Episode) -> dict[str, Any]:
    """Return the latest decision, the one in effect, staleness and unreviewed intakes."""
    latest = latest_decision(episode)
    effective = decision_in_effect(episode)
    stale = staleness(effective, today=timezone.localdate()) if effective else None
    intakes = (
        Screening.objects.filter(episode=episode, source="patient_intake", reviews__isnull=True)
        .order_by("-entered_at")
        .only("uuid", "entered_at")
    )
    return {
        "latest": latest,
        "latest_words": presenters.status_words(latest.status, latest.earliest_date)
        if latest
        else "",
        "effective": effective,
        "effective_words": presenters.status_words(
            effective.effective_status,
            effective.earliest_date if not effective.is_overridden else None,
        )
        if effective
        else "",
        "stale": stale,
        "rescreen": rescreen_notice(episode.stage, required=bool(stale and stale.required)),
        "overridden": bool(effective and effective.is_overridden),
        "pending_intakes": list(intakes),
    }


@register.simple_tag
def candidacy_overridden(episode: Episode) -> bool:
    """Return True when the decision in effect for the episode is a clinician's override.

    The patient page lists every episode: one query answers for all of the patient's episodes
    and is kept on the patient object for the rest of the page.
    """
    patient = episode.patient
    cached: set[int] | None = getattr(patient, "_overridden_episode_ids", None)
    if cached is None:
        rows = (
            CandidacyDecision.objects.filter(episode__patient=patient)
            .exclude(signed_at__isnull=True, override_at__isnull=True)
            .order_by("episode_id", "-decided_at", "-pk")
            .values_list("episode_id", "override_status")
        )
        newest: dict[int, str] = {}
        for episode_id, override_status in rows:
            newest.setdefault(episode_id, override_status)
        cached = {episode_id for episode_id, status in newest.items() if status}
        patient._overridden_episode_ids = cached  # type: ignore[attr-defined]
    return episode.pk in cached
