"""Plans: only for candidates (or overrides), built from the template, signed, staged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from regenpath.audit.models import AuditEvent
from regenpath.plans.models import PlanStatus, TreatmentPlan
from regenpath.screening import actions as screening_actions
from tests.conftest import PASSWORD
from tests.plans.conftest import make_draft_plan, membership_of, plan_form_data
from tests.screening.conftest import candidate_facts

pytestmark = pytest.mark.django_db


def test_plan_refused_without_a_signed_decision(client_for: Any, episode: Any, alice: Any) -> None:
    screening_actions.record_screening(
        episode=episode, facts=candidate_facts(), by=alice, today=dt.date.today()
    )
    response = client_for("alice").post(reverse("plan_new", args=[episode.uuid]), plan_form_data())
    assert response.status_code == 409
    assert "No signed candidacy decision" in response.content.decode()
    assert not TreatmentPlan.objects.exists()


def _not_candidate(episode: Any, alice: Any) -> Any:
    decision = screening_actions.record_screening(
        episode=episode,
        facts=candidate_facts(chronic_infectious_disease=True),
        by=alice,
        today=dt.date.today(),
    )
    return decision


def test_plan_refused_for_a_signed_non_candidate(client_for: Any, episode: Any, alice: Any) -> None:
    decision = _not_candidate(episode, alice)
    screening_actions.sign_decision(decision=decision, by=alice, membership=membership_of(alice))
    response = client_for("alice").post(reverse("plan_new", args=[episode.uuid]), plan_form_data())
    assert response.status_code == 409
    assert "not a candidate" in response.content.decode()
    assert not TreatmentPlan.objects.exists()


def test_plan_allowed_after_an_override_with_justification(
    client_for: Any, episode: Any, alice: Any
) -> None:
    decision = _not_candidate(episode, alice)
    screening_actions.override_decision(
        decision=decision,
        status="candidate",
        justification="Hepatitis C was cured two years ago and the hepatologist agrees.",
        by=alice,
        membership=membership_of(alice),
    )
    response = client_for("alice").post(reverse("plan_new", args=[episode.uuid]), plan_form_data())
    assert response.status_code == 302
    plan = TreatmentPlan.objects.get()
    assert plan.decision == decision
    page = client_for("alice").get(reverse("plan_detail", args=[plan.uuid])).content
    assert b"Candidacy overridden" in page


def test_plan_built_from_the_template_with_instructions(
    client_for: Any, episode: Any, signed_decision: Any
) -> None:
    response = client_for("alice").post(reverse("plan_new", args=[episode.uuid]), plan_form_data())
    assert response.status_code == 302
    plan = TreatmentPlan.objects.get()
    assert plan.status == PlanStatus.DRAFT
    assert plan.cell_source == "bmac" and not plan.cell_source_requires_fda
    assert plan.targets == ["Intra-articular: Knee joint"]
    assert [row["medication"] for row in plan.pre_procedure] == ["Ibuprofen"]
    assert [row["timepoint"] for row in plan.follow_up][:2] == ["baseline", "6w"]
    assert len(plan.rehab["phases"]) == 4
    assert AuditEvent.objects.filter(action="plan.create").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"planned_date": "2000-01-01"}, "planned_date"),
        ({"targets": []}, "targets"),
        ({"cell_source": "svf"}, "cell_source"),  # needs FDA approval: an IND number
    ],
)
def test_plan_bad_choices_are_field_errors(
    client_for: Any, episode: Any, signed_decision: Any, changes: dict[str, Any], field: str
) -> None:
    response = client_for("alice").post(
        reverse("plan_new", args=[episode.uuid]), plan_form_data(**changes)
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not TreatmentPlan.objects.exists()


def test_plan_svf_with_an_ind_is_flagged(
    client_for: Any, episode: Any, signed_decision: Any
) -> None:
    response = client_for("alice").post(
        reverse("plan_new", args=[episode.uuid]),
        plan_form_data(cell_source="svf", ind_number="IND 123456"),
    )
    assert response.status_code == 302
    plan = TreatmentPlan.objects.get()
    assert plan.cell_source_requires_fda
    page = client_for("alice").get(reverse("plan_detail", args=[plan.uuid])).content
    assert b"Needs FDA approval" in page


def test_plan_only_a_physician_builds_it(
    client_for: Any, episode: Any, signed_decision: Any
) -> None:
    assert client_for("carol").get(reverse("plan_new", args=[episode.uuid])).status_code == 403


def test_plan_finalise_signs_and_moves_to_planned(
    client_for: Any, episode: Any, draft_plan: Any
) -> None:
    url = reverse("plan_finalise", args=[draft_plan.uuid])
    assert client_for("alice").post(url, {"password": "wrong"}).status_code == 400
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.DRAFT
    assert client_for("alice").post(url, {"password": PASSWORD}).status_code == 302
    draft_plan.refresh_from_db()
    episode.refresh_from_db()
    assert draft_plan.status == PlanStatus.FINAL
    assert draft_plan.signer_name == "Alice"
    assert draft_plan.signature_meaning == "approved the treatment plan"
    assert episode.stage == "planned"
    edit = client_for("alice").get(reverse("plan_edit", args=[draft_plan.uuid]))
    assert edit.status_code == 302  # a final plan is not edited


def test_plan_finalise_refused_when_the_decision_is_stale(
    client_for: Any, episode: Any, draft_plan: Any, alice: Any
) -> None:
    screening_actions.record_screening(
        episode=episode, facts=candidate_facts(weight_kg=80.0), by=alice, today=dt.date.today()
    )
    response = client_for("alice").post(
        reverse("plan_finalise", args=[draft_plan.uuid]), {"password": PASSWORD}
    )
    assert response.status_code == 400
    assert "Re-screening required" in response.content.decode()
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.DRAFT


def test_plan_new_final_plan_supersedes_the_old_one(
    episode: Any, final_plan: Any, alice: Any
) -> None:
    from regenpath.plans import actions

    second = make_draft_plan(episode, alice)
    actions.finalise_plan(
        plan=second, by=alice, membership=membership_of(alice), today=dt.date.today()
    )
    final_plan.refresh_from_db()
    assert final_plan.status == PlanStatus.SUPERSEDED


def test_plan_adjust_a_draft(client_for: Any, draft_plan: Any) -> None:
    url = reverse("plan_edit", args=[draft_plan.uuid])
    assert client_for("alice").get(url).status_code == 200
    response = client_for("alice").post(url, plan_form_data(image_guidance="fluoroscopy"))
    assert response.status_code == 302
    draft_plan.refresh_from_db()
    assert draft_plan.image_guidance == "fluoroscopy"
    change = AuditEvent.objects.get(action="plan.update").changes
    assert change["image_guidance"] == ["ultrasound", "fluoroscopy"]
