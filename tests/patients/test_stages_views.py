"""Moving an episode along its stages by hand, with a reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from regenpath.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _move(client: Any, episode: Any, to: str, reason: str = "Reviewed in clinic today.") -> Any:
    return client.post(reverse("episode_move", args=[episode.uuid]), {"to": to, "reason": reason})


def test_episode_move_records_history_and_audit(client_for: Any, episode: Any) -> None:
    response = _move(client_for("alice"), episode, "assessed")
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.stage == "assessed"
    change = episode.stage_changes.order_by("-at", "-pk").first()
    assert (change.from_stage, change.to_stage, change.reason) == (
        "referred",
        "assessed",
        "Reviewed in clinic today.",
    )
    event = AuditEvent.objects.get(action="episode.stage")
    assert event.changes == {
        "stage": ["referred", "assessed"],
        "reason": "Reviewed in clinic today.",
    }


def test_episode_move_refuses_an_illegal_jump_with_a_message(client_for: Any, episode: Any) -> None:
    response = _move(client_for("alice"), episode, "treated")
    assert response.status_code == 400
    errors = " ".join(response.context["move_form"].errors["to"])
    assert "cannot move from Referred to Treated" in errors
    episode.refresh_from_db()
    assert episode.stage == "referred"
    assert not AuditEvent.objects.filter(action="episode.stage").exists()


def test_episode_move_requires_a_reason(client_for: Any, episode: Any) -> None:
    response = _move(client_for("alice"), episode, "assessed", reason="   ")
    assert response.status_code == 400
    episode.refresh_from_db()
    assert episode.stage == "referred"


def test_episode_move_walks_the_whole_journey_and_a_repeat(client_for: Any, episode: Any) -> None:
    alice = client_for("alice")
    for stage in (
        "assessed",
        "candidate",
        "planned",
        "consented",
        "treated",
        "follow_up",
        "planned",
    ):
        assert _move(alice, episode, stage).status_code == 302, stage
    episode.refresh_from_db()
    assert episode.stage == "planned"
    assert episode.stage_changes.count() == 8


def test_episode_move_by_coordinator_is_limited_by_the_table(client_for: Any, episode: Any) -> None:
    response = _move(client_for("carol"), episode, "assessed")
    assert response.status_code == 400
    assert "physician" in " ".join(response.context["move_form"].errors["to"]).lower()


def test_episode_detail_offers_only_allowed_targets(client_for: Any, episode: Any) -> None:
    response = client_for("alice").get(reverse("episode_detail", args=[episode.uuid]))
    choices = [value for value, _ in response.context["move_form"].fields["to"].choices]
    assert "assessed" in choices
    assert "treated" not in choices
