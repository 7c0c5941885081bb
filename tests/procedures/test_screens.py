"""Every procedure-day screen refuses bad input with a message naming the field, saving nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from regenpath.procedures.models import (
    BedsideVerification,
    BiologicProduct,
    LabResult,
    ProcedureCase,
    Processing,
    ProductType,
)
from tests.conftest import PASSWORD
from tests.procedures.conftest import harvest, released_product

pytestmark = pytest.mark.django_db


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _errors(response: Any) -> str:
    assert response.status_code == 400, response.status_code
    return response.content.decode()


def _harvest_data(bmac: Any, **changes: Any) -> dict[str, Any]:
    start = timezone.now() - dt.timedelta(minutes=30)
    return {
        "product_type": bmac.pk,
        "site": "posterior_iliac_crest",
        "side": "left",
        "aspirate_volume_ml": "60",
        "anticoagulant": "acd_a",
        "started_at": _local(start),
        "ended_at": _local(start + dt.timedelta(minutes=10)),
        "location": "Room 1",
        "password": PASSWORD,
        **changes,
    }


def test_screens_harvest_records_product_and_shows_din(
    client_for: Any, case: Any, bmac: Any
) -> None:
    response = client_for("alice").post(
        reverse("procedure_harvest", args=[case.uuid]), _harvest_data(bmac)
    )
    assert response.status_code == 302
    product = BiologicProduct.objects.get()
    assert response["Location"] == reverse("procedure_product", args=[product.uuid])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ended_at": "2020-01-01T08:00"}, "ended_at", "end time is before the harvest start"),
        ({"aspirate_volume_ml": "0"}, "aspirate_volume_ml", "must be more than 0 mL"),
        (
            {"started_at": "2099-01-01T08:00", "ended_at": "2099-01-01T09:00"},
            "started_at",
            "in the future",
        ),
        ({"password": "wrong"}, None, "password is not correct"),
        ({"side": "up"}, "side", "Select a valid choice"),
    ],
)
def test_screens_harvest_bad_input(
    client_for: Any, case: Any, bmac: Any, changes: dict[str, str], field: str | None, message: str
) -> None:
    response = client_for("alice").post(
        reverse("procedure_harvest", args=[case.uuid]), _harvest_data(bmac, **changes)
    )
    html = _errors(response)
    assert message in html
    if field:
        assert f'id="id_{field}_error"' in html
    assert not BiologicProduct.objects.exists()


def test_screens_harvest_without_fin_is_refused(
    client_for: Any, case: Any, bmac: Any, procedure_settings: Any
) -> None:
    procedure_settings.facility_id = None
    procedure_settings.save()
    response = client_for("alice").post(
        reverse("procedure_harvest", args=[case.uuid]), _harvest_data(bmac)
    )
    assert "Facility Identification Number" in _errors(response)
    assert not BiologicProduct.objects.exists()


def _processing_data(product: Any, **changes: Any) -> dict[str, Any]:
    start = product.collected_at + dt.timedelta(minutes=12)
    return {
        "device": "Kit",
        "catalogue_number": "C1",
        "lot": "lot 7",
        "lot_expiry": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "method": "spin",
        "started_at": _local(start),
        "ended_at": _local(start + dt.timedelta(minutes=5)),
        "input_volume_ml": "60",
        "final_volume_ml": "6",
        "tnc_total_e6": "450",
        "tnc_per_ml_e6": "75",
        "viability_percent": "95",
        "location": "Lab",
        "password": PASSWORD,
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"final_volume_ml": "70"}, "final_volume_ml", "larger than the input volume"),
        (
            {"input_volume_ml": "80", "final_volume_ml": "6"},
            "input_volume_ml",
            "larger than the harvested",
        ),
        ({"viability_percent": "100.5"}, "viability_percent", "between 0 and 100"),
        ({"viability_percent": "-1"}, "viability_percent", "between 0 and 100"),
        ({"lot_expiry": "2020-01-01"}, "lot_expiry", "expired on 2020-01-01"),
        ({"ended_at": "2020-01-01T08:00"}, "ended_at", "end time is before"),
        ({"cd34_percent": "120"}, "cd34_percent", "between 0 and 100"),
        ({"tnc_total_e6": "-5"}, "tnc_total_e6", "cannot be negative"),
    ],
)
def test_screens_processing_bad_input(
    client_for: Any,
    case: Any,
    personas: Any,
    bmac: Any,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    from regenpath.procedures import actions

    product = harvest(case, personas["alice"], bmac)
    actions.start_processing(
        product=product, by=personas["tess"], password=PASSWORD, location="Lab"
    )
    response = client_for("tess").post(
        reverse("procedure_processing", args=[product.uuid]), _processing_data(product, **changes)
    )
    html = _errors(response)
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert not Processing.objects.exists()
    product.refresh_from_db()
    assert product.state == "in_processing"


def test_screens_processing_then_qc_shows_each_criterion_and_unverified_tag(
    client_for: Any, case: Any, personas: Any, bmac: Any
) -> None:
    from regenpath.procedures import actions

    product = harvest(case, personas["alice"], bmac)
    actions.start_processing(
        product=product, by=personas["tess"], password=PASSWORD, location="Lab"
    )
    tess = client_for("tess")
    response = tess.post(
        reverse("procedure_processing", args=[product.uuid]),
        _processing_data(product, viability_percent="85"),
    )
    assert response.status_code == 302
    assert Processing.objects.get().lot == "LOT 7"
    page = tess.get(reverse("procedure_qc", args=[product.uuid])).content.decode()
    assert "FAIL" in page and "UNVERIFIED" in page and "advice only" in page
    refused = tess.post(
        reverse("procedure_qc", args=[product.uuid]),
        {"decision": "release", "location": "Lab", "password": PASSWORD},
    )
    assert "Not every release criterion passed" in _errors(refused)
    no_reason = tess.post(
        reverse("procedure_qc", args=[product.uuid]),
        {"decision": "quarantine", "reason": "", "location": "Lab", "password": PASSWORD},
    )
    assert "Give the reason for quarantine" in _errors(no_reason)
    product.refresh_from_db()
    assert product.state == "qc_pending"


def test_screens_exception_needs_justification(
    client_for: Any, case: Any, personas: Any, bmac: Any
) -> None:
    from regenpath.procedures import actions

    product = harvest(case, personas["alice"], bmac)
    actions.quarantine(
        product=product, by=personas["tess"], password=PASSWORD, reason="label torn", location="Lab"
    )
    response = client_for("alice").post(
        reverse("procedure_exception", args=[product.uuid]),
        {"location": "Lab", "password": PASSWORD},
    )
    assert 'id="id_justification_error"' in _errors(response)
    product.refresh_from_db()
    assert product.state == "quarantined"


@pytest.mark.parametrize(
    ("din", "message"),
    [
        ("A999926000001 X", "does not match DIN"),
        ("A99992600000", "14 characters"),
        ("A9999260000o1 8", "lower-case"),
        ("A99992600000$ 8", "not allowed"),
        ("A999926000001", "check character K is missing"),
    ],
)
def test_screens_bedside_refuses_unreadable_din(
    client_for: Any, case: Any, personas: Any, bmac: Any, din: str, message: str
) -> None:
    product = released_product(case, personas, bmac)
    response = client_for("alice").post(
        reverse("procedure_bedside", args=[product.uuid]),
        {
            "scanned_din": din,
            "scanned_patient_id": product.patient.mrn,
            "target": "x",
            "side": "left",
            "location": "r",
        },
    )
    html = _errors(response)
    assert message in html
    assert 'id="id_scanned_din_error"' in html
    assert not BedsideVerification.objects.exists()


def test_screens_bedside_mismatch_is_a_hard_stop_page(
    client_for: Any, case: Any, personas: Any, bmac: Any
) -> None:
    product = released_product(case, personas, bmac)
    alice = client_for("alice")
    response = alice.post(
        reverse("procedure_bedside", args=[product.uuid]),
        {
            "scanned_din": product.din_object.barcode_data(),
            "scanned_patient_id": "RV0999",
            "target": case.plan.targets[0],
            "side": "left",
            "location": "Room 1",
        },
        follow=True,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "STOP — DO NOT INJECT" in html
    assert "can never be overridden" in html
    assert "Sign override" not in html and "continue" not in html.lower()


def test_screens_bedside_pass_then_administration_bad_volume(
    client_for: Any, case: Any, personas: Any, bmac: Any
) -> None:
    product = released_product(case, personas, bmac)
    alice = client_for("alice")
    response = alice.post(
        reverse("procedure_bedside", args=[product.uuid]),
        {
            "scanned_din": f"{product.din} {product.din_object.check_character}",
            "scanned_patient_id": product.patient.mrn,
            "target": case.plan.targets[0],
            "side": "left",
            "location": "Room 1",
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    data = {
        "guidance": "ultrasound",
        "volume_ml": "9",
        "needle": "22G",
        "location": "Room 1",
        "password": PASSWORD,
    }
    html = _errors(alice.post(url, data))
    assert 'id="id_volume_ml_error"' in html and "more than the product" in html
    data["volume_ml"] = "5"
    assert alice.post(url, data).status_code == 302
    product.refresh_from_db()
    assert product.state == "administered"


def test_screens_lab_result_bad_input(client_for: Any, case: Any, personas: Any, bmac: Any) -> None:
    product = released_product(case, personas, bmac)
    tess = client_for("tess")
    url = reverse("procedure_lab", args=[product.uuid])
    future = _local(timezone.now() + dt.timedelta(days=2))
    html = _errors(tess.post(url, {"kind": "culture", "result": "positive", "resulted_at": future}))
    assert 'id="id_organism_error"' in html and 'id="id_resulted_at_error"' in html
    assert not LabResult.objects.exists()


def test_screens_schedule_refuses_past_date_and_plan_without_consent(
    client_for: Any, plan: Any, episode: Any
) -> None:
    carol = client_for("carol")
    url = reverse("procedure_schedule", args=[episode.uuid])
    html = _errors(carol.post(url, {"plan": plan.pk, "scheduled_for": "2020-01-01"}))
    assert 'id="id_scheduled_for_error"' in html
    assert not ProcedureCase.objects.exists()
    ok = carol.post(url, {"plan": plan.pk, "scheduled_for": timezone.localdate().isoformat()})
    assert ok.status_code == 302


def test_screens_settings_refuse_malformed_fin(client_for: Any, clinics: Any) -> None:
    adam = client_for("adam")
    for fin in ("O1234", "A99", "a9999", "AB1X2"):
        response = adam.post(
            reverse("procedure_settings"),
            {"facility_id": fin, "time_limit_minutes": "120", "default_location": "Room"},
        )
        assert 'id="id_facility_id_error"' in _errors(response), fin
    zero = adam.post(
        reverse("procedure_settings"),
        {"facility_id": "A9999", "time_limit_minutes": "0", "default_location": "Room"},
    )
    assert 'id="id_time_limit_minutes_error"' in _errors(zero)


def test_screens_product_type_refuses_bad_or_reused_code(client_for: Any, bmac: Any) -> None:
    adam = client_for("adam")
    url = reverse("procedure_product_type_new")
    for code, message in (
        ("X0001", "first character"),
        ("D001", "5 upper-case"),
        ("D0001", "never reassigned"),
    ):
        html = _errors(adam.post(url, {"code": code, "name": "n", "cell_source": "bmac"}))
        assert message in html and 'id="id_code_error"' in html
    assert ProductType.objects.count() == 1


def test_screens_adverse_event_grade_must_fit(
    client_for: Any, case: Any, personas: Any, bmac: Any
) -> None:
    from regenpath.procedures import actions

    product = harvest(case, personas["alice"], bmac)
    event = actions.record_adverse_event(
        patient_id=product.patient_id,
        episode_id=product.episode_id,
        by=personas["alice"],
        product=product,
        onset_date=timezone.localdate(),
        category="joint_effusion",
        grade=None,
        seriousness="not_assessed",
        relatedness="not_assessed",
        related_step="unknown",
        outcome="unknown",
    )
    data = {
        "onset_date": timezone.localdate().isoformat(),
        "category": "joint_effusion",
        "grade": "4",
        "seriousness": "serious",
        "relatedness": "possible",
        "related_step": "injection",
        "outcome": "ongoing",
    }
    html = _errors(
        client_for("alice").post(reverse("procedure_adverse_event", args=[event.uuid]), data)
    )
    assert "graded 1 to 3" in html and 'id="id_grade_error"' in html
    event.refresh_from_db()
    assert event.grade is None


def test_screens_trace_finds_patients_by_lot(
    client_for: Any, case: Any, personas: Any, bmac: Any
) -> None:
    product = released_product(case, personas, bmac)
    tess = client_for("tess")
    page = tess.get(reverse("procedure_trace"), {"lot": "lot42"}).content.decode()
    assert product.din in page and "DOE, Jane" in page and "1 product found" in page
    none = tess.get(reverse("procedure_trace"), {"lot": "OTHER"}).content.decode()
    assert "0 products found" in none
    bad = tess.get(reverse("procedure_trace"), {"din": "A999926000001 Z"})
    assert 'id="id_din_error"' in bad.content.decode()


def test_screens_second_physician_override_then_administration(
    client_for: Any, case: Any, personas: Any, bmac: Any, clinics: Any, django_user_model: Any
) -> None:
    from regenpath.clinics.models import Membership

    dora = django_user_model.objects.create_user("dora", password=PASSWORD, first_name="Dora")
    Membership.objects.create(user=dora, clinic=clinics["riverside"], role="physician")
    product = released_product(case, personas, bmac)
    alice = client_for("alice")
    response = alice.post(
        reverse("procedure_bedside", args=[product.uuid]),
        {
            "scanned_din": product.din_object.barcode_data(),
            "scanned_patient_id": product.patient.mrn,
            "target": case.plan.targets[0],
            "side": "right",
            "location": "Room 1",
        },
    )
    stop = response["Location"]
    page = alice.get(stop)
    assert page.status_code == 409 and "Sign override" in page.content.decode()
    own = alice.post(stop, {"username": "alice", "password": PASSWORD, "reason": "sure"})
    assert "second physician, not by you" in own.content.decode()
    wrong = alice.post(stop, {"username": "dora", "password": "nope", "reason": "sure"})
    assert "password is not correct" in wrong.content.decode()
    ok = alice.post(stop, {"username": "dora", "password": PASSWORD, "reason": "Plan was wrong"})
    assert ok.status_code == 302 and "/administer/" in ok["Location"]
    verification = BedsideVerification.objects.get()
    assert verification.override_name == "Dora (dora)"


def test_screens_positive_result_alert_is_acknowledged_by_a_physician(
    client_for: Any, case: Any, personas: Any, bmac: Any, django_capture_on_commit_callbacks: Any
) -> None:
    product = released_product(case, personas, bmac)
    tess = client_for("tess")
    with django_capture_on_commit_callbacks(execute=True):
        tess.post(
            reverse("procedure_lab", args=[product.uuid]),
            {
                "kind": "culture",
                "result": "positive",
                "organism": "not yet identified",
                "resulted_at": _local(timezone.now()),
            },
        )
    lab = LabResult.objects.get()
    board = client_for("carol").get(reverse("procedure_board")).content.decode()
    assert "Positive results waiting for a physician" in board and product.din in board
    url = reverse("procedure_acknowledge", args=[lab.uuid])
    assert tess.post(url).status_code == 403
    assert client_for("alice").post(url).status_code == 302
    lab.refresh_from_db()
    assert lab.acknowledged_at is not None
    board = client_for("carol").get(reverse("procedure_board")).content.decode()
    assert "Positive results waiting" not in board
