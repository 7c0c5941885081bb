"""Registering and editing patients and episodes: field errors, nothing saved on bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from regenpath.audit.models import AuditEvent
from regenpath.patients.models import Episode, Patient

pytestmark = pytest.mark.django_db


def _patient_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "mrn": "rv0100",
        "given_name": "  Maria ",
        "family_name": "Lopez  Garcia",
        "date_of_birth": "1958-02-11",
        "sex_at_birth": "female",
        "email": "maria@example.org",
        "phone": "+44 7700 900456",
        "preferred_language": "es",
    }
    data.update(overrides)
    return data


def _episode_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "condition_code": "knee-oa",
        "body_site": "Knee joint",
        "side": "right",
        "onset_date": "2023-06-01",
        "pain_mechanism": "nociceptive",
        "kl_grade": "3",
        "bmi_at_referral": "29.4",
        "prior_treatments": ["physiotherapy", "nsaids"],
    }
    data.update(overrides)
    return data


def test_patient_create_registers_and_audits(client_for: Any, clinics: Any) -> None:
    response = client_for("carol").post(reverse("patient_create"), _patient_data())
    patient = Patient.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("patient_detail", args=[patient.uuid])
    assert (patient.mrn, patient.given_name, patient.family_name) == (
        "RV0100",
        "Maria",
        "Lopez Garcia",
    )
    assert patient.clinic == clinics["riverside"]
    event = AuditEvent.objects.get(action="patient.create")
    assert event.patient_id == patient.pk
    assert event.changes["mrn"] == [None, "RV0100"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", "2999-01-01", "Date of birth cannot be in the future."),
        ("date_of_birth", "1890-01-01", "more than 120 years ago"),
        ("date_of_birth", "31/02/1960", "Enter a valid date."),
        ("sex_at_birth", "unknown-code", "Select a valid choice."),
        ("email", "not-an-email", "Enter a valid email address."),
        ("mrn", "", "This field is required."),
    ],
)
def test_patient_create_refuses_bad_input(
    client_for: Any, clinics: Any, field: str, value: str, message: str
) -> None:
    response = client_for("carol").post(reverse("patient_create"), _patient_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert not Patient.objects.exists()
    assert not AuditEvent.objects.filter(action="patient.create").exists()


def test_patient_create_boundary_of_120_years(client_for: Any, clinics: Any) -> None:
    today = timezone.localdate()
    oldest = (
        today.replace(year=today.year - 120)
        if not (today.month == 2 and today.day == 29)
        else today.replace(year=today.year - 120, day=28)
    )
    client = client_for("carol")
    ok = client.post(reverse("patient_create"), _patient_data(date_of_birth=oldest.isoformat()))
    assert ok.status_code == 302
    too_old = client.post(
        reverse("patient_create"),
        _patient_data(mrn="RV0101", date_of_birth=(oldest - dt.timedelta(days=1)).isoformat()),
    )
    assert "more than 120 years ago" in too_old.context["form"].errors["date_of_birth"][0]


def test_patient_create_refuses_duplicate_mrn_in_same_clinic(client_for: Any, patient: Any) -> None:
    response = client_for("carol").post(reverse("patient_create"), _patient_data(mrn="rv0001"))
    assert "MRN RV0001 is already used" in response.context["form"].errors["mrn"][0]
    assert Patient.objects.count() == 1


def test_patient_create_allows_same_mrn_in_another_clinic(client_for: Any, patient: Any) -> None:
    response = client_for("bob").post(reverse("patient_create"), _patient_data(mrn="RV0001"))
    assert response.status_code == 302
    assert Patient.objects.filter(mrn="RV0001").count() == 2


def test_patient_edit_audits_old_and_new_values(client_for: Any, patient: Any) -> None:
    data = _patient_data(
        mrn="RV0001",
        given_name="Janet",
        family_name="Doe",
        date_of_birth="1961-04-30",
        preferred_language="en",
        email="jane.doe@example.org",
        phone="+44 7700 900123",
    )
    response = client_for("alice").post(reverse("patient_edit", args=[patient.uuid]), data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="patient.update")
    assert event.changes == {"given_name": ["Jane", "Janet"]}


def test_patient_edit_with_bad_input_changes_nothing(client_for: Any, patient: Any) -> None:
    data = _patient_data(mrn="RV0001", date_of_birth="2999-01-01")
    response = client_for("alice").post(reverse("patient_edit", args=[patient.uuid]), data)
    assert response.status_code == 200
    patient.refresh_from_db()
    assert patient.date_of_birth == dt.date(1961, 4, 30)
    assert not AuditEvent.objects.filter(action="patient.update").exists()


def test_episode_create_opens_at_referred(client_for: Any, patient: Any) -> None:
    response = client_for("alice").post(
        reverse("episode_create", args=[patient.uuid]), _episode_data()
    )
    episode = Episode.objects.filter(side="right").get()
    assert response["Location"] == reverse("episode_detail", args=[episode.uuid])
    assert episode.stage == "referred"
    assert episode.prior_treatments == ["physiotherapy", "nsaids"]
    assert episode.stage_changes.get().to_stage == "referred"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("onset_date", "2999-01-01", "Pain onset date cannot be after today."),
        ("condition_code", "knee-oa-typo", "Select a valid choice."),
        ("kl_grade", "5", "Select a valid choice."),
        ("kl_grade", "-1", "Select a valid choice."),
        ("side", "midline", "Knee osteoarthritis takes one of these sides"),
        ("bmi_at_referral", "0", "greater than or equal to 10"),
        ("prior_treatments", ["physiotherapy", "leeches"], "Select a valid choice."),
    ],
)
def test_episode_create_refuses_bad_input(
    client_for: Any, patient: Any, field: str, value: Any, message: str
) -> None:
    response = client_for("alice").post(
        reverse("episode_create", args=[patient.uuid]), _episode_data(**{field: value})
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Episode.objects.count() == 1  # only the fixture's


def test_episode_create_refuses_kl_grade_for_a_tendinopathy(client_for: Any, patient: Any) -> None:
    data = _episode_data(
        condition_code="achilles-tendinopathy", body_site="Achilles tendon", kl_grade="2"
    )
    response = client_for("alice").post(reverse("episode_create", args=[patient.uuid]), data)
    assert "applies to osteoarthritis" in response.context["form"].errors["kl_grade"][0]


def test_episode_kl_grade_boundaries_0_and_4_are_accepted(client_for: Any, patient: Any) -> None:
    client = client_for("alice")
    for grade in ("0", "4"):
        response = client.post(
            reverse("episode_create", args=[patient.uuid]), _episode_data(kl_grade=grade)
        )
        assert response.status_code == 302
    assert sorted(Episode.objects.exclude(kl_grade=2).values_list("kl_grade", flat=True)) == [0, 4]


def test_episode_edit_audits_changes(client_for: Any, episode: Any) -> None:
    data = _episode_data(
        side="left",
        kl_grade="3",
        onset_date="2024-01-15",
        prior_treatments=["physiotherapy"],
        bmi_at_referral="",
    )
    response = client_for("carol").post(reverse("episode_edit", args=[episode.uuid]), data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="episode.update")
    assert event.changes == {"kl_grade": [2, 3]}
