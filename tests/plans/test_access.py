"""Walk every plan URL with every persona and check allow or deny."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

IDENTIFIABLE = {"alice", "carol", "tess", "adam"}
PLANNERS = {"alice"}
LINK_SENDERS = {"alice", "carol"}
EVERYONE = {"alice", "carol", "tess", "rita", "adam", "bob"}

pytestmark = pytest.mark.django_db


def _urls(episode: Any, plan: Any, consent: Any) -> list[tuple[str, set[str]]]:
    return [
        (reverse("plan_new", args=[episode.uuid]), PLANNERS),
        (reverse("plan_detail", args=[plan.uuid]), IDENTIFIABLE),
        (reverse("consent_link_new", args=[plan.uuid]), LINK_SENDERS),
        (reverse("plan_pdf", args=[plan.uuid]), IDENTIFIABLE),
        (reverse("consent_pdf", args=[consent.uuid]), IDENTIFIABLE),
    ]


def test_access_every_plan_url_with_every_persona(
    client_for: Any, episode: Any, final_plan: Any, signed_consent: Any
) -> None:
    # A new plan may still be built (a candidate episode may have a second plan).
    outcomes = {}
    for url, allowed in _urls(episode, final_plan, signed_consent):
        for name in sorted(EVERYONE):
            status = client_for(name).get(url).status_code
            expected = 200 if name in allowed else 404 if name == "bob" else 403
            outcomes[(url, name)] = (status, expected)
    wrong = {k: v for k, v in outcomes.items() if v[0] != v[1]}
    assert wrong == {}


def test_access_anonymous_is_sent_to_login(
    episode: Any, final_plan: Any, signed_consent: Any
) -> None:
    for url, _ in _urls(episode, final_plan, signed_consent):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_access_plan_posts_refuse_other_clinics_and_roles(client_for: Any, draft_plan: Any) -> None:
    url = reverse("plan_finalise", args=[draft_plan.uuid])
    for name, expected in {"bob": 404, "carol": 403, "tess": 403, "rita": 403, "adam": 403}.items():
        assert client_for(name).post(url, {"password": PASSWORD}).status_code == expected, name
    draft_plan.refresh_from_db()
    assert draft_plan.status == "draft"


def test_access_consent_posts_refuse_other_clinics_and_roles(
    client_for: Any, signed_consent: Any
) -> None:
    witness = reverse("consent_witness", args=[signed_consent.uuid])
    record = reverse("consent_record", args=[signed_consent.uuid])
    assert client_for("bob").post(witness, {}).status_code == 404
    assert client_for("tess").post(witness, {}).status_code == 403
    assert client_for("bob").post(record, {}).status_code == 404
    assert client_for("carol").post(record, {}).status_code == 403


def test_access_unknown_plan_and_other_clinics_look_the_same(
    client_for: Any, final_plan: Any
) -> None:
    bob = client_for("bob")
    assert bob.get(reverse("plan_detail", args=[final_plan.uuid])).status_code == 404
    assert bob.get(reverse("plan_detail", args=[uuid.uuid4()])).status_code == 404
