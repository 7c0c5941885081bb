"""Walk every outcomes URL with every persona and check allow or deny."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from regenpath.outcomes.models import InstrumentLicence, QuestionnaireResponse

pytestmark = pytest.mark.django_db

EVERYONE = {"alice", "carol", "tess", "rita", "adam", "bob"}
IDENTIFIABLE = {"alice", "carol", "tess", "adam"}
ENTRY = {"alice", "carol"}
ADMIN = {"adam"}


@pytest.fixture
def response(episode: Any, record: Any) -> Any:
    return record(episode, "nrs-pain", {"NRS": 6})


def _urls(episode: Any, response: Any) -> list[tuple[str, set[str], bool]]:
    """Return (url, allowed personas, is_clinic_object) for every outcomes GET."""
    e, r = episode.uuid, response.uuid
    return [
        (reverse("outcomes:choose_instrument", args=[e]), ENTRY, True),
        (reverse("outcomes:enter_response", args=[e, "koos"]), ENTRY, True),
        (reverse("outcomes:response_detail", args=[r]), IDENTIFIABLE, True),
        (reverse("outcomes:licences"), ADMIN, False),
        (reverse("outcomes:licence_record", args=["koos"]), ADMIN, False),
        (reverse("outcomes:settings"), ADMIN, False),
        (reverse("fhir:questionnaire", args=["koos"]), EVERYONE, False),
        (reverse("fhir:questionnaire_response", args=[r]), IDENTIFIABLE, True),
        (
            reverse("fhir:observation_search") + f"?derived-from=QuestionnaireResponse/{r}",
            IDENTIFIABLE,
            True,
        ),
        # Pages this app adds to the patients app's pages.
        (reverse("patient_detail", args=[episode.patient.uuid]), IDENTIFIABLE, True),
        (reverse("episode_detail", args=[e]), IDENTIFIABLE, True),
    ]


def test_access_every_outcomes_url_with_every_persona(
    client_for: Any, episode: Any, response: Any
) -> None:
    outcomes = {}
    for url, allowed, is_clinic_object in _urls(episode, response):
        for name in sorted(EVERYONE):
            status = client_for(name).get(url).status_code
            if name in allowed:
                expected = 200
            elif name == "bob" and is_clinic_object and "alice" in allowed:
                expected = 404  # another clinic's record looks like no record at all
            else:
                expected = 403
            outcomes[(url, name)] = (status, expected)
    wrong = {k: v for k, v in outcomes.items() if v[0] != v[1]}
    assert wrong == {}


def test_access_anonymous_is_sent_to_login(episode: Any, response: Any) -> None:
    for url, _, _ in _urls(episode, response):
        reply = Client().get(url)
        assert reply.status_code == 302, url
        assert reply["Location"].startswith(reverse("login")), url


def test_access_missing_and_other_clinics_response_look_the_same(
    client_for: Any, response: Any
) -> None:
    bob = client_for("bob")
    other = bob.get(reverse("outcomes:response_detail", args=[response.uuid]))
    missing = bob.get(reverse("outcomes:response_detail", args=[uuid.uuid4()]))
    assert other.status_code == missing.status_code == 404


def test_access_researcher_is_refused_before_any_lookup(client_for: Any) -> None:
    rita = client_for("rita")
    assert rita.get(reverse("outcomes:response_detail", args=[uuid.uuid4()])).status_code == 403
    fhir = reverse("fhir:questionnaire_response", args=[uuid.uuid4()])
    assert rita.get(fhir).status_code == 403


@pytest.mark.parametrize(("name", "status"), [("bob", 404), ("rita", 403), ("tess", 403)])
def test_access_entry_post_refuses_other_clinics_and_roles(
    client_for: Any, episode: Any, name: str, status: int
) -> None:
    data = {
        "source": "paper",
        "timepoint": "baseline",
        "completed_on": "2025-01-05",
        "item_NRS": "4",
    }
    url = reverse("outcomes:enter_response", args=[episode.uuid, "nrs-pain"])
    assert client_for(name).post(url, data).status_code == status
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.parametrize("name", ["alice", "carol", "tess", "rita", "bob"])
def test_access_licence_post_is_for_clinic_admins_only(client_for: Any, name: str) -> None:
    url = reverse("outcomes:licence_record", args=["koos"])
    reply = client_for(name).post(url, {"holder": "H", "reference": "R"})
    assert reply.status_code == 403
    assert not InstrumentLicence.objects.exists()


def test_access_entry_post_enforces_csrf(personas: Any, episode: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["carol"])
    url = reverse("outcomes:enter_response", args=[episode.uuid, "nrs-pain"])
    assert client.post(url, {"item_NRS": "4"}).status_code == 403
    assert not QuestionnaireResponse.objects.exists()
