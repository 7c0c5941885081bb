"""FHIR R4 reads: an instrument's Questionnaire, a stored QuestionnaireResponse and its scores.

The resources are built by `regenpath.domain.fhir.questionnaire` (item text only from a text
pack, LOINC only where VERIFIED, reference/instruments.md §1.1, §2.7). Errors are FHIR
OperationOutcomes with the HTTP status a client expects. Reading a response is audited like a
page view; the permission gates are those of the staff pages.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from regenpath.audit.actions import record_event
from regenpath.clinics.access import staff_user
from regenpath.domain.fhir.questionnaire import observations, questionnaire, questionnaire_response
from regenpath.domain.instruments import ScaleResult, ScoreResult, UnknownInstrumentError, get
from regenpath.domain.instruments.textpack import TextPack
from regenpath.outcomes.access import get_instrument_reader, get_response_for_user
from regenpath.outcomes.licences import clinic_settings
from regenpath.outcomes.models import QuestionnaireResponse
from regenpath.outcomes.packs import pack_for

FHIR_JSON = "application/fhir+json"
_DERIVED_FROM = "QuestionnaireResponse/"


def _fhir(resource: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(resource, ensure_ascii=False), content_type=FHIR_JSON, status=status
    )


def _outcome(status: int, code: str, text: str) -> HttpResponse:
    return _fhir(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": text}],
        },
        status=status,
    )


def _with_id(resource: dict[str, Any], resource_id: str) -> dict[str, Any]:
    return {"resourceType": resource["resourceType"], "id": resource_id} | resource


@login_required
@require_GET
def questionnaire_read(request: HttpRequest, code: str) -> HttpResponse:
    """Return the instrument as a Questionnaire, with the clinic's text pack where loaded."""
    try:
        membership = get_instrument_reader(request)
    except PermissionDenied as refusal:
        return _outcome(403, "forbidden", str(refusal))
    try:
        pack = pack_for(code, clinic_settings(membership.clinic).text_language)
        resource = questionnaire(code, pack)
    except UnknownInstrumentError as error:
        return _outcome(404, "not-found", str(error))
    return _fhir(_with_id(resource, code))


def _response_pack(response: QuestionnaireResponse) -> TextPack | None:
    if not response.textpack_language:
        return None
    pack = pack_for(response.instrument, response.textpack_language)
    if pack is None or pack.instrument_version != response.textpack_version:
        return None
    return pack


def _gated_response(
    request: HttpRequest, response_uuid: str | uuid.UUID
) -> QuestionnaireResponse | HttpResponse:
    try:
        response = get_response_for_user(request, response_uuid)
    except PermissionDenied as refusal:
        return _outcome(403, "forbidden", str(refusal))
    except Http404:
        return _outcome(404, "not-found", "No such QuestionnaireResponse.")
    record_event(
        action="response.view",
        by=staff_user(request),
        clinic_id=response.clinic_id,
        patient_id=response.patient_id,
        obj=response,
        changes={"via": "fhir"},
    )
    return response


@login_required
@require_GET
def questionnaire_response_read(request: HttpRequest, response_uuid: uuid.UUID) -> HttpResponse:
    """Return one stored response as a QuestionnaireResponse."""
    response = _gated_response(request, response_uuid)
    if isinstance(response, HttpResponse):
        return response
    resource = questionnaire_response(
        response.instrument,
        response.responses,
        subject_ref=f"Patient/{response.patient.uuid}",
        authored=response.entered_at,
        pack=_response_pack(response),
    )
    # A paper form is dated, not timed: `authored` is the completion date (FHIR dateTime allows
    # day precision); the domain builder takes an instant, so the entry time stands in above.
    resource["authored"] = response.completed_on.isoformat()
    return _fhir(_with_id(resource, str(response.uuid)))


def stored_result(score: dict[str, Any]) -> ScoreResult:
    """Return the ScoreResult a stored result JSON (`to_dict()`, reference §2.3) came from.

    Scales come back in the registry's order (§2.3 rule 1): PostgreSQL's jsonb does not keep
    the order of object keys.
    """
    stored = score["scales"]
    order = [s.code for s in get(score["instrument"]).scales if s.code in stored]
    order += [code for code in stored if code not in order]
    scales = {
        code: ScaleResult(
            **{
                **stored[code],
                "missing_items": tuple(stored[code]["missing_items"]),
                "flags": tuple(stored[code]["flags"]),
            }
        )
        for code in order
    }
    return ScoreResult(score["instrument"], score["rules_version"], scales)


@login_required
@require_GET
def observation_search(request: HttpRequest) -> HttpResponse:
    """Search Observations by `derived-from=QuestionnaireResponse/<id>`: the response's scores."""
    params = set(request.GET)
    target = request.GET.get("derived-from", "")
    if params != {"derived-from"} or not target.startswith(_DERIVED_FROM):
        return _outcome(
            400,
            "not-supported",
            "Search Observations with exactly one parameter: "
            "derived-from=QuestionnaireResponse/<id>.",
        )
    try:
        response_uuid = uuid.UUID(target.removeprefix(_DERIVED_FROM))
    except ValueError:
        return _outcome(404, "not-found", "No such QuestionnaireResponse.")
    response = _gated_response(request, response_uuid)
    if isinstance(response, HttpResponse):
        return response
    result = stored_result(response.score)
    resources = observations(
        result,
        subject_ref=f"Patient/{response.patient.uuid}",
        effective=response.completed_on,
        derived_from_ref=f"{_DERIVED_FROM}{response.uuid}",
    )
    entries = [
        {
            "resource": _with_id(resource, f"{response.uuid}-{scale.replace('_', '-')}"),
            "search": {"mode": "match"},
        }
        for resource, scale in zip(resources, result.scales, strict=True)
    ]
    return _fhir(
        {"resourceType": "Bundle", "type": "searchset", "total": len(entries), "entry": entries}
    )
