"""Screening pages: facts in, an explained decision out; sign-off and override; re-screening."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from regenpath.audit.models import AuditEvent
from regenpath.patients.models import StageChange
from regenpath.screening import actions
from regenpath.screening.current import planning_gate, staleness
from regenpath.screening.models import CandidacyDecision, CandidacySettings, Screening
from tests.conftest import PASSWORD
from tests.screening.conftest import candidate_facts, form_data

pytestmark = pytest.mark.django_db


def _post_screening(client: Any, episode: Any, **changes: Any) -> Any:
    return client.post(reverse("screening_new", args=[episode.uuid]), form_data(**changes))


def test_screening_form_saves_facts_and_shows_the_decision(client_for: Any, episode: Any) -> None:
    response = _post_screening(client_for("carol"), episode)
    assert response.status_code == 302
    decision = CandidacyDecision.objects.get()
    assert decision.status == "candidate"
    assert decision.rules_version == "candidacy-1"
    assert decision.screening.facts["weight_kg"] == 70.0
    assert decision.screening.facts["condition_code"] == "knee-oa"
    assert decision.screening.entered_by.username == "carol"
    page = client_for("carol").get(response["Location"]).content.decode()
    assert "Candidate" in page
    assert "24.8 kg/m²" in page  # BMI from 70 kg and 168 cm
    assert "Not yet in effect" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weight_kg", "0", "impossible"),
        ("platelets", "-5", "impossible"),
        ("height_cm", "900", "impossible"),
        ("pain_onset", "2999-01-01", "after today"),
    ],
)
def test_screening_impossible_facts_are_field_errors_and_nothing_is_saved(
    client_for: Any, episode: Any, field: str, value: str, message: str
) -> None:
    response = _post_screening(client_for("alice"), episode, **{field: value})
    assert response.status_code == 400
    form = response.context["forms"].form
    assert message in " ".join(form.errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert not Screening.objects.exists()
    assert not CandidacyDecision.objects.exists()


def test_screening_future_medication_date_is_a_row_error(client_for: Any, episode: Any) -> None:
    response = _post_screening(
        client_for("alice"),
        episode,
        meds_none=None,
        **{"med-0-name": "Naproxen", "med-0-med_class": "nsaid", "med-0-last_dose": "2999-01-01"},
    )
    assert response.status_code == 400
    row = response.context["forms"].meds.forms[0]
    assert "after today" in " ".join(row.errors["last_dose"])
    assert not Screening.objects.exists()


def test_screening_half_filled_medication_row_names_the_missing_part(
    client_for: Any, episode: Any
) -> None:
    response = _post_screening(
        client_for("alice"), episode, meds_none=None, **{"med-0-name": "Naproxen"}
    )
    assert response.status_code == 400
    assert "Choose what kind" in response.content.decode()
    assert not Screening.objects.exists()


def test_screening_missing_facts_need_review_and_are_listed(client_for: Any, episode: Any) -> None:
    response = _post_screening(client_for("alice"), episode, platelets=None, bleeding_disorder="")
    assert response.status_code == 302
    decision = CandidacyDecision.objects.get()
    assert decision.status == "needs_review"
    assert "platelets" in decision.missing
    assert "bleeding_disorder" in decision.missing
    page = client_for("alice").get(response["Location"]).content.decode()
    assert "Needs clinician review" in page
    assert "Facts missing" in page and "platelet count" in page


def test_screening_deferral_shows_the_date(client_for: Any, episode: Any) -> None:
    recent = (dt.date.today() - dt.timedelta(days=14)).isoformat()
    response = _post_screening(
        client_for("alice"),
        episode,
        injections_none=None,
        **{"inj-0-kind": "corticosteroid", "inj-0-on": recent},
    )
    decision = CandidacyDecision.objects.get()
    assert decision.status == "deferred"
    assert decision.earliest_date is not None
    page = client_for("alice").get(response["Location"]).content.decode()
    assert f"Deferred until {decision.earliest_date:%-d %B %Y}" in page
    assert "What would change it" in page


def test_screening_reason_shows_unverified_tag(client_for: Any, episode: Any) -> None:
    _post_screening(
        client_for("alice"),
        episode,
        meds_none=None,
        **{"med-0-name": "Apixaban", "med-0-med_class": "anticoagulant"},
    )
    decision = CandidacyDecision.objects.get()
    page = client_for("alice").get(reverse("decision_detail", args=[decision.uuid]))
    assert "UNVERIFIED" in page.content.decode()


def _sign(client: Any, decision: Any, password: str = PASSWORD) -> Any:
    return client.post(reverse("decision_sign", args=[decision.uuid]), {"password": password})


def test_sign_moves_referred_to_assessed_then_candidate(
    client_for: Any, episode: Any, decision: Any
) -> None:
    response = _sign(client_for("alice"), decision)
    assert response.status_code == 302
    decision.refresh_from_db()
    episode.refresh_from_db()
    assert decision.signer_name == "Alice"
    assert decision.signature_meaning == "approved the candidacy decision"
    assert len(decision.signed_hash) == 64
    assert episode.stage == "candidate"
    moves = list(StageChange.objects.filter(episode=episode).values_list("to_stage", flat=True))
    assert moves == ["referred", "assessed", "candidate"]
    assert AuditEvent.objects.filter(action="candidacy.sign").count() == 1
    page = client_for("carol").get(reverse("episode_detail", args=[episode.uuid])).content
    assert b"Signed by <strong>Alice (Physician)</strong>" in page
    assert b"approved the candidacy decision" in page


def test_sign_with_a_wrong_password_is_refused_and_audited(
    client_for: Any, episode: Any, decision: Any
) -> None:
    response = _sign(client_for("alice"), decision, "not-my-password")
    assert response.status_code == 400
    assert "That password is not correct" in response.content.decode()
    decision.refresh_from_db()
    episode.refresh_from_db()
    assert decision.signed_at is None
    assert episode.stage == "referred"
    assert AuditEvent.objects.filter(action="signature.refused").count() == 1


@pytest.mark.parametrize("name", ["carol", "tess", "adam"])
def test_sign_only_a_physician(client_for: Any, decision: Any, name: str) -> None:
    assert _sign(client_for(name), decision).status_code == 403
    decision.refresh_from_db()
    assert decision.signed_at is None


def test_sign_twice_is_refused(client_for: Any, decision: Any) -> None:
    assert _sign(client_for("alice"), decision).status_code == 302
    response = _sign(client_for("alice"), decision)
    assert response.status_code == 400
    assert "already been signed" in response.content.decode()


def test_sign_an_older_decision_is_refused(
    client_for: Any, episode: Any, decision: Any, alice: Any
) -> None:
    actions.record_screening(
        episode=episode, facts=candidate_facts(weight_kg=71.0), by=alice, today=dt.date.today()
    )
    response = _sign(client_for("alice"), decision)
    assert response.status_code == 400
    assert "newer screening" in response.content.decode()


def _override(client: Any, decision: Any, justification: str, **extra: str) -> Any:
    data = {"status": "candidate", "justification": justification, "override-password": PASSWORD}
    data.update(extra)
    return client.post(reverse("decision_override", args=[decision.uuid]), data)


@pytest.fixture
def not_candidate(episode: Any, alice: Any) -> Any:
    return actions.record_screening(
        episode=episode,
        facts=candidate_facts(current_smoker=True, chronic_infectious_disease=True),
        by=alice,
        today=dt.date.today(),
    )


@pytest.mark.parametrize(
    "justification", ["ok", "Discussed with patient", "aaaaaaaaaaaaaaaaaaaaaaaaaaaa."]
)
def test_override_justification_too_short_is_refused(
    client_for: Any, not_candidate: Any, justification: str
) -> None:
    response = _override(client_for("alice"), not_candidate, justification)
    assert response.status_code == 400
    not_candidate.refresh_from_db()
    assert not_candidate.override_status == ""


def test_override_wrong_password_is_refused(client_for: Any, not_candidate: Any) -> None:
    response = _override(
        client_for("alice"),
        not_candidate,
        "Hepatitis B is controlled and the hepatologist agrees.",
        **{"override-password": "nope"},
    )
    assert response.status_code == 400
    not_candidate.refresh_from_db()
    assert not_candidate.override_status == ""


def test_override_is_signed_flagged_and_moves_the_stage(
    client_for: Any, episode: Any, patient: Any, not_candidate: Any
) -> None:
    assert not_candidate.status == "not_candidate"
    response = _override(
        client_for("alice"),
        not_candidate,
        "Hepatitis B is controlled and the hepatologist agrees.",
    )
    assert response.status_code == 302
    not_candidate.refresh_from_db()
    episode.refresh_from_db()
    assert not_candidate.effective_status == "candidate"
    assert not_candidate.override_signer_name == "Alice"
    assert episode.stage == "candidate"
    change = AuditEvent.objects.get(action="candidacy.override").changes
    assert change["status"] == ["not_candidate", "candidate"]
    for url in (
        reverse("episode_detail", args=[episode.uuid]),
        reverse("patient_detail", args=[patient.uuid]),
        reverse("decision_detail", args=[not_candidate.uuid]),
    ):
        assert b"andidacy overridden" in client_for("tess").get(url).content, url
    assert planning_gate(episode, today=dt.date.today()).allowed


def test_override_by_a_coordinator_is_forbidden(client_for: Any, not_candidate: Any) -> None:
    response = _override(
        client_for("carol"), not_candidate, "Hepatitis B is controlled and the hepatologist agrees."
    )
    assert response.status_code == 403


def test_signed_not_candidate_moves_to_not_candidate(
    client_for: Any, episode: Any, not_candidate: Any
) -> None:
    _sign(client_for("alice"), not_candidate)
    episode.refresh_from_db()
    assert episode.stage == "not_candidate"
    assert not planning_gate(episode, today=dt.date.today()).allowed


def test_signed_needs_review_stays_assessed(client_for: Any, episode: Any, alice: Any) -> None:
    decision = actions.record_screening(
        episode=episode, facts=candidate_facts(platelets=None), by=alice, today=dt.date.today()
    )
    _sign(client_for("alice"), decision)
    episode.refresh_from_db()
    assert episode.stage == "assessed"


def test_rescreening_required_when_facts_change(
    client_for: Any, episode: Any, decision: Any, alice: Any
) -> None:
    _sign(client_for("alice"), decision)
    today = dt.date.today()
    assert not staleness(decision, today=today).required
    actions.record_screening(
        episode=episode, facts=candidate_facts(weight_kg=99.0), by=alice, today=today
    )
    decision.refresh_from_db()
    assert staleness(decision, today=today).required
    page = client_for("alice").get(reverse("episode_detail", args=[episode.uuid])).content
    assert b"Re-screening required" in page
    gate = planning_gate(episode, today=today)
    assert not gate.allowed and "Re-screening required" in gate.reason


def test_rescreening_required_after_the_clinic_days(
    client_for: Any, episode: Any, decision: Any, clinics: Any, personas: Any
) -> None:
    _sign(client_for("alice"), decision)
    actions.save_candidacy_settings(
        clinic=clinics["riverside"], overrides={"rescreen_after_days": 30}, by=personas["adam"]
    )
    decision.refresh_from_db()
    later = decision.decided_on + dt.timedelta(days=31)
    assert staleness(decision, today=later).required
    assert not staleness(decision, today=later - dt.timedelta(days=1)).required
    assert not planning_gate(episode, today=later).allowed


def test_settings_admin_changes_a_threshold_and_decisions_store_it(
    client_for: Any, episode: Any, alice: Any
) -> None:
    adam = client_for("adam")
    page = adam.get(reverse("candidacy_settings"))
    assert page.status_code == 200
    data = {k: v for k, v in page.context["form"].initial.items()}
    data.update({f.name: f.value() for f in page.context["form"]})
    data["bmi_review_at_or_above"] = "35"
    response = adam.post(reverse("candidacy_settings"), data)
    assert response.status_code == 302
    stored = CandidacySettings.objects.get()
    assert stored.rule_overrides == {"bmi_review_at_or_above": 35.0}
    decision = actions.record_screening(
        episode=episode, facts=candidate_facts(weight_kg=92.0), by=alice, today=dt.date.today()
    )
    assert decision.status == "candidate"  # BMI 32.6 is under the clinic's 35
    assert decision.rules_version.startswith("candidacy-1+")
    assert decision.rule_overrides == {"bmi_review_at_or_above": 35.0}


def test_settings_bad_value_is_a_field_error(client_for: Any) -> None:
    adam = client_for("adam")
    form = adam.get(reverse("candidacy_settings")).context["form"]
    data = {f.name: f.value() for f in form}
    data["bmi_review_at_or_below"] = "40"  # above the upper limit of 30
    response = adam.post(reverse("candidacy_settings"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["bmi_review_at_or_below"]
    assert not CandidacySettings.objects.exists()
