"""The permission gates for screenings, candidacy decisions and candidacy settings.

Roles (project policy, DESIGN.md "Who uses it"): physicians and coordinators may record
screening facts and send the patient questionnaire; only a physician signs or overrides a
decision (the physician "decides candidacy (or overrides with a reason)"); clinic admins edit
the clinic's thresholds; every role that may open identifiable records may read a decision.
Another clinic's object is a 404 exactly like a missing one; a forbidden role is a 403 before
any look-up.
"""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from regenpath.clinics.access import get_membership
from regenpath.clinics.models import Membership
from regenpath.domain.roles import EPISODE_EDIT, IDENTIFIABLE_ACCESS, Role
from regenpath.screening.models import CandidacyDecision, Screening

SCREEN_ENTRY: frozenset[Role] = EPISODE_EDIT
SIGNERS: frozenset[Role] = frozenset({Role.PHYSICIAN})
SETTINGS_EDIT: frozenset[Role] = frozenset({Role.CLINIC_ADMIN})
LINK_SENDERS: frozenset[Role] = EPISODE_EDIT


def _uuid(value: str | uuid.UUID) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("No such record.") from None


def get_decision_for_user(
    request: HttpRequest,
    decision_uuid: str | uuid.UUID,
    *,
    roles: frozenset[Role] = IDENTIFIABLE_ACCESS,
) -> CandidacyDecision:
    """Return the decision with its screening, episode and patient if the clinic holds it."""
    membership = get_membership(request, roles)
    try:
        return CandidacyDecision.objects.select_related(
            "screening", "episode", "episode__patient", "signed_by", "override_by"
        ).get(clinic_id=membership.clinic_id, uuid=_uuid(decision_uuid))
    except CandidacyDecision.DoesNotExist:
        raise Http404("No such decision.") from None


def get_decision_for_signing(
    request: HttpRequest, decision_uuid: str | uuid.UUID
) -> CandidacyDecision:
    """Return the decision for a physician to sign or override."""
    return get_decision_for_user(request, decision_uuid, roles=SIGNERS)


def get_intake_for_review(request: HttpRequest, screening_uuid: str | uuid.UUID) -> Screening:
    """Return a patient-intake screening for staff who may enter screening facts."""
    membership = get_membership(request, SCREEN_ENTRY)
    try:
        return Screening.objects.select_related("episode", "episode__patient").get(
            clinic_id=membership.clinic_id, uuid=_uuid(screening_uuid), source="patient_intake"
        )
    except Screening.DoesNotExist:
        raise Http404("No such screening.") from None


def settings_membership(request: HttpRequest) -> Membership:
    """Return the clinic admin's membership for editing the clinic's candidacy settings."""
    return get_membership(request, SETTINGS_EDIT)
