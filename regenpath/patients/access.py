"""The one permission gate per object type for patients and episodes.

Every view and API endpoint that reads a patient or an episode goes through these functions.
Another clinic's patient and a patient that does not exist give the same 404, so a URL never
reveals whether a record exists; a role that may not open identifiable records gets 403 before
any look-up.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from regenpath.clinics.access import get_membership
from regenpath.domain.roles import EPISODE_EDIT, IDENTIFIABLE_ACCESS, REGISTRATION, Role
from regenpath.patients.models import Episode, Patient


def _parse_uuid(value: str | uuid.UUID) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("No such record.") from None


def patients_for_user(request: HttpRequest) -> QuerySet[Patient]:
    """Return the patients of the request's clinic, if its role may see identifiable records."""
    membership = get_membership(request, IDENTIFIABLE_ACCESS)
    return Patient.objects.filter(clinic_id=membership.clinic_id)


def get_patient_for_user(
    request: HttpRequest,
    patient_uuid: str | uuid.UUID,
    *,
    roles: frozenset[Role] = IDENTIFIABLE_ACCESS,
) -> Patient:
    """Return the patient if the request's clinic holds it and its role is in `roles`."""
    membership = get_membership(request, roles)
    try:
        return Patient.objects.get(clinic_id=membership.clinic_id, uuid=_parse_uuid(patient_uuid))
    except Patient.DoesNotExist:
        raise Http404("No such patient.") from None


def get_patient_for_registration(request: HttpRequest, patient_uuid: str | uuid.UUID) -> Patient:
    """Return the patient for editing demographics (registration roles only)."""
    return get_patient_for_user(request, patient_uuid, roles=REGISTRATION)


def get_episode_for_user(
    request: HttpRequest,
    episode_uuid: str | uuid.UUID,
    *,
    roles: frozenset[Role] = IDENTIFIABLE_ACCESS,
) -> Episode:
    """Return the episode and its patient if the clinic holds it and the role is allowed."""
    membership = get_membership(request, roles)
    try:
        return Episode.objects.select_related("patient").get(
            clinic_id=membership.clinic_id, uuid=_parse_uuid(episode_uuid)
        )
    except Episode.DoesNotExist:
        raise Http404("No such episode.") from None


def get_episode_for_editing(request: HttpRequest, episode_uuid: str | uuid.UUID) -> Episode:
    """Return the episode for clinical edits (physicians and coordinators)."""
    return get_episode_for_user(request, episode_uuid, roles=EPISODE_EDIT)
