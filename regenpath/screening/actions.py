"""Writes for screening: facts and decisions, sign-off, override, settings and patient links.

Each function is transactional, takes the acting user as `by` (None only for a patient using a
signed link), validates before saving and records an audit event with old and new values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from regenpath.audit.actions import diff, record_event
from regenpath.clinics.models import Clinic, Membership
from regenpath.domain.candidacy import (
    DEFAULT_RULES,
    STATUS_LABELS,
    RuleSet,
    Status,
    assess,
    facts_from_dict,
    facts_to_dict,
)
from regenpath.domain.roles import Role
from regenpath.domain.stages import Stage
from regenpath.patients.actions import action_time
from regenpath.patients.models import Episode
from regenpath.screening import links, signatures
from regenpath.screening.current import clinic_rules, latest_decision
from regenpath.screening.models import (
    CandidacyDecision,
    CandidacySettings,
    PatientLink,
    Screening,
    ScreeningSource,
)
from regenpath.screening.rules import facts_hash, justification_problem
from regenpath.screening.stagepath import move_to

# The stage each decision calls for (issue 4, "Stages"): deferred and needs-review stay assessed.
TARGET_STAGE: dict[str, Stage] = {
    Status.CANDIDATE: Stage.CANDIDATE,
    Status.NOT_CANDIDATE: Stage.NOT_CANDIDATE,
    Status.NEEDS_REVIEW: Stage.ASSESSED,
    Status.DEFERRED: Stage.ASSESSED,
}


class SignatureRefused(ValueError):
    """A decision that cannot be signed or overridden now; the message says why."""


def _require_physician(membership: Membership) -> None:
    # Belt and braces: the access gate already refuses other roles before any look-up.
    if membership.role_enum is not Role.PHYSICIAN:
        raise PermissionDenied("Only a physician can sign or override a candidacy decision.")


def _decision_content(decision: CandidacyDecision) -> dict[str, Any]:
    """Return what a signature on a decision signs (Part 11 §11.70 linking)."""
    return {
        "decision": str(decision.uuid),
        "episode": str(decision.episode.uuid),
        "facts_hash": decision.screening.facts_hash,
        "status": decision.status,
        "reasons": decision.reasons,
        "earliest_date": decision.earliest_date,
        "rules_version": decision.rules_version,
        "rule_overrides": decision.rule_overrides,
    }


@transaction.atomic
def record_screening(
    *,
    episode: Episode,
    facts: Mapping[str, Any],
    by: User,
    today: dt.date,
    reviewed_intake: Screening | None = None,
    rules: RuleSet | None = None,
    now: dt.datetime | None = None,
) -> CandidacyDecision:
    """Save staff-entered facts and the decision `assess` gives for them; return the decision.

    `now` (aware, not in the future; None: the real clock) dates the entry and the decision;
    `today` is the day the facts are judged on. Raises FactsError (nothing saved) for impossible
    or contradictory facts, ValueError for a future `now`.
    """
    now = action_time(now)
    parsed = facts_from_dict(facts, today=today)
    rules = rules or clinic_rules(episode.clinic_id)
    outcome = assess(parsed, rules, today=today)
    stored = facts_to_dict(parsed)
    screening = Screening(
        clinic_id=episode.clinic_id,
        episode=episode,
        facts=stored,
        facts_hash=facts_hash(stored),
        source=ScreeningSource.STAFF,
        entered_by=by,
        entered_at=now,
        reviewed_intake=reviewed_intake,
    )
    screening.full_clean()
    screening.save()
    record_event(
        action="screening.create",
        by=by,
        clinic_id=episode.clinic_id,
        patient_id=episode.patient_id,
        obj=screening,
        changes={
            "facts_hash": [None, screening.facts_hash],
            "source": [None, screening.source],
            "reviewed_intake": [None, str(reviewed_intake.uuid) if reviewed_intake else None],
        },
    )
    decision = CandidacyDecision(
        clinic_id=episode.clinic_id,
        episode=episode,
        screening=screening,
        status=outcome.status.value,
        reasons=[r.to_dict() for r in outcome.reasons],
        missing=list(outcome.missing),
        earliest_date=outcome.earliest_date,
        rules_version=outcome.rules_version,
        rule_overrides=rules.changes(),
        decided_at=now,
        decided_on=today,
    )
    decision.full_clean()
    decision.save()
    record_event(
        action="candidacy.decide",
        by=by,
        clinic_id=episode.clinic_id,
        patient_id=episode.patient_id,
        obj=decision,
        changes={
            "status": [None, decision.status],
            "earliest_date": [None, decision.earliest_date],
            "rules_version": [None, decision.rules_version],
            "missing": [None, ", ".join(decision.missing)],
        },
    )
    return decision


@transaction.atomic
def submit_intake(
    *, token: str, facts: Mapping[str, Any], today: dt.date, now: dt.datetime | None = None
) -> Screening:
    """Save the patient's answers through an intake link and use the link up.

    `now` (aware, not in the future; None: the real clock) dates the answers and is the time
    the link must still be valid at. Raises LinkError (invalid, expired, used) or FactsError;
    either way nothing is saved. Raises ValueError for a future `now`.
    """
    moment = action_time(now)
    link = links.resolve(token, PatientLink.Purpose.INTAKE, now=moment)
    locked = PatientLink.objects.select_for_update().get(pk=link.pk)
    links.check_usable(locked, now=moment)  # a second tab may have used it meanwhile
    parsed = facts_from_dict(facts, today=today)
    stored = facts_to_dict(parsed)
    screening = Screening(
        clinic_id=locked.clinic_id,
        episode_id=locked.episode_id,
        facts=stored,
        facts_hash=facts_hash(stored),
        source=ScreeningSource.PATIENT_INTAKE,
        entered_at=moment,
        link=locked,
    )
    screening.full_clean()
    screening.save()
    locked.used_at = moment
    locked.save(update_fields=["used_at"])
    record_event(
        action="screening.intake",
        by=None,
        clinic_id=locked.clinic_id,
        patient_id=locked.patient_id,
        obj=screening,
        changes={
            "facts_hash": [None, screening.facts_hash],
            "link": str(locked.uuid),
            "link_used_at": [None, moment],
        },
    )
    return screening


def _check_current(decision: CandidacyDecision) -> None:
    newest = latest_decision(decision.episode)
    if newest is not None and newest.pk != decision.pk:
        raise SignatureRefused(
            "A newer screening exists for this episode; sign or override that one instead."
        )


@transaction.atomic
def sign_decision(
    *,
    decision: CandidacyDecision,
    by: User,
    membership: Membership,
    now: dt.datetime | None = None,
) -> tuple[CandidacyDecision, str]:
    """Sign a decision so it takes effect, and move the episode's stage to match.

    The caller has checked the password (PasswordSignatureForm). `now` (aware, not in the
    future; None: the real clock) dates the signature and the stage moves. Returns the decision
    and a note for the user ("" unless the stage could not follow). Raises SignatureRefused,
    or ValueError for a future `now`.
    """
    now = action_time(now)
    _require_physician(membership)
    locked = CandidacyDecision.objects.select_for_update().get(pk=decision.pk)
    if locked.in_effect:
        raise SignatureRefused("This decision has already been signed or overridden.")
    _check_current(locked)
    locked.signed_by = by
    locked.signed_at = now
    locked.signer_name = signatures.printed_name(by)
    locked.signature_meaning = signatures.MEANING_DECISION
    locked.signed_hash = signatures.record_hash(_decision_content(locked))
    locked.full_clean()
    locked.save()
    record_event(
        action="candidacy.sign",
        by=by,
        clinic_id=locked.clinic_id,
        patient_id=locked.episode.patient_id,
        obj=locked,
        changes={
            "status": locked.status,
            "signed_at": [None, now],
            "signer_name": [None, locked.signer_name],
            "meaning": [None, locked.signature_meaning],
            "signed_hash": [None, locked.signed_hash],
        },
    )
    label = STATUS_LABELS[Status(locked.status)]
    reason = f"Candidacy decision “{label}” signed by {locked.signer_name}."
    _, note = move_to(
        episode=locked.episode,
        target=TARGET_STAGE[locked.status],
        reasons={
            Stage.ASSESSED: f"Screened ({label}); decision signed by {locked.signer_name}.",
            Stage.CANDIDATE: reason,
            Stage.NOT_CANDIDATE: reason,
        },
        by=by,
        membership=membership,
        strict=False,
        now=now,
    )
    return locked, note


@transaction.atomic
def override_decision(
    *,
    decision: CandidacyDecision,
    status: str,
    justification: str,
    by: User,
    membership: Membership,
    now: dt.datetime | None = None,
) -> tuple[CandidacyDecision, str]:
    """Override a decision with another status, a justification and the physician's signature.

    Works on an unsigned or a signed decision, once. `now` (aware, not in the future; None: the
    real clock) dates the signature and the stage moves. Raises SignatureRefused, or ValueError
    for a future `now`.
    """
    now = action_time(now)
    _require_physician(membership)
    justification = " ".join(justification.split())
    problem = justification_problem(justification)
    if problem:
        raise SignatureRefused(problem)
    locked = CandidacyDecision.objects.select_for_update().get(pk=decision.pk)
    if locked.is_overridden:
        raise SignatureRefused("This decision has already been overridden.")
    _check_current(locked)
    status = Status(status).value
    before = locked.effective_status or locked.status
    if status == before:
        raise SignatureRefused("An override must change the decision.")
    locked.override_status = status
    locked.override_justification = justification
    locked.override_by = by
    locked.override_at = now
    locked.override_signer_name = signatures.printed_name(by)
    locked.override_meaning = signatures.MEANING_OVERRIDE
    locked.override_hash = signatures.record_hash(
        {**_decision_content(locked), "override_status": status, "justification": justification}
    )
    locked.full_clean()
    locked.save()
    record_event(
        action="candidacy.override",
        by=by,
        clinic_id=locked.clinic_id,
        patient_id=locked.episode.patient_id,
        obj=locked,
        changes={
            "status": [before, status],
            "justification": [None, justification],
            "signed_at": [None, now],
            "signer_name": [None, locked.override_signer_name],
            "meaning": [None, locked.override_meaning],
            "override_hash": [None, locked.override_hash],
        },
    )
    label = STATUS_LABELS[Status(status)]
    reason = f"Candidacy overridden to “{label}” by {locked.override_signer_name}: {justification}"
    _, note = move_to(
        episode=locked.episode,
        target=TARGET_STAGE[status],
        reasons={Stage.ASSESSED: reason, Stage.CANDIDATE: reason, Stage.NOT_CANDIDATE: reason},
        by=by,
        membership=membership,
        override=True,
        strict=False,
        now=now,
    )
    return locked, note


@transaction.atomic
def save_candidacy_settings(
    *, clinic: Clinic, overrides: Mapping[str, Any], by: User
) -> CandidacySettings:
    """Store the clinic's threshold overrides, validated by RuleSet.with_overrides.

    Raises RuleSetError naming every bad setting; nothing is saved then.
    """
    rules = DEFAULT_RULES.with_overrides(**overrides)
    changes = rules.changes()
    stored, _ = CandidacySettings.objects.select_for_update().get_or_create(clinic=clinic)
    before = dict(stored.rule_overrides)
    stored.rule_overrides = changes
    stored.updated_by = by
    stored.full_clean()
    stored.save()
    names = sorted(set(before) | set(changes))
    record_event(
        action="candidacy.settings",
        by=by,
        clinic_id=clinic.pk,
        obj=stored,
        changes={
            name: [before.get(name), changes.get(name)]
            for name in names
            if before.get(name) != changes.get(name)
        }
        | {"rules_version": [None, rules.version]},
    )
    return stored


@transaction.atomic
def create_patient_link(
    *,
    episode: Episode,
    purpose: str,
    by: User,
    plan_id: int | None = None,
    now: dt.datetime | None = None,
) -> tuple[PatientLink, str]:
    """Create a single-use link for the episode's patient; return it with its signed token.

    `now` (aware, not in the future; None: the real clock) dates the link; it expires a fixed
    lifetime later (links.LIFETIMES).
    """
    moment = action_time(now)
    link = PatientLink(
        clinic_id=episode.clinic_id,
        purpose=purpose,
        patient_id=episode.patient_id,
        episode=episode,
        plan_id=plan_id,
        created_by=by,
        created_at=moment,
        expires_at=moment + links.LIFETIMES[purpose],
    )
    link.full_clean()
    link.save()
    record_event(
        action="patient_link.create",
        by=by,
        clinic_id=episode.clinic_id,
        patient_id=episode.patient_id,
        obj=link,
        changes=diff(
            {},
            {
                "purpose": link.purpose,
                "plan_id": plan_id,
                "expires_at": link.expires_at,
            },
        ),
    )
    return link, links.make_token(link)


@transaction.atomic
def send_patient_link(*, link: PatientLink, url: str, to: str, by: User) -> None:
    """E-mail the link to the patient (three templates: subject, text, HTML) and audit it."""
    if not to:
        raise ValidationError({"email": "The patient has no e-mail address."})
    context = {
        "patient": link.patient,
        "clinic": link.clinic,
        "url": url,
        "expires_at": link.expires_at,
        "purpose": link.purpose,
    }
    base = f"screening/email/{link.purpose}_link"
    subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{base}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    message.send()
    link.sent_to = to
    link.save(update_fields=["sent_to"])
    record_event(
        action="patient_link.send",
        by=by,
        clinic_id=link.clinic_id,
        patient_id=link.patient_id,
        obj=link,
        changes={"sent_to": [None, to]},
    )
