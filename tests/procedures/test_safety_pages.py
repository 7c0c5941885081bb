"""Incidents and adverse events where clinicians look: the clinic list, patient pages, a report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from regenpath.audit.models import AuditEvent
from regenpath.procedures import actions
from regenpath.procedures.models import AdverseEvent, Incident
from tests.procedures.conftest import LOCATION, released_product, scanned

pytestmark = pytest.mark.django_db


def _report_data(**changes: Any) -> dict[str, str]:
    data = {
        "onset_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "category": "joint_effusion",
        "grade": "2",
        "seriousness": "non_serious",
        "relatedness": "possible",
        "related_step": "injection",
        "outcome": "recovering",
        "description": "Swollen knee on day 2.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _url(episode: Any) -> str:
    return reverse("procedure_adverse_event_new", args=[episode.uuid])


def test_report_adverse_event_saves_and_audits(client_for: Any, episode: Any) -> None:
    response = client_for("alice").post(_url(episode), _report_data())
    event = AdverseEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("procedure_adverse_event", args=[event.uuid])
    assert (event.episode_id, event.grade, event.outcome) == (episode.pk, 2, "recovering")
    assert AuditEvent.objects.filter(action="adverse_event.create", object_id=event.pk).exists()


def test_report_adverse_event_shows_the_ctcae_grade_meanings(client_for: Any, episode: Any) -> None:
    page = client_for("alice").get(_url(episode)).content.decode()
    assert "Moderate; minimal, local or non-invasive intervention" in page
    assert "5 — Death" in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"grade": None}, "grade"),
        ({"grade": "7"}, "grade"),
        ({"grade": "5"}, "grade"),  # grade 5 needs a fatal outcome
        ({"onset_date": "2999-01-01"}, "onset_date"),
        ({"onset_date": "not a date"}, "onset_date"),
        ({"category": "made_up"}, "category"),
        ({"outcome": None}, "outcome"),
    ],
)
def test_report_adverse_event_bad_input_saves_nothing(
    client_for: Any, episode: Any, changes: dict[str, Any], field: str
) -> None:
    response = client_for("alice").post(_url(episode), _report_data(**changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not AdverseEvent.objects.exists()
    assert not AuditEvent.objects.filter(action="adverse_event.create").exists()


def test_report_adverse_event_refuses_another_episodes_product(
    client_for: Any, episode: Any, case: Any, personas: Any, bmac: Any, patient: Any, alice: Any
) -> None:
    from regenpath.patients import actions as patient_actions

    product = released_product(case, personas, bmac)
    other = patient_actions.open_episode(
        patient=patient,
        by=alice,
        condition_code="hip-oa",
        body_site="Hip joint",
        side="right",
        onset_date=dt.date(2020, 1, 1),
        pain_mechanism="nociceptive",
        kl_grade=3,
    )
    response = client_for("alice").post(_url(other), _report_data(product=str(product.pk)))
    assert response.status_code == 400 and response.context["form"].errors["product"]
    assert not AdverseEvent.objects.exists()


@pytest.fixture
def hard_stop(case: Any, personas: Any, bmac: Any) -> Any:
    product = released_product(case, personas, bmac)
    actions.verify_bedside(
        product=product,
        by=personas["alice"],
        scanned_din=scanned(product),
        scanned_patient_id="NOT-HER",
        target=product.case.plan.targets[0],
        side="left",
        location=LOCATION,
    )
    return Incident.objects.get()


def test_safety_page_lists_incidents_and_events_newest_first(
    client_for: Any, hard_stop: Any, episode: Any
) -> None:
    client = client_for("tess")
    alice = client_for("alice")
    alice.post(_url(episode), _report_data(category="arthralgia", grade="1"))
    alice.post(_url(episode), _report_data(category="joint_effusion", grade="2"))
    page = client.get(reverse("procedure_safety")).content.decode()
    assert "Bedside hard stop" in page
    assert page.index("Joint effusion") < page.index("Arthralgia")
    assert "Alice (Physician)" in page  # the incident's reporter, with the role


def test_safety_page_pages_the_adverse_events(
    client_for: Any, episode: Any, personas: Any, monkeypatch: Any
) -> None:
    from regenpath.procedures import safety_views

    monkeypatch.setattr(safety_views, "PER_PAGE", 2)
    for _ in range(3):
        client_for("alice").post(_url(episode), _report_data())
    first = client_for("adam").get(reverse("procedure_safety"))
    second = client_for("adam").get(reverse("procedure_safety") + "?ae_page=2")
    assert len(first.context["events"]) == 2 and len(second.context["events"]) == 1


def test_episode_and_patient_pages_show_the_patients_events(
    client_for: Any, hard_stop: Any, episode: Any, patient: Any
) -> None:
    client_for("alice").post(_url(episode), _report_data())
    for name in ("alice", "carol"):
        for url in (
            reverse("episode_detail", args=[episode.uuid]),
            reverse("patient_detail", args=[patient.uuid]),
        ):
            page = client_for(name).get(url).content.decode()
            assert "Joint effusion (grade 2)" in page, (name, url)
            assert "Bedside hard stop" in page, (name, url)


def test_episode_page_offers_the_report_only_to_a_physician(client_for: Any, episode: Any) -> None:
    url = reverse("episode_detail", args=[episode.uuid])
    assert _url(episode) in client_for("alice").get(url).content.decode()
    assert _url(episode) not in client_for("carol").get(url).content.decode()


def test_board_links_the_safety_page_for_the_reviewing_roles(client_for: Any) -> None:
    link = reverse("procedure_safety")
    assert link in client_for("tess").get(reverse("procedure_board")).content.decode()
    assert link not in client_for("carol").get(reverse("procedure_board")).content.decode()
