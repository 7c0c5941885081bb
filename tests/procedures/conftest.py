"""Fixtures for procedure day: a clinic FIN, a BMAC product type, a consented episode, a case.

Helpers walk a product through its steps with the personas' passwords (signing re-enters it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD

FIN = "A9999"  # ICCBBA's example facility in ST-001 figures (reference §1.2)
LOCATION = "Procedure room 1"


@pytest.fixture
def procedure_settings(clinics: dict[str, Any], personas: dict[str, Any]) -> Any:
    from regenpath.procedures import actions

    return actions.update_procedure_settings(
        clinic=clinics["riverside"], by=personas["adam"], facility_id=FIN, time_limit_minutes=120
    )


@pytest.fixture
def bmac(clinics: dict[str, Any], personas: dict[str, Any]) -> Any:
    from regenpath.procedures import actions

    return actions.create_product_type(
        clinic=clinics["riverside"],
        by=personas["adam"],
        code="D0001",
        name="BMAC",
        cell_source="bmac",
    )


def consented_plan(episode: Any, physician: Any, coordinator: Any) -> Any:
    """Return a final plan the patient signed, recorded by the physician (episode consented).

    Goes through the plans and screening actions, as a clinic would: signed candidacy decision,
    final plan, consent link, the patient's signature, the physician's confirmation.
    """
    from regenpath.plans import consent_actions
    from regenpath.screening import actions as screening_actions
    from tests.plans.conftest import make_final_plan

    plan = make_final_plan(episode, physician)
    _, token = screening_actions.create_patient_link(
        episode=episode, purpose="consent", by=coordinator, plan_id=plan.pk
    )
    name = episode.patient.full_name
    consent = consent_actions.sign_consent(token=token, full_name=name, confirmed=True)
    consent_actions.record_consent(
        consent=consent, by=physician, membership=physician.memberships.get()
    )
    plan.refresh_from_db()
    return plan


@pytest.fixture
def plan(episode: Any, personas: dict[str, Any], settings: Any, tmp_path: Any) -> Any:
    settings.DATA_DIR = tmp_path  # consent PDFs are frozen into the data folder
    return consented_plan(episode, personas["alice"], personas["carol"])


@pytest.fixture
def case(plan: Any, alice: Any, procedure_settings: Any, bmac: Any) -> Any:
    from regenpath.procedures import actions

    return actions.schedule_procedure(plan=plan, by=alice, scheduled_for=timezone.localdate())


def harvest(case: Any, physician: Any, product_type: Any, *, minutes_ago: int = 30) -> Any:
    from regenpath.procedures import actions

    start = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return actions.record_harvest(
        case=case,
        by=physician,
        password=PASSWORD,
        product_type=product_type,
        site="posterior_iliac_crest",
        side="left",
        aspirate_volume_ml=Decimal("60.0"),
        anticoagulant="acd_a",
        started_at=start,
        ended_at=start + dt.timedelta(minutes=10),
        location=LOCATION,
    )


PROCESSING = {
    "device": "Centrifuge kit X",
    "catalogue_number": "CAT-100",
    "lot": "LOT42",
    "method": "Centrifugation, 2 spins",
    "input_volume_ml": Decimal("60.0"),
    "final_volume_ml": Decimal("6.0"),
    "tnc_total_e6": Decimal("450"),
    "tnc_per_ml_e6": Decimal("75"),
    "viability_percent": Decimal("95.0"),
}


def process(product: Any, technician: Any, **changes: Any) -> Any:
    from regenpath.procedures import actions

    actions.start_processing(product=product, by=technician, password=PASSWORD, location="Lab")
    start = product.collected_at + dt.timedelta(minutes=12)
    fields = {
        **PROCESSING,
        "lot_expiry": timezone.localdate() + dt.timedelta(days=90),
        "started_at": start,
        "ended_at": start + dt.timedelta(minutes=5),
        **changes,
    }
    return actions.record_processing(
        product=product, by=technician, password=PASSWORD, location="Lab", **fields
    )


def release(product: Any, technician: Any) -> Any:
    from regenpath.procedures import actions

    return actions.record_qc_decision(
        product=product, by=technician, password=PASSWORD, release=True, reason="", location="Lab"
    )


def released_product(case: Any, personas: dict[str, Any], product_type: Any, **kw: Any) -> Any:
    product = harvest(case, personas["alice"], product_type, **kw)
    process(product, personas["tess"])
    release(product, personas["tess"])
    product.refresh_from_db()
    return product


def scanned(product: Any) -> str:
    """Return the DIN as a scanner reads it (Data Structure 001)."""
    return product.din_object.barcode_data()
