"""A coordinator keys in a paper KOOS in a real browser, fixes a wrong code and reads the scores."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regenpath.outcomes.actions import record_response
from regenpath.outcomes.models import QuestionnaireResponse
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD
from tests.outcomes.conftest import all_items

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")


def test_questionnaires_coordinator_enters_koos_and_reads_the_change(
    page: Any, live_server: Any, patient: Any, episode: Any, personas: Any, settings: Any
) -> None:
    settings.SYNTHETIC_DATA = True
    baseline = all_items("koos", 2) | {"P1": 3, "S2": 3, "Q1": 3}
    record_response(
        episode=episode,
        instrument="koos",
        responses=baseline,
        source="paper",
        timepoint="baseline",
        completed_on=dt.date.today() - dt.timedelta(days=200),
        by=personas["carol"],
    )
    record_response(
        episode=episode,
        instrument="koos",
        responses=all_items("koos", 1) | {"P1": 2, "Q1": 2, "A3": None},
        source="paper",
        timepoint="3m",
        completed_on=dt.date.today() - dt.timedelta(days=100),
        by=personas["carol"],
    )
    _sign_in(page, live_server, "carol")
    page.goto(f"{live_server.url}/patients/episodes/{episode.uuid}/")
    page.get_by_role("link", name="Enter a questionnaire").click()
    koos = "Knee injury and Osteoarthritis Outcome Score (KOOS)"
    page.get_by_role("link", name=koos).first.click()
    page.get_by_role("heading", name=koos).wait_for()
    assert page.get_by_text("No licence or permission reference is recorded").is_visible()
    page.get_by_label("Timepoint").select_option("6m")
    for item, code in (all_items("koos", 1) | {"P2": 0, "Q2": 0}).items():
        page.get_by_label(item, exact=True).select_option(str(code))
    screenshot(page, "questionnaire-entry")

    # A wrong code cannot be chosen in the list; a hand-edited request can carry one.
    page.evaluate(
        "() => { const s = document.getElementById('id_item_P3');"
        " const o = document.createElement('option'); o.value = '7'; o.text = '7';"
        " s.add(o); s.value = '7'; }"
    )
    page.get_by_role("button", name="Save and score").click()
    error = page.locator("#id_item_P3_error")
    assert error.inner_text() == "koos: item 'P3' has response code 7; allowed codes are 0–4"
    assert page.get_by_text("Nothing was saved.").is_visible()
    screenshot(page, "questionnaire-entry-error")
    assert QuestionnaireResponse.objects.filter(timepoint="6m").count() == 0

    page.get_by_label("P3", exact=True).select_option("1")
    page.get_by_role("button", name="Save and score").click()
    page.get_by_role("heading", name="Scores").wait_for()
    assert page.get_by_text("KOOS pain +").first.is_visible()
    screenshot(page, "questionnaire-score-panel")

    page.goto(f"{live_server.url}/patients/{patient.uuid}/")
    page.get_by_role("heading", name="Questionnaire scores over time").wait_for()
    chart = page.locator("figure.chart svg").first
    assert chart.get_attribute("role") == "img"
    screenshot(page, "questionnaire-patient-chart")
