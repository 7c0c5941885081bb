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


def test_episode_move_by_hand_refuses_moves_that_only_a_signed_record_makes(
    client_for: Any, episode: Any
) -> None:
    alice = client_for("alice")
    assert _move(alice, episode, "assessed").status_code == 302
    response = _move(alice, episode, "candidate")
    assert response.status_code == 400
    errors = " ".join(response.context["move_form"].errors["to"])
    assert "made by a signed candidacy decision, not by hand" in errors
    episode.refresh_from_db()
    assert episode.stage == "assessed"


def test_move_episode_from_records_walks_the_whole_journey_and_a_repeat(
    episode: Any, alice: Any
) -> None:
    from regenpath.clinics.models import Membership
    from regenpath.domain.stages import Stage
    from regenpath.patients.actions import move_episode

    membership = Membership.objects.get(user=alice)
    journey = ("assessed", "candidate", "planned", "consented", "treated", "follow_up", "planned")
    for stage in journey:
        move_episode(
            episode=episode, to=Stage(stage), reason="Recorded.", by=alice, membership=membership
        )
    episode.refresh_from_db()
    assert episode.stage == "planned"
    assert episode.stage_changes.count() == len(journey) + 1


def test_episode_move_by_coordinator_is_limited_by_the_table(client_for: Any, episode: Any) -> None:
    response = _move(client_for("carol"), episode, "assessed")
    assert response.status_code == 400
    assert "physician" in " ".join(response.context["move_form"].errors["to"]).lower()


def test_episode_detail_offers_only_allowed_targets(client_for: Any, episode: Any) -> None:
    response = client_for("alice").get(reverse("episode_detail", args=[episode.uuid]))
    choices = [value for value, _ in response.context["move_form"].fields["to"].choices]
    assert "assessed" in choices
    assert "treated" not in choices
