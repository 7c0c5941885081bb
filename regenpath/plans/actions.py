"""Writes for treatment plans: create and adjust a draft, finalise it with a signature.

Consent writes are in regenpath.plans.consent_actions. Each function is transactional, takes
the acting user as `by`, validates before saving and records an audit event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from regenpath.audit.actions import diff, record_event
from regenpath.clinics.models import Membership
from regenpath.domain.candidacy import Medication, facts_from_dict
from regenpath.domain.planning import Plan, RehabProtocol
from regenpath.domain.roles import Role
from regenpath.domain.stages import Stage
from regenpath.patients.actions import action_time
from regenpath.patients.models import Episode
from regenpath.plans.models import PlanStatus, TreatmentPlan
from regenpath.screening import signatures
from regenpath.screening.current import planning_gate
from regenpath.screening.models import CandidacyDecision
from regenpath.screening.stagepath import move_to

PLAN_FIELDS = (
    "template_id",
    "template_version",
    "cell_source",
    "ind_number",
    "targets",
    "side",
    "image_guidance",
    "planned_date",
    "instruments",
    "expected_course",
)


class PlanRefused(ValueError):
    """A plan that cannot be made, changed or finalised now; the message says why."""


def _require_physician(membership: Membership) -> None:
    if membership.role_enum is not Role.PHYSICIAN:
        raise PermissionDenied("Only a physician can plan treatment.")


def decision_medications(decision: CandidacyDecision) -> tuple[Medication, ...]:
    """Return the medications recorded in the screening the decision saw."""
    facts = facts_from_dict(decision.screening.facts, today=decision.decided_on)
    return facts.medications or ()


def rehab_json(protocol: RehabProtocol) -> dict[str, Any]:
    return {
        "code": protocol.code,
        "title": protocol.title,
        "phases": [
            {
                "number": p.number,
                "name": p.name,
                "start_day": p.start_day,
                "end_day": p.end_day,
                "content": p.content,
                "progression": p.progression,
            }
            for p in protocol.phases
        ],
        "notes": list(protocol.notes),
        "source": protocol.source,
        "verification": protocol.verification,
    }


def _apply(plan: TreatmentPlan, built: Plan, expected_course: str) -> None:
    data = built.to_dict()
    labels = {tp.code: tp.label for tp in built.schedule.timepoints}
    plan.template_id = built.condition_code
    plan.template_version = built.version
    plan.cell_source = built.cell_source.code
    plan.cell_source_label = built.cell_source.label
    plan.cell_source_requires_fda = built.cell_source.requires_fda_approval
    plan.ind_number = built.ind_number or ""
    plan.targets = list(built.targets)
    plan.side = built.side.value
    plan.image_guidance = built.image_guidance.value
    plan.planned_date = built.planned_date
    plan.pre_procedure = [
        {**row, "source": i.source, "verification": i.verification}
        for row, i in zip(data["instructions"], built.instructions, strict=True)
    ]
    plan.rehab = rehab_json(built.rehab)
    plan.follow_up = [
        {**row, "label": labels.get(row["timepoint"], row["timepoint"])}
        for row in data["follow_up"]
    ]
    plan.instruments = list(built.instruments)
    plan.warnings = list(built.warnings)
    plan.expected_course = expected_course.strip()


def _values(plan: TreatmentPlan) -> dict[str, Any]:
    return {name: getattr(plan, name) for name in PLAN_FIELDS}


@transaction.atomic
def create_plan(
    *,
    episode: Episode,
    built: Plan,
    expected_course: str,
    by: User,
    membership: Membership,
    today: dt.date,
) -> TreatmentPlan:
    """Save a draft plan for a candidate episode (or one overridden to candidate)."""
    _require_physician(membership)
    gate = planning_gate(episode, today=today)
    if not gate.allowed:
        raise PlanRefused(gate.reason)
    assert gate.decision is not None
    plan = TreatmentPlan(
        clinic_id=episode.clinic_id, episode=episode, decision=gate.decision, physician=by
    )
    _apply(plan, built, expected_course)
    plan.full_clean()
    plan.save()
    record_event(
        action="plan.create",
        by=by,
        clinic_id=episode.clinic_id,
        patient_id=episode.patient_id,
        obj=plan,
        changes=diff({}, {**_values(plan), "decision": str(gate.decision.uuid)}),
    )
    return plan


@transaction.atomic
def update_plan(
    *, plan: TreatmentPlan, built: Plan, expected_course: str, by: User, membership: Membership
) -> TreatmentPlan:
    """Adjust a draft plan; a final plan is never changed (make a new plan instead)."""
    _require_physician(membership)
    locked = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.DRAFT:
        raise PlanRefused("A final plan cannot be changed; start a new plan instead.")
    before = _values(locked)
    _apply(locked, built, expected_course)
    locked.full_clean()
    changes = diff(before, _values(locked))
    locked.save()
    if changes:
        record_event(
            action="plan.update",
            by=by,
            clinic_id=locked.clinic_id,
            patient_id=locked.episode.patient_id,
            obj=locked,
            changes=changes,
        )
    return locked


def plan_content(plan: TreatmentPlan) -> dict[str, Any]:
    """Return what the physician's signature on a plan signs (Part 11 §11.70)."""
    return {
        "plan": str(plan.uuid),
        "episode": str(plan.episode.uuid),
        "decision": str(plan.decision.uuid),
        **{name: getattr(plan, name) for name in PLAN_FIELDS},
        "pre_procedure": plan.pre_procedure,
        "rehab": plan.rehab,
        "follow_up": plan.follow_up,
        "warnings": plan.warnings,
    }


