"""FHIR reads: Questionnaire, QuestionnaireResponse and its Observations, validated with fhir.resources.

fhir.resources 8 has no R4 package; R4B stands in (same elements for these resources), as in
tests/domain/fhir/test_questionnaire.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirResponse

from regenpath.domain.instruments import get
from regenpath.outcomes.fhir_views import stored_result
from tests.outcomes.conftest import all_items, placeholder_pack, write_pack

pytestmark = pytest.mark.django_db


def _json(response: Any) -> dict[str, Any]:
    assert response["Content-Type"] == "application/fhir+json"
    data: dict[str, Any] = json.loads(response.content)
    return data


def test_fhir_questionnaire_is_a_valid_r4_questionnaire(client_for: Any, clinics: Any) -> None:
    response = client_for("rita").get(reverse("fhir:questionnaire", args=["koos"]))
    assert response.status_code == 200
    resource = _json(response)
    Questionnaire.model_validate(resource)
    assert resource["id"] == "koos"
    assert [item["linkId"] for item in resource["item"]] == [i.id for i in get("koos").items]
    assert resource["item"][0]["text"] == "S1"  # no text pack: the identifier


def test_fhir_questionnaire_uses_the_clinics_text_pack(
    client_for: Any, clinics: Any, textpack_dir: Path
) -> None:
    write_pack(textpack_dir, placeholder_pack("lefs", "en-US"))
    resource = _json(client_for("alice").get(reverse("fhir:questionnaire", args=["lefs"])))
    assert resource["language"] == "en-US"
    assert resource["item"][0]["text"] == "placeholder text L1"


def test_fhir_questionnaire_unknown_code_is_an_operation_outcome(
    client_for: Any, clinics: Any
) -> None:
    response = client_for("alice").get(reverse("fhir:questionnaire", args=["koos-ps"]))
    assert response.status_code == 404
    assert _json(response)["resourceType"] == "OperationOutcome"


def test_fhir_questionnaire_response_is_valid_and_dated_by_completion(
    client_for: Any, episode: Any, record: Any
) -> None:
    stored = record(episode, "koos", all_items("koos", 2), completed_on=dt.date(2025, 5, 6))
    response = client_for("alice").get(reverse("fhir:questionnaire_response", args=[stored.uuid]))
    resource = _json(response)
    FhirResponse.model_validate(resource)
    assert resource["id"] == str(stored.uuid)
    assert resource["authored"] == "2025-05-06"
    assert resource["subject"] == {"reference": f"Patient/{episode.patient.uuid}"}
    assert len(resource["item"]) == len(stored.responses)


def test_fhir_observations_of_a_response_form_a_valid_searchset(
    client_for: Any, episode: Any, record: Any
) -> None:
    stored = record(episode, "koos", all_items("koos", 2) | {"P1": None, "P2": None})
    url = reverse("fhir:observation_search") + f"?derived-from=QuestionnaireResponse/{stored.uuid}"
    bundle = _json(client_for("alice").get(url))
    Bundle.model_validate(bundle)
    assert bundle["type"] == "searchset" and bundle["total"] == 5
    labels = [entry["resource"]["code"]["text"] for entry in bundle["entry"]]
    assert labels == [scale.label for scale in get("koos").scales]  # §2.3 order, even from jsonb
    pain = bundle["entry"][0]["resource"]
    assert pain["id"] == f"{stored.uuid}-pain"
    assert pain["valueQuantity"]["value"] == stored.score["scales"]["pain"]["value"]
    assert pain["derivedFrom"] == [{"reference": f"QuestionnaireResponse/{stored.uuid}"}]
    assert pain["effectiveDateTime"] == stored.completed_on.isoformat()


@pytest.mark.parametrize(
    "query",
    ["", "?subject=Patient/1", "?derived-from=Observation/1", "?derived-from=x&subject=y"],
)
def test_fhir_observation_search_supports_only_derived_from(
    client_for: Any, clinics: Any, query: str
) -> None:
    response = client_for("alice").get(reverse("fhir:observation_search") + query)
    assert response.status_code == 400
    assert _json(response)["issue"][0]["code"] == "not-supported"


def test_stored_result_round_trips_the_engine_result(episode: Any, record: Any) -> None:
    stored = record(episode, "womac", all_items("womac", 1) | {"WF3": None})
    assert stored_result(stored.score).to_dict() == stored.score
