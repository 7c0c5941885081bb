"""Walk every screening URL with every persona and check allow or deny."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

IDENTIFIABLE = {"alice", "carol", "tess", "adam"}
SCREEN_ENTRY = {"alice", "carol"}
SETTINGS = {"adam"}
EVERYONE = {"alice", "carol", "tess", "rita", "adam", "bob"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(episode: Any, alice: Any) -> Any:
    from regenpath.screening import actions

    _, token = actions.create_patient_link(episode=episode, purpose="intake", by=alice)
    data = {
        "med-TOTAL_FORMS": "0",
        "med-INITIAL_FORMS": "0",
        "inj-TOTAL_FORMS": "0",
        "inj-INITIAL_FORMS": "0",
    }
    Client().post(reverse("patient_intake", args=[token]), data)
    from regenpath.screening.models import Screening

    return Screening.objects.get(source="patient_intake")


def _urls(episode: Any, decision: Any, intake: Any) -> list[tuple[str, set[str], bool]]:
    return [
        (reverse("screening_new", args=[episode.uuid]), SCREEN_ENTRY, True),
        (reverse("intake_link_new", args=[episode.uuid]), SCREEN_ENTRY, True),
        (reverse("intake_review", args=[intake.uuid]), SCREEN_ENTRY, True),
        (reverse("decision_detail", args=[decision.uuid]), IDENTIFIABLE, True),
        (reverse("candidacy_settings"), SETTINGS, False),
    ]


def test_access_every_screening_url_with_every_persona(
    client_for: Any, episode: Any, decision: Any, intake: Any
) -> None:
    outcomes = {}
    for url, allowed, is_clinic_object in _urls(episode, decision, intake):
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


def test_access_anonymous_is_sent_to_login(episode: Any, decision: Any, intake: Any) -> None:
    for url, _, _ in _urls(episode, decision, intake):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_access_sign_and_override_posts_refuse_others(client_for: Any, decision: Any) -> None:
    sign = reverse("decision_sign", args=[decision.uuid])
    override = reverse("decision_override", args=[decision.uuid])
    for name, expected in {"bob": 404, "carol": 403, "tess": 403, "rita": 403, "adam": 403}.items():
        assert client_for(name).post(sign, {"password": PASSWORD}).status_code == expected, name
        assert client_for(name).post(override, {}).status_code == expected, name
    decision.refresh_from_db()
    assert decision.signed_at is None


def test_access_unknown_decision_and_other_clinics_look_the_same(
    client_for: Any, decision: Any
) -> None:
    bob = client_for("bob")
    assert bob.get(reverse("decision_detail", args=[decision.uuid])).status_code == 404
    assert bob.get(reverse("decision_detail", args=[uuid.uuid4()])).status_code == 404


def test_access_screening_posts_enforce_csrf(alice: Any, episode: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("screening_new", args=[episode.uuid]), {})
    assert response.status_code == 403
