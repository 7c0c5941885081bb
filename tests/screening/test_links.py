"""Patient questionnaire links: signed, single-purpose, expiring, and usable once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from regenpath.audit.models import AuditEvent
from regenpath.screening import actions, links
from regenpath.screening.models import CandidacyDecision, PatientLink, Screening
from tests.screening.conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake_token(episode: Any, personas: Any) -> str:
    _, token = actions.create_patient_link(episode=episode, purpose="intake", by=personas["carol"])
    return token


def _answers(**changes: Any) -> dict[str, str]:
    data = {
        "infection_systemic": "no",
        "height_cm": "165",
        "weight_kg": "71",
        "med-TOTAL_FORMS": "3",
        "med-INITIAL_FORMS": "0",
        "inj-TOTAL_FORMS": "2",
        "inj-INITIAL_FORMS": "0",
        "meds_none": "on",
        "injections_none": "on",
    }
    data.update(changes)
    return data


def _url(token: str) -> str:
    return reverse("patient_intake", args=[token])


def test_link_coordinator_creates_and_emails_it(client_for: Any, episode: Any) -> None:
    response = client_for("carol").post(
        reverse("intake_link_new", args=[episode.uuid]),
        {"send_email": "on", "email": "jane.doe@example.org"},
    )
    assert response.status_code == 200
    url = response.context["url"]
    assert "/screening/questionnaire/" in url
    (message,) = mail.outbox
    assert message.to == ["jane.doe@example.org"]
    assert url in message.body
    assert url in message.alternatives[0][0]
    assert "Riverside" in message.subject
    link = PatientLink.objects.get()
    assert link.sent_to == "jane.doe@example.org"
    assert AuditEvent.objects.filter(action="patient_link.send").count() == 1


def test_link_can_be_copied_without_email(client_for: Any, episode: Any) -> None:
    response = client_for("alice").post(reverse("intake_link_new", args=[episode.uuid]), {})
    assert response.status_code == 200
    assert response.context["url"]
    assert mail.outbox == []


def test_link_send_without_address_is_a_field_error(client_for: Any, episode: Any) -> None:
    response = client_for("carol").post(
        reverse("intake_link_new", args=[episode.uuid]), {"send_email": "on", "email": ""}
    )
    assert response.context["form"].errors["email"]
    assert not PatientLink.objects.exists()


def test_intake_page_uses_plain_words(intake_token: str) -> None:
    from django.test import Client

    page = Client().get(_url(intake_token)).content.decode()
    assert "Do you smoke?" in page
    assert "Not sure" in page
    assert "Kellgren" not in page
    assert "platelet count" not in page.lower() and "HbA1c" not in page


def test_intake_submission_creates_a_patient_screening_once(
    intake_token: str, client_for: Any, episode: Any
) -> None:
    from django.test import Client

    patient_browser = Client()
    response = patient_browser.post(_url(intake_token), _answers())
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    screening = Screening.objects.get()
    assert screening.source == "patient_intake"
    assert screening.facts["weight_kg"] == 71.0
    assert screening.facts["current_smoker"] is None  # "Not sure" stays not recorded
    assert not CandidacyDecision.objects.exists()  # staff review comes first
    again = patient_browser.get(_url(intake_token))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert patient_browser.post(_url(intake_token), _answers()).status_code == 410
    assert Screening.objects.count() == 1
    event = AuditEvent.objects.get(action="screening.intake")
    assert event.actor_label == "anonymous"

    # Staff review: the staff form, filled in with the answers, makes the decision.
    review = reverse("intake_review", args=[screening.uuid])
    page = client_for("carol").get(review)
    assert page.status_code == 200
    assert page.context["forms"].form.initial["weight_kg"] == 71.0
    saved = client_for("carol").post(review, form_data(weight_kg="71", height_cm="165"))
    assert saved.status_code == 302
    decision = CandidacyDecision.objects.get()
    assert decision.screening.reviewed_intake == screening


def test_intake_impossible_answer_is_refused_and_link_stays_usable(intake_token: str) -> None:
    from django.test import Client

    response = Client().post(_url(intake_token), _answers(weight_kg="0"))
    assert response.status_code == 400
    assert "Nothing was sent yet" in response.content.decode()
    assert not Screening.objects.exists()
    assert PatientLink.objects.get().used_at is None


def test_link_tampered_gives_a_clear_error(intake_token: str) -> None:
    from django.test import Client

    tampered = intake_token[:-3] + ("aaa" if not intake_token.endswith("aaa") else "bbb")
    response = Client().get(_url(tampered))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert Client().get(_url("not-a-token")).status_code == 400


def test_link_expires(intake_token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.test import Client

    later = timezone.now() + links.LIFETIMES["intake"] + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = Client().get(_url(intake_token))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_link_resolve_takes_now(intake_token: str) -> None:
    link = PatientLink.objects.get()
    assert links.resolve(intake_token, "intake", now=link.expires_at - dt.timedelta(seconds=1))
    with pytest.raises(links.LinkError) as error:
        links.resolve(intake_token, "intake", now=link.expires_at)
    assert error.value.problem is links.LinkProblem.EXPIRED


def test_link_is_single_purpose(intake_token: str) -> None:
    from django.test import Client

    # An intake token does not open the consent page: another salt, so the signature fails.
    response = Client().get(reverse("patient_consent", args=[intake_token]))
    assert response.status_code == 400
    with pytest.raises(links.LinkError):
        links.resolve(intake_token, "consent")
