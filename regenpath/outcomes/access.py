"""The permission gates for questionnaires, licences and outcome settings.

Who may do what (DESIGN.md "Who uses it"): physicians and coordinators enter questionnaires;
every role that may open identifiable records may read them; researchers never see a patient's
response (they get de-identified exports); clinic admins record licences and settings. Another
clinic's response gives the same 404 as a missing one; a forbidden role gets 403 before any
look-up.
"""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from regenpath.clinics.access import get_membership
from regenpath.clinics.models import Membership
from regenpath.domain.roles import EPISODE_EDIT, IDENTIFIABLE_ACCESS, Role
from regenpath.outcomes.models import QuestionnaireResponse
from regenpath.patients.access import get_episode_for_user
from regenpath.patients.models import Episode

# Entering a questionnaire is a clinical edit of the episode.
RESPONSE_ENTRY: frozenset[Role] = EPISODE_EDIT
RESPONSE_READ: frozenset[Role] = IDENTIFIABLE_ACCESS
# Licences and deployment settings are administration (reference §1.1 rule 6: "an
# administrator records the licence or permission reference").
LICENCE_ADMIN: frozenset[Role] = frozenset({Role.CLINIC_ADMIN})


def get_episode_for_entry(request: HttpRequest, episode_uuid: str | uuid.UUID) -> Episode:
    """Return the episode for entering a questionnaire (physicians and coordinators)."""
    return get_episode_for_user(request, episode_uuid, roles=RESPONSE_ENTRY)


def get_response_for_user(
    request: HttpRequest, response_uuid: str | uuid.UUID
) -> QuestionnaireResponse:
    """Return the response with its patient, episode and people if the clinic holds it."""
    membership = get_membership(request, RESPONSE_READ)
    try:
        key = response_uuid if isinstance(response_uuid, uuid.UUID) else uuid.UUID(response_uuid)
        return QuestionnaireResponse.objects.select_related(
            "patient", "episode", "entered_by", "derived_from"
        ).get(clinic_id=membership.clinic_id, uuid=key)
    except (ValueError, QuestionnaireResponse.DoesNotExist):
        raise Http404("No such questionnaire response.") from None


def get_licence_admin(request: HttpRequest) -> Membership:
    """Return the membership of a clinic admin; 403 for every other role."""
    return get_membership(request, LICENCE_ADMIN)


def get_instrument_reader(request: HttpRequest) -> Membership:
    """Return any active membership: instrument definitions hold no patient data."""
    return get_membership(request)
