"""Bulk synthetic seeding stops each history before the first move that needs a signed record."""

from __future__ import annotations

import datetime as dt
import random
from itertools import pairwise

import pytest

from regenpath.clinics.models import Clinic
from regenpath.domain.stages import Stage, find_transition
from regenpath.domain.synthetic import synthetic_patients
from regenpath.patients.models import Episode, Patient, StageChange
from regenpath.patients.seeding import seed_patients

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)
SEED = 17


def _clinic() -> Clinic:
    return Clinic.objects.create(name="Synthetic", slug="synthetic", is_synthetic=True)


def _expected_histories(n: int) -> list[list[Stage]]:
    """Return each generated episode's stages up to its first move made by a record."""
    histories = []
    for patient in synthetic_patients(random.Random(SEED), n, today=TODAY):
        for episode in patient.episodes:
            stages = [stage for stage, _ in episode.stage_history]
            kept = stages[:1]
            for source, target in pairwise(stages):
                move = find_transition(source, target)
                assert move is not None
                if move.recorded_by:
                    break
                kept.append(target)
            histories.append(kept)
    return histories


def _stored_histories(clinic: Clinic) -> list[list[str]]:
    changes: dict[int, list[str]] = {}
    for episode_id, stage in (
        StageChange.objects.filter(clinic=clinic)
        .order_by("episode_id", "at", "pk")
        .values_list("episode_id", "to_stage")
    ):
        changes.setdefault(episode_id, []).append(stage)
    return [
        changes[pk]
        for pk in Episode.objects.filter(clinic=clinic).order_by("pk").values_list("pk", flat=True)
    ]


def test_seed_patients_stops_before_stages_that_need_a_record() -> None:
    clinic = _clinic()
    seed_patients(clinic=clinic, n=300, seed=SEED, today=TODAY)
    stored = _stored_histories(clinic)
    assert stored == _expected_histories(300)
    stages = set(Episode.objects.filter(clinic=clinic).values_list("stage", flat=True))
    assert stages == {Stage.REFERRED, Stage.ASSESSED, Stage.CLOSED}
    for history in stored:
        for source, target in pairwise(history):
            move = find_transition(Stage(source), Stage(target))
            assert move is not None and move.recorded_by is None
    for episode in Episode.objects.filter(clinic=clinic):
        assert episode.stage == episode.stage_changes.order_by("at", "pk").last().to_stage


def test_seed_patients_writes_full_histories_when_asked() -> None:
    clinic = _clinic()
    seed_patients(clinic=clinic, n=300, seed=SEED, today=TODAY, stop_before_records=False)
    generated = [
        e.stage
        for p in synthetic_patients(random.Random(SEED), 300, today=TODAY)
        for e in p.episodes
    ]
    stored = list(
        Episode.objects.filter(clinic=clinic).order_by("pk").values_list("stage", flat=True)
    )
    assert stored == generated
    assert Stage.FOLLOW_UP in stored


def test_seed_patients_registers_each_patient_when_the_first_episode_opened() -> None:
    clinic = _clinic()
    seed_patients(clinic=clinic, n=50, seed=SEED, today=TODAY)
    for patient in Patient.objects.filter(clinic=clinic):
        opened = StageChange.objects.filter(episode__patient=patient, from_stage="")
        assert patient.created_at == min(opened.values_list("at", flat=True))
