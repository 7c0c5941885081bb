"""Demo licence references and synthetic questionnaires (synthetic clinics only)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from regenpath.clinics.models import Clinic, Membership
from regenpath.domain.instruments import score
from regenpath.domain.roles import Role
from regenpath.outcomes.demo import (
    DEMO_LICENCE_REFERENCE,
    RealClinicError,
    record_demo_licences,
    seed_demo_responses,
)
from regenpath.outcomes.licences import instrument_uses
from regenpath.outcomes.models import InstrumentLicence, QuestionnaireResponse
from regenpath.patients.seeding import seed_patients

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def demo(django_user_model: Any) -> Clinic:
    clinic = Clinic.objects.create(name="Demo (synthetic)", slug="demo", is_synthetic=True)
    seed_patients(clinic=clinic, n=150, seed=11, today=TODAY)
    user = django_user_model.objects.create_user(username="coordinator", password="x" * 16)
    Membership.objects.create(user=user, clinic=clinic, role=Role.COORDINATOR)
    return clinic


def test_record_demo_licences_licenses_every_instrument_that_needs_one(demo: Clinic) -> None:
    assert record_demo_licences(demo) == 18
    assert set(InstrumentLicence.objects.values_list("reference", flat=True)) == {
        DEMO_LICENCE_REFERENCE
    }
    uses = instrument_uses(demo, TODAY, "en")
    assert all(use.enabled for use in uses.values())
    assert "nrs-pain" not in set(InstrumentLicence.objects.values_list("instrument", flat=True))


def test_demo_data_is_refused_for_a_real_clinic(clinics: Any) -> None:
    real = clinics["riverside"]
    with pytest.raises(RealClinicError):
        record_demo_licences(real)
    with pytest.raises(RealClinicError):
        seed_demo_responses(real, random.Random(1), TODAY)
    assert not QuestionnaireResponse.objects.exists()


def test_seed_demo_responses_are_valid_scored_and_dated_in_order(demo: Clinic) -> None:
    n = seed_demo_responses(demo, random.Random(3), TODAY)
    responses = list(QuestionnaireResponse.objects.select_related("episode"))
    assert n == len(responses) > 50
    episodes = {r.episode_id for r in responses}
    assert 10 <= len(episodes) <= 36
    for response in responses:
        assert response.score == score(response.instrument, response.responses).to_dict()
        assert response.source == "staff"
        assert response.episode.stage == "follow_up"
        assert response.completed_on <= TODAY
        assert response.entered_by is not None and response.entered_by.username == "coordinator"
    for episode_id in episodes:
        mine = [r for r in responses if r.episode_id == episode_id and r.derived_from_id is None]
        baselines = [r.completed_on for r in mine if r.timepoint == "baseline"]
        assert baselines and all(r.completed_on >= min(baselines) for r in mine)
    derived = [r for r in responses if r.derived_from_id is not None]
    assert {r.instrument for r in derived} <= {"koos-jr", "hoos-jr"}


def test_seed_demo_responses_are_reproducible(demo: Clinic) -> None:
    first = seed_demo_responses(demo, random.Random(5), TODAY)
    rows = list(QuestionnaireResponse.objects.order_by("pk").values_list("instrument", "responses"))
    QuestionnaireResponse.objects.filter(derived_from__isnull=False).delete()
    QuestionnaireResponse.objects.all().delete()
    second = seed_demo_responses(demo, random.Random(5), TODAY)
    again = list(
        QuestionnaireResponse.objects.order_by("pk").values_list("instrument", "responses")
    )
    assert first == second and rows == again
