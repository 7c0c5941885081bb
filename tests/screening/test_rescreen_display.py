"""Where a stale candidacy decision shows: an alert before treatment, a note at follow-up."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from regenpath.domain.stages import PRE_TREATMENT_STAGES, Stage
from regenpath.patients.models import Episode
from regenpath.screening import actions
from regenpath.screening.templatetags.candidacy import rescreen_notice
from tests.conftest import PASSWORD
from tests.screening.conftest import candidate_facts

EXPECTED = {
    **{stage: "banner" for stage in PRE_TREATMENT_STAGES},
    Stage.TREATED: "",
    Stage.FOLLOW_UP: "note",
    Stage.CLOSED: "",
}


def test_rescreen_notice_table_covers_every_stage() -> None:
    assert set(EXPECTED) == set(Stage)


@pytest.mark.parametrize(("stage", "expected"), sorted(EXPECTED.items()))
def test_rescreen_notice_when_stale(stage: Stage, expected: str) -> None:
    assert rescreen_notice(stage, required=True) == expected


@pytest.mark.parametrize("stage", list(Stage))
def test_rescreen_notice_when_current_is_empty(stage: Stage) -> None:
    assert rescreen_notice(stage, required=False) == ""


def _stale_episode_at(stage: str, client_for: Any, episode: Any, alice: Any) -> str:
    """Sign a candidate decision, change the facts (stale), put the episode at `stage`."""
    today = dt.date.today()
    decision = actions.record_screening(
        episode=episode, facts=candidate_facts(), by=alice, today=today
    )
    client = client_for("alice")
    client.post(reverse("decision_sign", args=[decision.uuid]), {"password": PASSWORD})
    actions.record_screening(
        episode=episode, facts=candidate_facts(weight_kg=99.0), by=alice, today=today
    )
    # The stage history is not under test here; set the stage the page reads directly.
    Episode.objects.filter(pk=episode.pk).update(stage=stage)
    return client.get(reverse("episode_detail", args=[episode.uuid])).content.decode()


@pytest.mark.django_db
def test_episode_page_before_treatment_shows_the_alert_and_refusal(
    client_for: Any, episode: Any, alice: Any
) -> None:
    page = _stale_episode_at("candidate", client_for, episode, alice)
    assert "Re-screening required" in page
    assert "A plan cannot be made yet" in page


@pytest.mark.django_db
def test_episode_page_at_follow_up_shows_a_calm_note(
    client_for: Any, episode: Any, alice: Any
) -> None:
    page = _stale_episode_at("follow_up", client_for, episode, alice)
    assert "Re-screening required" not in page
    assert "A plan cannot be made yet" not in page
    assert "A repeat treatment would need a fresh candidacy decision" in page
    assert "A repeat treatment needs a fresh candidacy decision" in page


@pytest.mark.django_db
def test_episode_page_when_treated_says_nothing_about_rescreening(
    client_for: Any, episode: Any, alice: Any
) -> None:
    page = _stale_episode_at("treated", client_for, episode, alice)
    assert "Re-screening required" not in page
    assert "A plan cannot be made" not in page
    assert "repeat treatment" not in page