@transaction.atomic
def finalise_plan(
    *,
    plan: TreatmentPlan,
    by: User,
    membership: Membership,
    today: dt.date,
    now: dt.datetime | None = None,
) -> TreatmentPlan:
    """Sign and finalise a draft plan, supersede older final plans, and move to planned.

    The caller has checked the password. The candidacy decision must still be in effect and
    current (not stale) on `today`. `now` (aware, not in the future; None: the real clock)
    dates the signature and the stage move. Raises PlanRefused or StageMoveRefused (nothing is
    saved then), or ValueError for a future `now`.
    """
    now = action_time(now)
    _require_physician(membership)
    locked = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.DRAFT:
        raise PlanRefused("Only a draft plan can be finalised.")
    gate = planning_gate(locked.episode, today=today)
    if not gate.allowed:
        raise PlanRefused(gate.reason)
    if locked.planned_date is not None and locked.planned_date < today:
        raise PlanRefused("The planned date has passed; choose a new date first.")
    older = TreatmentPlan.objects.select_for_update().filter(
        episode=locked.episode, status=PlanStatus.FINAL
    )
    for old in older:
        old.status = PlanStatus.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        record_event(
            action="plan.supersede",
            by=by,
            clinic_id=old.clinic_id,
            patient_id=old.episode.patient_id,
            obj=old,
            changes={
                "status": [PlanStatus.FINAL, PlanStatus.SUPERSEDED],
                "by_plan": str(locked.uuid),
            },
        )
    locked.status = PlanStatus.FINAL
    locked.signed_by = by
    locked.signed_at = now
    locked.signer_name = signatures.printed_name(by)
    locked.signature_meaning = signatures.MEANING_PLAN
    locked.signed_hash = signatures.record_hash(plan_content(locked))
    locked.full_clean()
    locked.save()
    record_event(
        action="plan.finalise",
        by=by,
        clinic_id=locked.clinic_id,
        patient_id=locked.episode.patient_id,
        obj=locked,
        changes={
            "status": [PlanStatus.DRAFT, PlanStatus.FINAL],
            "signed_at": [None, now],
            "signer_name": [None, locked.signer_name],
            "meaning": [None, locked.signature_meaning],
            "signed_hash": [None, locked.signed_hash],
        },
    )
    reason = f"Treatment plan finalised and signed by {locked.signer_name}."
    move_to(
        episode=locked.episode,
        target=Stage.PLANNED,
        reasons={Stage.PLANNED: reason},
        by=by,
        membership=membership,
        now=now,
    )
    return locked
