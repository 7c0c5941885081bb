"""Writes for informed consent: the patient's signature, a witness, the physician's record.

The signed document is frozen as a PDF in the data folder; its SHA-256 is stored on the
Consent row and in the audit event, so any later change to the file is detected
(documents.load checks it on every download).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from regenpath.audit.actions import record_event
from regenpath.clinics.models import Membership
from regenpath.domain.consent import ConsentDocument, consent_document, document_hash
from regenpath.domain.roles import EPISODE_EDIT, Role
from regenpath.domain.stages import Stage
from regenpath.patients.actions import action_time
from regenpath.plans import documents, pdf, printouts
from regenpath.plans.forms import names_match
from regenpath.plans.models import Consent, PlanStatus, TreatmentPlan
from regenpath.screening import links, signatures
from regenpath.screening.models import PatientLink
from regenpath.screening.stagepath import move_to


class ConsentRefused(ValueError):
    """Consent that cannot be signed or recorded now; the message says why."""


def document_for(plan: TreatmentPlan) -> ConsentDocument:
    return consent_document(plan.episode.condition_code, plan.cell_source)


def plan_for_link(link: PatientLink) -> TreatmentPlan:
    """Return the final plan a consent link was made for, checking it belongs to the patient."""
    if link.plan_id is None:
        raise links.LinkError(links.LinkProblem.INVALID)
    plan = (
        TreatmentPlan.objects.select_related("episode", "episode__patient", "clinic")
        .filter(pk=link.plan_id, clinic_id=link.clinic_id, episode__patient_id=link.patient_id)
        .first()
    )
    if plan is None or plan.status != PlanStatus.FINAL:
        # A superseded plan's link must not be signed: the patient would consent to an old plan.
        raise links.LinkError(links.LinkProblem.INVALID)
    return plan


def _freeze(consent: Consent, document: ConsentDocument) -> tuple[str, str]:
    data = pdf.render(printouts.consent_printout(consent, document))
    return documents.store(
        clinic_slug=consent.plan.clinic.slug,
        kind="consent",
        stem=f"consent-{consent.uuid}",
        data=data,
    )


@transaction.atomic
def sign_consent(
    *, token: str, full_name: str, confirmed: bool, now: dt.datetime | None = None
) -> Consent:
    """Record the patient's signature through a consent link, freeze the PDF, use the link.

    `now` (aware, not in the future; None: the real clock) dates the signature and is the time
    the link must still be valid at. Raises LinkError (invalid, expired, used, or its plan no
    longer final), ConsentRefused, or ValueError for a future `now`.
    """
    moment = action_time(now)
    link = links.resolve(token, PatientLink.Purpose.CONSENT, now=moment)
    locked = PatientLink.objects.select_for_update().get(pk=link.pk)
    links.check_usable(locked, now=moment)
    plan = plan_for_link(locked)
    full_name = " ".join(full_name.split())
    if not confirmed:
        raise ConsentRefused("The confirmation box must be ticked to sign.")
    if not names_match(full_name, plan.episode.patient.full_name):
        raise ConsentRefused("The typed name does not match the patient's name.")
    document = document_for(plan)
    consent = Consent(
        clinic_id=plan.clinic_id,
        plan=plan,
        document_version=document.version,
        document_hash=document_hash(document),
        signer_name=full_name,
        signed_at=moment,
        confirmed=True,
        link=locked,
    )
    consent.pdf_path, consent.pdf_sha256 = _freeze(consent, document)
    consent.full_clean()
    consent.save()
    locked.used_at = moment
    locked.save(update_fields=["used_at"])
    record_event(
        action="consent.sign",
        by=None,
        clinic_id=plan.clinic_id,
        patient_id=plan.episode.patient_id,
        obj=consent,
        changes={
            "plan": str(plan.uuid),
            "signer_name": [None, full_name],
            "signed_at": [None, moment],
            "document_version": [None, consent.document_version],
            "document_hash": [None, consent.document_hash],
            "pdf_sha256": [None, consent.pdf_sha256],
            "link": str(locked.uuid),
        },
    )
    return consent


@transaction.atomic
def witness_consent(
    *, consent: Consent, by: User, membership: Membership, now: dt.datetime | None = None
) -> Consent:
    """Countersign as witness (staff); the PDF is frozen again with the witness, old one kept.

    `now` (aware, not in the future; None: the real clock) dates the witness signature.
    """
    now = action_time(now)
    if membership.role_enum not in EPISODE_EDIT:
        raise PermissionDenied("Only a physician or a coordinator can witness a consent.")
    locked = Consent.objects.select_for_update().select_related("plan").get(pk=consent.pk)
    if locked.witness_signed_at is not None:
        raise ConsentRefused("This consent already has a witness.")
    old_path, old_hash = locked.pdf_path, locked.pdf_sha256
    locked.witness = by
    locked.witness_name = signatures.printed_name(by)
    locked.witness_signed_at = now
    # The document the patient signed is re-rendered from the same versioned text.
    document = document_for(locked.plan)
    if document_hash(document) != locked.document_hash:
        raise ConsentRefused("The consent text has changed since the patient signed it.")
    locked.pdf_path, locked.pdf_sha256 = _freeze(locked, document)
    locked.full_clean()
    locked.save()
    record_event(
        action="consent.witness",
        by=by,
        clinic_id=locked.clinic_id,
        patient_id=locked.plan.episode.patient_id,
        obj=locked,
        changes={
            "witness_name": [None, locked.witness_name],
            "witness_signed_at": [None, now],
            "meaning": [None, signatures.MEANING_WITNESS],
            "pdf_path": [old_path, locked.pdf_path],
            "pdf_sha256": [old_hash, locked.pdf_sha256],
        },
    )
    return locked


@transaction.atomic
def record_consent(
    *, consent: Consent, by: User, membership: Membership, now: dt.datetime | None = None
) -> Consent:
    """Confirm the consent as the physician and move the episode to consented.

    The stage table makes "Record consent" a physician's move; the patient's own signature
    through a link has no staff actor, so a physician confirms it (with their signature).
    `now` (aware, not in the future; None: the real clock) dates the record and the stage move.
    """
    now = action_time(now)
    if membership.role_enum is not Role.PHYSICIAN:
        raise PermissionDenied("Only a physician can record consent.")
    locked = Consent.objects.select_for_update().select_related("plan").get(pk=consent.pk)
    if locked.recorded_at is not None:
        raise ConsentRefused("This consent has already been recorded.")
    if locked.plan.status != PlanStatus.FINAL:
        raise ConsentRefused("The plan this consent covers has been replaced by a newer plan.")
    locked.recorded_by = by
    locked.recorded_name = signatures.printed_name(by)
    locked.recorded_at = now
    locked.full_clean()
    locked.save()
    record_event(
        action="consent.record",
        by=by,
        clinic_id=locked.clinic_id,
        patient_id=locked.plan.episode.patient_id,
        obj=locked,
        changes={
            "recorded_name": [None, locked.recorded_name],
            "recorded_at": [None, now],
            "meaning": [None, signatures.MEANING_CONSENT_RECORDED],
        },
    )
    move_to(
        episode=locked.plan.episode,
        target=Stage.CONSENTED,
        reasons={
            Stage.CONSENTED: f"Patient signed consent ({locked.document_version}) on "
            f"{printouts.when(locked.signed_at)}; recorded by {locked.recorded_name}."
        },
        by=by,
        membership=membership,
        now=now,
    )
    return locked
