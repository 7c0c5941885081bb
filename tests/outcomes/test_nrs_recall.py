"""NRS pain ratings carry their recall period and compare only within it (instruments.md §4.1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regenpath.outcomes import actions
from regenpath.outcomes.history import baseline_for
from regenpath.outcomes.models import QuestionnaireResponse

pytestmark = pytest.mark.django_db


def _nrs(episode: Any, by: Any, value: int, timepoint: str, day: dt.date, recall: str) -> Any:
    return actions.record_response(
        episode=episode,
        instrument="nrs-pain",
        responses={"NRS": value},
        source="paper",
        timepoint=timepoint,
        completed_on=day,
        by=by,
        recall_period=recall,
    )


def test_record_response_nrs_without_recall_period_saves_nothing(episode: Any, alice: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        _nrs(episode, alice, 7, "baseline", dt.date(2026, 1, 5), "")
    assert "recall_period" in caught.value.message_dict
    assert not QuestionnaireResponse.objects.exists()


def test_record_response_recall_period_refused_for_other_instruments(
    episode: Any, alice: Any
) -> None:
    with pytest.raises(ValidationError, match="pgic has no recall period"):
        actions.record_response(
            episode=episode,
            instrument="pgic",
            responses={"PGIC": 2},
            source="paper",
            timepoint="3m",
            completed_on=dt.date(2026, 4, 5),
            by=alice,
            recall_period="7d",
        )


def test_baseline_for_nrs_compares_only_the_same_recall_period(episode: Any, alice: Any) -> None:
    week = _nrs(episode, alice, 7, "baseline", dt.date(2026, 1, 5), "7d")
    _nrs(episode, alice, 9, "baseline", dt.date(2026, 1, 6), "now")
    follow_up = _nrs(episode, alice, 4, "3m", dt.date(2026, 4, 5), "7d")
    assert baseline_for(follow_up) == week
    right_now = _nrs(episode, alice, 3, "6m", dt.date(2026, 7, 5), "24h")
    assert baseline_for(right_now) is None


def test_enter_nrs_form_asks_for_the_recall_period_and_shows_bundled_text(
    client_for: Any, episode: Any
) -> None:
    url = reverse("outcomes:enter_response", args=[episode.uuid, "nrs-pain"])
    page = client_for("carol").get(url)
    body = page.content.decode()
    assert "Recall period" in body
    assert "Please rate your pain on a scale from 0 (No pain) to 10 (Worst possible pain)." in body
    missing = client_for("carol").post(
        url,
        {"source": "paper", "timepoint": "baseline", "completed_on": "2026-01-05", "item_NRS": "6"},
    )
    assert missing.status_code == 200
    assert "recall_period" in missing.context["form"].errors
    assert not QuestionnaireResponse.objects.exists()
