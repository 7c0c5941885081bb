"""Demo licence references and synthetic questionnaires (synthetic clinics only).

The questionnaires themselves are checked with the demo journeys they belong to, in
tests/test_demo_journeys.py.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from regenpath.clinics.models import Clinic, Membership
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
