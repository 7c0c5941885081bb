"""The demo journeys: every stage of every demo episode is backed by the records that make it."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from regenpath.audit.verify import verify_all
from regenpath.clinics.demo import DEMO_PASSWORD, configure_demo_procedures, create_demo_clinics
from regenpath.clinics.demo_journeys import seed_demo_journeys
from regenpath.clinics.models import Clinic
from regenpath.domain.candidacy import Status
from regenpath.domain.instruments import score
from regenpath.domain.planning import template_for
from regenpath.domain.planning.schedules import due_date
from regenpath.domain.stages import Stage
from regenpath.outcomes.demo import seed_demo_responses
from regenpath.outcomes.models import QuestionnaireResponse
from regenpath.patients.models import Episode
from regenpath.patients.seeding import seed_patients
from regenpath.plans.access import signed_consent_for
from regenpath.plans.models import PlanStatus
from regenpath.procedures.models import (
    AdverseEvent,
    BiologicProduct,
    Incident,
    ProcedureCase,
)
from regenpath.screening.current import decision_in_effect, latest_decision

pytestmark = pytest.mark.django_db

CANDIDATE_OR_BEYOND = {
    Stage.CANDIDATE,
    Stage.PLANNED,
    Stage.CONSENTED,
    Stage.TREATED,
    Stage.FOLLOW_UP,
}
# The custody chain of an administered product (docs/custody.md), one event per state change.
ADMINISTERED_CHAIN = [
    ("", "collected"),
    ("collected", "in_processing"),
    ("in_processing", "qc_pending"),
    ("qc_pending", "released"),
    ("released", "administered"),
]


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Clinic, Counter[str], int]]:
    """Build the demo clinic once for this module, inside a transaction rolled back at the end.

    Each test runs in its own savepoint inside it. The function-scoped settings fixtures have
    not run yet, so fast hashing and the PDF folder are set here for the build.
    """
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        DATA_DIR=tmp_path_factory.mktemp("documents"),
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        clinics = create_demo_clinics()
        today = timezone.localdate()
        seed_patients(clinic=clinics["demo"], n=300, seed=2026, today=today)
        configure_demo_procedures(clinics)
        rng = random.Random(2026)
        ended = seed_demo_journeys(clinics["demo"], rng, today, password=DEMO_PASSWORD)
        responses = seed_demo_responses(clinics["demo"], rng, today)
        yield clinics["demo"], ended, responses
        transaction.set_rollback(True)


def _treated(episode: Episode) -> bool:
    return episode.stage_changes.filter(to_stage=Stage.TREATED).exists()


def test_demo_journeys_reach_every_stage_with_its_records(demo: Any) -> None:
    clinic, ended, _ = demo
    assert set(ended) == {
        "candidate",
        "not_candidate",
        "deferred",
        "needs_review",
        "override",
        "planned",
        "consented",
        "today",
        "treated",
        "follow_up",
        "closed",
    }
    assert 30 <= ended.total() <= 45
    for episode in Episode.objects.filter(clinic=clinic).select_related("patient"):
        stage = episode.stage_enum
        if stage in {Stage.REFERRED, Stage.ASSESSED} or (
            stage is Stage.CLOSED and not _treated(episode)
        ):
            continue  # bulk-seeded or screened without a signed decision: nothing to back
        decision = decision_in_effect(episode)
        assert decision is not None, episode
        expected = Status.NOT_CANDIDATE if stage is Stage.NOT_CANDIDATE else Status.CANDIDATE
        assert decision.effective_status == expected, episode
        if stage in CANDIDATE_OR_BEYOND - {Stage.CANDIDATE} or stage is Stage.CLOSED:
            plan = episode.treatment_plans.get(status=PlanStatus.FINAL)
            assert plan.signed_at is not None
            if stage is not Stage.PLANNED:
                consent = signed_consent_for(plan)
                assert consent is not None and consent.recorded_at is not None, episode
        if stage in {Stage.TREATED, Stage.FOLLOW_UP, Stage.CLOSED}:
            product = BiologicProduct.objects.get(episode=episode)
            assert product.state == "administered"
            chain = list(product.custody_events.values_list("from_state", "to_state"))
            assert chain == ADMINISTERED_CHAIN, episode
            case = product.case
            assert case.performed_on == timezone.localdate(product.administration.administered_at)
            assert case.performed_on < timezone.localdate()


def test_demo_journeys_leave_decisions_waiting_deferred_and_overridden(demo: Any) -> None:
    clinic, _, _ = demo
    statuses = Counter()
    for episode in Episode.objects.filter(clinic=clinic, stage=Stage.ASSESSED):
        decision = latest_decision(episode)
        if decision is not None:
            statuses[(decision.status, decision.in_effect)] += 1
    assert statuses[(Status.NEEDS_REVIEW, False)] >= 2  # waiting for the physician
    assert statuses[(Status.DEFERRED, True)] >= 2
    overridden = [
        latest_decision(e) for e in Episode.objects.filter(clinic=clinic, stage=Stage.PLANNED)
    ]
    assert any(d is not None and d.is_overridden for d in overridden)


def test_demo_journeys_fill_todays_board_and_the_safety_records(demo: Any) -> None:
    clinic, _, _ = demo
    today = timezone.localdate()
    todays = ProcedureCase.objects.filter(clinic=clinic, scheduled_for=today)
    assert todays.count() == 3
    assert all(c.episode.stage == Stage.CONSENTED for c in todays)
    states = {p.state for c in todays for p in c.products.all()}
    assert states <= {"quarantined"}  # none harvested, or this morning's held by QC
    assert ProcedureCase.objects.filter(clinic=clinic, scheduled_for__gt=today).exists()
    incident = Incident.objects.get(clinic=clinic)
    assert incident.codes in (["din_mismatch"], ["din_check_character"])
    event = AdverseEvent.objects.get(clinic=clinic)
    assert (event.category, event.grade, event.outcome) == ("joint_effusion", 1, "recovered")
    assert event.episode.condition_code == "knee-oa"
    assert event.onset_date > event.product.case.performed_on


def test_demo_questionnaires_fall_inside_their_windows_around_the_procedure(demo: Any) -> None:
    clinic, _, count = demo
    responses = list(QuestionnaireResponse.objects.filter(clinic=clinic).select_related("episode"))
    assert count == len(responses) > 50
    for response in responses:
        case = ProcedureCase.objects.get(episode=response.episode, performed_on__isnull=False)
        performed = case.performed_on
        assert performed is not None
        schedule = template_for(response.episode.condition_code).schedule
        timepoint = next(t for t in schedule.timepoints if t.code == response.timepoint)
        window = due_date(timepoint, performed)
        if timepoint.is_baseline:
            assert window.window_start <= response.completed_on < performed
        else:
            assert window.window_start <= response.completed_on <= window.window_end
        assert response.completed_on <= timezone.localdate()
        assert response.score == score(response.instrument, response.responses).to_dict()
        assert response.entered_by is not None and response.entered_by.username == "coordinator"
    timepoints = {r.timepoint for r in responses}
    assert {"baseline", "6w"} <= timepoints and len(timepoints) >= 4


def test_demo_journeys_keep_the_audit_trail_intact(demo: Any) -> None:
    reports = verify_all()
    assert reports and all(r.broken is None for r in reports)


def test_demo_journeys_refuse_a_real_clinic() -> None:
    real = Clinic.objects.create(name="Real clinic", slug="real-clinic")
    with pytest.raises(ValueError, match="not a synthetic clinic"):
        seed_demo_journeys(real, random.Random(1), dt.date.today(), password=DEMO_PASSWORD)


def test_demo_questionnaires_are_reproducible(demo: Any) -> None:
    clinic, _, _ = demo

    def entered() -> list[tuple[Any, ...]]:
        mine = QuestionnaireResponse.objects.filter(clinic=clinic)
        mine.filter(derived_from__isnull=False).delete()
        mine.delete()
        seed_demo_responses(clinic, random.Random(5), timezone.localdate())
        return list(
            mine.order_by("episode_id", "completed_on", "instrument").values_list(
                "episode_id", "instrument", "timepoint", "completed_on", "responses"
            )
        )

    first = entered()
    assert first and entered() == first
