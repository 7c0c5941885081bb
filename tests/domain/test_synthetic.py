"""Tests for the synthetic clinic generator (regenpath.domain.synthetic)."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain import synthetic
from regenpath.domain.conditions import (
    PRIOR_TREATMENT_LABELS,
    Side,
    get_condition,
    is_chronic,
)
from regenpath.domain.stages import Stage, check_move
from regenpath.domain.synthetic import SyntheticEpisode, SyntheticPatient, synthetic_patients

TODAY = date(2025, 6, 1)
PHONE = re.compile(r"^(\+44 7700 900\d{3}|\+1 212 555 01\d{2})$")


def _clinic(seed: int, n: int, today: date = TODAY) -> list[SyntheticPatient]:
    return list(synthetic_patients(random.Random(seed), n, today=today))


@pytest.fixture(scope="module")
def clinic() -> list[SyntheticPatient]:
    return _clinic(20250601, 5000)


@pytest.fixture(scope="module")
def episodes(clinic: list[SyntheticPatient]) -> list[SyntheticEpisode]:
    return [e for p in clinic for e in p.episodes]


def _assert_legal_history(episode: SyntheticEpisode, today: date) -> None:
    history = episode.stage_history
    assert history[0][0] is Stage.REFERRED
    assert history[-1][0] is episode.stage
    for (source, when), (target, later) in pairwise(history):
        check = check_move(source, target, "physician")
        assert check.allowed, check.reason
        assert when <= later
    assert episode.onset_date <= history[0][1]
    assert history[-1][1] <= today


def test_synthetic_patients_same_seed_gives_identical_output() -> None:
    assert _clinic(7, 300) == _clinic(7, 300)


def test_synthetic_patients_different_seeds_differ() -> None:
    assert _clinic(7, 300) != _clinic(8, 300)


def test_synthetic_patients_is_a_lazy_generator() -> None:
    stream = synthetic_patients(random.Random(1), 10**9, today=TODAY)
    first = next(stream)
    assert first.mrn == "SYN000001"


def test_synthetic_patients_mrns_are_unique_and_prefixed() -> None:
    patients = list(synthetic_patients(random.Random(3), 1200, today=TODAY, mrn_prefix="DEMO"))
    mrns = [p.mrn for p in patients]
    assert mrns[:2] == ["DEMO000001", "DEMO000002"]
    assert mrns[-1] == "DEMO001200"
    assert len(set(mrns)) == len(mrns)
    assert len({p.email for p in patients}) == len(patients)


def test_synthetic_patients_zero_and_negative_n() -> None:
    assert _clinic(1, 0) == []
    with pytest.raises(ValueError, match="n must be >= 0"):
        list(synthetic_patients(random.Random(1), -1, today=TODAY))


def test_synthetic_patients_fields_are_in_range(clinic: list[SyntheticPatient]) -> None:
    for p in clinic:
        assert p.sex_at_birth in {"female", "male"}
        assert p.email.endswith("@example.org")
        assert PHONE.match(p.phone), p.phone
        assert p.preferred_language in {"en", "es", "pl", "ur", "fr", "de"}
        assert 17.0 <= p.bmi <= 50.0
        assert round(p.bmi, 1) == p.bmi
        age_days = (TODAY - p.date_of_birth).days
        assert 30 * 365 <= age_days <= 85 * 366
        assert 1 <= len(p.episodes) <= 3
        sides = [(e.condition_code, e.side) for e in p.episodes]
        assert len(sides) == len(set(sides))


def test_synthetic_patients_episodes_fit_their_condition(
    episodes: list[SyntheticEpisode],
) -> None:
    for e in episodes:
        condition = get_condition(e.condition_code)
        assert e.body_site in condition.body_sites
        assert e.side in condition.sides
        assert (e.kl_grade is not None) is condition.kl_applies
        if e.kl_grade is not None:
            assert 1 <= e.kl_grade <= 4
        assert set(e.prior_treatments) <= set(PRIOR_TREATMENT_LABELS)
        assert len(set(e.prior_treatments)) == len(e.prior_treatments)
        assert e.onset_date <= TODAY
        assert (TODAY - e.onset_date).days <= 15 * 366


def test_synthetic_patients_every_stage_history_is_legal(
    episodes: list[SyntheticEpisode],
) -> None:
    for e in episodes:
        _assert_legal_history(e, TODAY)


def test_synthetic_patients_paths_table_is_legal() -> None:
    for path, weight in synthetic._PATHS:
        assert weight > 0
        assert path[0] is Stage.REFERRED
        for source, target in pairwise(path):
            assert check_move(source, target, "physician").allowed, (source, target)


def test_synthetic_patients_mix_is_realistic(
    clinic: list[SyntheticPatient], episodes: list[SyntheticEpisode]
) -> None:
    conditions = Counter(e.condition_code for e in episodes)
    assert conditions.most_common(1)[0][0] == "knee-oa"
    assert set(conditions) == set(synthetic._CONDITION_MIX)

    oa_first = [p for p in clinic if p.episodes[0].condition_code.endswith("-oa")]
    female_share = sum(p.sex_at_birth == "female" for p in oa_first) / len(oa_first)
    assert 0.55 < female_share < 0.67
    ages = [(TODAY - p.date_of_birth).days / 365.2425 for p in oa_first]
    share_50_70 = sum(50 <= a <= 70 for a in ages) / len(ages)
    assert share_50_70 > 0.45

    grades = Counter(e.kl_grade for e in episodes if e.kl_grade is not None)
    assert grades[2] + grades[3] > grades[1] + grades[4]

    bmis = [p.bmi for p in clinic]
    assert 27.0 < sum(bmis) / len(bmis) < 29.0

    counts = Counter(len(p.episodes) for p in clinic)
    assert counts[1] > counts[2] > counts[3] > 0

    stages = Counter(e.stage for e in episodes)
    assert set(stages) == set(Stage)
    assert stages[Stage.FOLLOW_UP] == max(stages.values())

    not_chronic = [e for e in episodes if not is_chronic(e.onset_date, TODAY)]
    assert 0 < len(not_chronic) < 0.1 * len(episodes)
    assert all(e.stage in {Stage.REFERRED, Stage.ASSESSED} for e in not_chronic)

    assert {e.side for e in episodes} == set(Side)


@settings(max_examples=100, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
)
def test_synthetic_patients_histories_legal_for_any_seed_and_today(seed: int, today: date) -> None:
    for patient in synthetic_patients(random.Random(seed), 20, today=today):
        assert patient.date_of_birth < today
        for episode in patient.episodes:
            _assert_legal_history(episode, today)
