"""Walk every staff URL with every persona and check allow or deny."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

# (url name, needs) -> who may open it with GET. Others get 403 (role) or 404 (other clinic).
IDENTIFIABLE = {"alice", "carol", "tess", "adam"}
REGISTRATION = {"alice", "carol", "adam"}
EPISODE_EDIT = {"alice", "carol"}
AUDIT = {"adam"}
EVERYONE = {"alice", "carol", "tess", "rita", "adam", "bob"}


def _urls(patient: Any, episode: Any) -> list[tuple[str, set[str], bool]]:
    """Return (url, allowed personas, is_clinic_object) for every staff GET page."""
    p, e = patient.uuid, episode.uuid
    return [
        (reverse("dashboard"), EVERYONE, False),
        (reverse("patient_list"), IDENTIFIABLE | {"bob"}, False),
        (reverse("patient_create"), REGISTRATION | {"bob"}, False),
        (reverse("patient_detail", args=[p]), IDENTIFIABLE, True),
        (reverse("patient_edit", args=[p]), REGISTRATION, True),
        (reverse("episode_create", args=[p]), EPISODE_EDIT, True),
        (reverse("episode_detail", args=[e]), IDENTIFIABLE, True),
        (reverse("episode_edit", args=[e]), EPISODE_EDIT, True),
        (reverse("patient_audit", args=[p]), AUDIT, True),
        (reverse("password_change"), EVERYONE, False),
    ]


@pytest.mark.django_db
def test_access_every_url_with_every_persona(client_for: Any, patient: Any, episode: Any) -> None:
    outcomes = {}
    for url, allowed, is_clinic_object in _urls(patient, episode):
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


@pytest.mark.django_db
def test_access_anonymous_is_sent_to_login(patient: Any, episode: Any) -> None:
    for url, _, _ in _urls(patient, episode):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.django_db
def test_access_unknown_patient_and_other_clinics_patient_look_the_same(
    client_for: Any, patient: Any
) -> None:
    bob = client_for("bob")
    other = bob.get(reverse("patient_detail", args=[patient.uuid]))
    missing = bob.get(reverse("patient_detail", args=[uuid.uuid4()]))
    assert other.status_code == missing.status_code == 404
    token = re.compile(rb"[A-Za-z0-9]{64}")  # CSRF tokens differ per response
    assert token.sub(b"", other.content) == token.sub(b"", missing.content)


@pytest.mark.django_db
def test_access_researcher_is_refused_before_any_lookup(client_for: Any, patient: Any) -> None:
    rita = client_for("rita")
    assert rita.get(reverse("patient_detail", args=[patient.uuid])).status_code == 403
    assert rita.get(reverse("patient_detail", args=[uuid.uuid4()])).status_code == 403


@pytest.mark.django_db
def test_access_post_endpoints_refuse_other_clinics_and_wrong_roles(
    client_for: Any, patient: Any, episode: Any
) -> None:
    move = reverse("episode_move", args=[episode.uuid])
    data = {"to": "assessed", "reason": "Seen in clinic"}
    assert client_for("bob").post(move, data).status_code == 404
    assert client_for("rita").post(move, data).status_code == 403
    episode.refresh_from_db()
    assert episode.stage == "referred"


@pytest.mark.django_db
def test_access_forms_enforce_csrf(alice: Any, clinics: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("patient_create"), {"mrn": "X1"})
    assert response.status_code == 403
