"""The patient list, search, record and timeline, and their query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from regenpath.audit.models import AuditEvent
from regenpath.patients import actions
from regenpath.patients.models import Patient
from regenpath.patients.search import search_patients

pytestmark = pytest.mark.django_db


def _register(clinic: Any, by: Any, mrn: str, given: str, family: str, dob: dt.date) -> Patient:
    return actions.register_patient(
        clinic=clinic,
        by=by,
        mrn=mrn,
        given_name=given,
        family_name=family,
        date_of_birth=dob,
        sex_at_birth="male",
    )


@pytest.fixture
def several(clinics: Any, alice: Any, patient: Any) -> None:
    riverside = clinics["riverside"]
    _register(riverside, alice, "RV0002", "John", "Smith", dt.date(1955, 1, 2))
    _register(riverside, alice, "RV0003", "Anna", "Smithers", dt.date(1970, 3, 4))
    _register(riverside, alice, "RV0004", "Smith", "Jones", dt.date(1980, 5, 6))
    _register(riverside, alice, "RV0005", "Zoë", "Ångström", dt.date(1990, 7, 8))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"RV0001", "RV0002", "RV0003", "RV0004", "RV0005"}),
        ("smith", {"RV0002", "RV0003", "RV0004"}),
        ("SMITH", {"RV0002", "RV0003", "RV0004"}),
        ("smithe", {"RV0003"}),
        ("john smith", {"RV0002"}),
        ("smith john", {"RV0002"}),
        ("rv0004", {"RV0004"}),
        ("1961-04-30", {"RV0001"}),
        ("30/04/1961", {"RV0001"}),
        ("ångström", {"RV0005"}),
        ("zoë", {"RV0005"}),
        ("nobody", set()),
    ],
)
def test_search_patients_finds_by_name_mrn_and_birth_date(
    several: None, query: str, expected: set[str]
) -> None:
    found = set(search_patients(Patient.objects.all(), query).values_list("mrn", flat=True))
    assert found == expected


def test_search_never_crosses_clinics(
    several: None, clinics: Any, personas: Any, client_for: Any
) -> None:
    _register(
        clinics["northbridge"], personas["bob"], "NB0001", "John", "Smith", dt.date(1955, 1, 2)
    )
    response = client_for("alice").get(reverse("patient_list"), {"q": "john smith"})
    mrns = [p.mrn for p in response.context["page"].object_list]
    assert mrns == ["RV0002"]


def test_patient_list_htmx_returns_only_the_results(client_for: Any, several: None) -> None:
    response = client_for("carol").get(
        reverse("patient_list"), {"q": "smith"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "3 patients found" in body


def test_patient_list_pages(client_for: Any, clinics: Any, alice: Any, settings: Any) -> None:
    settings.PATIENTS_PER_PAGE = 2
    for i in range(5):
        _register(clinics["riverside"], alice, f"P{i:04d}", f"G{i}", f"F{i}", dt.date(1970, 1, 1))
    client = client_for("alice")
    page3 = client.get(reverse("patient_list"), {"page": 3}).context["page"]
    assert [p.mrn for p in page3.object_list] == ["P0004"]
    assert page3.paginator.num_pages == 3


def test_patient_list_query_count_does_not_grow_with_patients(
    client_for: Any, clinics: Any, alice: Any, django_assert_num_queries: Any
) -> None:
    client = client_for("alice")
    client.get(reverse("patient_list"))  # warm the session
    _register(clinics["riverside"], alice, "Q0000", "A", "B", dt.date(1970, 1, 1))
    with django_assert_num_queries(8) as few:
        client.get(reverse("patient_list"))
    for i in range(1, 30):
        _register(clinics["riverside"], alice, f"Q{i:04d}", "A", f"B{i}", dt.date(1970, 1, 1))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("patient_list"))


def test_patient_detail_query_count_does_not_grow_with_episodes(
    client_for: Any, patient: Any, alice: Any, django_assert_num_queries: Any
) -> None:
    client = client_for("alice")
    url = reverse("patient_detail", args=[patient.uuid])
    client.get(url)
    with django_assert_num_queries(19) as before:
        client.get(url)
    for _ in range(5):
        actions.open_episode(
            patient=patient,
            by=alice,
            condition_code="hip-oa",
            body_site="Hip joint",
            side="right",
            onset_date=dt.date(2020, 1, 1),
            pain_mechanism="nociceptive",
            kl_grade=3,
        )
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)


def test_patient_detail_shows_episodes_and_timeline_and_audits_one_view(
    client_for: Any, patient: Any
) -> None:
    response = client_for("alice").get(reverse("patient_detail", args=[patient.uuid]))
    body = response.content.decode()
    assert "Knee osteoarthritis, left" in body
    assert "Registered" in body and "Episode opened" in body
    assert AuditEvent.objects.filter(action="patient.view", patient_id=patient.pk).count() == 1


def test_dashboard_counts_episodes_by_stage(client_for: Any, episode: Any) -> None:
    response = client_for("rita").get(reverse("dashboard"))
    stages = {stage.value: n for stage, _, n in response.context["stages"]}
    assert stages["referred"] == 1
    assert sum(stages.values()) == 1


def test_patient_audit_page_lists_events_for_clinic_admin(client_for: Any, patient: Any) -> None:
    client_for("alice").get(reverse("patient_detail", args=[patient.uuid]))
    response = client_for("adam").get(reverse("patient_audit", args=[patient.uuid]))
    actions_seen = [e.action for e, _ in response.context["rows"]]
    assert actions_seen[0] == "patient.view"
    assert "patient.create" in actions_seen and "episode.create" in actions_seen
