"""A physician's first session, in a real browser: sign in, search, open, register, fix an error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regenpath.patients.models import Patient
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")


def test_walkthrough_physician_finds_opens_and_registers(
    page: Any, live_server: Any, patient: Any, settings: Any
) -> None:
    settings.SYNTHETIC_DATA = True
    _sign_in(page, live_server, "alice")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert page.get_by_text("Synthetic demo data.").is_visible()
    screenshot(page, "dashboard")

    page.get_by_role("link", name="Patients").click()
    page.get_by_label("Find a patient by name, MRN or date of birth").fill("doe")
    page.get_by_text("1 patient found").wait_for()  # htmx replaced the results
    assert page.url.endswith("?q=doe")
    screenshot(page, "patient-search")

    page.get_by_role("link", name="DOE, Jane").click()
    page.get_by_role("heading", name="DOE, Jane").wait_for()
    assert page.get_by_text("RV0001").first.is_visible()
    assert page.get_by_role("link", name="Knee osteoarthritis, left").is_visible()
    screenshot(page, "patient-record")

    page.goto(f"{live_server.url}/patients/new/")
    page.get_by_label("MRN").fill("RV0777")
    page.get_by_label("Given name").fill("Grace")
    page.get_by_label("Family name").fill("Hopper")
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    page.get_by_label("Date of birth").fill(future)
    page.get_by_label("Sex at birth").select_option("female")
    page.get_by_role("button", name="Save").click()
    error = page.locator("#id_date_of_birth_error")
    assert error.inner_text() == "Date of birth cannot be in the future."
    assert page.get_by_text("Nothing was saved.").is_visible()
    screenshot(page, "register-error")
    assert not Patient.objects.filter(mrn="RV0777").exists()

    page.get_by_label("Date of birth").fill("1950-12-09")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="HOPPER, Grace").wait_for()
    assert page.get_by_text("Registered Grace Hopper (RV0777).").is_visible()
    assert Patient.objects.filter(mrn="RV0777").exists()


def test_walkthrough_physician_opens_an_episode_and_moves_it(
    page: Any, live_server: Any, patient: Any
) -> None:
    _sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/patients/{patient.uuid}/episodes/new/")
    page.get_by_label("Condition").select_option("achilles-tendinopathy")
    page.get_by_label("Body site").fill("Achilles tendon, mid-portion")
    page.get_by_label("Side").select_option("right")
    page.get_by_label("Pain onset date").fill("2025-01-10")
    page.get_by_label("Pain mechanism").select_option("nociceptive")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Achilles tendinopathy, right").wait_for()
    page.get_by_label("Move to").select_option("assessed")
    page.get_by_label("Reason").fill("Assessed in clinic; imaging reviewed.")
    page.get_by_role("button", name="Move").click()
    page.get_by_text("Stage changed.").wait_for()
    assert page.locator(".stage.big").inner_text() == "Assessed"
    screenshot(page, "episode-moved")
