"""Procedure day on a 1024×768 tablet: each step's screen, a hard stop, the custody timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from regenpath.procedures import actions
from regenpath.procedures.models import BiologicProduct
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD
from tests.procedures.conftest import FIN, consented_plan

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_procedure_day_walkthrough(
    page: Any,
    live_server: Any,
    patient: Any,
    personas: Any,
    clinics: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.DATA_DIR = tmp_path
    alice, carol, adam = personas["alice"], personas["carol"], personas["adam"]
    actions.update_procedure_settings(clinic=clinics["riverside"], by=adam, facility_id=FIN)
    actions.create_product_type(
        clinic=clinics["riverside"], by=adam, code="D0001", name="BMAC", cell_source="bmac"
    )
    plan = consented_plan(patient.episodes.get(), alice, carol)
    case = actions.schedule_procedure(plan=plan, by=alice, scheduled_for=timezone.localdate())
    base = f"{live_server.url}/procedures"

    # Harvest (physician).
    _sign_in(page, live_server, "alice")
    page.goto(f"{base}/")
    screenshot(page, "procedure-board")
    page.goto(f"{base}/cases/{case.uuid}/harvest/")
    start = timezone.now() - dt.timedelta(minutes=40)
    page.get_by_label("Product type").select_option(label="D0001 BMAC")
    page.get_by_label("Aspirate volume (mL)").fill("60")
    page.get_by_label("Anticoagulant").select_option("acd_a")
    page.get_by_label("Harvest start").fill(_local(start))
    page.get_by_label("Harvest end").fill(_local(start - dt.timedelta(minutes=5)))
    page.get_by_label("Password (signature)").fill(PASSWORD)
    page.get_by_role("button", name="Sign harvest").click()
    assert page.locator("#id_ended_at_error").inner_text().startswith("The harvest end time")
    screenshot(page, "procedure-harvest-error")
    page.get_by_label("Harvest end").fill(_local(start + dt.timedelta(minutes=10)))
    page.get_by_label("Password (signature)").fill(PASSWORD)
    screenshot(page, "procedure-harvest")
    page.get_by_role("button", name="Sign harvest").click()
    page.get_by_role("heading", name="Custody of").wait_for()
    product = BiologicProduct.objects.get()

    # Processing and QC (technician).
    _sign_in(page, live_server, "tess")
    page.goto(f"{base}/products/{product.uuid}/receive/")
    page.get_by_label("Password (signature)").fill(PASSWORD)
    page.get_by_role("button", name="Sign receipt").click()
    page.goto(f"{base}/products/{product.uuid}/processing/")
    p_start = start + dt.timedelta(minutes=15)
    fields = {
        "Device or kit": "Centrifuge kit X",
        "Catalogue number": "CAT-100",
        "Kit lot": "LOT42",
        "Kit lot expiry": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        "Method": "Centrifugation, 2 spins",
        "Processing start": _local(p_start),
        "Processing end": _local(p_start + dt.timedelta(minutes=12)),
        "Input volume (mL)": "60",
        "Final volume (mL)": "6",
        "Total nucleated cells (×10⁶)": "450",
        "Nucleated cells per mL (×10⁶/mL)": "75",
        "Viability (%)": "93",
        "Password (signature)": PASSWORD,
    }
    for label, value in fields.items():
        page.get_by_label(label).first.fill(value)
    screenshot(page, "procedure-processing")
    page.get_by_role("button", name="Sign processing record").click()
    page.get_by_role("heading", name="QC and release").wait_for()
    assert page.get_by_text("UNVERIFIED").first.is_visible()
    page.get_by_label("Release").check()
    page.get_by_label("Password (signature)").fill(PASSWORD)
    screenshot(page, "procedure-qc")
    page.get_by_role("button", name="Sign QC decision").click()
    page.get_by_role("heading", name="Custody of").wait_for()

    # Bedside (physician): a wrong wristband is a hard stop, then the right one.
    _sign_in(page, live_server, "alice")
    page.goto(f"{base}/products/{product.uuid}/bedside/")
    page.get_by_label("Product DIN").fill(product.din_object.barcode_data())
    page.get_by_label("Patient wristband identifier (MRN)").fill("RV0002")
    screenshot(page, "procedure-bedside")
    page.get_by_role("button", name="Check").click()
    page.get_by_text("STOP — DO NOT INJECT").wait_for()
    screenshot(page, "procedure-hard-stop")
    page.goto(f"{base}/products/{product.uuid}/bedside/")
    page.get_by_label("Product DIN").fill(f"{product.din} {product.din_object.check_character}")
    page.get_by_label("Patient wristband identifier (MRN)").fill(patient.mrn)
    page.get_by_label("Side").select_option("right")
    page.get_by_role("button", name="Check").click()
    page.get_by_text("STOP — DO NOT INJECT").wait_for()
    screenshot(page, "procedure-hard-stop-overridable")
    page.goto(f"{base}/products/{product.uuid}/bedside/")
    page.get_by_label("Product DIN").fill(f"{product.din} {product.din_object.check_character}")
    page.get_by_label("Patient wristband identifier (MRN)").fill(patient.mrn)
    page.get_by_role("button", name="Check").click()
    page.get_by_role("heading", name="Record the injection").wait_for()
    page.get_by_label("Volume injected (mL)").fill("5")
    page.get_by_label("Needle").fill("22G 90 mm spinal")
    page.get_by_label("Password (signature)").fill(PASSWORD)
    screenshot(page, "procedure-administer")
    page.get_by_role("button", name="Sign administration").click()
    page.get_by_role("heading", name="Custody of").wait_for()
    screenshot(page, "procedure-custody-timeline")
    product.refresh_from_db()
    assert product.state == "administered"
    assert product.custody_events.count() == 5
