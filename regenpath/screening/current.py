"""Read helpers: the clinic's rules, an episode's current decision and whether it is stale.

No writes here (those are in actions.py) and no permission checks (access.py): callers pass
objects they already obtained through a gate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regenpath.clinics.models import Clinic
from regenpath.domain.candidacy import DEFAULT_RULES, RuleSet, Status
from regenpath.patients.models import Episode
from regenpath.screening.models import CandidacyDecision, CandidacySettings, Screening
from regenpath.screening.rules import Staleness, rescreening


def clinic_rules(clinic: Clinic | int) -> RuleSet:
    """Return the clinic's RuleSet: the defaults with the clinic's stored overrides applied."""
    clinic_id = clinic if isinstance(clinic, int) else clinic.pk
    stored = CandidacySettings.objects.filter(clinic_id=clinic_id).first()
    if stored is None or not stored.rule_overrides:
        return DEFAULT_RULES
    return DEFAULT_RULES.with_overrides(**stored.rule_overrides)


def latest_screening(episode: Episode) -> Screening | None:
    return Screening.objects.filter(episode=episode).order_by("-entered_at", "-pk").first()


def latest_decision(episode: Episode) -> CandidacyDecision | None:
    """Return the newest decision of the episode, signed or not."""
    return (
        CandidacyDecision.objects.filter(episode=episode)
        .select_related("screening", "signed_by", "override_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


def decision_in_effect(episode: Episode) -> CandidacyDecision | None:
    """Return the newest decision a physician has signed or overridden, or None."""
    return (
        CandidacyDecision.objects.filter(episode=episode)
        .exclude(signed_at__isnull=True, override_at__isnull=True)
        .select_related("screening", "signed_by", "override_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


def staleness(decision: CandidacyDecision, *, today: dt.date) -> Staleness:
    """Return whether `decision` must be re-screened on `today` (rescreening policy)."""
    latest = latest_screening(decision.episode)
    rules = clinic_rules(decision.clinic_id)
    return rescreening(
        decided_on=decision.decided_on,
        decision_facts_hash=decision.screening.facts_hash,
        latest_facts_hash=latest.facts_hash if latest else decision.screening.facts_hash,
        today=today,
        max_age_days=rules.rescreen_after_days,
    )


@dataclass(frozen=True)
class PlanningGate:
    """Whether a plan may be made for an episode, the decision it rests on, and why not."""

    allowed: bool
    decision: CandidacyDecision | None
    reason: str


def planning_gate(episode: Episode, *, today: dt.date) -> PlanningGate:
    """Return whether a plan may be made: a current decision in effect says candidate.

    A decision overridden to candidate (with its justification and signature) counts; a stale
    decision (facts changed, or older than the clinic's re-screening days) does not.
    """
    decision = decision_in_effect(episode)
    if decision is None:
        return PlanningGate(False, None, "No signed candidacy decision yet: screen and sign first.")
    if decision.effective_status != Status.CANDIDATE:
        label = decision.effective_status_label.lower()
        return PlanningGate(
            False,
            decision,
            f"The candidacy decision in effect is “{label}”. A plan needs a candidate decision, "
            "or an override to candidate with a justification.",
        )
    stale = staleness(decision, today=today)
    if stale.required:
        return PlanningGate(False, decision, "Re-screening required: " + " ".join(stale.reasons))
    return PlanningGate(True, decision, "")
