"""The patient record's score charts and the episode page's questionnaire list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.outcomes.conftest import all_items

pytestmark = pytest.mark.django_db


def _koos_course(episode: Any, record: Any, visits: int) -> None:
    timepoints = ["baseline", "6w", "3m", "6m", "12m", "24m"]
    for index in range(visits):
        record(
            episode,
            "koos",
            all_items("koos", max(3 - index, 0)),
            timepoint=timepoints[index],
            completed_on=dt.date(2024, 1, 10) + dt.timedelta(days=60 * index),
        )


def test_patient_record_charts_each_instrument_of_each_episode(
    client_for: Any, patient: Any, episode: Any, record: Any
) -> None:
    _koos_course(episode, record, 3)
    record(episode, "nrs-pain", {"NRS": 7})
    response = client_for("alice").get(reverse("patient_detail", args=[patient.uuid]))
    body = response.content.decode()
    assert "Questionnaire scores over time" in body
    histories = response.context["histories"]
    assert [(h.instrument, len(h.responses)) for h in histories] == [
        ("koos", 3),
        ("koos-jr", 3),
        ("nrs-pain", 1),
    ]
    assert histories[1].derived_from == "koos"
    koos_svg = histories[0].charts[0].svg
    assert koos_svg in body
    assert koos_svg.count("<path ") == 5  # one line per KOOS subscale
    assert "Higher is better" in koos_svg
    assert 'class="baseline-mark"' in koos_svg
    assert "Show the numbers" in body


def test_patient_record_without_questionnaires_says_so(client_for: Any, patient: Any) -> None:
    body = client_for("carol").get(reverse("patient_detail", args=[patient.uuid])).content.decode()
    assert "No questionnaire recorded yet." in body


def test_patient_record_query_count_does_not_grow_with_responses(
    client_for: Any, patient: Any, episode: Any, record: Any, django_assert_num_queries: Any
) -> None:
    client = client_for("alice")
    url = reverse("patient_detail", args=[patient.uuid])
    _koos_course(episode, record, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    _koos_course(episode, record, 6)  # six more KOOS, six more derived KOOS JR
    record(episode, "nrs-pain", {"NRS": 5})
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)


def test_episode_page_lists_questionnaires_with_their_scores(
    client_for: Any, episode: Any, record: Any
) -> None:
    record(episode, "nrs-pain", {"NRS": 7}, completed_on=dt.date(2025, 3, 2))
    body = client_for("tess").get(reverse("episode_detail", args=[episode.uuid])).content.decode()
    assert "2 Mar 2025" in body
    assert "NRS pain <strong>7</strong>" in body


@pytest.mark.parametrize(("name", "shown"), [("alice", True), ("carol", True), ("tess", False)])
def test_episode_page_offers_entry_only_to_entry_roles(
    client_for: Any, episode: Any, name: str, shown: bool
) -> None:
    body = client_for(name).get(reverse("episode_detail", args=[episode.uuid])).content.decode()
    assert ("Enter a questionnaire" in body) is shown


def test_episode_page_query_count_does_not_grow_with_responses(
    client_for: Any, episode: Any, record: Any, django_assert_num_queries: Any
) -> None:
    client = client_for("carol")
    url = reverse("episode_detail", args=[episode.uuid])
    record(episode, "nrs-pain", {"NRS": 7})
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for month in range(1, 6):
        record(episode, "nrs-pain", {"NRS": 7 - month}, timepoint="other",
               completed_on=dt.date(2025, 1 + month, 1))  # fmt: skip
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)
