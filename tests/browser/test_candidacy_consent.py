"""Screening, sign-off, the patient's questionnaire and consent on a phone, in a real browser."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regenpath.plans.models import Consent
from regenpath.screening.models import CandidacyDecision, Screening
from tests.browser.conftest import ARTIFACTS, screenshot
from tests.conftest import PASSWORD
from tests.plans.conftest import make_final_plan
from tests.screening.conftest import candidate_facts

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")


def test_browser_physician_screens_and_signs(
    page: Any, live_server: Any, episode: Any, alice: Any
) -> None:
    from regenpath.screening import actions

    three_weeks_ago = (dt.date.today() - dt.timedelta(days=21)).isoformat()
    actions.record_screening(
        episode=episode,
        facts=candidate_facts(
            weight_kg=92.0,
            hba1c_percent=None,
            medications=[{"name": "Apixaban", "class": "anticoagulant", "last_dose": None}],
            target_injections=[{"kind": "corticosteroid", "date": three_weeks_ago}],
        ),
        by=alice,
        today=dt.date.today(),
    )
    _sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/patients/episodes/{episode.uuid}/")
    page.get_by_role("link", name="Review and sign").click()
    page.get_by_text("Needs clinician review").first.wait_for()
    assert page.get_by_text("UNVERIFIED").first.is_visible()
    screenshot(page, "candidacy-decision-panel")

    page.get_by_label("Your password").first.fill("wrong-password")
    page.get_by_role("button", name="Sign as").click()
    assert page.get_by_text("That password is not correct. Nothing was signed.").first.is_visible()
    page.get_by_label("Your password").first.fill(PASSWORD)
    page.get_by_role("button", name="Sign as").click()
    page.get_by_text("approved the candidacy decision").first.wait_for()
    assert CandidacyDecision.objects.get().signed_at is not None
    page.goto(f"{live_server.url}/patients/episodes/{episode.uuid}/")
    page.get_by_role("heading", name="Candidacy").wait_for()
    screenshot(page, "episode-candidacy")


def test_browser_patient_answers_the_questionnaire_on_a_phone(
    browser: Any, live_server: Any, episode: Any, alice: Any
) -> None:
    from regenpath.screening import actions

    _, token = actions.create_patient_link(episode=episode, purpose="intake", by=alice)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/screening/questionnaire/{token}/")
    phone.get_by_role("heading", name="Questions before your appointment").wait_for()
    screenshot(phone, "patient-intake-phone")
    phone.get_by_label("Your weight in kilograms").fill("0")
    phone.get_by_role("button", name="Send my answers").click()
    phone.get_by_text("Nothing was sent yet").wait_for()
    assert not Screening.objects.exists()
    phone.get_by_label("Your weight in kilograms").fill("71")
    phone.get_by_label("Your height in centimetres").fill("165")
    phone.get_by_role("button", name="Send my answers").click()
    phone.get_by_role("heading", name="Thank you").wait_for()
    assert Screening.objects.get().source == "patient_intake"
    phone.goto(f"{live_server.url}/screening/questionnaire/{token}/")
    phone.get_by_role("heading", name="This link has already been used").wait_for()
    context.close()


def test_browser_patient_signs_consent_on_a_phone(
    browser: Any,
    page: Any,
    live_server: Any,
    episode: Any,
    alice: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    from regenpath.screening import actions

    settings.DATA_DIR = tmp_path
    final_plan = make_final_plan(episode, alice)
    _, consent_token = actions.create_patient_link(
        episode=episode, purpose="consent", by=alice, plan_id=final_plan.pk
    )
    _sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/plans/{final_plan.uuid}/")
    page.get_by_role("heading", name="Treatment plan").wait_for()
    screenshot(page, "plan-page")

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/plans/consent/{consent_token}/")
    phone.get_by_text("This treatment is investigational.").first.wait_for()
    phone.screenshot(path=str(ARTIFACTS / "consent-phone-top.png"))
    phone.get_by_label("Type your full name to sign").fill("Jane Doe")
    phone.get_by_label("I have read this document").check()
    phone.get_by_role("button", name="Sign the consent form").scroll_into_view_if_needed()
    phone.screenshot(path=str(ARTIFACTS / "consent-phone-sign.png"))
    phone.get_by_role("button", name="Sign the consent form").click()
    phone.get_by_role("heading", name="Thank you").wait_for()
    consent = Consent.objects.get()
    assert consent.signer_name == "Jane Doe"
    assert len(consent.pdf_sha256) == 64
    context.close()
