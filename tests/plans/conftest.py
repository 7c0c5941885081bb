"""Plan fixtures: a signed candidate decision, a draft and a final plan, a signed consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.screening.conftest import candidate_facts


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Any) -> None:
    # Frozen consent PDFs go to the data folder; keep each test's in its own directory.
    settings.DATA_DIR = tmp_path


def membership_of(user: Any) -> Any:
    return user.memberships.get()


@pytest.fixture
def signed_decision(episode: Any, alice: Any) -> Any:
    return make_signed_decision(episode, alice)


def plan_form_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "cell_source": "bmac",
        "targets": ["Intra-articular: Knee joint"],
        "side": "left",
        "image_guidance": "ultrasound",
        "planned_date": (dt.date.today() + dt.timedelta(days=21)).isoformat(),
        "instruments": ["koos", "nrs-pain", "pgic"],
        "expected_course": "If the treatment helps, improvement usually comes slowly.\n"
        "Results vary from person to person.",
        "ind_number": "",
    }
    data.update(changes)
    return data


def make_draft_plan(episode: Any, alice: Any, **changes: Any) -> Any:
    """Build and save a draft plan from the template through the actions (no HTTP)."""
    from regenpath.domain.planning import build_plan, template_for
    from regenpath.plans import actions
    from regenpath.screening.current import planning_gate

    today = dt.date.today()
    data = plan_form_data(**changes)
    gate = planning_gate(episode, today=today)
    assert gate.decision is not None, gate.reason
    built = build_plan(
        template_for(episode.condition_code),
        side=data["side"],
        planned_date=dt.date.fromisoformat(data["planned_date"]),
        medications=actions.decision_medications(gate.decision),
        today=today,
        cell_source=data["cell_source"],
        targets=data["targets"],
        image_guidance=data["image_guidance"],
        instruments=data["instruments"],
    )
    return actions.create_plan(
        episode=episode,
        built=built,
        expected_course=data["expected_course"],
        by=alice,
        membership=membership_of(alice),
        today=today,
    )


def make_signed_decision(episode: Any, alice: Any) -> Any:
    from regenpath.screening import actions

    # An NSAID stopped 10 days ago: washed out (7 days), so the plan says "keep off it".
    last = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    decision = actions.record_screening(
        episode=episode,
        facts=candidate_facts(
            medications=[{"name": "Ibuprofen", "class": "nsaid", "last_dose": last}]
        ),
        by=alice,
        today=dt.date.today(),
    )
    decision, _ = actions.sign_decision(
        decision=decision, by=alice, membership=membership_of(alice)
    )
    return decision


def make_final_plan(episode: Any, alice: Any) -> Any:
    from regenpath.plans import actions

    make_signed_decision(episode, alice)
    plan = make_draft_plan(episode, alice)
    return actions.finalise_plan(
        plan=plan, by=alice, membership=membership_of(alice), today=dt.date.today()
    )


@pytest.fixture
def draft_plan(signed_decision: Any, episode: Any, alice: Any) -> Any:
    return make_draft_plan(episode, alice)


@pytest.fixture
def final_plan(draft_plan: Any, alice: Any) -> Any:
    from regenpath.plans import actions

    return actions.finalise_plan(
        plan=draft_plan, by=alice, membership=membership_of(alice), today=dt.date.today()
    )


@pytest.fixture
def consent_token(final_plan: Any, episode: Any, carol: Any) -> str:
    from regenpath.screening import actions

    _, token = actions.create_patient_link(
        episode=episode, purpose="consent", by=carol, plan_id=final_plan.pk
    )
    return token


@pytest.fixture
def carol(personas: dict[str, Any]) -> Any:
    return personas["carol"]


@pytest.fixture
def signed_consent(consent_token: str) -> Any:
    from regenpath.plans import consent_actions

    return consent_actions.sign_consent(token=consent_token, full_name="Jane Doe", confirmed=True)
