"""Writes to patients and episodes: each transactional, audited, and taking the actor as `by`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from regenpath.audit.actions import diff, record_event
from regenpath.clinics.models import Clinic, Membership
from regenpath.domain.stages import Stage, check_move
from regenpath.patients.models import Episode, Patient, StageChange

PATIENT_FIELDS = (
    "mrn",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex_at_birth",
    "email",
    "phone",
    "preferred_language",
    "registry_consent",
    "contact_consent",
)


EPISODE_FIELDS = (
    "condition_code",
    "body_site",
    "side",
    "onset_date",
    "pain_mechanism",
    "kl_grade",
    "bmi_at_referral",
    "prior_treatments",
)


class StageMoveRefused(ValueError):
    """The stage transition table does not allow this move for this role."""


def action_time(now: dt.datetime | None) -> dt.datetime:
    """Return the moment an action records: `now` if given, else the real clock read once.

    A past `now` is allowed (paper records entered later; the audit event still keeps the real
    time it was written). Raises ValueError for a naive `now` or one in the future: a signature,
    a stage change or an administration dated ahead of the clock would be a false record.
    """
    if now is None:
        return timezone.now()
    if timezone.is_naive(now):
        raise ValueError("An action's time must be an aware datetime (with a time zone).")
    if now > timezone.now():
        raise ValueError(
            f"Cannot record this at {timezone.localtime(now):%Y-%m-%d %H:%M}: "
            "that time is in the future."
        )
    return now


def _values(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


@transaction.atomic
def register_patient(*, clinic: Clinic, by: User, **fields: Any) -> Patient:
    """Create a patient in `clinic` and audit it."""
    patient = Patient(clinic=clinic, **fields)
    patient.full_clean()
    patient.save()
    record_event(
        action="patient.create",
        by=by,
        clinic_id=clinic.pk,
        patient_id=patient.pk,
        obj=patient,
        changes=diff({}, _values(patient, PATIENT_FIELDS)),
    )
    return patient


@transaction.atomic
def update_patient(*, patient: Patient, by: User, **fields: Any) -> Patient:
    """Change a patient's demographics and audit the old and new values."""
    locked = Patient.objects.select_for_update().get(pk=patient.pk)
    before = _values(locked, PATIENT_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    changes = diff(before, _values(locked, PATIENT_FIELDS))
    if changes:
        locked.save()
        record_event(
            action="patient.update",
            by=by,
            clinic_id=locked.clinic_id,
            patient_id=locked.pk,
            obj=locked,
            changes=changes,
        )
    return locked


@transaction.atomic
def open_episode(
    *, patient: Patient, by: User, now: dt.datetime | None = None, **fields: Any
) -> Episode:
    """Open a new episode of care for `patient` at the referred stage and audit it.

    `now` (aware, not in the future) dates the opening; None means the real clock.
    """
    now = action_time(now)
    episode = Episode(
        clinic_id=patient.clinic_id,
        patient=patient,
        stage=Stage.REFERRED,
        stage_changed_at=now,
        created_by=by,
        **fields,
    )
    episode.full_clean()
    episode.save()
    StageChange.objects.create(
        clinic_id=patient.clinic_id,
        episode=episode,
        from_stage="",
        to_stage=Stage.REFERRED,
        reason="Episode opened",
        by=by,
        at=now,
    )
    record_event(
        action="episode.create",
        by=by,
        clinic_id=patient.clinic_id,
        patient_id=patient.pk,
        obj=episode,
        changes=diff({}, {**_values(episode, EPISODE_FIELDS), "stage": episode.stage}),
    )
    return episode


@transaction.atomic
def update_episode(*, episode: Episode, by: User, **fields: Any) -> Episode:
    """Change an episode's clinical details (not its stage) and audit the old and new values."""
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    before = _values(locked, EPISODE_FIELDS)
    for name, value in fields.items():
        if name not in EPISODE_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(locked, name, value)
    locked.full_clean()
    changes = diff(before, _values(locked, EPISODE_FIELDS))
    if changes:
        locked.save()
        record_event(
            action="episode.update",
            by=by,
            clinic_id=locked.clinic_id,
            patient_id=locked.patient_id,
            obj=locked,
            changes=changes,
        )
    return locked


@transaction.atomic
def move_episode(
    *,
    episode: Episode,
    to: Stage,
    reason: str,
    by: User,
    membership: Membership,
    by_hand: bool = False,
    now: dt.datetime | None = None,
) -> Episode:
    """Move an episode to another stage if the transition table allows it for the actor's role.

    The row is locked first, so two people moving the same episode at once cannot both succeed
    from the same starting stage. `now` (aware, not in the future) dates the change; None means
    the real clock.
    """
    now = action_time(now)
    reason = reason.strip()
    if not reason:
        raise StageMoveRefused("Give a reason for the stage change.")
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    check = check_move(locked.stage_enum, to, membership.role, by_hand=by_hand)
    if not check.allowed:
        raise StageMoveRefused(check.reason)
    source = locked.stage
    locked.stage = to
    locked.stage_changed_at = now
    locked.save(update_fields=["stage", "stage_changed_at"])
    StageChange.objects.create(
        clinic_id=locked.clinic_id,
        episode=locked,
        from_stage=source,
        to_stage=to,
        reason=reason,
        by=by,
        at=now,
    )
    record_event(
        action="episode.stage",
        by=by,
        clinic_id=locked.clinic_id,
        patient_id=locked.patient_id,
        obj=locked,
        changes={"stage": [source, str(to)], "reason": reason},
    )
    return locked
