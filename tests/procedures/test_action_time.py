"""Procedure-day actions date custody, injection and procedure day from `now`.

A past `now` (paper records entered later) dates every step, the bedside check's age is measured
from it, and the audit trail keeps the real clock; a future `now` is refused.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from regenpath.audit.models import AuditEvent
from regenpath.patients.models import StageChange
from regenpath.procedures import actions as procedure_actions
from tests.conftest import PASSWORD
from tests.procedures.conftest import LOCATION, PROCESSING, scanned

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


def _audit_at(action: str) -> dt.datetime:
    return AuditEvent.objects.filter(action=action).latest("seq").at


def _walk_to_bedside(case: Any, personas: Any, bmac: Any, start: dt.datetime) -> Any:
    """Harvest at `start`, process, release and check at the bedside, each step dated from it."""
    alice, tess = personas["alice"], personas["tess"]
    product = procedure_actions.record_harvest(
        case=case,
        by=alice,
        password=PASSWORD,
        product_type=bmac,
        site="posterior_iliac_crest",
        side="left",
        aspirate_volume_ml=Decimal("60.0"),
        anticoagulant="acd_a",
        started_at=start,
        ended_at=start + 10 * MINUTE,
        location=LOCATION,
        now=start + 12 * MINUTE,
    )
    procedure_actions.start_processing(
        product=product, by=tess, password=PASSWORD, location="Lab", now=start + 14 * MINUTE
    )
    procedure_actions.record_processing(
        product=product,
        by=tess,
        password=PASSWORD,
        location="Lab",
        now=start + 40 * MINUTE,
        **PROCESSING,
        lot_expiry=timezone.localdate(start) + dt.timedelta(days=90),
        started_at=start + 15 * MINUTE,
        ended_at=start + 35 * MINUTE,
    )
    procedure_actions.record_qc_decision(
        product=product,
        by=tess,
        password=PASSWORD,
        release=True,
        reason="",
        location="Lab",
        now=start + 45 * MINUTE,
    )
    product.refresh_from_db()
    check = procedure_actions.verify_bedside(
        product=product,
        by=alice,
        scanned_din=scanned(product),
        scanned_patient_id=product.patient.mrn,
        target=case.plan.targets[0],
        side="left",
        location=LOCATION,
        now=start + 60 * MINUTE,
    )
    assert check.passed, check.failure_codes
    assert check.verified_at == start + 60 * MINUTE
    return check


def _administer(check: Any, alice: Any, now: dt.datetime) -> Any:
    return procedure_actions.administer(
        product=check.product,
        verification=check,
        by=alice,
        password=PASSWORD,
        guidance="ultrasound",
        volume_ml=Decimal("5.0"),
        needle="22G 90 mm",
        location=LOCATION,
        now=now,
    )


def test_administer_past_now_dates_custody_procedure_and_stage(
    case: Any, personas: Any, bmac: Any
) -> None:
    start = timezone.now() - dt.timedelta(days=3)
    started = timezone.now()
    check = _walk_to_bedside(case, personas, bmac, start)
    injected = start + 64 * MINUTE
    administration = _administer(check, personas["alice"], injected)
    assert administration.administered_at == injected
    product = administration.product
    assert [e.at for e in product.custody_events.order_by("pk")] == [
        start + 12 * MINUTE,
        start + 14 * MINUTE,
        start + 40 * MINUTE,
        start + 45 * MINUTE,
        injected,
    ]
    case.refresh_from_db()
    assert case.performed_on == timezone.localdate(injected)
    assert StageChange.objects.get(episode=case.episode, to_stage="treated").at == injected
    assert _audit_at("product.administration") >= started


def test_administer_bedside_check_age_is_measured_from_now(
    case: Any, personas: Any, bmac: Any
) -> None:
    # Twenty minutes after a past bedside check, its 15-minute validity has run out.
    start = timezone.now() - dt.timedelta(days=3)
    check = _walk_to_bedside(case, personas, bmac, start)
    with pytest.raises(procedure_actions.ActionRefused, match="15 minutes"):
        _administer(check, personas["alice"], start + 80 * MINUTE)


def test_administer_future_now_is_refused(case: Any, personas: Any, bmac: Any) -> None:
    check = _walk_to_bedside(case, personas, bmac, timezone.now() - 70 * MINUTE)
    with pytest.raises(ValueError, match="in the future"):
        _administer(check, personas["alice"], timezone.now() + dt.timedelta(hours=1))
    product = check.product
    product.refresh_from_db()
    assert product.state == "released"
    assert not hasattr(check, "administration")
