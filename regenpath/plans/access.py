"""The permission gates for treatment plans and consents, and the consent check for procedures.

Roles (project policy, DESIGN.md "Who uses it"): only a physician builds, adjusts and finalises
a plan and records consent; physicians and coordinators send the consent link and may witness
the patient's signature; every role that may open identifiable records reads plans and downloads
their PDFs (each download audited). Another clinic's object is a 404 like a missing one; a
forbidden role is a 403 before any look-up.

`signed_consent_for(plan)` is the interface procedure-day code uses to refuse scheduling a
procedure without signed consent for that very plan.
"""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from regenpath.clinics.access import get_membership
from regenpath.domain.roles import EPISODE_EDIT, IDENTIFIABLE_ACCESS, Role
from regenpath.plans.models import Consent, PlanStatus, TreatmentPlan

PLANNERS: frozenset[Role] = frozenset({Role.PHYSICIAN})
CONSENT_LINK_SENDERS: frozenset[Role] = EPISODE_EDIT
WITNESSES: frozenset[Role] = EPISODE_EDIT


def _uuid(value: str | uuid.UUID) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("No such record.") from None


def get_plan_for_user(
    request: HttpRequest,
    plan_uuid: str | uuid.UUID,
    *,
    roles: frozenset[Role] = IDENTIFIABLE_ACCESS,
) -> TreatmentPlan:
    """Return the plan with its episode and patient if the clinic holds it and the role may."""
    membership = get_membership(request, roles)
    try:
        return TreatmentPlan.objects.select_related("episode", "episode__patient", "decision").get(
            clinic_id=membership.clinic_id, uuid=_uuid(plan_uuid)
        )
    except TreatmentPlan.DoesNotExist:
        raise Http404("No such plan.") from None


def get_plan_for_planning(request: HttpRequest, plan_uuid: str | uuid.UUID) -> TreatmentPlan:
    return get_plan_for_user(request, plan_uuid, roles=PLANNERS)


def get_consent_for_user(
    request: HttpRequest,
    consent_uuid: str | uuid.UUID,
    *,
    roles: frozenset[Role] = IDENTIFIABLE_ACCESS,
) -> Consent:
    """Return the consent with its plan, episode and patient if the clinic holds it."""
    membership = get_membership(request, roles)
    try:
        return Consent.objects.select_related(
            "plan", "plan__episode", "plan__episode__patient"
        ).get(clinic_id=membership.clinic_id, uuid=_uuid(consent_uuid))
    except Consent.DoesNotExist:
        raise Http404("No such consent.") from None


def signed_consent_for(plan: TreatmentPlan) -> Consent | None:
    """Return the patient's newest signed consent for this final plan, or None.

    None when the plan is a draft or has been superseded by a newer plan (its consent no longer
    covers what will be done), or when the patient has not signed. Procedure-day code must
    refuse to schedule a procedure for `plan` when this returns None.
    """
    if plan.status != PlanStatus.FINAL:
        return None
    return Consent.objects.filter(plan=plan, confirmed=True).order_by("-signed_at", "-pk").first()
