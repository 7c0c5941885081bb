"""The whole procedure day through actions: harvest → processing → QC → bedside → injection."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from regenpath.domain.custody import BedsideCheck, State
from regenpath.procedures import actions
from regenpath.procedures.models import (
    Administration,
    AdverseEvent,
    BiologicProduct,
    CustodyEvent,
    Incident,
    QCRelease,
)
from tests.conftest import PASSWORD
from tests.procedures.conftest import (
    FIN,
    LOCATION,
    harvest,
    process,
    release,
    released_product,
    scanned,
)

pytestmark = pytest.mark.django_db


def _verify(product: Any, physician: Any, **kw: Any) -> Any:
    values = {
        "scanned_din": scanned(product),
        "scanned_patient_id": product.patient.mrn,
        "target": product.case.plan.targets[0],
        "side": "left",
        "location": LOCATION,
        **kw,
    }
    return actions.verify_bedside(product=product, by=physician, **values)


def _administer(product: Any, verification: Any, physician: Any, **kw: Any) -> Any:
    values = {
        "guidance": "ultrasound",
        "volume_ml": Decimal("5.0"),
        "needle": "22G 90 mm",
        "location": LOCATION,
        "password": PASSWORD,
        **kw,
    }
    return actions.administer(product=product, verification=verification, by=physician, **values)


def test_flow_every_step_signs_one_custody_event(case: Any, personas: Any, bmac: Any) -> None:
    alice, tess = personas["alice"], personas["tess"]
    product = released_product(case, personas, bmac)
    assert product.din.startswith(FIN)
    verification = _verify(product, alice)
    assert verification.passed and verification.failures == []
    administration = _administer(product, verification, alice)
    product.refresh_from_db()
    assert product.state == State.ADMINISTERED
    events = list(CustodyEvent.objects.filter(product=product).order_by("at", "pk"))
    assert [(e.from_state, e.to_state) for e in events] == [
        ("", "collected"),
        ("collected", "in_processing"),
        ("in_processing", "qc_pending"),
        ("qc_pending", "released"),
        ("released", "administered"),
    ]
    assert {e.printed_name for e in events} == {"Alice (alice)", "Tess (tess)"}
    assert all(e.meaning and e.at and e.location for e in events)
    assert administration.patient_id == product.patient_id
    case.refresh_from_db()
    case.episode.refresh_from_db()
    assert case.performed_on == timezone.localdate()
    assert case.episode.stage == "treated"
    assert tess  # the technician signed processing and release


def test_flow_wrong_password_signs_nothing(case: Any, personas: Any, bmac: Any) -> None:
    product = harvest(case, personas["alice"], bmac)
    with pytest.raises(actions.SignatureRefused):
        actions.start_processing(
            product=product, by=personas["tess"], password="nope", location="Lab"
        )
    product.refresh_from_db()
    assert product.state == State.COLLECTED
    assert CustodyEvent.objects.filter(product=product).count() == 1


def test_flow_coordinator_never_changes_product_state(case: Any, personas: Any, bmac: Any) -> None:
    product = harvest(case, personas["alice"], bmac)
    with pytest.raises(actions.ActionRefused):
        actions.start_processing(
            product=product, by=personas["carol"], password=PASSWORD, location="x"
        )
    with pytest.raises(actions.ActionRefused):
        harvest(case, personas["carol"], bmac)
    assert CustodyEvent.objects.filter(product=product).count() == 1


def test_flow_failed_qc_needs_physician_exception(case: Any, personas: Any, bmac: Any) -> None:
    alice, tess = personas["alice"], personas["tess"]
    product = harvest(case, alice, bmac)
    process(product, tess, viability_percent=Decimal("80.0"))
    with pytest.raises(actions.ActionRefused, match="quarantine"):
        release(product, tess)
    actions.record_qc_decision(
        product=product,
        by=tess,
        password=PASSWORD,
        release=False,
        reason="viability 80 %",
        location="Lab",
    )
    with pytest.raises(actions.ActionRefused):
        actions.release_with_exception(
            product=product, by=tess, password=PASSWORD, justification="ok", location="Lab"
        )
    decision = actions.release_with_exception(
        product=product,
        by=alice,
        password=PASSWORD,
        justification="Patient informed",
        location="Lab",
    )
    assert decision.decision == QCRelease.RELEASED_BY_EXCEPTION
    assert decision.exception_justification == "Patient informed"
    failed = [r for r in decision.results if r["passed"] is False]
    assert [r["id"] for r in failed] == ["viability"]
    assert failed[0]["verification"] == "UNVERIFIED"
    product.refresh_from_db()
    assert product.state == State.RELEASED


def test_flow_hard_stop_records_incident_and_blocks_administration(
    case: Any, personas: Any, bmac: Any
) -> None:
    alice = personas["alice"]
    product = released_product(case, personas, bmac)
    verification = _verify(product, alice, scanned_patient_id="RV9999")
    assert verification.failure_codes == [BedsideCheck.PATIENT_MISMATCH]
    assert Incident.objects.filter(product=product, kind="bedside_hard_stop").count() == 1
    with pytest.raises(actions.ActionRefused):
        _administer(product, verification, alice)
    with pytest.raises(actions.ActionRefused, match="never be overridden"):
        actions.override_bedside(
            verification=verification, by=personas["alice"], password=PASSWORD, reason="sure"
        )


def test_flow_side_mismatch_override_by_second_physician(
    case: Any, personas: Any, bmac: Any, django_user_model: Any, clinics: Any
) -> None:
    from regenpath.clinics.models import Membership

    alice = personas["alice"]
    second = django_user_model.objects.create_user("dora", password=PASSWORD, first_name="Dora")
    Membership.objects.create(user=second, clinic=clinics["riverside"], role="physician")
    product = released_product(case, personas, bmac)
    verification = _verify(product, alice, side="right")
    assert verification.failure_codes == [BedsideCheck.SIDE_MISMATCH]
    with pytest.raises(actions.ActionRefused, match="second physician"):
        actions.override_bedside(verification=verification, by=alice, password=PASSWORD, reason="x")
    with pytest.raises(actions.ActionRefused):
        actions.override_bedside(
            verification=verification, by=personas["tess"], password=PASSWORD, reason="x"
        )
    actions.override_bedside(
        verification=verification, by=second, password=PASSWORD, reason="Plan error, right knee"
    )
    administration = _administer(product, verification, alice)
    assert administration.side == "right"


def test_flow_expired_product_is_never_given(case: Any, personas: Any, bmac: Any) -> None:
    product = released_product(case, personas, bmac, minutes_ago=150)
    verification = _verify(product, personas["alice"])
    assert verification.failure_codes == [BedsideCheck.TIME_LIMIT_EXCEEDED]
    with pytest.raises(actions.ActionRefused):
        _administer(product, verification, personas["alice"])


def test_flow_administration_happens_once(case: Any, personas: Any, bmac: Any) -> None:
    alice = personas["alice"]
    product = released_product(case, personas, bmac)
    _administer(product, _verify(product, alice), alice)
    again = _verify(product, alice)
    assert BedsideCheck.NOT_RELEASED in again.failure_codes
    with pytest.raises(actions.ActionRefused):
        _administer(product, again, alice)
    assert Administration.objects.filter(product=product).count() == 1


def test_flow_volume_more_than_product_refused(case: Any, personas: Any, bmac: Any) -> None:
    alice = personas["alice"]
    product = released_product(case, personas, bmac)
    with pytest.raises(ValidationError) as error:
        _administer(product, _verify(product, alice), alice, volume_ml=Decimal("7.0"))
    assert "volume_ml" in error.value.message_dict
    product.refresh_from_db()
    assert product.state == State.RELEASED


def test_flow_processing_bad_input_is_refused_by_field(case: Any, personas: Any, bmac: Any) -> None:
    product = harvest(case, personas["alice"], bmac)
    with pytest.raises(ValidationError) as error:
        process(
            product,
            personas["tess"],
            final_volume_ml=Decimal("70.0"),
            viability_percent=Decimal("101"),
            lot_expiry=timezone.localdate() - dt.timedelta(days=1),
        )
    assert set(error.value.message_dict) >= {"final_volume_ml", "viability_percent", "lot_expiry"}
    product.refresh_from_db()
    assert product.state == State.IN_PROCESSING


def test_flow_positive_culture_alerts_and_opens_adverse_event(
    case: Any, personas: Any, bmac: Any, django_capture_on_commit_callbacks: Any
) -> None:
    alice = personas["alice"]
    product = released_product(case, personas, bmac)
    _administer(product, _verify(product, alice), alice)
    with django_capture_on_commit_callbacks(execute=True):
        lab = actions.attach_lab_result(
            product=product,
            by=personas["tess"],
            kind="culture",
            result="positive",
            resulted_at=timezone.now(),
            organism="S. epidermidis",
        )
    event = AdverseEvent.objects.get()
    assert lab.adverse_event == event
    assert event.patient_id == product.patient_id and event.grade is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert product.din in message.subject
    assert product.patient.family_name not in message.body
    assert product.patient.mrn not in message.body


def test_flow_din_allocation_never_repeats(case: Any, personas: Any, bmac: Any) -> None:
    dins = [harvest(case, personas["alice"], bmac).din for _ in range(5)]
    assert len(set(dins)) == 5
    assert [int(d[7:]) for d in dins] == [1, 2, 3, 4, 5]
    assert BiologicProduct.objects.count() == 5


def test_flow_fhir_bundle_validates_as_r4b(
    client_for: Any, case: Any, personas: Any, bmac: Any
) -> None:
    from fhir.resources.R4B.bundle import Bundle

    alice = personas["alice"]
    product = released_product(case, personas, bmac)
    _administer(product, _verify(product, alice), alice)
    response = client_for("tess").get(f"/procedures/products/{product.uuid}/fhir.json")
    bundle = Bundle.model_validate(response.json())
    product_resource, procedure = (entry.resource for entry in bundle.entry)
    assert product_resource.identifier[0].value == product.din
    assert product_resource.status == "unavailable"  # administered: no longer available
    assert procedure.subject.reference == f"Patient/{product.patient.uuid}"
    assert product.patient.family_name not in response.content.decode()
